-- The kit's own tables, the same in every service's database, created before the
-- service's migrations run (modal_kit::db::migrate). Kept in lock-step with
-- ../../sqlite. Each is a tenant table: tenant_id first in every key, row-level
-- security enabled and forced. (IF NOT EXISTS: databases made before the kit owned
-- these tables have them already, created by the services' first migrations.)

-- Who changed what, when (modal_kit::audit).
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
-- A problem is kept in both languages: response_body in French, response_body_en in
-- English, so a retry is answered in the language it asks for.
CREATE TABLE IF NOT EXISTS idempotency_keys (
    tenant_id TEXT NOT NULL,
    caller TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    response_body TEXT,
    response_headers TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, caller, key)
);
ALTER TABLE idempotency_keys ADD COLUMN IF NOT EXISTS response_body_en TEXT;

DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['audit_events', 'idempotency_keys'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE tablename = t AND policyname = 'tenant_isolation') THEN
            EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_setting(''app.tenant_id'', true)) '
                           'WITH CHECK (tenant_id = current_setting(''app.tenant_id'', true))', t);
        END IF;
    END LOOP;
END $$;
