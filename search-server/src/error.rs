//! The crate's error type for the command line and server start-up; HTTP
//! handlers turn errors into JSON with [`crate::http::error::ApiError`].

use std::path::PathBuf;

/// A `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The engine failed or refused the input.
    #[error(transparent)]
    Core(#[from] search_core::Error),
    /// A file could not be read.
    #[error("{}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The server could not listen on the address asked for.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Serving or writing output failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The bundled corpus (`index/articles.jsonl`) is broken: a build
    /// problem, not the user's. The error names the line.
    #[error("bundled corpus: {0}")]
    Corpus(search_core::UserError),
    /// There is no index where one was expected.
    #[error("no index at {}: run `search-server index PATH...` or `search-server serve` first", .0.display())]
    NoIndex(PathBuf),
    /// Another process (a running server, another `index`) holds the
    /// index's writer lock.
    #[error("the index at {} is in use by another process (a running `serve`?); stop it or use the HTTP API", .0.display())]
    Busy(PathBuf),
    /// A blocking task panicked or was cancelled.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<tokio::task::JoinError> for Error {
    fn from(e: tokio::task::JoinError) -> Self {
        Error::Internal(format!("background task failed: {e}"))
    }
}
