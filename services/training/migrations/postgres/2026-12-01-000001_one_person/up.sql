-- One person across trainings: enrolments linked by hand share a person_id (NULL:
-- not linked; enrolments with the same email or phone are the same person anyway).
ALTER TABLE participants ADD COLUMN person_id TEXT;
CREATE INDEX participants_person ON participants (tenant_id, person_id);
