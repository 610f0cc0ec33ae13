DROP TABLE people;
DROP TABLE organisation_identifiers;
DROP INDEX organisations_parent;
ALTER TABLE organisations DROP COLUMN federation_ids;
ALTER TABLE organisations DROP COLUMN parent_organisation_id;
ALTER TABLE organisations DROP COLUMN logo_url;
ALTER TABLE organisations DROP COLUMN website;
