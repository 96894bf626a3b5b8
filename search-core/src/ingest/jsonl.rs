//! JSONL and JSON-array input.

use serde_json::Value;

use crate::document::Document;

/// Parses JSONL (NDJSON): one document a line, blank lines skipped. Each
/// entry is a document or `(line, reason)`; invalid UTF-8 spoils only its
/// own line.
///
/// ```
/// use search_core::ingest::parse_jsonl;
/// let docs = parse_jsonl(b"{\"id\":\"a\"}\n\n{\"title\":\"no id\"}\n");
/// assert_eq!(docs.len(), 2);
/// assert!(docs[0].is_ok());
/// assert_eq!(docs[1].as_ref().unwrap_err(), &(3, "invalid document: id: missing".to_string()));
/// ```
pub fn parse_jsonl(bytes: &[u8]) -> Vec<Result<Document, (usize, String)>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .filter(|(_, line)| line.iter().any(|b| !b.is_ascii_whitespace()))
        .map(|(i, line)| parse_line(line).map_err(|reason| (i + 1, reason)))
        .collect()
}

fn parse_line(line: &[u8]) -> Result<Document, String> {
    let text = std::str::from_utf8(line)
        .map_err(|e| format!("invalid UTF-8 at byte {}", e.valid_up_to()))?;
    let value: Value =
        serde_json::from_str(text.trim()).map_err(|e| format!("malformed JSON: {e}"))?;
    Document::from_json(value).map_err(|e| e.to_string())
}

/// Parses a JSON array of documents. A malformed array is one error (line
/// 1 or the line serde names); an invalid element is reported by its
/// 1-based position as the "line".
///
/// ```
/// use search_core::ingest::parse_json_array;
/// let docs = parse_json_array(br#"[{"id":"a"}, {"id": 5}, {"id": []}]"#);
/// assert_eq!(docs.len(), 3);
/// assert!(docs[2].as_ref().unwrap_err().1.contains("element 3"));
/// ```
pub fn parse_json_array(bytes: &[u8]) -> Vec<Result<Document, (usize, String)>> {
    let values: Vec<Value> = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return vec![Err((e.line(), format!("malformed JSON array: {e}")))],
    };
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            Document::from_json(v).map_err(|e| (i + 1, format!("element {}: {e}", i + 1)))
        })
        .collect()
}
