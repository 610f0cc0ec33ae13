DROP TABLE certificate_codes;
DROP TABLE certificates;
DROP TABLE attendance;
DROP TABLE participants;
DROP TABLE training_days;
DROP TABLE trainings;
