DROP TABLE partnerships;
DROP TABLE organisations;
