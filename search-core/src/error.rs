//! The crate's error type.
//!
//! Errors are either the user's (a bad document, request, query or file: a
//! 4xx over HTTP, with a stable [`Error::code`]) or internal (the disk or the
//! index failed: a 5xx, logged). [`Error::is_user_error`] tells which.

use std::path::PathBuf;

/// A `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in search-core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A document is not valid: a missing id, a field of the wrong type, a
    /// bad date. `field` names the offending field.
    #[error("invalid document: {field}: {reason}")]
    InvalidDocument {
        /// The field at fault (`id`, `published`, ...), or `document`.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A search request is not valid (a limit over the maximum, a bad date
    /// range, an unknown facet). `parameter` names the offending parameter.
    #[error("invalid parameter {parameter}: {reason}")]
    InvalidRequest {
        /// The parameter at fault.
        parameter: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The query text is longer than [`crate::MAX_QUERY_CHARS`].
    #[error("query is {chars} characters long; the limit is {limit}")]
    QueryTooLong {
        /// The query's length in characters.
        chars: usize,
        /// The limit.
        limit: usize,
    },
    /// No document has this id.
    #[error("no document with id {0:?}")]
    DocumentNotFound(String),
    /// A line or file being ingested could not be read as a document.
    #[error("{}:{line}: {reason}", path.display())]
    Ingest {
        /// The file.
        path: PathBuf,
        /// The 1-based line (0 for the whole file).
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// A user dictionary line is malformed.
    #[error("user dictionary {origin}:{line}: {reason}")]
    UserDictionary {
        /// Where the dictionary came from (a path, or `inline`).
        origin: String,
        /// The 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The index directory holds an index written with another schema or
    /// analyzer, which this build cannot read correctly.
    #[error("index at {} is incompatible: {reason}; rebuild it (delete the directory and index again)", path.display())]
    IncompatibleIndex {
        /// The index directory.
        path: PathBuf,
        /// What differs.
        reason: String,
    },
    /// Another process (or engine) holds the index's writer lock.
    #[error("index at {} is in use by another process (a running server?); open it read-only or stop that process", .0.display())]
    IndexLocked(PathBuf),
    /// The directory holds no index to open read-only.
    #[error("no index at {}", .0.display())]
    NoIndex(PathBuf),
    /// A write on an engine opened read-only.
    #[error("this engine was opened read-only")]
    ReadOnly,
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// tantivy failed (disk full, corrupt segment, lock held by another
    /// process...).
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The directory layer of tantivy failed to open the index.
    #[error("index directory error: {0}")]
    OpenDirectory(#[from] tantivy::directory::error::OpenDirectoryError),
    /// A lock was poisoned by a panic in another thread.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// Whether the error is the caller's doing (bad input) rather than an
    /// internal failure.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::InvalidDocument { .. }
                | Error::InvalidRequest { .. }
                | Error::QueryTooLong { .. }
                | Error::DocumentNotFound(_)
                | Error::Ingest { .. }
                | Error::UserDictionary { .. }
        )
    }

    /// A stable machine-readable code for the error.
    ///
    /// ```
    /// use search_core::Error;
    /// assert_eq!(Error::DocumentNotFound("x".into()).code(), "document_not_found");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidDocument { .. } => "invalid_document",
            Error::InvalidRequest { .. } => "invalid_parameter",
            Error::QueryTooLong { .. } => "query_too_long",
            Error::DocumentNotFound(_) => "document_not_found",
            Error::Ingest { .. } => "invalid_input",
            Error::UserDictionary { .. } => "invalid_user_dictionary",
            Error::IncompatibleIndex { .. } => "incompatible_index",
            Error::IndexLocked(_) => "index_locked",
            Error::NoIndex(_) => "no_index",
            Error::ReadOnly => "read_only",
            Error::Io { .. } => "io_error",
            Error::Tantivy(_) | Error::OpenDirectory(_) => "index_error",
            Error::Internal(_) => "internal_error",
        }
    }

    pub(crate) fn invalid_document(field: &str, reason: impl Into<String>) -> Self {
        Error::InvalidDocument {
            field: field.to_string(),
            reason: reason.into(),
        }
    }

    pub(crate) fn invalid_request(parameter: &str, reason: impl Into<String>) -> Self {
        Error::InvalidRequest {
            parameter: parameter.to_string(),
            reason: reason.into(),
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
