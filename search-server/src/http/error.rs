//! JSON errors: `{"error": {"code": "...", "message": "..."}}` with the right
//! status, for the engine's errors and for every axum rejection, so nothing a
//! client sends turns into a 500 or a plain-text answer.
//!
//! [`Code`] is the one table of error codes and their statuses; every
//! [`UserError`] of the engine maps to one by an exhaustive `match`, so a new
//! kind of user error cannot become a 500 unnoticed.

use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use search_core::UserError;
use serde::Serialize;
use utoipa::ToSchema;

/// Every error code the API answers with, and its HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// A query-string parameter or body field has a bad value (400).
    InvalidParameter,
    /// A document is not valid (400).
    InvalidDocument,
    /// A body is not the JSON it should be (400).
    MalformedJson,
    /// A body is not UTF-8 (400).
    InvalidUtf8,
    /// A body could not be read (400).
    InvalidBody,
    /// A path segment could not be decoded (400).
    InvalidPath,
    /// The query is over the length limit (400).
    QueryTooLong,
    /// A file or line of input could not be read as a document (400).
    InvalidInput,
    /// A file the request named cannot be read (400).
    UnreadableInput,
    /// A user dictionary or synonyms line is malformed (400).
    InvalidListFile,
    /// The request needs an API key and has none (401).
    Unauthorized,
    /// The API key is wrong (403).
    Forbidden,
    /// No document has this id (404).
    DocumentNotFound,
    /// No index at the path given (404).
    NoIndex,
    /// No such route (404).
    NotFound,
    /// The route does not take this method (405).
    MethodNotAllowed,
    /// The request took longer than the server allows (408).
    RequestTimeout,
    /// The index was written by another schema or analyzer (409).
    IncompatibleIndex,
    /// Another process writes to the index (409).
    IndexLocked,
    /// The engine was opened read-only (409).
    ReadOnly,
    /// The body is over the size limit (413).
    BodyTooLarge,
    /// The server failed; its log has the details (500).
    InternalError,
}

impl Code {
    /// The HTTP status this code is sent with.
    ///
    /// ```
    /// use search_server::http::error::Code;
    /// assert_eq!(Code::DocumentNotFound.status().as_u16(), 404);
    /// ```
    pub const fn status(self) -> StatusCode {
        match self {
            Code::InvalidParameter
            | Code::InvalidDocument
            | Code::MalformedJson
            | Code::InvalidUtf8
            | Code::InvalidBody
            | Code::InvalidPath
            | Code::QueryTooLong
            | Code::InvalidInput
            | Code::UnreadableInput
            | Code::InvalidListFile => StatusCode::BAD_REQUEST,
            Code::Unauthorized => StatusCode::UNAUTHORIZED,
            Code::Forbidden => StatusCode::FORBIDDEN,
            Code::DocumentNotFound | Code::NoIndex | Code::NotFound => StatusCode::NOT_FOUND,
            Code::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Code::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Code::IncompatibleIndex | Code::IndexLocked | Code::ReadOnly => StatusCode::CONFLICT,
            Code::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Code::InternalError => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The code as it is written in JSON.
    ///
    /// ```
    /// use search_server::http::error::Code;
    /// assert_eq!(Code::MalformedJson.as_str(), "malformed_json");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidParameter => "invalid_parameter",
            Code::InvalidDocument => "invalid_document",
            Code::MalformedJson => "malformed_json",
            Code::InvalidUtf8 => "invalid_utf8",
            Code::InvalidBody => "invalid_body",
            Code::InvalidPath => "invalid_path",
            Code::QueryTooLong => "query_too_long",
            Code::InvalidInput => "invalid_input",
            Code::UnreadableInput => "unreadable_input",
            Code::InvalidListFile => "invalid_list_file",
            Code::Unauthorized => "unauthorized",
            Code::Forbidden => "forbidden",
            Code::DocumentNotFound => "document_not_found",
            Code::NoIndex => "no_index",
            Code::NotFound => "not_found",
            Code::MethodNotAllowed => "method_not_allowed",
            Code::RequestTimeout => "request_timeout",
            Code::IncompatibleIndex => "incompatible_index",
            Code::IndexLocked => "index_locked",
            Code::ReadOnly => "read_only",
            Code::BodyTooLarge => "body_too_large",
            Code::InternalError => "internal_error",
        }
    }
}

impl From<&UserError> for Code {
    fn from(e: &UserError) -> Self {
        match e {
            UserError::InvalidDocument { .. } => Code::InvalidDocument,
            UserError::InvalidParameter { .. } => Code::InvalidParameter,
            UserError::QueryTooLong { .. } => Code::QueryTooLong,
            UserError::DocumentNotFound(_) => Code::DocumentNotFound,
            UserError::MalformedJson(_) => Code::MalformedJson,
            UserError::InvalidUtf8(_) => Code::InvalidUtf8,
            UserError::Record { error, .. } => Code::from(&**error),
            UserError::Ingest { .. } => Code::InvalidInput,
            UserError::Unreadable { .. } => Code::UnreadableInput,
            UserError::BadListFile { .. } => Code::InvalidListFile,
            UserError::IncompatibleIndex { .. } => Code::IncompatibleIndex,
            UserError::IndexLocked(_) => Code::IndexLocked,
            UserError::NoIndex(_) => Code::NoIndex,
            UserError::ReadOnly => Code::ReadOnly,
        }
    }
}

/// An error answer: a status, a stable machine-readable code and a message
/// that says what and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status (the code's, except where axum chose another 4xx).
    pub status: StatusCode,
    /// A stable code such as `invalid_parameter` or `document_not_found`.
    pub code: Code,
    /// A human-readable explanation naming the parameter, line or element.
    pub message: String,
}

/// The JSON body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code.
    pub code: Code,
    /// Human-readable explanation.
    pub message: String,
}

impl ApiError {
    /// An error with its code's status.
    ///
    /// ```
    /// use search_server::http::error::{ApiError, Code};
    /// let e = ApiError::new(Code::NotFound, "no such route");
    /// assert_eq!(e.status.as_u16(), 404);
    /// ```
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        ApiError {
            status: code.status(),
            code,
            message: message.into(),
        }
    }

    /// A 400 naming the parameter at fault.
    pub fn invalid_parameter(parameter: &str, reason: impl std::fmt::Display) -> Self {
        ApiError::new(
            Code::InvalidParameter,
            format!("invalid parameter {parameter}: {reason}"),
        )
    }

    /// A 413: the body is over `--max-body-bytes`.
    pub fn body_too_large() -> Self {
        ApiError::new(
            Code::BodyTooLarge,
            "request body is over the server's limit (see --max-body-bytes)",
        )
    }

    /// A 500; the cause is logged here and not shown to the client.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        ApiError::new(
            Code::InternalError,
            "internal error; the server log has the details",
        )
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code.as_str(),
            self.message
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

impl From<UserError> for ApiError {
    fn from(e: UserError) -> Self {
        ApiError::new(Code::from(&e), e.to_string())
    }
}

impl From<search_core::Error> for ApiError {
    fn from(e: search_core::Error) -> Self {
        match e {
            search_core::Error::User(e) => e.into(),
            search_core::Error::Internal(e) => ApiError::internal(e),
        }
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        ApiError::internal(format!("background task failed: {e}"))
    }
}

impl From<BytesRejection> for ApiError {
    fn from(rejection: BytesRejection) -> Self {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            return ApiError::body_too_large();
        }
        // Other body failures (a client that hung up, a broken chunk) are
        // the client's too; keep axum's status but use our format.
        let status = if status.is_server_error() {
            StatusCode::BAD_REQUEST
        } else {
            status
        };
        ApiError {
            status,
            code: Code::InvalidBody,
            message: rejection.body_text(),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::new(Code::InvalidParameter, rejection.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::new(Code::InvalidPath, rejection.body_text())
    }
}

/// The answer for unknown routes.
pub async fn not_found() -> ApiError {
    ApiError::new(Code::NotFound, "no such route")
}

/// The answer for a known route called with the wrong method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        Code::MethodNotAllowed,
        "this route does not accept that method",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use search_core::{InternalError, Record};

    #[test]
    fn engine_errors_map_to_statuses() {
        let rows: [(search_core::Error, u16, &str); 4] = [
            (
                UserError::DocumentNotFound("x".into()).into(),
                404,
                "document_not_found",
            ),
            (
                UserError::QueryTooLong {
                    chars: 2000,
                    limit: 1000,
                }
                .into(),
                400,
                "query_too_long",
            ),
            (
                UserError::Record {
                    at: Record::Line(2),
                    error: Box::new(UserError::MalformedJson("eof".into())),
                }
                .into(),
                400,
                "malformed_json",
            ),
            (
                InternalError::Bug("boom".into()).into(),
                500,
                "internal_error",
            ),
        ];
        for (error, status, code) in rows {
            let api = ApiError::from(error);
            assert_eq!((api.status.as_u16(), api.code.as_str()), (status, code));
        }
    }

    #[test]
    fn codes_serialise_as_written() {
        for code in [Code::InvalidUtf8, Code::BodyTooLarge, Code::InternalError] {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::from(code.as_str())
            );
        }
    }
}
