//! API keys: writes need `Authorization: Bearer KEY` when a key is set, and
//! so do reads with `--protect-search`. Missing key → 401, wrong key → 403.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::{ApiError, Code};
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

/// Proof that a request may write: an extractor that answers 401 or 403
/// unless the request carries the key, whenever the server has one.
#[derive(Debug, Clone, Copy)]
pub struct Write;

/// Proof that a request may read (search, documents, stats): the key is
/// needed only with `--protect-search`.
#[derive(Debug, Clone, Copy)]
pub struct Read;

impl FromRequestParts<AppState> for Write {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        check(state.config.api_key.as_ref(), &parts.headers).map(|()| Write)
    }
}

impl FromRequestParts<AppState> for Read {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let key = state
            .config
            .api_key
            .as_ref()
            .filter(|_| state.config.protect_search);
        check(key, &parts.headers).map(|()| Read)
    }
}

fn check(key: Option<&ApiKey>, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(key) = key else {
        return Ok(());
    };
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::new(
            Code::Unauthorized,
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
                Code::Unauthorized,
                "the Authorization header must read: Bearer KEY",
            )
        })?;
    if key.matches(given) {
        Ok(())
    } else {
        Err(ApiError::new(Code::Forbidden, "the API key is not valid"))
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
