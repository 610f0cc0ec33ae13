DROP TABLE certificate_logos;
DROP TABLE certificate_templates;
