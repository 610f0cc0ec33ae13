-- A tenant's certificate template (signatories, wording per language, logos) as
-- one JSON document: read whole, replaced whole, never queried inside.
CREATE TABLE certificate_templates (
    tenant_id TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL
);

ALTER TABLE certificate_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE certificate_templates FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON certificate_templates
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Its logos, one PNG per slot (`partner`, `funder-1`…), at most 64 KiB each.
CREATE TABLE certificate_logos (
    tenant_id TEXT NOT NULL,
    slot TEXT NOT NULL,
    png BYTEA NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, slot)
);

ALTER TABLE certificate_logos ENABLE ROW LEVEL SECURITY;
ALTER TABLE certificate_logos FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON certificate_logos
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
