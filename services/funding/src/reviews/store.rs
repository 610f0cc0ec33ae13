//! Queries on reviews, each starting from the tenant.

use super::types::ReviewRow;
use crate::schema::reviews as r;
use diesel::dsl::count_star;
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;

pub fn insert(conn: &mut AnyConnection, row: &ReviewRow) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::insert_into(r::table).values(row).execute(c)).map(|_| ())
}

pub fn find(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<Option<ReviewRow>> {
    on_engine!(conn, |c| r::table.filter(r::tenant_id.eq(tenant)).filter(r::id.eq(id)).first(c).optional())
}

/// Reviews of one application, or of one reviewer, or all (oldest first).
pub fn list(
    conn: &mut AnyConnection,
    tenant: &str,
    application: Option<&str>,
    reviewer: Option<&str>,
) -> QueryResult<Vec<ReviewRow>> {
    on_engine!(conn, |c| {
        let mut q = r::table.filter(r::tenant_id.eq(tenant)).into_boxed();
        if let Some(a) = application {
            q = q.filter(r::application_id.eq(a));
        }
        if let Some(who) = reviewer {
            q = q.filter(r::reviewer.eq(who));
        }
        q.order(r::id).limit(1000).load(c)
    })
}

/// The reviews of one application.
pub fn of_application(conn: &mut AnyConnection, tenant: &str, application: &str) -> QueryResult<Vec<ReviewRow>> {
    on_engine!(conn, |c| r::table.filter(r::tenant_id.eq(tenant)).filter(r::application_id.eq(application)).load(c))
}

/// Whether `reviewer` is assigned to the application and declared no conflict.
pub fn cleared(conn: &mut AnyConnection, tenant: &str, application: &str, reviewer: &str) -> QueryResult<bool> {
    let n: i64 = on_engine!(conn, |c| r::table
        .filter(r::tenant_id.eq(tenant))
        .filter(r::application_id.eq(application))
        .filter(r::reviewer.eq(reviewer))
        .filter(r::no_conflict_declared_at.is_not_null())
        .select(count_star())
        .first(c))?;
    Ok(n > 0)
}

pub fn update(conn: &mut AnyConnection, row: &ReviewRow) -> QueryResult<usize> {
    let target = r::table.filter(r::tenant_id.eq(&row.tenant_id)).filter(r::id.eq(&row.id));
    on_engine!(conn, |c| diesel::update(target).set(row).execute(c))
}
