//! Exports a donor can use: the indicators as CSV (UTF-8 with a BOM, `;`, decimal
//! comma: what French Excel opens as it is) and as XLSX (a sheet per tenant and
//! one for the programme), each indicator followed by its disaggregations.

pub mod handlers;
pub mod table;
