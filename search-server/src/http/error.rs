//! JSON errors: `{"error": {"code": "...", "message": "..."}}` with the right
//! status, for the engine's errors and for every axum rejection, so nothing a
//! client sends turns into a 500 or a plain-text answer.

use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// An error answer: a status, a stable machine-readable code and a message
/// that says what and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A stable code such as `invalid_parameter` or `document_not_found`.
    pub code: &'static str,
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
    /// Stable machine-readable code (`invalid_parameter`, `malformed_json`,
    /// `invalid_document`, `document_not_found`, `query_too_long`,
    /// `body_too_large`, `unauthorized`, `forbidden`, `not_found`,
    /// `request_timeout`, ...).
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
}

impl ApiError {
    /// An error with any status.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// A 400 Bad Request.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// A 400 naming the parameter at fault.
    pub fn invalid_parameter(parameter: &str, reason: impl std::fmt::Display) -> Self {
        ApiError::bad_request(
            "invalid_parameter",
            format!("invalid parameter {parameter}: {reason}"),
        )
    }

    /// A 413: the body is over `--max-body-bytes`.
    pub fn body_too_large() -> Self {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            "request body is over the server's limit (see --max-body-bytes)",
        )
    }

    /// A 500; the cause is logged here and not shown to the client.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
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
            self.code,
            self.message
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
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

impl From<search_core::Error> for ApiError {
    fn from(e: search_core::Error) -> Self {
        if !e.is_user_error() {
            return ApiError::internal(&e);
        }
        let status = match e {
            search_core::Error::DocumentNotFound(_) => StatusCode::NOT_FOUND,
            _ => StatusCode::BAD_REQUEST,
        };
        ApiError::new(status, e.code(), e.to_string())
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
        ApiError::new(status, "invalid_body", rejection.body_text())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::bad_request("invalid_parameter", rejection.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::bad_request("invalid_path", rejection.body_text())
    }
}

/// The answer for unknown routes.
pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such route")
}

/// The answer for a known route called with the wrong method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this route does not accept that method",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_errors_map_to_statuses() {
        let rows = [
            (
                search_core::Error::DocumentNotFound("x".into()),
                404,
                "document_not_found",
            ),
            (
                search_core::Error::QueryTooLong {
                    chars: 2000,
                    limit: 1000,
                },
                400,
                "query_too_long",
            ),
            (
                search_core::Error::Internal("boom".into()),
                500,
                "internal_error",
            ),
        ];
        for (error, status, code) in rows {
            let api = ApiError::from(error);
            assert_eq!((api.status.as_u16(), api.code), (status, code));
        }
    }
}
