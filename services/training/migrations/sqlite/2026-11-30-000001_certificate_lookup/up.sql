-- SQLite has no row-level security: the PostgreSQL side of this migration (a
-- function to find a code's tenant) has nothing to match here.
SELECT 1;
