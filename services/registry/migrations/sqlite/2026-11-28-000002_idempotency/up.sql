-- Idempotency keys (see modal_kit::idempotency): the same table in every service.
CREATE TABLE idempotency_keys (
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
