//! The HTTP API: [`app`] builds the router from an [`AppState`].
//!
//! [`routes`] holds the API's one list of routes, from which both the
//! router and the OpenAPI spec are built.
//!
//! Searches run on blocking threads against the engine's reader and never
//! wait for writes; writes (`POST`/`DELETE /documents`) are serialised by
//! [`AppState::writer`] and answer only after their commit.

pub mod auth;
pub mod body;
pub mod documents;
pub mod error;
pub mod listen;
pub mod page;
pub mod search;
pub mod status;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, Method};
use axum::middleware::{from_fn, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use search_core::Engine;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::cors::CorsLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tower_http::LatencyUnit;
use tracing::Level;

pub use auth::ApiKey;
use error::{ApiError, Code};
use utoipa::OpenApi;
use utoipa_axum::router::UtoipaMethodRouter;
use utoipa_axum::routes;

use crate::openapi::ApiDoc;

/// Default cap on request bodies: 16 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 << 20;
/// Default time a request may take before a 408.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default number of requests handled at once; more wait their turn.
pub const DEFAULT_CONCURRENCY: usize = 256;

/// The server's settings.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Key needed for writes (and, with `protect_search`, reads).
    pub api_key: Option<ApiKey>,
    /// Whether search, document reads and stats need the key too.
    pub protect_search: bool,
    /// Largest request body accepted; larger ones get a 413.
    pub max_body_bytes: usize,
    /// Time a request may take before a 408.
    pub timeout: Duration,
    /// Requests handled at once.
    pub concurrency: usize,
    /// Searches run at once; more wait their turn, first come first served,
    /// without holding a thread. By default 4 per core (see
    /// [`default_search_threads`]).
    pub search_threads: usize,
    /// Origin allowed by CORS; none (CORS off) by default.
    pub cors_origin: Option<HeaderValue>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            api_key: None,
            protect_search: false,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            timeout: DEFAULT_TIMEOUT,
            concurrency: DEFAULT_CONCURRENCY,
            search_threads: default_search_threads(),
            cors_origin: None,
        }
    }
}

/// Searches run at once by default: 4 per core.
///
/// A search is CPU work on one thread, so a few per core keep the cores
/// busy between one search and the next, and more only share the cores:
/// each thread adds its stack and allocator caches, and the tail grows.
/// Under the harness's `load` mode on 2 cores (32 clients and a writer,
/// one run each unless a range is given), 2 / 4 / 8 / 16 threads and
/// unbounded (a thread per search in flight, as before) served 2,423–2,542
/// / 3,479 / 3,527–4,042 / 3,650 / 3,205–3,940 searches a second with p99
/// 20.2–20.6 / 14.6 / 16.9–20.3 / 23.1 / 21.7–28.4 ms. Unbounded, the heap
/// sat at 160–180 MB against 110–130 MB at 8 threads, and its floor once
/// rose 17.5 MB in the measured minute.
///
/// ```
/// assert!(search_server::http::default_search_threads() >= 1);
/// ```
pub fn default_search_threads() -> usize {
    4 * std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// What every handler shares.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The engine.
    pub engine: Arc<Engine>,
    /// Held by writers from their first change to their commit.
    pub writer: Arc<tokio::sync::Mutex<()>>,
    /// The settings.
    pub config: Arc<HttpConfig>,
    /// One permit per search allowed to run (`HttpConfig::search_threads`).
    pub searches: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// State over `engine` with `config`.
    pub fn new(engine: Arc<Engine>, config: HttpConfig) -> Self {
        AppState {
            engine,
            writer: Arc::new(tokio::sync::Mutex::new(())),
            searches: Arc::new(tokio::sync::Semaphore::new(config.search_threads.max(1))),
            config: Arc::new(config),
        }
    }
}

/// Every route of the API from one list: each handler's `#[utoipa::path]`
/// gives its method and path to the router and its operation to the spec
/// (with the schemas it names). Who may call a route is in the handler's
/// signature ([`auth::Read`], [`auth::Write`]).
///
/// ```
/// let (_router, spec) = search_server::http::routes();
/// assert!(spec.paths.paths.contains_key("/documents/{id}"));
/// ```
pub fn routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    Api::new()
        .add(routes!(search::get_search, search::post_search))
        .add(routes!(documents::add))
        .add(routes!(documents::get, documents::remove))
        .add(routes!(status::stats))
        .add(routes!(status::health))
        .finish()
}

/// The router and the spec, built together.
struct Api {
    router: Router<AppState>,
    spec: utoipa::openapi::OpenApi,
}

impl Api {
    fn new() -> Self {
        Api {
            router: Router::new(),
            spec: ApiDoc::openapi(),
        }
    }

    /// Adds one path's handlers. A path's last parameter takes the rest of
    /// the path in the router, so ids may hold `/` as written or as `%2F`.
    fn add(mut self, (schemas, paths, handlers): UtoipaMethodRouter<AppState>) -> Self {
        for (path, item) in paths.paths {
            self.router = self.router.route(&rest_of_path(&path), handlers.clone());
            match self.spec.paths.paths.get_mut(&path) {
                Some(existing) => existing.merge_operations(item),
                None => {
                    self.spec.paths.paths.insert(path, item);
                }
            }
        }
        self.spec
            .components
            .get_or_insert_with(Default::default)
            .schemas
            .extend(schemas);
        self
    }

    fn finish(self) -> (Router<AppState>, utoipa::openapi::OpenApi) {
        (self.router, self.spec)
    }
}

/// An OpenAPI path as an axum route whose last `{parameter}`, when it ends
/// the path, is a catch-all: `/documents/{id}` → `/documents/{*id}`.
fn rest_of_path(path: &str) -> String {
    match path.rsplit_once("/{") {
        Some((head, last)) if last.ends_with('}') && !last.contains('/') => {
            format!("{head}/{{*{last}")
        }
        _ => path.to_string(),
    }
}

/// The application: every route, the search page and the spec, error
/// handling, limits and logging.
pub fn app(state: AppState) -> Router {
    let config = state.config.clone();
    let max_body_bytes = config.max_body_bytes;
    let (api, spec) = routes();
    // Serialised once, as this server is configured: it does not change
    // while the server runs.
    let spec = crate::openapi::for_config(spec, &config);
    let spec = axum::body::Bytes::from(serde_json::to_vec(&spec).unwrap_or_default());
    let router = api
        .route("/", get(page::index))
        .route(
            "/openapi.json",
            get(move || async move {
                (
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    spec,
                )
            }),
        )
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(from_fn(move |request, next| {
            refuse_announced_oversize(max_body_bytes, request, next)
        }))
        .with_state(state);
    let router = match &config.cors_origin {
        Some(origin) => router.layer(
            CorsLayer::new()
                .allow_origin(origin.clone())
                .allow_methods([Method::GET, Method::POST, Method::DELETE])
                .allow_headers([
                    axum::http::header::CONTENT_TYPE,
                    axum::http::header::AUTHORIZATION,
                ]),
        ),
        None => router,
    };
    // Outermost last: log everything, including timeouts and requests
    // waiting for a slot; time out waiting too.
    let timeout = config.timeout;
    router
        .layer(GlobalConcurrencyLimitLayer::new(config.concurrency.max(1)))
        .layer(from_fn(move |request, next| {
            time_limit(timeout, request, next)
        }))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Micros),
                ),
        )
}

/// Answers a request that takes longer than `limit` (waiting for a slot
/// included) with a 408 `request_timeout`, in JSON like every other error.
/// A write that has reached the engine still finishes and commits.
async fn time_limit(limit: Duration, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            Code::RequestTimeout,
            format!(
                "the request took longer than {} s (see --timeout-secs)",
                limit.as_secs_f64()
            ),
        )
        .into_response(),
    }
}

/// Answers 413 at once when the `Content-Length` is over the limit, before
/// any of the body is read; a body without one is cut at the limit as it
/// arrives.
async fn refuse_announced_oversize(limit: usize, request: Request, next: Next) -> Response {
    let announced = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match announced {
        Some(length) if length > limit as u64 => ApiError::body_too_large().into_response(),
        _ => next.run(request).await,
    }
}
