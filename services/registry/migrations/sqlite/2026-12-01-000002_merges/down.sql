DROP TABLE duplicate_decisions;
ALTER TABLE organisations DROP COLUMN merged_into;
