//! The one HTTP client of the tests, benchmarks and reliability modes:
//! hyper's pooled HTTP/1.1 client, with a bound on every exchange.
//!
//! [`AsyncClient`] serves load generators that keep many requests in flight
//! on one tokio thread (the harness's `http` and `load` modes); [`Client`]
//! wraps it in a current-thread runtime for code that waits for each answer
//! (integration tests, the crash driver, the browser test's WebDriver
//! calls). Both send a [`Request`] and read the answer whole: an answer cut
//! short (a server killed mid-reply) is an error, never a partial body.
//!
//! ```no_run
//! # fn main() -> test_kit::Result<()> {
//! use test_kit::{encode, Client, Request};
//! let http = Client::new()?;
//! let found = http.get(format!("http://127.0.0.1:7700/search?q={}", encode("云计算")))?;
//! let added = http.send(
//!     &Request::post("http://127.0.0.1:7700/documents")
//!         .header("Authorization", "Bearer k")
//!         .json(&serde_json::json!([{"id": "a", "title": "t"}])),
//! )?;
//! println!("{} {}", found.status, added.status);
//! # Ok(())
//! # }
//! ```

use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::Method;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::{Error, Reply, Result};

/// The status of an answer (hyper's, which axum shares).
pub use hyper::StatusCode;

/// Longest one exchange may take unless the client says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Percent-encodes a path segment or query value (everything but ASCII
/// letters and digits).
pub fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// A request to send: method, URL, headers, body. Cheap to clone and to
/// send again.
#[derive(Debug, Clone)]
pub struct Request {
    method: Method,
    url: String,
    headers: Vec<(String, String)>,
    body: Bytes,
}

impl Request {
    /// A request without headers or body.
    pub fn new(method: Method, url: impl Into<String>) -> Request {
        Request {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    /// A `GET`.
    pub fn get(url: impl Into<String>) -> Request {
        Request::new(Method::GET, url)
    }

    /// A `POST` (add a body with [`Request::body`] or [`Request::json`]).
    pub fn post(url: impl Into<String>) -> Request {
        Request::new(Method::POST, url)
    }

    /// A `DELETE`.
    pub fn delete(url: impl Into<String>) -> Request {
        Request::new(Method::DELETE, url)
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Request {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// Sets the body, as is.
    pub fn body(mut self, body: impl Into<Bytes>) -> Request {
        self.body = body.into();
        self
    }

    /// Sets a JSON body and `Content-Type: application/json`.
    pub fn json(self, value: &serde_json::Value) -> Request {
        self.header("Content-Type", "application/json")
            .body(value.to_string())
    }

    /// The URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    fn build(&self) -> Result<hyper::Request<Full<Bytes>>> {
        let mut builder = hyper::Request::builder()
            .method(self.method.clone())
            .uri(&self.url);
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        builder
            .body(Full::new(self.body.clone()))
            .map_err(|e| Error::BadRequest {
                url: self.url.clone(),
                reason: e.to_string(),
            })
    }

    fn failed(&self, e: &dyn std::error::Error) -> Error {
        // hyper's errors say the most in their sources ("connection
        // refused", "connection closed before message completed").
        let mut reason = e.to_string();
        let mut source = e.source();
        while let Some(s) = source {
            reason = format!("{reason}: {s}");
            source = s.source();
        }
        Error::Http {
            method: self.method.to_string(),
            url: self.url.clone(),
            reason,
        }
    }

    fn timed_out(&self, limit: Duration) -> Error {
        Error::Timeout {
            method: self.method.to_string(),
            url: self.url.clone(),
            limit,
        }
    }
}

/// The asynchronous client: keep-alive connections, pooled, shared by
/// clones; every exchange bounded in time. Needs a tokio runtime with time
/// enabled.
#[derive(Clone, Debug)]
pub struct AsyncClient {
    inner: hyper_util::client::legacy::Client<HttpConnector, Full<Bytes>>,
    timeout: Duration,
}

impl AsyncClient {
    /// A client whose exchanges each take at most `timeout`.
    pub fn new(timeout: Duration) -> AsyncClient {
        let inner = hyper_util::client::legacy::Client::builder(TokioExecutor::new())
            .pool_max_idle_per_host(64)
            .pool_idle_timeout(Duration::from_secs(30))
            .build_http();
        AsyncClient { inner, timeout }
    }

    /// Sends `request` and reads the whole answer.
    pub async fn send(&self, request: &Request) -> Result<Reply> {
        let (parts, body) = self.exchange(request).await?;
        Ok(Reply {
            status: parts.status,
            headers: parts.headers,
            text: String::from_utf8_lossy(&body).into_owned(),
        })
    }

    /// Sends `request`, reads the whole answer and keeps only its status
    /// (for load generators, which need not decode bodies).
    pub async fn status(&self, request: &Request) -> Result<StatusCode> {
        Ok(self.exchange(request).await?.0.status)
    }

    /// One bounded exchange: the answer's head and its whole body.
    async fn exchange(&self, request: &Request) -> Result<(hyper::http::response::Parts, Bytes)> {
        let exchange = async {
            let response = self
                .inner
                .request(request.build()?)
                .await
                .map_err(|e| request.failed(&e))?;
            let (parts, body) = response.into_parts();
            let body = body
                .collect()
                .await
                .map_err(|e| request.failed(&e))?
                .to_bytes();
            Ok((parts, body))
        };
        tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| request.timed_out(self.timeout))?
    }
}

/// The blocking client: [`AsyncClient`] on its own current-thread runtime.
/// Not for use inside an async context (it would block the runtime).
#[derive(Debug)]
pub struct Client {
    runtime: tokio::runtime::Runtime,
    inner: AsyncClient,
}

impl Client {
    /// A client whose exchanges each take at most [`DEFAULT_TIMEOUT`].
    pub fn new() -> Result<Client> {
        Client::with_timeout(DEFAULT_TIMEOUT)
    }

    /// A client whose exchanges each take at most `timeout`.
    pub fn with_timeout(timeout: Duration) -> Result<Client> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::io("starting a tokio runtime", e))?;
        Ok(Client {
            runtime,
            inner: AsyncClient::new(timeout),
        })
    }

    /// Sends `request` and reads the whole answer.
    pub fn send(&self, request: &Request) -> Result<Reply> {
        self.runtime.block_on(self.inner.send(request))
    }

    /// `GET url`.
    pub fn get(&self, url: impl Into<String>) -> Result<Reply> {
        self.send(&Request::get(url))
    }

    /// `DELETE url`.
    pub fn delete(&self, url: impl Into<String>) -> Result<Reply> {
        self.send(&Request::delete(url))
    }

    /// `POST url` with a JSON body.
    pub fn post_json(&self, url: impl Into<String>, body: &serde_json::Value) -> Result<Reply> {
        self.send(&Request::post(url).json(body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_everything_but_letters_and_digits() {
        assert_eq!(encode("a b/云"), "a%20b%2F%E4%BA%91");
    }

    #[test]
    fn a_refused_connection_is_an_error_naming_the_request() {
        // Bind and drop, so the port is (almost surely) closed.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let http = Client::with_timeout(Duration::from_secs(5)).unwrap();
        let e = http.get(format!("http://127.0.0.1:{port}/x")).unwrap_err();
        assert!(matches!(e, Error::Http { .. }), "{e}");
        assert!(e.to_string().contains("GET http://127.0.0.1"), "{e}");
        let e = http.get("not a url").unwrap_err();
        assert!(matches!(e, Error::BadRequest { .. }), "{e}");
    }
}
