//! JSONL and JSON-array input.

use serde_json::Value;

use crate::document::Document;
use crate::error::{Record, UserError};

/// Parses JSONL (NDJSON): one document a line, blank lines skipped. Each
/// entry is a document or a [`UserError::Record`] naming its line; invalid
/// UTF-8 spoils only its own line.
///
/// ```
/// use search_core::ingest::parse_jsonl;
/// let docs = parse_jsonl(b"{\"id\":\"a\"}\n\n{\"title\":\"no id\"}\n");
/// assert_eq!(docs.len(), 2);
/// assert!(docs[0].is_ok());
/// let error = docs[1].as_ref().map(|_| ()).unwrap_err().to_string();
/// assert_eq!(error, "line 3: invalid document: id: missing");
/// ```
pub fn parse_jsonl(bytes: &[u8]) -> Vec<Result<Document, UserError>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .filter(|(_, line)| line.iter().any(|b| !b.is_ascii_whitespace()))
        .map(|(i, line)| {
            parse_line(line).map_err(|error| UserError::Record {
                at: Record::Line(i + 1),
                error: Box::new(error),
            })
        })
        .collect()
}

fn parse_line(line: &[u8]) -> Result<Document, UserError> {
    let text = std::str::from_utf8(line).map_err(|e| UserError::InvalidUtf8(e.valid_up_to()))?;
    let value: Value =
        serde_json::from_str(text.trim()).map_err(|e| UserError::MalformedJson(e.to_string()))?;
    Document::from_json(value)
}

/// Parses a JSON array of documents. A malformed array is one error at the
/// line serde names; an invalid element is reported by its 1-based
/// position.
///
/// ```
/// use search_core::ingest::parse_json_array;
/// let docs = parse_json_array(br#"[{"id":"a"}, {"id": 5}, {"id": []}]"#);
/// assert_eq!(docs.len(), 3);
/// let error = docs[2].as_ref().map(|_| ()).unwrap_err().to_string();
/// assert!(error.starts_with("element 3: invalid document: id"), "{error}");
/// ```
pub fn parse_json_array(bytes: &[u8]) -> Vec<Result<Document, UserError>> {
    let values: Vec<Value> = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            return vec![Err(UserError::Record {
                at: Record::Line(e.line()),
                error: Box::new(UserError::MalformedJson(format!("not a JSON array: {e}"))),
            })]
        }
    };
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            Document::from_json(v).map_err(|error| UserError::Record {
                at: Record::Element(i + 1),
                error: Box::new(error),
            })
        })
        .collect()
}
