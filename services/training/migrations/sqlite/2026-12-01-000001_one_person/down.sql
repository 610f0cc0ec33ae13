DROP INDEX participants_person;
ALTER TABLE participants DROP COLUMN person_id;
