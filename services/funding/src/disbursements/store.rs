//! Queries on disbursements and payments, each starting from the tenant.

use super::types::{DisbursementRow, PaymentRow};
use crate::schema::{disbursements as d, payments as p};
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;
use std::collections::HashMap;

pub fn insert(conn: &mut AnyConnection, row: &DisbursementRow) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::insert_into(d::table).values(row).execute(c)).map(|_| ())
}

pub fn find(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<Option<DisbursementRow>> {
    on_engine!(conn, |c| d::table.filter(d::tenant_id.eq(tenant)).filter(d::id.eq(id)).first(c).optional())
}

pub fn update(conn: &mut AnyConnection, row: &DisbursementRow) -> QueryResult<usize> {
    let target = d::table.filter(d::tenant_id.eq(&row.tenant_id)).filter(d::id.eq(&row.id));
    on_engine!(conn, |c| diesel::update(target).set(row).execute(c))
}

pub fn of_grant(conn: &mut AnyConnection, tenant: &str, grant: &str) -> QueryResult<Vec<DisbursementRow>> {
    on_engine!(conn, |c| d::table.filter(d::tenant_id.eq(tenant)).filter(d::grant_id.eq(grant)).order(d::id).load(c))
}

pub fn insert_payment(conn: &mut AnyConnection, row: &PaymentRow) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::insert_into(p::table).values(row).execute(c)).map(|_| ())
}

pub fn payments_of_grant(conn: &mut AnyConnection, tenant: &str, grant: &str) -> QueryResult<Vec<PaymentRow>> {
    on_engine!(conn, |c| p::table.filter(p::tenant_id.eq(tenant)).filter(p::grant_id.eq(grant)).order(p::id).load(c))
}

/// What was paid on each tranche of a grant (tranche id → minor units).
pub fn paid_by_tranche(conn: &mut AnyConnection, tenant: &str, grant: &str) -> QueryResult<HashMap<String, i64>> {
    let mut paid = HashMap::new();
    for payment in payments_of_grant(conn, tenant, grant)? {
        *paid.entry(payment.tranche_id).or_insert(0) += payment.amount;
    }
    Ok(paid)
}
