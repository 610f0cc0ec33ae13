-- Search (`q=`) is "the normalised words anywhere in search_text": a LIKE
-- '%…%' that no B-tree can serve. A trigram index can (pg_trgm is a trusted
-- extension: the database's owner may create it). The planner still walks the
-- primary key in id order when the words are common, and goes through this
-- index when they are rare.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX organisations_search ON organisations USING gin (search_text gin_trgm_ops);
