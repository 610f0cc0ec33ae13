-- Bulk loader for the training benchmark (see docs/benchmarks.md): for one tenant,
-- :trainings trainings of three days, :per participants in each, and their
-- attendance on every day. Written as the tables' owner with the tenant set for the
-- transaction (row-level security is FORCE'd, so the owner needs it too). Ids sort
-- like the service's UUIDv7 ids. bench/run calls it once per tenant:
--   psql -v trainings=100 -v per=25 -v tenant=diadem -v country=SN -f bench/load_training.sql
BEGIN;
SELECT set_config('app.tenant_id', :'tenant', true);
INSERT INTO trainings SELECT :'tenant', format('%s-0000-7000-9000-%s', lpad(to_hex(t), 8, '0'), lpad(to_hex(t), 12, '0')),
  'Formation ' || t, 'Partenaire', 'Ville', :'country', DATE '2026-03-02', DATE '2026-03-04', 'hybrid', 40, '[]', '[]', 'fr', 80,
  1, now(), now(), 'bench', 'bench'
  FROM generate_series(1, :trainings) t;
INSERT INTO training_days SELECT :'tenant', t.id, d::date
  FROM trainings t, generate_series(DATE '2026-03-02', DATE '2026-03-04', INTERVAL '1 day') d WHERE t.tenant_id = :'tenant';
INSERT INTO participants SELECT :'tenant', format('%s-0000-7000-a000-%s', lpad(to_hex(g), 8, '0'), lpad(to_hex(g), 12, '0')),
  format('%s-0000-7000-9000-%s', lpad(to_hex((g - 1) / :per + 1), 8, '0'), lpad(to_hex((g - 1) / :per + 1), 12, '0')),
  'Participante ' || g, CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END, 'p' || g || '@example.org', NULL, NULL, NULL, NULL,
  CASE WHEN g % 3 = 0 THEN 'online' ELSE 'on_site' END, 'confirmed', NULL, 1, now(), now(), 'bench', 'bench'
  FROM generate_series(1, :trainings * :per) g;
INSERT INTO attendance SELECT :'tenant', p.id, p.training_id, d.day, 'present', 'bench', now()
  FROM participants p JOIN training_days d ON d.tenant_id = p.tenant_id AND d.training_id = p.training_id
  WHERE p.tenant_id = :'tenant';
COMMIT;
ANALYZE trainings; ANALYZE training_days; ANALYZE participants; ANALYZE attendance;
