//! Reading request bodies: UTF-8 checks and JSON with errors that name the
//! line, column or field, rather than axum's plain-text rejections.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::{ApiError, Code};

/// The body as text, or a 400 naming the line and byte of the first invalid
/// UTF-8 sequence. A leading byte-order mark is dropped.
pub fn utf8(bytes: &[u8]) -> Result<&str, ApiError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        ApiError::new(
            Code::InvalidUtf8,
            format!("body is not valid UTF-8: line {line}, byte {at}"),
        )
    })
}

/// Parses JSON text, reporting syntax errors with their line and column.
pub fn json_value(text: &str) -> Result<Value, ApiError> {
    serde_json::from_str(text).map_err(|e| malformed(&e))
}

/// A 400 `malformed_json` for a syntax error.
pub fn malformed(e: &serde_json::Error) -> ApiError {
    ApiError::new(
        Code::MalformedJson,
        format!(
            "malformed JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        ),
    )
}

/// Converts a JSON value into `T`, naming the field at fault (`limit`,
/// `filter.tags`, ...) when a value has the wrong type.
pub fn typed<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        ApiError::invalid_parameter(&path, e.inner())
    })
}

/// Rejects keys of `value` (an object) that `known` (an object serialised
/// from the type's default) lacks, so a misspelt field is an error rather
/// than silently ignored. Recurses into nested objects known to exist.
pub fn reject_unknown_fields(value: &Value, known: &Value, prefix: &str) -> Result<(), ApiError> {
    let Value::Object(known) = known else {
        return Ok(());
    };
    let given = match value {
        Value::Object(given) => given,
        // serde reads a struct from an array too (`"filter": []`): refuse it.
        Value::Array(_) if !prefix.is_empty() => {
            return Err(ApiError::invalid_parameter(prefix, "expected an object"))
        }
        _ => return Ok(()),
    };
    for (key, inner) in given {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match known.get(key) {
            None => {
                let names: Vec<&str> = known.keys().map(String::as_str).collect();
                return Err(ApiError::invalid_parameter(
                    &path,
                    format!("unknown field; expected one of {}", names.join(", ")),
                ));
            }
            Some(expected) => reject_unknown_fields(inner, expected, &path)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn invalid_utf8_names_line() {
        let err = utf8(b"ok\n\xff").unwrap_err();
        assert_eq!(err.code, Code::InvalidUtf8);
        assert!(err.message.contains("line 2"), "{}", err.message);
        assert_eq!(utf8(b"\xEF\xBB\xBFhi").unwrap(), "hi");
    }

    #[test]
    fn unknown_fields_are_named() {
        let known = json!({"q": "", "filter": {"source": null}});
        assert!(
            reject_unknown_fields(&json!({"q": "x", "filter": {"source": "a"}}), &known, "")
                .is_ok()
        );
        let err = reject_unknown_fields(&json!({"filter": {"sauce": 1}}), &known, "").unwrap_err();
        assert!(err.message.contains("filter.sauce"), "{}", err.message);
    }
}
