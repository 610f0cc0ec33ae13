//! Tables as diesel sees them (hand-written: the same schema serves PostgreSQL and
//! SQLite, so `diesel print-schema` of either would not fit both). Column order
//! matches the migrations and the row structs.

diesel::table! {
    organisations (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        kind -> Text,
        name -> Text,
        acronym -> Nullable<Text>,
        description -> Nullable<Text>,
        country -> Text,
        intervention_countries -> Text,
        residence_country -> Nullable<Text>,
        region -> Nullable<Text>,
        city -> Nullable<Text>,
        themes -> Text,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        whatsapp -> Nullable<Text>,
        legal_status -> Nullable<Text>,
        registrations -> Text,
        year_founded -> Nullable<Integer>,
        members -> Nullable<Integer>,
        women_led -> Bool,
        youth_led -> Bool,
        status -> Text,
        name_key -> Text,
        search_text -> Text,
        archived_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Text,
        updated_by -> Text,
        website -> Nullable<Text>,
        logo_url -> Nullable<Text>,
        parent_organisation_id -> Nullable<Text>,
        federation_ids -> Text,
        merged_into -> Nullable<Text>,
    }
}

diesel::table! {
    duplicate_decisions (tenant_id, first_id, second_id) {
        tenant_id -> Text,
        first_id -> Text,
        second_id -> Text,
        decided_by -> Text,
        decided_at -> Timestamp,
    }
}

diesel::table! {
    organisation_identifiers (tenant_id, register, value_key) {
        tenant_id -> Text,
        register -> Text,
        value_key -> Text,
        organisation_id -> Text,
    }
}

diesel::table! {
    people (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        organisation_id -> Text,
        full_name -> Text,
        role -> Text,
        started_on -> Nullable<Date>,
        ended_on -> Nullable<Date>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        whatsapp -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Text,
        updated_by -> Text,
    }
}

diesel::table! {
    partnerships (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        diaspora_organisation_id -> Text,
        local_organisation_id -> Text,
        kind -> Text,
        status -> Text,
        description -> Nullable<Text>,
        started_on -> Nullable<Date>,
        ended_on -> Nullable<Date>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Text,
        updated_by -> Text,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    organisations,
    partnerships,
    organisation_identifiers,
    people,
    duplicate_decisions
);

// audit_events and idempotency_keys: the kit's own tables (modal_kit::audit, modal_kit::http::idempotency).
