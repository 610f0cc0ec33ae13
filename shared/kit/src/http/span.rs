//! The span of each request: the fields of tracing-actix-web's default root span
//! (OpenTelemetry's HTTP conventions, the W3C parent from `traceparent`, the request
//! id), except that the route template (`http.route`, and the span's name
//! `GET /v1/tenants/{tenant}/…`) is recorded when the request ends.
//!
//! Why not the default builder: it asks for the route template when the request
//! starts, before actix has routed it, so actix matches the path against every
//! route a second time; callgrind put that at a tenth of a read by id's
//! instructions. Once routed, the template is known without matching.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderMap, USER_AGENT};
use actix_web::{Error, HttpMessage};
use opentelemetry::propagation::Extractor;
use opentelemetry::trace::TraceContextExt;
use tracing::field::{display, Empty};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder};
use tracing_opentelemetry::OpenTelemetrySpanExt;

pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let method = request.method().as_str();
        let request_id = request.extensions().get::<RequestId>().map(|id| id.to_string()).unwrap_or_default();
        let user_agent = request.headers().get(USER_AGENT).and_then(|h| h.to_str().ok()).unwrap_or("");
        let target = request.uri().path_and_query().map_or("", |p| p.as_str());
        let info = request.connection_info();
        let span = tracing::info_span!(
            "HTTP request",
            http.method = %method,
            http.route = Empty,
            http.flavor = ?request.version(),
            http.scheme = %info.scheme(),
            http.host = %info.host(),
            http.client_ip = %info.realip_remote_addr().unwrap_or(""),
            http.user_agent = %user_agent,
            http.target = %target,
            http.status_code = Empty,
            otel.name = %method,
            otel.kind = "server",
            otel.status_code = Empty,
            trace_id = Empty,
            request_id = %request_id,
            exception.message = Empty,
            exception.details = Empty,
        );
        drop(info);
        // Continue the caller's trace (W3C `traceparent`), or start one.
        let parent = opentelemetry::global::get_text_map_propagator(|p| p.extract(&Headers(request.headers())));
        let _ = span.set_parent(parent);
        let trace_id = span.context().span().span_context().trace_id();
        span.record("trace_id", display(format_args!("{trace_id:032x}")));
        span
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        if let Ok(response) = outcome {
            let request = response.request();
            if let Some(route) = request.match_pattern() {
                span.record("otel.name", display(format_args!("{} {route}", request.method())));
                span.record("http.route", display(route));
            }
        }
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

/// The request's headers, as OpenTelemetry's propagator reads them.
struct Headers<'a>(&'a HeaderMap);

impl Extractor for Headers<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|v| v.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(|k| k.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::{test, web, App, HttpResponse};
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};
    use tracing::field::{Field, Visit};
    use tracing_subscriber::layer::{Context, SubscriberExt};
    use tracing_subscriber::Layer;

    /// Every field value given to a span, by name (the last one wins).
    #[derive(Clone, Default)]
    struct Fields(Arc<Mutex<HashMap<String, String>>>);

    impl Visit for Fields {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            self.0.lock().unwrap().insert(field.name().to_string(), format!("{value:?}"));
        }
        fn record_str(&mut self, field: &Field, value: &str) {
            self.0.lock().unwrap().insert(field.name().to_string(), value.to_string());
        }
    }

    impl<S: tracing::Subscriber> Layer<S> for Fields {
        fn on_new_span(&self, attrs: &tracing::span::Attributes<'_>, _: &tracing::span::Id, _: Context<'_, S>) {
            attrs.record(&mut self.clone());
        }
        fn on_record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>, _: Context<'_, S>) {
            values.record(&mut self.clone());
        }
    }

    #[actix_web::test]
    async fn the_span_names_the_route_template_and_continues_the_callers_trace() {
        opentelemetry::global::set_text_map_propagator(opentelemetry_sdk::propagation::TraceContextPropagator::new());
        let fields = Fields::default();
        let tracer = opentelemetry::trace::TracerProvider::tracer(
            &opentelemetry_sdk::trace::SdkTracerProvider::builder().build(),
            "test",
        );
        let subscriber = tracing_subscriber::registry()
            .with(tracing_opentelemetry::layer().with_tracer(tracer))
            .with(fields.clone());
        let _guard = tracing::subscriber::set_default(subscriber);

        let app = App::new()
            .wrap(tracing_actix_web::TracingLogger::<RequestSpan>::new())
            .route("/v1/things/{id}", web::get().to(HttpResponse::Ok));
        let app = test::init_service(app).await;
        let req = test::TestRequest::get()
            .uri("/v1/things/42?x=1")
            .insert_header(("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
            .to_request();
        assert!(test::call_service(&app, req).await.status().is_success());

        let seen = fields.0.lock().unwrap().clone();
        assert_eq!(seen["http.route"], "/v1/things/{id}");
        assert_eq!(seen["otel.name"], "GET /v1/things/{id}");
        assert_eq!(seen["http.target"], "/v1/things/42?x=1");
        assert_eq!(seen["http.status_code"], "200");
        assert_eq!(seen["trace_id"], "4bf92f3577b34da6a3ce929d0e0e4736");
    }
}
