//! The kit's error type.

use std::path::PathBuf;
use std::time::Duration;

/// What can go wrong in the kit.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written, or a process not spawned.
    #[error("{what}: {source}")]
    Io {
        /// What was being done, e.g. the file's path.
        what: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A line of a JSON or JSON Lines file, or an answer, is not valid JSON.
    #[error("{what}: {source}")]
    Json {
        /// Where the JSON came from (`path:line`, a request).
        what: String,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
    /// search-core refused a document or failed.
    #[error(transparent)]
    Core(#[from] search_core::Error),
    /// The baseline's tantivy index failed.
    #[cfg(feature = "baseline")]
    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),
    /// The server exited, or stayed silent, before printing `listening on`.
    #[error("the server did not start: {reason}; log:\n{log}")]
    NotListening {
        /// What happened instead.
        reason: String,
        /// What the server wrote meanwhile.
        log: String,
    },
    /// A process did not exit within its bound.
    #[error("{what} did not exit within {limit:?}")]
    NoExit {
        /// The process, or the command line.
        what: String,
        /// The bound.
        limit: Duration,
    },
    /// A URL or a header could not be made into a request.
    #[error("bad request {url:?}: {reason}")]
    BadRequest {
        /// The URL.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// No answer, or an answer cut short (the server died, the connection
    /// broke).
    #[error("{method} {url}: {reason}")]
    Http {
        /// The request's method.
        method: String,
        /// The request's URL.
        url: String,
        /// What failed.
        reason: String,
    },
    /// No whole answer within the client's bound.
    #[error("{method} {url}: no answer within {limit:?}")]
    Timeout {
        /// The request's method.
        method: String,
        /// The request's URL.
        url: String,
        /// The bound.
        limit: Duration,
    },
    /// A thread of the kit's own panicked (a crash-driver writer).
    #[error("{0} panicked")]
    Panicked(&'static str),
    /// A test collection has no `corpus.jsonl` where one was required.
    #[error("no test collection at {0}")]
    NoCollection(PathBuf),
}

impl Error {
    /// An [`Error::Io`] saying what was being done.
    pub fn io(what: impl std::fmt::Display, source: std::io::Error) -> Error {
        Error::Io {
            what: what.to_string(),
            source,
        }
    }
}

/// The kit's `Result`.
pub type Result<T, E = Error> = std::result::Result<T, E>;
