-- reporting, SQLite. Kept in lock-step with ../../postgres (same tables and columns).
-- Every table carries tenant_id and every key starts with it; SQLite has no row-level security,
-- so every query filters on tenant_id, the only wall here.

-- What a service answered for a tenant and a period, kept as it came: reports read
-- these, never the services, so they answer with a service down.
CREATE TABLE snapshots (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    service TEXT NOT NULL,
    period TEXT NOT NULL,
    period_from DATE NOT NULL,
    period_to DATE NOT NULL,
    taken_at TIMESTAMP NOT NULL,
    service_version TEXT NOT NULL,
    trigger TEXT NOT NULL,
    figures TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX snapshots_latest ON snapshots (tenant_id, period, service, taken_at);

CREATE TABLE outcomes (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    occurred_on DATE NOT NULL,
    members INTEGER,
    organisation_ids TEXT NOT NULL,
    training_ids TEXT NOT NULL,
    evidence_url TEXT,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK (members IS NULL OR members >= 0)
);
CREATE INDEX outcomes_by_day ON outcomes (tenant_id, occurred_on);
