DROP TABLE outcomes;
DROP TABLE snapshots;
