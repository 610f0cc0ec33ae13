-- registry, PostgreSQL. Kept in lock-step with ../../sqlite (same tables and columns).
-- Every table carries tenant_id; every key and unique index starts with it; row-level
-- security (FORCE'd, so it binds the owner too) shows a transaction only the rows of
-- the tenant it set with set_config('app.tenant_id', ..., true). No setting, no rows.

CREATE TABLE organisations (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    acronym TEXT,
    description TEXT,
    country TEXT NOT NULL,
    intervention_countries TEXT NOT NULL,
    residence_country TEXT,
    region TEXT,
    city TEXT,
    themes TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    whatsapp TEXT,
    legal_status TEXT,
    registrations TEXT NOT NULL,
    year_founded INTEGER,
    members INTEGER,
    women_led BOOLEAN NOT NULL,
    youth_led BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    name_key TEXT NOT NULL,
    search_text TEXT NOT NULL,
    archived_at TIMESTAMP,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX organisations_duplicates ON organisations (tenant_id, name_key, country);

CREATE TABLE partnerships (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    diaspora_organisation_id TEXT NOT NULL,
    local_organisation_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    description TEXT,
    started_on DATE,
    ended_on DATE,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, diaspora_organisation_id) REFERENCES organisations (tenant_id, id),
    FOREIGN KEY (tenant_id, local_organisation_id) REFERENCES organisations (tenant_id, id),
    CHECK (ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX partnerships_diaspora ON partnerships (tenant_id, diaspora_organisation_id);
CREATE INDEX partnerships_local ON partnerships (tenant_id, local_organisation_id);

ALTER TABLE organisations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organisations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON organisations
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

ALTER TABLE partnerships ENABLE ROW LEVEL SECURITY;
ALTER TABLE partnerships FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON partnerships
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

