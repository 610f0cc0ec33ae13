DROP INDEX organisations_search;
