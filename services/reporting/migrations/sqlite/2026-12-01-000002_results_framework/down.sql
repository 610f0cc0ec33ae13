DROP TABLE manual_values;
DROP TABLE result_indicators;
DROP TABLE results;
