//! Tables as diesel sees them; hand-written so one schema serves both engines.

diesel::table! {
    trainings (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        title -> Text,
        host_partner -> Text,
        city -> Text,
        country -> Text,
        start_date -> Date,
        end_date -> Date,
        format -> Text,
        capacity_on_site -> Nullable<Integer>,
        modules -> Text,
        trainers -> Text,
        language -> Text,
        certificate_threshold -> Integer,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Text,
        updated_by -> Text,
    }
}

diesel::table! {
    training_days (tenant_id, training_id, day) {
        tenant_id -> Text,
        training_id -> Text,
        day -> Date,
    }
}

diesel::table! {
    participants (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        training_id -> Text,
        full_name -> Nullable<Text>,
        sex -> Text,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        organisation_id -> Nullable<Text>,
        organisation_kind -> Nullable<Text>,
        organisation_country -> Nullable<Text>,
        mode -> Text,
        status -> Text,
        erased_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Text,
        updated_by -> Text,
        person_id -> Nullable<Text>,
    }
}

diesel::table! {
    attendance (tenant_id, participant_id, day) {
        tenant_id -> Text,
        participant_id -> Text,
        training_id -> Text,
        day -> Date,
        status -> Text,
        marked_by -> Text,
        marked_at -> Timestamp,
    }
}

diesel::table! {
    certificates (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        training_id -> Text,
        participant_id -> Text,
        code -> Text,
        holder_name -> Nullable<Text>,
        attendance_percent -> Integer,
        issued_at -> Timestamp,
        issued_by -> Text,
        revoked_at -> Nullable<Timestamp>,
        revocation_reason -> Nullable<Text>,
    }
}

diesel::table! {
    certificate_codes (code) {
        code -> Text,
        tenant_id -> Text,
    }
}

diesel::table! {
    certificate_templates (tenant_id) {
        tenant_id -> Text,
        document -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
    }
}

diesel::table! {
    certificate_logos (tenant_id, slot) {
        tenant_id -> Text,
        slot -> Text,
        png -> Binary,
        updated_at -> Timestamp,
        updated_by -> Text,
    }
}

diesel::allow_tables_to_appear_in_same_query!(trainings, training_days, participants, attendance, certificates);

// audit_events and idempotency_keys: the kit's own tables.
