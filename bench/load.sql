-- Bulk loader for the benchmark (documented in docs/benchmarks.md): 100,000
-- organisations spread over the four tenants, written as the tables' owner with the
-- tenant set per transaction (row-level security is FORCE'd, so the owner needs it
-- too). Ids sort like the service's UUIDv7 ids. Run with psql -v n=100000.
\set per_tenant (:n / 4)
BEGIN;
SELECT set_config('app.tenant_id', 'diadem', true);
INSERT INTO organisations SELECT 'diadem', format('%s-0000-7000-8000-%s', lpad(to_hex(g), 8, '0'), lpad(to_hex(g), 12, '0')),
  'local_association', 'Association ' || g, NULL, NULL, 'SN', '', NULL, 'Thiès', NULL, '|local_development|', NULL, NULL, NULL, NULL, '[]',
  NULL, NULL, false, false, 'identified', 'association ' || g, 'association ' || g, NULL, 1, now(), now(), 'bench', 'bench'
  FROM generate_series(1, :per_tenant) g;
COMMIT;
BEGIN;
SELECT set_config('app.tenant_id', 'fecong', true);
INSERT INTO organisations SELECT 'fecong', format('%s-0000-7000-8000-%s', lpad(to_hex(g), 8, '0'), lpad(to_hex(g), 12, '0')),
  'local_association', 'Association ' || g, NULL, NULL, 'ML', '', NULL, 'Bamako', NULL, '|local_development|', NULL, NULL, NULL, NULL, '[]',
  NULL, NULL, false, false, 'identified', 'association ' || g, 'association ' || g, NULL, 1, now(), now(), 'bench', 'bench'
  FROM generate_series(1, :per_tenant) g;
COMMIT;
BEGIN;
SELECT set_config('app.tenant_id', 'paips', true);
INSERT INTO organisations SELECT 'paips', format('%s-0000-7000-8000-%s', lpad(to_hex(g), 8, '0'), lpad(to_hex(g), 12, '0')),
  'local_association', 'Association ' || g, NULL, NULL, 'CI', '', NULL, 'Bassam', NULL, '|local_development|', NULL, NULL, NULL, NULL, '[]',
  NULL, NULL, false, false, 'identified', 'association ' || g, 'association ' || g, NULL, 1, now(), now(), 'bench', 'bench'
  FROM generate_series(1, :per_tenant) g;
COMMIT;
BEGIN;
SELECT set_config('app.tenant_id', 'adept-morocco', true);
INSERT INTO organisations SELECT 'adept-morocco', format('%s-0000-7000-8000-%s', lpad(to_hex(g), 8, '0'), lpad(to_hex(g), 12, '0')),
  'local_association', 'Association ' || g, NULL, NULL, 'MA', '', NULL, 'Rabat', NULL, '|local_development|', NULL, NULL, NULL, NULL, '[]',
  NULL, NULL, false, false, 'identified', 'association ' || g, 'association ' || g, NULL, 1, now(), now(), 'bench', 'bench'
  FROM generate_series(1, :per_tenant) g;
COMMIT;
ANALYZE organisations;
