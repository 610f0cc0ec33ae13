-- A tenant's certificate template (signatories, wording per language, logos) as
-- one JSON document: read whole, replaced whole, never queried inside.
CREATE TABLE certificate_templates (
    tenant_id TEXT PRIMARY KEY NOT NULL,
    document TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL
);

-- Its logos, one PNG per slot (`partner`, `funder-1`…), at most 64 KiB each.
CREATE TABLE certificate_logos (
    tenant_id TEXT NOT NULL,
    slot TEXT NOT NULL,
    png BLOB NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, slot)
);
