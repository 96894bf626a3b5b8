//! The HTTP API in-process: the app over an in-memory engine, requests
//! through `tower::ServiceExt::oneshot`, each bounded in time (axum's
//! testing pattern). The answers are [`Reply`]s, as over a socket.
//!
//! These helpers are assertions: a request that cannot be built, a body
//! that cannot be read or an answer that takes over [`REQUEST_DEADLINE`]
//! fails the test with a message naming the request.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use test_kit::inproc::{get, server};
//! let (app, _engine) = server(search_server::HttpConfig::default());
//! assert_eq!(get(&app, "/health").await.status, 200);
//! # }
//! ```

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, Request};
use axum::Router;
use search_core::{Engine, EngineConfig};
use search_server::{app, AppState, HttpConfig};
use tower::ServiceExt;

pub use crate::client::encode as enc;
use crate::Reply;

/// Longest any one in-process request may take before the test fails.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(120);

/// Engine settings small enough for many engines in one test process.
pub fn engine_config() -> EngineConfig {
    crate::small_engine_config()
}

/// An app over an empty in-memory engine, and the engine.
pub fn server(config: HttpConfig) -> (Router, Arc<Engine>) {
    // ok: an in-memory engine touches no disk and no user input; a test
    // cannot go on without it.
    let engine = Arc::new(Engine::in_memory(engine_config()).expect("an in-memory engine")); // ok: test plumbing, a broken setup fails the test
    (app(AppState::new(engine.clone(), config)), engine)
}

/// Sends `request` and reads the answer, failing the test after
/// [`REQUEST_DEADLINE`].
pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let what = format!("{} {}", request.method(), request.uri());
    let exchange = async {
        let response = match app.clone().oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        };
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX)
            .await
            .unwrap_or_else(|e| panic!("{what}: reading the body: {e}"));
        Reply {
            status: parts.status,
            headers: parts.headers,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    };
    tokio::time::timeout(REQUEST_DEADLINE, exchange)
        .await
        .unwrap_or_else(|_| panic!("{what} took over {REQUEST_DEADLINE:?}"))
}

/// A request with a JSON content type, a body and, optionally, an API key
/// (as `Authorization: Bearer KEY`).
pub fn request(
    method: Method,
    uri: &str,
    body: impl Into<Body>,
    key: Option<&str>,
) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(key) = key {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {key}"));
    }
    builder
        .body(body.into())
        .unwrap_or_else(|e| panic!("a request for {uri:?}: {e}"))
}

/// `GET uri`.
pub async fn get(app: &Router, uri: &str) -> Reply {
    send(app, request(Method::GET, uri, Body::empty(), None)).await
}

/// `POST uri` with `body`.
pub async fn post(app: &Router, uri: &str, body: impl Into<Body>) -> Reply {
    send(app, request(Method::POST, uri, body, None)).await
}

/// `DELETE uri`.
pub async fn delete(app: &Router, uri: &str) -> Reply {
    send(app, request(Method::DELETE, uri, Body::empty(), None)).await
}

/// The ids of a search answer's hits.
pub fn hit_ids(reply: &Reply) -> Vec<String> {
    reply.hit_ids()
}
