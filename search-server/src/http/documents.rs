//! `POST /documents`, `GET /documents/{id}`, `DELETE /documents/{id}`.
//!
//! Writes are atomic and durable: a body with any invalid document is
//! rejected whole with a 400 naming its line or element, and nothing is
//! indexed; a 2xx is sent only after the commit. Writers take the state's
//! writer lock, so one request's add+commit never interleaves with another's.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::Json;
use search_core::ingest::{parse_json_array, parse_jsonl};
use search_core::{Document, Engine, UserError};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::auth::{Read, Write};
use super::body;
use super::error::{ApiError, Code, ErrorBody};
use super::AppState;

/// The answer to `POST /documents`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Indexed {
    /// Documents added or replaced (and committed).
    pub indexed: usize,
}

/// What `POST /documents` takes: an array of documents or one document
/// (or NDJSON, one a line, which a JSON schema cannot describe).
#[derive(ToSchema)]
#[serde(untagged)]
#[allow(dead_code)] // described only: bodies are read by `parse_documents`
pub enum Documents {
    /// Several documents.
    Many(Vec<Document>),
    /// One document.
    One(Box<Document>),
}

/// The answer to `DELETE /documents/{id}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Deleted {
    /// The id of the deleted document.
    pub deleted: String,
}

/// Reads the documents of a body: a JSON array, one JSON object, or NDJSON
/// (one object a line; always so with `Content-Type: application/x-ndjson`).
/// Any invalid document fails the whole body.
pub fn parse_documents(bytes: &[u8], ndjson: bool) -> Result<Vec<Document>, ApiError> {
    let text = body::utf8(bytes)?;
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(ApiError::new(
            Code::InvalidDocument,
            "empty body: send a JSON array, a JSON object or NDJSON",
        ));
    }
    let results = if trimmed.starts_with('[') && !ndjson {
        parse_json_array(text.as_bytes())
            .into_iter()
            .map(|r| r.map_err(ApiError::from))
            .collect::<Vec<_>>()
    } else {
        // One object, perhaps pretty-printed over many lines; else NDJSON.
        match serde_json::from_str::<Value>(text) {
            Ok(value @ Value::Object(_)) if !ndjson => {
                vec![Document::from_json(value).map_err(ApiError::from)]
            }
            Ok(Value::Object(_)) | Err(_) => parse_jsonl(text.as_bytes())
                .into_iter()
                .map(|r| r.map_err(ApiError::from))
                .collect(),
            Ok(_) => {
                return Err(ApiError::new(
                    Code::InvalidDocument,
                    "expected a JSON array of documents, a JSON object or NDJSON",
                ))
            }
        }
    };
    let failures = results.iter().filter(|r| r.is_err()).count();
    let mut docs = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(doc) => docs.push(doc),
            Err(mut e) => {
                if failures > 1 {
                    e.message.push_str(&format!(
                        " (and {} more invalid; nothing was indexed)",
                        failures - 1
                    ));
                } else {
                    e.message.push_str(" (nothing was indexed)");
                }
                return Err(e);
            }
        }
    }
    Ok(docs)
}

/// Runs a write and commits it while holding the writer lock; rolls back on
/// failure so a half-done write never rides along with the next commit.
async fn write<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&Engine) -> search_core::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    // The owned guard moves into the blocking task: if the client hangs up
    // or the request times out, the write still finishes before the next.
    let guard = state.writer.clone().lock_owned().await;
    let engine = state.engine.clone();
    let result = tokio::task::spawn_blocking(move || {
        let _guard = guard;
        let outcome = work(&engine).and_then(|value| engine.commit().map(|()| value));
        if outcome.is_err() {
            if let Err(e) = engine.rollback() {
                tracing::error!(error = %e, "rollback after a failed write failed");
            }
        }
        outcome
    })
    .await??;
    Ok(result)
}

/// Adds or replaces documents; answers after they are committed.
#[utoipa::path(
    post,
    path = "/documents",
    tag = "documents",
    request_body(
        content = Documents,
        description = "A JSON array of documents, one document object, or NDJSON (application/x-ndjson). All or nothing: one invalid document rejects the request.",
    ),
    responses(
        (status = 200, description = "Committed", body = Indexed),
        (status = 400, description = "Malformed JSON or an invalid document; the message names the line or element", body = ErrorBody),
        (status = 401, description = "No API key", body = ErrorBody),
        (status = 403, description = "Wrong API key", body = ErrorBody),
        (status = 413, description = "Body over the limit", body = ErrorBody),
    ),
    security(("api_key" = ["write"]))
)]
pub async fn add(
    _: Write,
    State(state): State<AppState>,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Json<Indexed>, ApiError> {
    let bytes = bytes?;
    let ndjson = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("ndjson") || v.contains("jsonl"));
    let docs = parse_documents(&bytes, ndjson)?;
    if docs.is_empty() {
        return Ok(Json(Indexed { indexed: 0 }));
    }
    let indexed = write(&state, move |engine| engine.add_documents(docs)).await?;
    Ok(Json(Indexed { indexed }))
}

/// Fetches a stored document.
#[utoipa::path(
    get,
    path = "/documents/{id}",
    tag = "documents",
    params(("id" = String, Path, description = "The document id; may contain `/`")),
    responses(
        (status = 200, description = "The document", body = Document),
        (status = 400, description = "The id is not UTF-8 once percent-decoded", body = ErrorBody),
        (status = 401, description = "No API key (with --protect-search)", body = ErrorBody),
        (status = 403, description = "Wrong API key (with --protect-search)", body = ErrorBody),
        (status = 404, description = "No document with this id", body = ErrorBody),
    ),
    security(("api_key" = ["read"]))
)]
pub async fn get(
    _: Read,
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Document>, ApiError> {
    let Path(id) = id?;
    let engine = state.engine.clone();
    let found = tokio::task::spawn_blocking(move || {
        engine
            .get(&id)?
            .ok_or_else(|| search_core::Error::from(UserError::DocumentNotFound(id)))
    })
    .await??;
    Ok(Json(found))
}

/// Deletes a document; answers after the deletion is committed.
#[utoipa::path(
    delete,
    path = "/documents/{id}",
    tag = "documents",
    params(("id" = String, Path, description = "The document id; may contain `/`")),
    responses(
        (status = 200, description = "Deleted and committed", body = Deleted),
        (status = 401, description = "No API key", body = ErrorBody),
        (status = 403, description = "Wrong API key", body = ErrorBody),
        (status = 404, description = "No document with this id", body = ErrorBody),
    ),
    security(("api_key" = ["write"]))
)]
pub async fn remove(
    _: Write,
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Deleted>, ApiError> {
    let Path(id) = id?;
    let target = id.clone();
    write(&state, move |engine| {
        if engine.delete(&target)? {
            Ok(())
        } else {
            Err(UserError::DocumentNotFound(target).into())
        }
    })
    .await?;
    Ok(Json(Deleted { deleted: id }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_shapes() {
        let array = parse_documents(br#"[{"id":"a"},{"id":"b"}]"#, false).unwrap();
        assert_eq!(array.len(), 2);
        let one = parse_documents(b"{\n  \"id\": \"a\",\n  \"title\": \"t\"\n}", false).unwrap();
        assert_eq!(one[0].title, "t");
        let lines = parse_documents(b"{\"id\":\"a\"}\n\n{\"id\":\"b\"}\n", false).unwrap();
        assert_eq!(lines.len(), 2);
        let forced = parse_documents(b"{\"id\":\"a\"}", true).unwrap();
        assert_eq!(forced.len(), 1);
    }

    #[test]
    fn errors_name_line_or_element() {
        let err = parse_documents(b"{\"id\":\"a\"}\n{\"id\":\n", false).unwrap_err();
        assert_eq!(err.code, Code::MalformedJson);
        assert!(
            err.message.starts_with("line 2: malformed JSON"),
            "{}",
            err.message
        );
        let err = parse_documents(br#"[{"id":"a"},{"title":"x"}]"#, false).unwrap_err();
        assert_eq!(err.code, Code::InvalidDocument);
        assert!(err.message.contains("element 2"), "{}", err.message);
        let err = parse_documents(b"42", false).unwrap_err();
        assert_eq!(err.code, Code::InvalidDocument);
        let err = parse_documents(b"  ", false).unwrap_err();
        assert!(err.message.contains("empty"), "{}", err.message);
    }
}
