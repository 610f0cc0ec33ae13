//! `ProgrammeScope`: a caller acting for the whole programme, on the routes under
//! `/v1/programme/` — a `programme_admin`, who reads every tenant side by side and
//! changes none of their records. It is the cross-tenant path of its own: a
//! handler reads each tenant through that tenant's connections (`Db::read_in`),
//! so row-level security still holds on every query; nothing lifts the wall.

use super::extract::{Caller, Pending};
use crate::error::{ApiError, Code};
use crate::tenants::{Tenant, Tenants};
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::{ready, Either};

#[derive(Clone, Debug)]
pub struct ProgrammeScope {
    pub caller: Caller,
    tenants: Tenants,
}

impl ProgrammeScope {
    /// Every tenant, in the configured order.
    pub fn tenants(&self) -> impl Iterator<Item = &Tenant> {
        self.tenants.all()
    }

    /// Every tenant's id, in the configured order.
    pub fn ids(&self) -> Vec<String> {
        self.tenants().map(|t| t.id.clone()).collect()
    }

    fn for_caller(req: &HttpRequest, caller: Caller) -> Result<ProgrammeScope, ApiError> {
        if !caller.is_programme_admin() {
            return Err(ApiError::new(Code::FORBIDDEN).with_detail(
                "Seule l'équipe du programme (programme_admin) voit tous les partenaires.",
                "Only the programme team (programme_admin) sees every tenant.",
            ));
        }
        let tenants =
            req.app_data::<web::Data<Tenants>>().ok_or_else(|| ApiError::internal("no Tenants in app data"))?;
        Ok(ProgrammeScope { caller, tenants: tenants.get_ref().clone() })
    }
}

impl FromRequest for ProgrammeScope {
    type Error = ApiError;
    type Future = Pending<ProgrammeScope>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        match Caller::verify(req) {
            Either::Left(ready_caller) => {
                Either::Left(ready(ready_caller.into_inner().and_then(|c| ProgrammeScope::for_caller(req, c))))
            }
            Either::Right(pending) => {
                let req = req.clone();
                Either::Right(Box::pin(async move { ProgrammeScope::for_caller(&req, pending.await?) }))
            }
        }
    }
}
