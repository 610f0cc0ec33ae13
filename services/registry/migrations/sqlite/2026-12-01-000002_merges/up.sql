-- registry: merged organisations answer with their survivor; "not a duplicate" decisions.
ALTER TABLE organisations ADD COLUMN merged_into TEXT;

-- A pair of organisations someone decided are distinct (first_id < second_id), so
-- they are no longer proposed as duplicates.
CREATE TABLE duplicate_decisions (
    tenant_id TEXT NOT NULL,
    first_id TEXT NOT NULL,
    second_id TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, first_id, second_id),
    CHECK (first_id < second_id)
);

