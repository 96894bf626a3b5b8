//! In-process HTTP helpers shared by the reliability tests: an app over an
//! in-memory engine, requests through `tower::ServiceExt::oneshot`, and
//! bounded waits.

#![allow(dead_code)] // each test file uses a different part

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use search_core::{Engine, EngineConfig};
use search_server::{app, AppState, HttpConfig};
use serde_json::Value;
use tower::ServiceExt;

/// Longest any one in-process request may take before the test fails.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(120);

/// Engine settings small enough for many engines in one test process.
pub fn engine_config() -> EngineConfig {
    EngineConfig {
        writer_threads: 1,
        writer_memory_per_thread: 15 << 20,
        ..EngineConfig::default()
    }
}

/// An app over an empty in-memory engine.
pub fn server(config: HttpConfig) -> (Router, Arc<Engine>) {
    let engine = Arc::new(Engine::in_memory(engine_config()).unwrap());
    (app(AppState::new(engine.clone(), config)), engine)
}

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// The `error.code` of an error answer (panics on a non-JSON answer).
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn message(&self) -> String {
        self.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Asserts an error answer: status, code, and words the message must hold.
    pub fn assert_error(&self, status: u16, code: &str, mentions: &[&str]) {
        assert_eq!(self.status.as_u16(), status, "{}", self.text);
        assert_eq!(self.code(), code, "{}", self.text);
        let message = self.message();
        for word in mentions {
            assert!(
                message.contains(word),
                "{message:?} does not mention {word:?}"
            );
        }
    }
}

/// Sends `request` and reads the answer, failing the test after
/// [`REQUEST_DEADLINE`].
pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let what = format!("{} {}", request.method(), request.uri());
    let exchange = async {
        let response = app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        Reply {
            status,
            headers,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    };
    tokio::time::timeout(REQUEST_DEADLINE, exchange)
        .await
        .unwrap_or_else(|_| panic!("{what} took over {REQUEST_DEADLINE:?}"))
}

/// A request with a body and, optionally, an API key.
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
    builder.body(body.into()).unwrap()
}

pub async fn get(app: &Router, uri: &str) -> Reply {
    send(app, request(Method::GET, uri, Body::empty(), None)).await
}

pub async fn post(app: &Router, uri: &str, body: impl Into<Body>) -> Reply {
    send(app, request(Method::POST, uri, body, None)).await
}

pub async fn delete(app: &Router, uri: &str) -> Reply {
    send(app, request(Method::DELETE, uri, Body::empty(), None)).await
}

/// Percent-encodes a URL component.
pub fn enc(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The ids of a search answer's hits.
pub fn hit_ids(reply: &Reply) -> Vec<String> {
    reply.json()["hits"]
        .as_array()
        .map(|hits| {
            hits.iter()
                .filter_map(|h| h["id"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}
