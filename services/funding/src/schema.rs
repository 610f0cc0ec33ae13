//! Tables as diesel sees them; hand-written so one schema serves both engines.
//! Amounts are `BigInt` minor units (never a float); lists that are read whole
//! (budget lines, criteria, scores) are JSON text.

diesel::table! {
    calls (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        title -> Text,
        title_en -> Nullable<Text>,
        description -> Text,
        description_en -> Nullable<Text>,
        opens_at -> Timestamp,
        closes_at -> Timestamp,
        currency -> Text,
        envelope -> BigInt,
        min_grant -> BigInt,
        max_grant -> BigInt,
        eligibility -> Text,
        criteria -> Text,
        questions -> Nullable<Text>,
        invited -> Text,
        status -> Text,
        version -> Integer,
        created_at -> Timestamp,
        created_by -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
    }
}

diesel::table! {
    applications (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        call_id -> Text,
        applicant_id -> Text,
        partner_id -> Text,
        applicant_kind -> Nullable<Text>,
        title -> Text,
        summary -> Text,
        place -> Text,
        country -> Text,
        duration_months -> Integer,
        requested -> BigInt,
        currency -> Text,
        budget -> Text,
        cofinancing -> Text,
        answers -> Text,
        status -> Text,
        revision -> Integer,
        submitted_at -> Nullable<Timestamp>,
        reviews_submitted -> Integer,
        score_millis -> Nullable<BigInt>,
        recommend_fund -> Integer,
        recommend_maybe -> Integer,
        recommend_do_not_fund -> Integer,
        version -> Integer,
        created_at -> Timestamp,
        created_by -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
    }
}

diesel::table! {
    application_revisions (tenant_id, application_id, number) {
        tenant_id -> Text,
        application_id -> Text,
        number -> Integer,
        content -> Text,
        submitted_at -> Timestamp,
        submitted_by -> Text,
    }
}

diesel::table! {
    transitions (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        application_id -> Text,
        from_status -> Text,
        to_status -> Text,
        reason -> Nullable<Text>,
        actor -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    eligibility_checks (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        application_id -> Text,
        rule -> Text,
        passed -> Bool,
        facts -> Text,
        checked_at -> Timestamp,
        checked_by -> Text,
    }
}

diesel::table! {
    reviews (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        application_id -> Text,
        reviewer -> Text,
        reviewer_organisation_id -> Nullable<Text>,
        lens -> Text,
        no_conflict_declared_at -> Nullable<Timestamp>,
        scores -> Text,
        recommendation -> Nullable<Text>,
        comment -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        assigned_by -> Text,
        assigned_at -> Timestamp,
    }
}

diesel::table! {
    messages (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        application_id -> Text,
        kind -> Text,
        subject -> Text,
        body -> Text,
        language -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    grants (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        application_id -> Text,
        amount -> BigInt,
        currency -> Text,
        parties -> Text,
        starts_on -> Date,
        ends_on -> Date,
        status -> Text,
        signed_by_applicant_at -> Nullable<Timestamp>,
        signed_by_programme_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        created_by -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
    }
}

diesel::table! {
    tranches (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        grant_id -> Text,
        number -> Integer,
        amount -> BigInt,
        condition -> Text,
        due_on -> Date,
    }
}

diesel::table! {
    disbursements (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        grant_id -> Text,
        tranche_id -> Text,
        amount -> BigInt,
        note -> Nullable<Text>,
        status -> Text,
        requested_by -> Text,
        requested_at -> Timestamp,
        approved_by -> Nullable<Text>,
        approved_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    payments (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        grant_id -> Text,
        tranche_id -> Text,
        disbursement_id -> Text,
        amount -> BigInt,
        paid_on -> Date,
        reference -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    reports (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        grant_id -> Text,
        tranche_id -> Text,
        narrative -> Text,
        expenses -> Text,
        status -> Text,
        comments -> Nullable<Text>,
        submitted_by -> Text,
        submitted_at -> Timestamp,
        reviewed_by -> Nullable<Text>,
        reviewed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    attachments (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        owner -> Text,
        owner_id -> Text,
        kind -> Text,
        filename -> Text,
        content_type -> Text,
        size -> BigInt,
        sha256 -> Text,
        storage_key -> Text,
        uploaded_by -> Text,
        uploaded_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    calls,
    applications,
    application_revisions,
    transitions,
    eligibility_checks,
    reviews,
    messages,
    grants,
    tranches,
    disbursements,
    payments,
    reports,
    attachments,
);

// audit_events and idempotency_keys: the kit's own tables.
