//! The tables, written by hand: one schema for both engines (migrations/).

diesel::table! {
    snapshots (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        service -> Text,
        period -> Text,
        period_from -> Date,
        period_to -> Date,
        taken_at -> Timestamp,
        service_version -> Text,
        trigger -> Text,
        figures -> Text,
    }
}

diesel::table! {
    outcomes (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        kind -> Text,
        title -> Text,
        description -> Text,
        occurred_on -> Date,
        members -> Nullable<Integer>,
        organisation_ids -> Text,
        training_ids -> Text,
        evidence_url -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        created_by -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
    }
}
