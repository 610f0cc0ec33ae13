-- The kit's test service: one tenant table, as a service's would be.
CREATE TABLE notes (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    text TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
