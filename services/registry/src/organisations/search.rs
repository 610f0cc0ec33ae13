//! Search (`q=`): the normalised words anywhere in an organisation's `search_text`
//! (name, acronym, identifiers), a `LIKE '%…%'` that no B-tree serves. Both
//! engines have a trigram index for it (migration `…_search_index`):
//!
//! - PostgreSQL: a `pg_trgm` GIN index; its planner weighs it against walking the
//!   primary key in id order (which stops after a page when the words are common),
//!   so the query stays a plain `LIKE`.
//! - SQLite: an FTS5 table with the trigram tokenizer. SQLite's planner cannot
//!   weigh a virtual table against the primary key, so this module does: a probe
//!   counts the index's matches up to [`PROBE`] (under a millisecond either way);
//!   fewer, and the page is read through the index; more, and the words are common
//!   enough that walking the tenant's rows in id order finds a page at once.
//!
//! Measured on 100,000 synthetic organisations (docs/benchmarks.md): the index
//! alone made a common word 200 times slower on SQLite (every row's id gathered,
//! then sorted), the walk alone grows with the table for a rare one.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use modal_kit::db::AnyConnection;
use modal_kit::text::contains_pattern;

/// Matches counted by the probe before the words are deemed common.
const PROBE: i64 = 500;

/// How a page of search results is read (`store::list` writes the condition).
pub enum Search {
    /// `search_text LIKE pattern`, row by row (or by PostgreSQL's choice).
    Scan(String),
    /// Only the rows SQLite's trigram index finds for `pattern`.
    Indexed(String),
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// How to search for `words` (normalised: letters, digits and spaces only, so the
/// pattern holds no wildcard of the user's).
pub fn plan(conn: &mut AnyConnection, words: &str) -> QueryResult<Search> {
    let pattern = contains_pattern(words);
    let AnyConnection::Sqlite(c) = conn else { return Ok(Search::Scan(pattern)) };
    if words.len() < 3 {
        return Ok(Search::Scan(pattern)); // a trigram index needs three letters
    }
    let probe = format!(
        "SELECT count(*) AS n FROM (SELECT 1 FROM organisations_search WHERE search_text LIKE ? LIMIT {PROBE})"
    );
    let found = diesel::sql_query(probe).bind::<Text, _>(&pattern).get_result::<Count>(c)?.n;
    Ok(if found < PROBE { Search::Indexed(pattern) } else { Search::Scan(pattern) })
}
