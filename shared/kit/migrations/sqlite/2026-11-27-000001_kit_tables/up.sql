-- The kit's own tables, the same in every service's database, created before the
-- service's migrations run (modal_kit::db::migrate). Kept in lock-step with
-- ../../postgres. SQLite has no row-level security: every query filters on tenant_id.

-- Who changed what, when (modal_kit::audit). IF NOT EXISTS: files made before the
-- kit owned this table have it already, created by the services' first migrations.
CREATE TABLE IF NOT EXISTS audit_events (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    changes TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS audit_events_entity ON audit_events (tenant_id, entity_id);

-- Answers kept for retries with the same Idempotency-Key (modal_kit::http::idempotency).
-- Made anew: an older file's table lacks response_body_en, and SQLite cannot add a
-- column only if it is missing; what is lost is at most 48 hours of replays.
DROP TABLE IF EXISTS idempotency_keys;
CREATE TABLE idempotency_keys (
    tenant_id TEXT NOT NULL,
    caller TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    response_body TEXT,
    response_headers TEXT,
    created_at TIMESTAMP NOT NULL,
    response_body_en TEXT,
    PRIMARY KEY (tenant_id, caller, key)
);
