//! The document format: a JSON object with `id`, `title`, `body` and
//! optional `lang`, `source`, `url`, `published`, `tags`, `translations`;
//! any other field is kept and returned with the hit.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

use crate::error::{Result, UserError};

/// Longest id accepted, in bytes.
pub const MAX_ID_BYTES: usize = 512;

/// A document to index, or one returned from the index.
///
/// ```
/// use search_core::Document;
/// let doc = Document::from_json_str(r#"{"id": "a1", "title": "云计算", "body": "...", "tags": ["cloud"], "author": "Li"}"#)?;
/// assert_eq!(doc.id, "a1");
/// assert_eq!(doc.tags, vec!["cloud"]);
/// assert_eq!(doc.extra["author"], "Li");
/// # Ok::<(), search_core::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Document {
    /// Unique id (1 to 512 bytes, no control characters); adding a document
    /// with an existing id replaces it.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::document_id))]
    pub id: String,
    /// The title (may be empty; null is empty).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub title: String,
    /// The body text (may be empty; null is empty).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub body: String,
    /// ISO 639-1 language codes (in JSON one, or an array); detected from
    /// the text when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::languages))]
    pub lang: Vec<String>,
    /// The publication it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Where it can be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publication date or datetime, RFC 3339 (`2026-03-14` or
    /// `2026-03-14T08:30:00+08:00`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::document_date))]
    pub published: Option<String>,
    /// Tags, matched exactly by filters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<String>>))]
    pub tags: Vec<String>,
    /// The same article in other languages: language code (`zh`, `en`) →
    /// URL, as a page's `<link rel="alternate" hreflang>` gives them.
    ///
    /// ```
    /// use search_core::Document;
    /// let doc = Document::from_json_str(r#"{"id": "a", "translations": {"zh": "https://example.com/zh/a"}}"#)?;
    /// assert_eq!(doc.translations["zh"], "https://example.com/zh/a");
    /// # Ok::<(), search_core::Error>(())
    /// ```
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::translations))]
    pub translations: BTreeMap<String, String>,
    /// Every other field of the JSON object, kept as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Document {
    /// A document with an id, a title and a body.
    ///
    /// ```
    /// use search_core::Document;
    /// let doc = Document::new("n1", "Cloud prices", "Prices fell.");
    /// assert_eq!(doc.title, "Cloud prices");
    /// ```
    pub fn new(id: impl Into<String>, title: impl Into<String>, body: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            title: title.into(),
            body: body.into(),
            ..Document::default()
        }
    }

    /// Parses one JSON object, with errors that name the field at fault.
    pub fn from_json_str(text: &str) -> Result<Self, UserError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| UserError::invalid_document("document", format!("malformed JSON: {e}")))?;
        Document::from_json(value)
    }

    /// Converts a parsed JSON value, with errors that name the field at fault.
    ///
    /// ```
    /// use search_core::Document;
    /// let err = Document::from_json(serde_json::json!({"id": "x", "tags": "cloud"})).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid document: tags: expected an array of strings, got a string");
    /// ```
    pub fn from_json(value: Value) -> Result<Self, UserError> {
        let Value::Object(mut map) = value else {
            return Err(UserError::invalid_document(
                "document",
                format!("expected a JSON object, got {}", kind(&value)),
            ));
        };
        let id = match map.remove("id") {
            Some(Value::String(s)) => s,
            // Ids are strings, as they come back: a number would not
            // (42.0 and 42 are one JSON number).
            Some(Value::Number(n)) => {
                return Err(UserError::invalid_document(
                    "id",
                    format!("expected a string, got the number {n} (write it as \"{n}\")"),
                ))
            }
            Some(other) => {
                return Err(UserError::invalid_document(
                    "id",
                    format!("expected a string, got {}", kind(&other)),
                ))
            }
            None => return Err(UserError::invalid_document("id", "missing")),
        };
        let doc = Document {
            id,
            title: take_string(&mut map, "title")?.unwrap_or_default(),
            body: take_string(&mut map, "body")?.unwrap_or_default(),
            lang: take_strings(&mut map, "lang", true)?,
            source: take_string(&mut map, "source")?,
            url: take_string(&mut map, "url")?,
            published: take_string(&mut map, "published")?,
            tags: take_strings(&mut map, "tags", false)?,
            translations: take_string_map(&mut map, "translations")?,
            extra: map,
        };
        doc.validate()?;
        Ok(doc)
    }

    /// Checks what the types alone do not: a usable id, known date format,
    /// sensible language codes.
    pub fn validate(&self) -> Result<(), UserError> {
        if self.id.is_empty() {
            return Err(UserError::invalid_document("id", "must not be empty"));
        }
        if self.id.len() > MAX_ID_BYTES {
            return Err(UserError::invalid_document(
                "id",
                format!(
                    "is {} bytes long; the limit is {MAX_ID_BYTES}",
                    self.id.len()
                ),
            ));
        }
        if self.id.chars().any(char::is_control) {
            return Err(UserError::invalid_document(
                "id",
                "must not contain control characters",
            ));
        }
        if let Some(p) = &self.published {
            parse_date(p).map_err(|e| UserError::invalid_document("published", e.to_string()))?;
        }
        for (field, lang) in self
            .lang
            .iter()
            .map(|l| ("lang", l))
            .chain(self.translations.keys().map(|l| ("translations", l)))
        {
            let ok = (2..=8).contains(&lang.len())
                && lang.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-');
            if !ok {
                return Err(UserError::invalid_document(
                    field,
                    format!("{lang:?} is not a language code such as \"en\" or \"zh\""),
                ));
            }
        }
        Ok(())
    }

    /// The publication time as a UTC timestamp, if set and valid.
    pub fn published_at(&self) -> Option<OffsetDateTime> {
        self.published.as_deref().and_then(|p| parse_date(p).ok())
    }
}

/// Parses an RFC 3339 datetime, or a plain date (taken as midnight UTC).
///
/// ```
/// use search_core::document::parse_date;
/// assert!(parse_date("2026-03-14").is_ok());
/// assert!(parse_date("2026-03-14T08:30:00+08:00").is_ok());
/// assert!(parse_date("14/03/2026").is_err());
/// assert!(parse_date("4052-03-14").is_err()); // beyond what the index holds
/// assert!(parse_date("4052-03-14").is_err()); // beyond what the index holds
/// ```
pub fn parse_date(text: &str) -> std::result::Result<OffsetDateTime, DateError> {
    let text = text.trim();
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let at = match OffsetDateTime::parse(text, &Rfc3339) {
        Ok(at) => at,
        Err(_) => Date::parse(text, &format)
            .map(|d| d.midnight().assume_utc())
            .map_err(|_| {
                DateError(format!(
                    "{text:?} is not an RFC 3339 date (2026-03-14) or datetime (2026-03-14T08:30:00Z)"
                ))
            })?,
    };
    // The index keeps times as nanoseconds in an i64, which clamps what lies
    // outside; refuse those rather than store another date.
    if !DATE_YEARS.contains(&at.to_offset(time::UtcOffset::UTC).year()) {
        return Err(DateError(format!(
            "{text:?} is outside the years {} to {} that can be indexed",
            DATE_YEARS.start(),
            DATE_YEARS.end()
        )));
    }
    Ok(at)
}

/// Why [`parse_date`] refused a date: the text, and what it should be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DateError(String);

/// The years a date may fall in: what tantivy's nanosecond timestamps hold
/// (1677-09-21 to 2262-04-11), in whole years.
pub const DATE_YEARS: std::ops::RangeInclusive<i32> = 1678..=2261;

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn take_string(map: &mut Map<String, Value>, field: &str) -> Result<Option<String>, UserError> {
    match map.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(UserError::invalid_document(
            field,
            format!("expected a string, got {}", kind(&other)),
        )),
    }
}

/// An array of strings; with `one_or_many`, a single string is accepted too.
fn take_strings(
    map: &mut Map<String, Value>,
    field: &str,
    one_or_many: bool,
) -> Result<Vec<String>, UserError> {
    let wrong = |got: &Value| {
        let expected = if one_or_many {
            "a string or an array of strings"
        } else {
            "an array of strings"
        };
        UserError::invalid_document(field, format!("expected {expected}, got {}", kind(got)))
    };
    match map.remove(field) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) if one_or_many => Ok(vec![s]),
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|item| match item {
                Value::String(s) => Ok(s),
                other => Err(wrong(&other)),
            })
            .collect(),
        Some(other) => Err(wrong(&other)),
    }
}

/// An object of strings (`{"zh": "https://..."}`).
fn take_string_map(
    map: &mut Map<String, Value>,
    field: &str,
) -> Result<BTreeMap<String, String>, UserError> {
    match map.remove(field) {
        None | Some(Value::Null) => Ok(BTreeMap::new()),
        Some(Value::Object(entries)) => entries
            .into_iter()
            .map(|(key, value)| match value {
                Value::String(s) => Ok((key, s)),
                other => Err(UserError::invalid_document(
                    field,
                    format!("{key}: expected a string, got {}", kind(&other)),
                )),
            })
            .collect(),
        Some(other) => Err(UserError::invalid_document(
            field,
            format!("expected an object of strings, got {}", kind(&other)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_every_field_and_keeps_unknown_ones() {
        let doc = Document::from_json(json!({
            "id": "x1", "title": "T", "body": "B", "lang": ["en", "zh"], "source": "S",
            "url": "https://example.com/x1", "published": "2026-01-02T03:04:05Z",
            "tags": ["a", "b"], "author": "Li", "nested": {"k": 1}
        }))
        .unwrap();
        assert_eq!(doc.lang, vec!["en", "zh"]);
        assert_eq!(doc.extra["nested"], json!({"k": 1}));
        let back = serde_json::to_value(&doc).unwrap();
        assert_eq!(back["author"], "Li");
        assert_eq!(back["tags"], json!(["a", "b"]));
    }

    #[test]
    fn errors_name_the_field() {
        for (value, expected) in [
            (json!([1]), "document: expected a JSON object, got an array"),
            (json!({"title": "x"}), "id: missing"),
            (json!({"id": ""}), "id: must not be empty"),
            (
                json!({"id": "a\u{0}b"}),
                "id: must not contain control characters",
            ),
            (
                json!({"id": {"x": 1}}),
                "id: expected a string, got an object",
            ),
            (
                json!({"id": 42}),
                "id: expected a string, got the number 42",
            ),
            (
                json!({"id": "x", "title": 5}),
                "title: expected a string, got a number",
            ),
            (
                json!({"id": "x", "tags": [1]}),
                "tags: expected an array of strings, got a number",
            ),
            (
                json!({"id": "x", "published": "yesterday"}),
                "published: \"yesterday\" is not",
            ),
            (
                json!({"id": "x", "lang": "english!"}),
                "lang: \"english!\" is not",
            ),
        ] {
            let err = Document::from_json(value).unwrap_err().to_string();
            assert!(err.contains(expected), "{err} should contain {expected}");
        }
    }
}
