-- training, SQLite. Kept in lock-step with ../../postgres (same tables and columns).
-- SQLite has no row-level security: every query filters on tenant_id.

CREATE TABLE trainings (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    host_partner TEXT NOT NULL,
    city TEXT NOT NULL,
    country TEXT NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    format TEXT NOT NULL,
    capacity_on_site INTEGER,
    modules TEXT NOT NULL,
    trainers TEXT NOT NULL,
    language TEXT NOT NULL,
    certificate_threshold INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK (end_date >= start_date)
);

CREATE TABLE training_days (
    tenant_id TEXT NOT NULL,
    training_id TEXT NOT NULL,
    day DATE NOT NULL,
    PRIMARY KEY (tenant_id, training_id, day),
    FOREIGN KEY (tenant_id, training_id) REFERENCES trainings (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE participants (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    training_id TEXT NOT NULL,
    full_name TEXT,
    sex TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    organisation_id TEXT,
    organisation_kind TEXT,
    organisation_country TEXT,
    mode TEXT NOT NULL,
    status TEXT NOT NULL,
    erased_at TIMESTAMP,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, training_id) REFERENCES trainings (tenant_id, id)
);
CREATE INDEX participants_training ON participants (tenant_id, training_id);

CREATE TABLE attendance (
    tenant_id TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    training_id TEXT NOT NULL,
    day DATE NOT NULL,
    status TEXT NOT NULL,
    marked_by TEXT NOT NULL,
    marked_at TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, participant_id, day),
    FOREIGN KEY (tenant_id, participant_id) REFERENCES participants (tenant_id, id),
    FOREIGN KEY (tenant_id, training_id, day) REFERENCES training_days (tenant_id, training_id, day)
);

CREATE TABLE certificates (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    training_id TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    code TEXT NOT NULL,
    holder_name TEXT,
    attendance_percent INTEGER NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    issued_by TEXT NOT NULL,
    revoked_at TIMESTAMP,
    revocation_reason TEXT,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, training_id, participant_id),
    UNIQUE (tenant_id, code),
    FOREIGN KEY (tenant_id, participant_id) REFERENCES participants (tenant_id, id)
);

-- The public verification route has a code and no tenant: this index maps an
-- (unguessable) code to its tenant, and is the one table every transaction may
-- read. It holds no personal data; the certificate itself stays behind RLS.
CREATE TABLE certificate_codes (
    code TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL
);

