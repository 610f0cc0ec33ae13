//! Participant lists donors accept: one line per enrolment with the training, the
//! person's sex and mode, their organisation (name from the registry) and its kind,
//! their status, weighted attendance and certificate code; for one training or for
//! every training of a period. CSV as French Excel opens it, or XLSX, with French
//! headers and labels for the codes (English by `Accept-Language`), from the kit's
//! one catalogue; the JSON API keeps the codes.

pub mod handlers;
pub mod lines;
