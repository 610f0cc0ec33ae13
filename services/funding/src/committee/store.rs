//! What the committee's summary reads: the columns the ranking uses, the reviews'
//! tally included (kept on the application when a review is submitted), so that a
//! call of a thousand applications is one narrow query.

use crate::schema::applications as a;
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;

/// An application as the ranking sees it.
#[derive(Clone, Debug, Queryable)]
pub struct Candidate {
    pub id: String,
    pub title: String,
    pub applicant_id: String,
    pub country: String,
    pub status: String,
    pub requested: i64,
    pub reviews: i32,
    pub score_millis: Option<i64>,
    pub fund: i32,
    pub maybe: i32,
    pub do_not_fund: i32,
}

pub fn candidates(conn: &mut AnyConnection, tenant: &str, call: &str) -> QueryResult<Vec<Candidate>> {
    on_engine!(conn, |c| a::table
        .filter(a::tenant_id.eq(tenant))
        .filter(a::call_id.eq(call))
        .select((
            a::id,
            a::title,
            a::applicant_id,
            a::country,
            a::status,
            a::requested,
            a::reviews_submitted,
            a::score_millis,
            a::recommend_fund,
            a::recommend_maybe,
            a::recommend_do_not_fund,
        ))
        .load(c))
}
