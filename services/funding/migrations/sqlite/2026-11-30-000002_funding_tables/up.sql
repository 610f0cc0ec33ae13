-- funding, SQLite. Kept in lock-step with ../../postgres (same tables and columns).
-- Every table carries tenant_id and every key starts with it; SQLite has no row-level security,
-- so every query filters on tenant_id, the only wall here.
-- Amounts are BIGINT minor units of the row's currency, never floating point.

CREATE TABLE calls (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    title_en TEXT,
    description TEXT NOT NULL,
    description_en TEXT,
    opens_at TIMESTAMP NOT NULL,
    closes_at TIMESTAMP NOT NULL,
    currency TEXT NOT NULL,
    envelope BIGINT NOT NULL,
    min_grant BIGINT NOT NULL,
    max_grant BIGINT NOT NULL,
    eligibility TEXT NOT NULL,
    criteria TEXT NOT NULL,
    questions TEXT,
    invited TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK (closes_at > opens_at),
    CHECK (envelope > 0 AND min_grant >= 0 AND max_grant >= min_grant)
);

CREATE TABLE applications (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    call_id TEXT NOT NULL,
    applicant_id TEXT NOT NULL,
    partner_id TEXT NOT NULL,
    applicant_kind TEXT,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    place TEXT NOT NULL,
    country TEXT NOT NULL,
    duration_months INTEGER NOT NULL,
    requested BIGINT NOT NULL,
    currency TEXT NOT NULL,
    budget TEXT NOT NULL,
    cofinancing TEXT NOT NULL,
    answers TEXT NOT NULL,
    status TEXT NOT NULL,
    revision INTEGER NOT NULL,
    submitted_at TIMESTAMP,
    -- The submitted reviews, tallied when one is submitted (the committee's ranking
    -- reads these instead of every review).
    reviews_submitted INTEGER NOT NULL DEFAULT 0,
    score_millis BIGINT,
    recommend_fund INTEGER NOT NULL DEFAULT 0,
    recommend_maybe INTEGER NOT NULL DEFAULT 0,
    recommend_do_not_fund INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, call_id) REFERENCES calls (tenant_id, id),
    CHECK (requested >= 0)
);
CREATE INDEX applications_call ON applications (tenant_id, call_id);
CREATE INDEX applications_applicant ON applications (tenant_id, applicant_id);

CREATE TABLE application_revisions (
    tenant_id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    content TEXT NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    submitted_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, application_id, number),
    FOREIGN KEY (tenant_id, application_id) REFERENCES applications (tenant_id, id)
);

CREATE TABLE transitions (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    reason TEXT,
    actor TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, application_id) REFERENCES applications (tenant_id, id)
);
CREATE INDEX transitions_application ON transitions (tenant_id, application_id);

CREATE TABLE eligibility_checks (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    rule TEXT NOT NULL,
    passed BOOLEAN NOT NULL,
    facts TEXT NOT NULL,
    checked_at TIMESTAMP NOT NULL,
    checked_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, application_id) REFERENCES applications (tenant_id, id)
);
CREATE INDEX eligibility_checks_application ON eligibility_checks (tenant_id, application_id);

CREATE TABLE reviews (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    reviewer_organisation_id TEXT,
    lens TEXT NOT NULL,
    no_conflict_declared_at TIMESTAMP,
    scores TEXT NOT NULL,
    recommendation TEXT,
    comment TEXT,
    submitted_at TIMESTAMP,
    assigned_by TEXT NOT NULL,
    assigned_at TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, application_id, reviewer, lens),
    FOREIGN KEY (tenant_id, application_id) REFERENCES applications (tenant_id, id)
);
CREATE INDEX reviews_application ON reviews (tenant_id, application_id);

CREATE TABLE messages (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, application_id) REFERENCES applications (tenant_id, id)
);
CREATE INDEX messages_application ON messages (tenant_id, application_id);

CREATE TABLE grants (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    parties TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    status TEXT NOT NULL,
    signed_by_applicant_at TIMESTAMP,
    signed_by_programme_at TIMESTAMP,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, application_id),
    FOREIGN KEY (tenant_id, application_id) REFERENCES applications (tenant_id, id)
);

CREATE TABLE tranches (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    grant_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    amount BIGINT NOT NULL,
    condition TEXT NOT NULL,
    due_on DATE NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, grant_id, number),
    FOREIGN KEY (tenant_id, grant_id) REFERENCES grants (tenant_id, id),
    CHECK (amount >= 0)
);
CREATE INDEX tranches_grant ON tranches (tenant_id, grant_id);

CREATE TABLE disbursements (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    grant_id TEXT NOT NULL,
    tranche_id TEXT NOT NULL,
    amount BIGINT NOT NULL,
    note TEXT,
    status TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TIMESTAMP NOT NULL,
    approved_by TEXT,
    approved_at TIMESTAMP,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, tranche_id) REFERENCES tranches (tenant_id, id),
    CHECK (amount > 0)
);
CREATE INDEX disbursements_tranche ON disbursements (tenant_id, tranche_id);

CREATE TABLE payments (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    grant_id TEXT NOT NULL,
    tranche_id TEXT NOT NULL,
    disbursement_id TEXT NOT NULL,
    amount BIGINT NOT NULL,
    paid_on DATE NOT NULL,
    reference TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, disbursement_id) REFERENCES disbursements (tenant_id, id),
    CHECK (amount > 0)
);
CREATE INDEX payments_grant ON payments (tenant_id, grant_id);

CREATE TABLE reports (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    grant_id TEXT NOT NULL,
    tranche_id TEXT NOT NULL,
    narrative TEXT NOT NULL,
    expenses TEXT NOT NULL,
    status TEXT NOT NULL,
    comments TEXT,
    submitted_by TEXT NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    reviewed_by TEXT,
    reviewed_at TIMESTAMP,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, tranche_id) REFERENCES tranches (tenant_id, id)
);
CREATE INDEX reports_tranche ON reports (tenant_id, tranche_id);

CREATE TABLE attachments (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    owner TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX attachments_owner ON attachments (tenant_id, owner, owner_id);

