//! API keys: writes need `Authorization: Bearer KEY` when a key is set, and
//! so do reads with `--protect-search`. Missing key → 401, wrong key → 403.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::ApiError;
use super::AppState;

/// A secret API key. Only its SHA-256 digest is kept, so the key itself is
/// never in memory to be logged; comparing equal-length digests in constant
/// time leaks neither the key's content nor its length.
#[derive(Clone)]
pub struct ApiKey {
    digest: [u8; 32],
}

impl ApiKey {
    /// Wraps a key.
    pub fn new(key: &str) -> Self {
        ApiKey {
            digest: Sha256::digest(key.as_bytes()).into(),
        }
    }

    /// Whether `given` is this key, in time independent of both.
    pub fn matches(&self, given: &str) -> bool {
        let digest: [u8; 32] = Sha256::digest(given.as_bytes()).into();
        self.digest.ct_eq(&digest).into()
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// Middleware for write routes: needs the key whenever one is set.
pub async fn require_write(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    match check(state.config.api_key.as_ref(), request.headers()) {
        Ok(()) => next.run(request).await,
        Err(e) => e.into_response(),
    }
}

/// Middleware for read routes (search, documents, stats): needs the key only
/// with `--protect-search`.
pub async fn require_read(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let key = state
        .config
        .api_key
        .as_ref()
        .filter(|_| state.config.protect_search);
    match check(key, request.headers()) {
        Ok(()) => next.run(request).await,
        Err(e) => e.into_response(),
    }
}

fn check(key: Option<&ApiKey>, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(key) = key else {
        return Ok(());
    };
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this route needs an API key: send Authorization: Bearer KEY",
        ));
    };
    // The scheme is case-insensitive (RFC 9110, 11.1): `bearer KEY` works.
    let given = value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("Bearer"))
        .map(|(_, key)| key.trim())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "the Authorization header must read: Bearer KEY",
            )
        })?;
    if key.matches(given) {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "the API key is not valid",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_exactly() {
        let key = ApiKey::new("s3cret");
        assert!(key.matches("s3cret"));
        assert!(!key.matches("s3cre"));
        assert!(!key.matches("s3cret "));
        assert!(!key.matches(""));
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
    }

    #[test]
    fn header_forms() {
        let key = ApiKey::new("k");
        let mut headers = HeaderMap::new();
        assert_eq!(check(Some(&key), &headers).unwrap_err().status, 401);
        headers.insert(header::AUTHORIZATION, "Basic k".parse().unwrap());
        assert_eq!(check(Some(&key), &headers).unwrap_err().status, 401);
        headers.insert(header::AUTHORIZATION, "Bearer nope".parse().unwrap());
        assert_eq!(check(Some(&key), &headers).unwrap_err().status, 403);
        headers.insert(header::AUTHORIZATION, "Bearer k".parse().unwrap());
        assert!(check(Some(&key), &headers).is_ok());
        headers.insert(header::AUTHORIZATION, "bearer k".parse().unwrap());
        assert!(check(Some(&key), &headers).is_ok());
        headers.insert(header::AUTHORIZATION, "Bearerk".parse().unwrap());
        assert_eq!(check(Some(&key), &headers).unwrap_err().status, 401);
        assert!(check(None, &HeaderMap::new()).is_ok());
    }
}
