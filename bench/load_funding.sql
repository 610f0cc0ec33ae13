-- Bulk loader for the funding benchmark (see docs/benchmarks.md): for one tenant, a
-- call with two criteria and :apps applications under review, each with :reviews
-- submitted reviews and their tally — what the committee summary reads. Written as the tables'
-- owner with the tenant set for the transaction (row-level security is FORCE'd).
-- Ids sort like the service's UUIDv7 ids. bench/run calls it once per tenant:
--   psql -v apps=1000 -v reviews=3 -v tenant=diadem -v country=SN -f bench/load_funding.sql
BEGIN;
SELECT set_config('app.tenant_id', :'tenant', true);
INSERT INTO calls VALUES (:'tenant', '00000001-0000-7000-b000-000000000001', 'Appel à projets restreint MODAL 2021', NULL,
  'Microprojets de développement local', NULL, TIMESTAMP '2021-07-01 00:00:00', TIMESTAMP '2021-09-30 00:00:00', 'XOF',
  500000000, 1000000, 10000000, '{"applicant_verified":true,"active_partnership":true,"certified_member":false}',
  '[{"key":"relevance","name":"Pertinence","weight":60,"lens":"content"},{"key":"budget","name":"Budget réaliste","weight":40,"lens":"financial"}]',
  NULL, '', 'closed', 1, now(), 'bench', now(), 'bench');
INSERT INTO applications SELECT :'tenant', format('%s-0000-7000-c000-%s', lpad(to_hex(a), 8, '0'), lpad(to_hex(a), 12, '0')),
  '00000001-0000-7000-b000-000000000001', 'org-' || a, 'partner-' || a, 'local_association', 'Projet ' || a,
  'Un périmètre maraîcher pour 40 femmes.', 'Thiès', :'country', 12, 1000000 + (a % 40) * 100000, 'XOF',
  format('[{"key":"l1","category":"equipment","description":"Motopompe","quantity":1,"unit_cost":%s}]', 1000000 + (a % 40) * 100000),
  '[]', '{}', 'under_review', 1, now(), 0, NULL, 0, 0, 0, 3, now(), 'bench', now(), 'bench'
  FROM generate_series(1, :apps) a;
INSERT INTO reviews SELECT :'tenant', format('%s-0000-7000-d000-%s', lpad(to_hex(a), 8, '0'), lpad(to_hex(a * 10 + r), 12, '0')),
  format('%s-0000-7000-c000-%s', lpad(to_hex(a), 8, '0'), lpad(to_hex(a), 12, '0')), 'reviewer-' || r, NULL,
  CASE WHEN r % 2 = 0 THEN 'financial' ELSE 'content' END, now(),
  CASE WHEN r % 2 = 0 THEN format('[{"criterion":"budget","score":%s,"comment":null}]', (a + r) % 6)
       ELSE format('[{"criterion":"relevance","score":%s,"comment":null}]', (a * r) % 6) END,
  'fund', NULL, now(), 'bench', now()
  FROM generate_series(1, :apps) a, generate_series(1, :reviews) r;
-- The tally the service keeps when a review is submitted (reviews::rules::tally):
-- per criterion weight × mean × 1000, over the weights, in integers.
UPDATE applications a SET reviews_submitted = t.n, recommend_fund = t.n,
  score_millis = (60 * t.relevance * 1000 / t.relevance_n + 40 * t.budget * 1000 / t.budget_n) / 100
  FROM (SELECT application_id, count(*) AS n,
          sum(((scores::jsonb)->0->>'score')::int) FILTER (WHERE lens = 'content') AS relevance,
          count(*) FILTER (WHERE lens = 'content') AS relevance_n,
          sum(((scores::jsonb)->0->>'score')::int) FILTER (WHERE lens = 'financial') AS budget,
          count(*) FILTER (WHERE lens = 'financial') AS budget_n
        FROM reviews WHERE tenant_id = :'tenant' GROUP BY application_id) t
  WHERE a.tenant_id = :'tenant' AND a.id = t.application_id;
COMMIT;
ANALYZE calls; ANALYZE applications; ANALYZE reviews;
