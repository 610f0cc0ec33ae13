-- reporting, SQLite. Kept in lock-step with ../../postgres (same tables and columns).
-- The results framework: results (impact, outcome, output), their indicators (a
-- computed one of the catalogue, or a manual one a partner reports), each
-- indicator's targets per period, and the manual values with their review.

CREATE TABLE results (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    level TEXT NOT NULL,
    title TEXT NOT NULL,
    parent_id TEXT,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE result_indicators (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    result_id TEXT NOT NULL,
    code TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    baseline BIGINT,
    baseline_year INTEGER,
    targets TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, result_id, code)
);

CREATE TABLE manual_values (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    indicator_id TEXT NOT NULL,
    period TEXT NOT NULL,
    value BIGINT,
    narrative TEXT NOT NULL,
    evidence_urls TEXT NOT NULL,
    status TEXT NOT NULL,
    comments TEXT,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, indicator_id, period)
);
