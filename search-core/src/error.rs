//! The crate's error types.
//!
//! An [`Error`] is either the caller's mistake, a [`UserError`] (a bad
//! document, request, query, file or directory: a 4xx over HTTP, with a
//! message that says what and where), or an [`InternalError`] (the disk, the
//! index or this code failed: a 5xx, logged). The two are separate types, so
//! a server maps every user error to a status by an exhaustive `match`: a new
//! variant cannot silently become a 500.
//!
//! ```
//! use search_core::{Error, UserError};
//! let err: Error = UserError::DocumentNotFound("a1".into()).into();
//! assert!(err.is_user_error());
//! assert_eq!(err.to_string(), "no document with id \"a1\"");
//! ```

use std::fmt;
use std::path::PathBuf;

/// A `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in search-core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The caller's mistake: fix the input and try again.
    #[error(transparent)]
    User(#[from] UserError),
    /// A failure of the disk, the index or this code.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

/// Mistakes of the caller: what they sent, asked for or pointed at.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
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
    InvalidParameter {
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
    /// Input that should be JSON is not.
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    /// Input that should be UTF-8 text is not.
    #[error("invalid UTF-8 at byte {0}")]
    InvalidUtf8(usize),
    /// One record of a batch (a line of JSONL, an element of an array) is
    /// wrong; `error` says how.
    #[error("{at}: {error}")]
    Record {
        /// Which record.
        at: Record,
        /// What is wrong with it.
        error: Box<UserError>,
    },
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
    /// A file or directory the caller named cannot be read.
    #[error("{}: {source}", path.display())]
    Unreadable {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A line of a user dictionary or synonyms list is malformed.
    #[error("{list} {origin}:{line}: {reason}")]
    BadListFile {
        /// Which kind of list: `user dictionary` or `synonyms`.
        list: &'static str,
        /// Where the list came from (a path, or a name such as `inline`).
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
}

/// Which record of a batch a [`UserError::Record`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// The 1-based line of JSONL (NDJSON) input.
    Line(usize),
    /// The 1-based element of a JSON array.
    Element(usize),
}

impl fmt::Display for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Record::Line(n) => write!(f, "line {n}"),
            Record::Element(n) => write!(f, "element {n}"),
        }
    }
}

/// Failures that are not the caller's doing.
#[derive(Debug, thiserror::Error)]
pub enum InternalError {
    /// Reading or writing one of the engine's own files failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// tantivy failed (disk full, corrupt segment...).
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The directory layer of tantivy failed to open the index.
    #[error("index directory error: {0}")]
    OpenDirectory(#[from] tantivy::directory::error::OpenDirectoryError),
    /// Something the engine wrote itself cannot be read back, or a thread
    /// or lock of the engine failed.
    #[error("internal error: {0}")]
    Bug(String),
}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Self {
        Error::Internal(InternalError::Tantivy(e))
    }
}

impl From<tantivy::directory::error::OpenDirectoryError> for Error {
    fn from(e: tantivy::directory::error::OpenDirectoryError) -> Self {
        Error::Internal(InternalError::OpenDirectory(e))
    }
}

impl Error {
    /// Whether the error is the caller's doing (bad input) rather than an
    /// internal failure.
    ///
    /// ```
    /// use search_core::{Error, InternalError};
    /// assert!(!Error::from(InternalError::Bug("x".into())).is_user_error());
    /// ```
    pub fn is_user_error(&self) -> bool {
        matches!(self, Error::User(_))
    }

    /// The user error, if it is one.
    ///
    /// ```
    /// use search_core::{Error, UserError};
    /// let err = Error::from(UserError::ReadOnly);
    /// assert!(matches!(err.user(), Some(UserError::ReadOnly)));
    /// ```
    pub fn user(&self) -> Option<&UserError> {
        match self {
            Error::User(e) => Some(e),
            Error::Internal(_) => None,
        }
    }

    pub(crate) fn invalid_parameter(parameter: &str, reason: impl Into<String>) -> Self {
        UserError::InvalidParameter {
            parameter: parameter.to_string(),
            reason: reason.into(),
        }
        .into()
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        InternalError::Io {
            path: path.into(),
            source,
        }
        .into()
    }

    pub(crate) fn unreadable(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        UserError::Unreadable {
            path: path.into(),
            source,
        }
        .into()
    }

    pub(crate) fn bug(what: impl Into<String>) -> Self {
        InternalError::Bug(what.into()).into()
    }
}

impl UserError {
    pub(crate) fn invalid_document(field: &str, reason: impl Into<String>) -> Self {
        UserError::InvalidDocument {
            field: field.to_string(),
            reason: reason.into(),
        }
    }

    /// The innermost error of a [`UserError::Record`] (itself otherwise):
    /// what kind of mistake it is, wherever it was.
    ///
    /// ```
    /// use search_core::{Record, UserError};
    /// let err = UserError::Record { at: Record::Line(3), error: Box::new(UserError::InvalidUtf8(7)) };
    /// assert!(matches!(err.kind(), UserError::InvalidUtf8(7)));
    /// assert_eq!(err.to_string(), "line 3: invalid UTF-8 at byte 7");
    /// ```
    pub fn kind(&self) -> &UserError {
        match self {
            UserError::Record { error, .. } => error.kind(),
            other => other,
        }
    }
}
