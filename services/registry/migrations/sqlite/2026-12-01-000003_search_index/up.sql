-- Search (`q=`) is "the normalised words anywhere in search_text": a LIKE
-- '%…%' that no B-tree can serve. An FTS5 table with the trigram tokenizer can
-- (SQLite 3.34+, FTS5 in Debian's library and in the bundled build): it indexes
-- search_text by the organisations' rowid, kept in step by the triggers below,
-- and answers the same LIKE from its index. (Rowids are stable here: nothing runs
-- VACUUM, which could renumber them in a table without an INTEGER PRIMARY KEY.)
CREATE VIRTUAL TABLE organisations_search USING fts5(
    search_text, content = 'organisations', content_rowid = 'rowid', tokenize = 'trigram', detail = 'none'
);
INSERT INTO organisations_search (organisations_search) VALUES ('rebuild');

CREATE TRIGGER organisations_search_insert AFTER INSERT ON organisations BEGIN
    INSERT INTO organisations_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER organisations_search_delete AFTER DELETE ON organisations BEGIN
    INSERT INTO organisations_search (organisations_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;
CREATE TRIGGER organisations_search_update AFTER UPDATE OF search_text ON organisations BEGIN
    INSERT INTO organisations_search (organisations_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO organisations_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
