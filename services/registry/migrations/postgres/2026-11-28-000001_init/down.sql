DROP TABLE audit_events;
DROP TABLE partnerships;
DROP TABLE organisations;
