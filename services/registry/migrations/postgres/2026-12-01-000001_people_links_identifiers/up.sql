-- registry, PostgreSQL: links (parent, federations), website and logo, identifiers by scheme, people.
ALTER TABLE organisations ADD COLUMN website TEXT;
ALTER TABLE organisations ADD COLUMN logo_url TEXT;
ALTER TABLE organisations ADD COLUMN parent_organisation_id TEXT;
ALTER TABLE organisations ADD COLUMN federation_ids TEXT NOT NULL DEFAULT '';
CREATE INDEX organisations_parent ON organisations (tenant_id, parent_organisation_id);

-- One row per identifier an organisation declares: the key makes an identifier
-- unique per tenant and register (two organisations cannot both hold NINEA 005123456),
-- and duplicate detection finds shared identifiers through it.
CREATE TABLE organisation_identifiers (
    tenant_id TEXT NOT NULL,
    register TEXT NOT NULL,
    value_key TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    PRIMARY KEY (tenant_id, register, value_key),
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX organisation_identifiers_of ON organisation_identifiers (tenant_id, organisation_id);

-- The people behind an organisation (president, treasurer, focal point, member).
CREATE TABLE people (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL,
    started_on DATE,
    ended_on DATE,
    email TEXT,
    phone TEXT,
    whatsapp TEXT,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id),
    CHECK (ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX people_of ON people (tenant_id, organisation_id);

ALTER TABLE organisation_identifiers ENABLE ROW LEVEL SECURITY;
ALTER TABLE organisation_identifiers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON organisation_identifiers
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

ALTER TABLE people ENABLE ROW LEVEL SECURITY;
ALTER TABLE people FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON people
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
