-- Bulk loader for the benchmark (see docs/benchmarks.md): :n organisations of one
-- tenant, written as the tables' owner with the tenant set for the transaction
-- (row-level security is FORCE'd, so the owner needs it too). Ids sort like the
-- service's UUIDv7 ids. bench/run calls it once per tenant:
--   psql -v n=25000 -v tenant=diadem -v country=SN -f bench/load.sql
BEGIN;
SELECT set_config('app.tenant_id', :'tenant', true);
INSERT INTO organisations SELECT :'tenant', format('%s-0000-7000-8000-%s', lpad(to_hex(g), 8, '0'), lpad(to_hex(g), 12, '0')),
  'local_association', 'Association ' || g, NULL, NULL, :'country', '', NULL, NULL, NULL, '|local_development|', NULL, NULL, NULL, NULL, '[]',
  NULL, NULL, false, false, 'identified', 'association ' || g, 'association ' || g, NULL, 1, now(), now(), 'bench', 'bench'
  FROM generate_series(1, :n) g;
COMMIT;
ANALYZE organisations;
