//! Training rules as plain functions.

use super::types::*;
use modal_kit::i18n::Msg;
use modal_kit::stamp::Stamp;
use modal_kit::text::code_of;
use modal_kit::validate::Violations;
use modal_kit::ApiError;

pub const DEFAULT_THRESHOLD: i32 = 80;
pub const MAX_DAYS: i64 = 60;

pub fn validate(input: &TrainingInput) -> Result<(), ApiError> {
    let mut v = Violations::new();
    v.required_text("title", &input.title, 200);
    v.optional_text("host_partner", input.host_partner.as_deref(), 120);
    v.required_text("city", &input.city, 120);
    v.country("country", &input.country);
    let length = (input.end_date - input.start_date).num_days();
    if length < 0 {
        v.add("end_date", "before_start", Msg::new("La fin précède le début.", "The end is before the start."));
    } else if length >= MAX_DAYS {
        v.add(
            "end_date",
            "too_long",
            Msg::new(format!("{MAX_DAYS} jours au plus."), format!("At most {MAX_DAYS} days.")),
        );
    }
    if let Some(c) = input.capacity_on_site {
        v.range("capacity_on_site", c.into(), 1, 10_000);
    }
    if input.format == TrainingFormat::Online && input.capacity_on_site.is_some() {
        v.add(
            "capacity_on_site",
            "not_on_site",
            Msg::new("Une formation en ligne n'a pas de places sur site.", "An online training has no on-site seats."),
        );
    }
    for (field, list) in [("modules", &input.modules), ("trainers", &input.trainers)] {
        if list.len() > 30 {
            v.add(field, "too_many", Msg::new("30 au plus.", "At most 30."));
        }
        for (i, item) in list.iter().enumerate() {
            v.required_text(&format!("{field}[{i}]"), item, 200);
        }
    }
    if let Some(t) = input.certificate_threshold {
        v.range("certificate_threshold", t.into(), 1, 100);
    }
    Ok(v.finish()?)
}

/// The stored form of a (valid) input, stamped `stamp`; the host defaults to the
/// tenant's name.
pub fn to_row(input: &TrainingInput, stamp: Stamp, tenant_name: &str) -> TrainingRow {
    let host = input.host_partner.as_deref().map(str::trim).filter(|h| !h.is_empty()).unwrap_or(tenant_name);
    let Stamp { tenant_id, id, version, created_at, created_by, updated_at, updated_by } = stamp;
    TrainingRow {
        tenant_id,
        id,
        title: input.title.trim().to_string(),
        host_partner: host.to_string(),
        city: input.city.trim().to_string(),
        country: input.country.clone(),
        start_date: input.start_date,
        end_date: input.end_date,
        format: code_of(&input.format),
        capacity_on_site: input.capacity_on_site,
        modules: serde_json::to_string(&input.modules).unwrap_or_else(|_| "[]".into()),
        trainers: serde_json::to_string(&input.trainers).unwrap_or_else(|_| "[]".into()),
        language: code_of(&input.language.unwrap_or(Language::Fr)),
        certificate_threshold: input.certificate_threshold.unwrap_or(DEFAULT_THRESHOLD),
        version,
        created_at,
        updated_at,
        created_by,
        updated_by,
    }
}
