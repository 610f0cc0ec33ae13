//! Logs and traces. Logs are structured (`MODAL_LOG_FORMAT=json` for one JSON object
//! per line); traces go to an OTLP/HTTP collector when `OTEL_EXPORTER_OTLP_ENDPOINT`
//! is set and nowhere otherwise. W3C trace context is always read from incoming
//! requests and written on outgoing ones, so trace ids link services even when no
//! collector is configured.

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SdkTracerProvider;
use opentelemetry_sdk::Resource;
use std::sync::OnceLock;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

static PROVIDER: OnceLock<SdkTracerProvider> = OnceLock::new();

/// Installs logging and tracing for this process (once; later calls do nothing).
pub fn init(service_name: &str) {
    init_with(service_name, "info,actix_server=warn,diesel_migrations=warn", false);
}

/// As [`init`], with the log filter used when `RUST_LOG` is unset, and logs sent
/// through the test harness's capture when `for_tests`.
pub fn init_with(service_name: &str, default_filter: &str, for_tests: bool) {
    if PROVIDER.get().is_some() {
        return;
    }
    opentelemetry::global::set_text_map_propagator(TraceContextPropagator::new());
    let mut builder = SdkTracerProvider::builder()
        .with_resource(Resource::builder().with_service_name(service_name.to_string()).build());
    let otlp = std::env::var("OTEL_EXPORTER_OTLP_ENDPOINT").ok().filter(|v| !v.is_empty());
    if otlp.is_some() {
        // The blocking HTTP client: the batch processor runs on its own thread,
        // where the async client would panic for want of a Tokio reactor.
        match opentelemetry_otlp::SpanExporter::builder().with_http().build() {
            Ok(exporter) => builder = builder.with_batch_exporter(exporter),
            Err(e) => eprintln!("OTLP exporter not started: {e}"),
        }
    }
    let provider = builder.build();
    let tracer = provider.tracer(service_name.to_string());
    opentelemetry::global::set_tracer_provider(provider.clone());

    // Spans at INFO and above always reach OpenTelemetry (trace ids must carry
    // across services whatever the log level); `RUST_LOG` filters the log lines only.
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let otel = tracing_opentelemetry::layer().with_tracer(tracer).with_filter(LevelFilter::INFO);
    let json = std::env::var("MODAL_LOG_FORMAT").is_ok_and(|f| f == "json");
    let registry = tracing_subscriber::registry().with(otel);
    let installed = if for_tests {
        registry.with(tracing_subscriber::fmt::layer().compact().with_test_writer().with_filter(filter)).try_init()
    } else if json {
        registry.with(tracing_subscriber::fmt::layer().json().flatten_event(true).with_filter(filter)).try_init()
    } else {
        registry.with(tracing_subscriber::fmt::layer().compact().with_filter(filter)).try_init()
    };
    if installed.is_ok() {
        let _ = PROVIDER.set(provider);
    }
}

/// Flushes pending spans; call after the servers stop.
pub fn shutdown() {
    if let Some(provider) = PROVIDER.get() {
        let _ = provider.shutdown();
    }
}
