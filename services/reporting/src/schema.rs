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

diesel::table! {
    results (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        level -> Text,
        title -> Text,
        parent_id -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        created_by -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
    }
}

diesel::table! {
    result_indicators (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        result_id -> Text,
        code -> Text,
        kind -> Text,
        title -> Text,
        baseline -> Nullable<BigInt>,
        baseline_year -> Nullable<Integer>,
        targets -> Text,
        version -> Integer,
        created_at -> Timestamp,
        created_by -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
    }
}

diesel::table! {
    manual_values (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        indicator_id -> Text,
        period -> Text,
        value -> Nullable<BigInt>,
        narrative -> Text,
        evidence_urls -> Text,
        status -> Text,
        comments -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        created_by -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
    }
}
