//! Likely duplicates, scored (`similarity`), and the decisions that two records
//! are distinct, remembered so they are not proposed again.

use super::handlers::not_found;
use super::similarity::{blocking_keys, likeness, Likeness, DEFAULT_THRESHOLD};
use super::store;
use super::types::{Organisation, OrganisationRow};
use crate::roles::EDITORS;
use crate::schema::duplicate_decisions as d;
use actix_web::{get, post, web, HttpResponse};
use diesel::prelude::*;
use modal_kit::auth::{TenantScope, ANY_READER};
use modal_kit::db::{AnyConnection, Db};
use modal_kit::http::Id;
use modal_kit::validate::Violations;
use modal_kit::{audit, on_engine, ApiError};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};
use utoipa::{IntoParams, ToSchema};

/// A blocking key shared by more records than this is too common to compare by.
const MAX_BLOCK: usize = 200;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CandidateQuery {
    /// Lowest score proposed, 1 to 100 (default 60).
    #[param(minimum = 1, maximum = 100)]
    pub min_score: Option<u32>,
    /// At most this many pairs, best first, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<usize>,
}

impl CandidateQuery {
    /// The lowest score and the number of pairs asked for, defaults applied; out of
    /// range is refused (422), not clamped.
    pub fn checked(&self) -> Result<(u32, usize), ApiError> {
        let (min_score, limit) = (self.min_score.unwrap_or(DEFAULT_THRESHOLD), self.limit.unwrap_or(50));
        let mut v = Violations::new();
        v.range("min_score", min_score.into(), 1, 100);
        v.range("limit", limit as i64, 1, 200);
        v.finish()?;
        Ok((min_score, limit))
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DuplicateCandidate {
    #[serde(flatten)]
    pub likeness: Likeness,
    pub organisations: Vec<Organisation>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotDuplicate {
    /// The organisation that is a different one.
    pub other_id: String,
}

/// Pairs decided distinct in the tenant, as `(first, second)` with first < second.
fn decided(c: &mut AnyConnection, tenant: &str) -> QueryResult<BTreeSet<(String, String)>> {
    let pairs: Vec<(String, String)> =
        on_engine!(c, |c| d::table.filter(d::tenant_id.eq(tenant)).select((d::first_id, d::second_id)).load(c))?;
    Ok(pairs.into_iter().collect())
}

fn ordered(a: &str, b: &str) -> (String, String) {
    if a < b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// The scored pairs of `rows` at or above `min_score`, best first, not decided distinct.
pub fn candidates(
    rows: &[OrganisationRow],
    decided: &BTreeSet<(String, String)>,
    min_score: u32,
) -> Vec<(Likeness, usize, usize)> {
    let mut blocks: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        for key in blocking_keys(row) {
            blocks.entry(key).or_default().push(i);
        }
    }
    let mut pairs = BTreeSet::new();
    for members in blocks.values().filter(|m| m.len() <= MAX_BLOCK) {
        for (n, &i) in members.iter().enumerate() {
            pairs.extend(members[n + 1..].iter().map(|&j| (i.min(j), i.max(j))));
        }
    }
    let mut found: Vec<(Likeness, usize, usize)> = pairs
        .into_iter()
        .filter(|&(i, j)| !decided.contains(&ordered(&rows[i].id, &rows[j].id)))
        .map(|(i, j)| (likeness(&rows[i], &rows[j]), i, j))
        .filter(|(l, _, _)| l.score >= min_score)
        .collect();
    found.sort_by(|a, b| b.0.score.cmp(&a.0.score).then(rows[a.1].id.cmp(&rows[b.1].id)));
    found
}

/// The answer: each pair with its two organisations.
pub fn answer(
    rows: &[OrganisationRow],
    pairs: impl IntoIterator<Item = (Likeness, usize, usize)>,
) -> Vec<DuplicateCandidate> {
    pairs
        .into_iter()
        .map(|(likeness, i, j)| DuplicateCandidate {
            likeness,
            organisations: vec![Organisation::from(&rows[i]), Organisation::from(&rows[j])],
        })
        .collect()
}

/// Likely duplicates with a score and its reasons (see `similarity`).
#[utoipa::path(tag = "organisations", params(CandidateQuery),
    responses((status = 200, description = "Pairs of likely duplicates, best first", body = Vec<DuplicateCandidate>)))]
#[get("/v1/tenants/{tenant}/organisations/duplicates/candidates")]
pub async fn list_duplicate_candidates(
    scope: TenantScope,
    db: web::Data<Db>,
    query: web::Query<CandidateQuery>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let (min_score, limit) = query.checked()?;
    let found = db
        .read(&scope, move |c, tenant| {
            let rows = store::active(c, tenant)?;
            let pairs = candidates(&rows, &decided(c, tenant)?, min_score);
            Ok(answer(&rows, pairs.into_iter().take(limit)))
        })
        .await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Record that two organisations are different ones: the pair is no longer proposed.
#[utoipa::path(tag = "organisations", params(Id), request_body = NotDuplicate,
    responses((status = 204, description = "Remembered")))]
#[post("/v1/tenants/{tenant}/organisations/{id}/not-duplicate")]
pub async fn mark_not_duplicate(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<NotDuplicate>,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let (id, other) = (path.into_inner().id, body.into_inner().other_id);
    db.write(&scope, move |c, actor| {
        store::find(c, &actor.tenant, &id)?.ok_or_else(not_found)?;
        if other == id || store::find(c, &actor.tenant, &other)?.is_none() {
            return Err(ApiError::invalid_field(
                "other_id",
                "unknown_organisation",
                "Une autre organisation de ce partenaire est attendue.",
                "Another organisation of this tenant is expected.",
            ));
        }
        let (first, second) = ordered(&id, &other);
        if !decided(c, &actor.tenant)?.contains(&(first.clone(), second.clone())) {
            let row = (
                d::tenant_id.eq(&actor.tenant),
                d::first_id.eq(&first),
                d::second_id.eq(&second),
                d::decided_by.eq(&actor.subject),
                d::decided_at.eq(modal_kit::clock::now()),
            );
            on_engine!(c, |c| diesel::insert_into(d::table).values(row).execute(c))?;
        }
        audit::record(c, actor, "not_duplicate", ("organisation", &id), json!({"other": other}))
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
