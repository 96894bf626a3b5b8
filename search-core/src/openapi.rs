//! OpenAPI schemas for the fields whose JSON form a derive cannot say:
//! dates in the years the index holds, language codes given as one or
//! many, ids without control characters. The types of [`crate::search`] and
//! [`crate::document`] refer to these (with the `openapi` feature).

use serde_json::{json, Value};
use utoipa::openapi::{RefOr, Schema};

fn schema(value: Value) -> RefOr<Schema> {
    RefOr::T(serde_json::from_value(value).expect("a literal schema")) // ok: every schema here is a literal utoipa reads
}

/// A date (`2026-03-14`) or an RFC 3339 datetime, in the years
/// [`crate::document::DATE_YEARS`] (1678 to 2261).
fn dates() -> Vec<Value> {
    let year = "^(167[89]|16[89][0-9]|1[7-9][0-9]{2}|2[01][0-9]{2}|22[0-5][0-9]|226[01])-";
    vec![
        json!({"type": "string", "format": "date", "pattern": year}),
        json!({"type": "string", "format": "date-time", "pattern": year}),
    ]
}

fn blank() -> Value {
    json!({"type": "string", "pattern": "^[ \\t\\r\\n]*$"})
}

/// A filter bound given in a query string: a date, or blank for none.
///
/// ```
/// let schema = serde_json::to_value(search_core::openapi::date_or_blank())?;
/// assert_eq!(schema["anyOf"].as_array().map(Vec::len), Some(3));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn date_or_blank() -> RefOr<Schema> {
    let mut any = dates();
    any.push(blank());
    schema(json!({"anyOf": any}))
}

/// A filter bound in a JSON body: a date, blank or null for none.
pub fn filter_date() -> RefOr<Schema> {
    let mut any = dates();
    any.push(blank());
    any.push(json!({"type": "null"}));
    schema(json!({"anyOf": any}))
}

/// A document's date, or null.
pub fn document_date() -> RefOr<Schema> {
    let mut any = dates();
    any.push(json!({"type": "null"}));
    schema(json!({"anyOf": any}))
}

/// A language code as documents hold them (`en`, `zh-Hant`).
fn code() -> Value {
    json!({"type": "string", "pattern": "^[A-Za-z-]{2,8}$"})
}

/// One language code or an array of them, or null.
pub fn languages() -> RefOr<Schema> {
    schema(json!({"anyOf": [code(), {"type": "array", "items": code()}, {"type": "null"}]}))
}

/// Language code → URL of the same article in that language, or null.
pub fn translations() -> RefOr<Schema> {
    schema(json!({"anyOf": [
        {"type": "object", "propertyNames": code(), "additionalProperties": {"type": "string"}},
        {"type": "null"}
    ]}))
}

/// A document id: a non-empty string without control characters (its
/// limit of 512 bytes cannot be said in characters).
pub fn document_id() -> RefOr<Schema> {
    schema(
        json!({"type": "string", "minLength": 1, "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]+$"}),
    )
}
