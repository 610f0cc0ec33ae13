//! What the kit adds to every contract: the bearer scheme; the problem answers the
//! kit itself can give, in every operation (401/403/404 on tenant routes,
//! 400/413/415/422 where a body or query is read, 412/428 where `If-Match` is
//! taken, 503 when the database is down),
//! which keeps the contracts complete without repeating these lines in every
//! handler's annotation; the list of error codes; and operation ids named for the
//! client that will read them (`list_organisations` → `listOrganisations`).

use crate::error::{Code, PROBLEM_JSON};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{Ref, Schema};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi, RefOr, ResponseBuilder};
use utoipa::PartialSchema;

/// The problem+json body (RFC 9457), for the contract.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct Problem {
    /// `urn:modal:problem:<code>`.
    r#type: String,
    title: String,
    status: u16,
    code: String,
    detail: Option<String>,
    instance: Option<String>,
    request_id: Option<String>,
    /// Field errors of a 422.
    errors: Option<Vec<crate::validate::FieldError>>,
}

/// The contract as served: `doc` (paths from the routes) with what the kit adds.
pub fn finish(mut doc: OpenApi, service_codes: &[Code]) -> OpenApi {
    document_problems(&mut doc, service_codes);
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
    );
    for item in doc.paths.paths.values_mut() {
        for op in
            [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch].into_iter().flatten()
        {
            op.operation_id = op.operation_id.as_deref().map(camel_case);
        }
    }
    doc
}

/// `list_organisations` → `listOrganisations`.
fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn document_problems(doc: &mut OpenApi, service_codes: &[Code]) {
    let components = doc.components.get_or_insert_with(Default::default);
    let mut problem = <Problem as PartialSchema>::schema();
    if let RefOr::T(Schema::Object(object)) = &mut problem {
        if let Some(RefOr::T(Schema::Object(code))) = object.properties.get_mut("code") {
            let names: Vec<&str> = Code::KIT.iter().chain(service_codes).map(|c| c.as_str()).collect();
            code.description = Some(format!("Stable machine code, one of: {}.", names.join(", ")));
        }
    }
    components.schemas.insert("Problem".into(), problem);
    components.schemas.insert("FieldError".into(), <crate::validate::FieldError as PartialSchema>::schema());
    for (path, item) in doc.paths.paths.iter_mut() {
        let tenant_route = path.starts_with("/v1/tenants/{tenant}");
        let programme_route = path.starts_with("/v1/programme/");
        if let (Some(op), true) = (item.post.as_mut(), tenant_route) {
            add_idempotency_key(op);
        }
        for op in
            [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch].into_iter().flatten()
        {
            if tenant_route {
                add_tenant_and_bearer(op);
            }
            if programme_route {
                add_bearer(op);
            }
            add_problems(op, tenant_route, programme_route);
        }
    }
}

/// Every tenant route takes the `{tenant}` of its path and a bearer token, so the
/// handlers' annotations do not repeat either.
fn add_tenant_and_bearer(op: &mut Operation) {
    use utoipa::openapi::path::ParameterBuilder;
    use utoipa::openapi::Required;
    let params = op.parameters.get_or_insert_with(Vec::new);
    let named_tenant = |p: &RefOr<utoipa::openapi::path::Parameter>| matches!(p, RefOr::T(p) if p.name == "tenant");
    if !params.iter().any(named_tenant) {
        let tenant = ParameterBuilder::new()
            .name("tenant")
            .parameter_in(ParameterIn::Path)
            .required(Required::True)
            .description(Some("Tenant id (a country partner), e.g. `diadem`"))
            .schema(Some(<String as PartialSchema>::schema()))
            .build();
        params.insert(0, RefOr::T(tenant));
    }
    add_bearer(op);
}

fn add_bearer(op: &mut Operation) {
    use utoipa::openapi::security::SecurityRequirement;
    if op.security.is_none() {
        op.security = Some(vec![SecurityRequirement::new("bearer", Vec::<String>::new())]);
    }
}

/// Every POST on a tenant route honours `Idempotency-Key` (see `super::idempotency`).
fn add_idempotency_key(op: &mut Operation) {
    use utoipa::openapi::path::ParameterBuilder;
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    let param = ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .description(Some(
            "Makes retries safe: the same key (per tenant and caller) replays the first answer for 48 hours",
        ))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String).min_length(Some(1)).max_length(Some(255))))
        .build();
    op.parameters.get_or_insert_with(Vec::new).push(RefOr::T(param));
    for (status, description) in [
        ("409", "A request with this Idempotency-Key is still in progress, or the resource conflicts"),
        ("422", "Invalid data, or an Idempotency-Key reused for a different request"),
    ] {
        op.responses.responses.entry(status.to_string()).or_insert_with(|| {
            let content = ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build();
            RefOr::T(ResponseBuilder::new().description(description).content(PROBLEM_JSON, content).build())
        });
    }
}

fn add_problems(op: &mut Operation, tenant_route: bool, programme_route: bool) {
    let has_body = op.request_body.is_some();
    let takes_if_match = op.parameters.iter().flatten().any(|p| match p {
        RefOr::T(p) => p.parameter_in == ParameterIn::Header && p.name.eq_ignore_ascii_case("If-Match"),
        RefOr::Ref(_) => false,
    });
    let has_query = op.parameters.iter().flatten().any(|p| match p {
        RefOr::T(p) => p.parameter_in == ParameterIn::Query,
        RefOr::Ref(_) => false,
    });
    let mut codes: Vec<(&str, &str)> = Vec::new();
    if tenant_route {
        codes.extend([
            ("400", "Malformed path or query"),
            ("401", "No valid bearer token (see WWW-Authenticate)"),
            ("403", "The token does not grant this tenant, or the role does not allow this operation"),
            ("404", "Unknown tenant, or no such resource in this tenant"),
            ("429", "The tenant's request budget is spent (see Retry-After)"),
            ("503", "The database is unavailable"),
        ]);
    }
    if programme_route {
        codes.extend([
            ("401", "No valid bearer token (see WWW-Authenticate)"),
            ("403", "Only the programme team (programme_admin) reads every tenant"),
            ("503", "The database is unavailable"),
        ]);
    }
    if has_query {
        codes.extend([("400", "Malformed query"), ("422", "Invalid query value (e.g. page size)")]);
    }
    if has_body {
        codes.extend([
            ("400", "Malformed body (bad JSON, unknown field, wrong type)"),
            ("413", "Body too large"),
            ("415", "Unsupported content type"),
            ("422", "Invalid data: see `errors`"),
        ]);
    }
    if takes_if_match {
        codes.extend([
            ("412", "The If-Match version is no longer the stored one (read it again)"),
            ("428", "If-Match missing: send the ETag you read"),
        ]);
    }
    for (status, description) in codes {
        op.responses.responses.entry(status.to_string()).or_insert_with(|| {
            let content = ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build();
            RefOr::T(ResponseBuilder::new().description(description).content(PROBLEM_JSON, content).build())
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn operation_ids_read_as_a_client_method() {
        assert_eq!(super::camel_case("list_organisations"), "listOrganisations");
        assert_eq!(super::camel_case("healthz"), "healthz");
    }
}
