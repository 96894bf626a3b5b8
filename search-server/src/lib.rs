//! search-server: the CLI and HTTP layer over [`search_core`].
//!
//! It holds no analysis or ranking logic of its own. The HTTP API is built by
//! [`http::app`] from an [`http::AppState`] (an [`search_core::Engine`] in an
//! `Arc` plus the server's settings), so tests can drive it in-process with
//! `tower::ServiceExt::oneshot`; the binary (`src/main.rs`) adds the command
//! line, the socket, logging and graceful shutdown.
//!
//! - [`http`]: routes, JSON errors, API-key checks, the search page.
//! - [`corpus`]: the bundled sample articles indexed into an empty index.
//! - [`openapi`]: the OpenAPI document served at `/openapi.json`.
//! - [`terminal`]: rendering highlighted HTML snippets for a terminal.
//! - [`error`]: this crate's error type.

#![warn(missing_docs)]

pub mod corpus;
pub mod error;
pub mod http;
pub mod openapi;
pub mod terminal;

pub use error::{Error, Result};
pub use http::{app, AppState, HttpConfig};
