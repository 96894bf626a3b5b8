//! An HTTP answer read whole, the same type whether it came over a socket
//! ([`crate::client`]) or in-process ([`crate::inproc`]), with the readers
//! of the server's JSON shapes (hits, error codes) written once.

use hyper::{HeaderMap, StatusCode};
use serde_json::Value;

use crate::{Error, Result};

/// A response: status, headers and the body as text (invalid UTF-8
/// replaced).
#[derive(Debug, Clone)]
pub struct Reply {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub text: String,
}

impl Reply {
    /// The body as JSON.
    pub fn try_json(&self) -> Result<Value> {
        serde_json::from_str(&self.text).map_err(|source| Error::Json {
            what: format!("a {} answer", self.status),
            source,
        })
    }

    /// The body as JSON.
    ///
    /// # Panics
    /// When the body is not JSON, quoting it: a test assertion.
    pub fn json(&self) -> Value {
        self.try_json()
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// The status and the body as JSON (panics as [`Reply::json`] does).
    pub fn status_json(&self) -> (u16, Value) {
        (self.status.as_u16(), self.json())
    }

    /// The `error.code` of an error answer (panics on a non-JSON answer).
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The `error.message` of an error answer (panics on a non-JSON answer).
    pub fn message(&self) -> String {
        self.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Asserts an error answer: status, code, and words the message must
    /// hold.
    pub fn assert_error(&self, status: u16, code: &str, mentions: &[&str]) {
        assert_eq!(self.status.as_u16(), status, "{}", self.text);
        assert_eq!(self.code(), code, "{}", self.text);
        let message = self.message();
        for word in mentions {
            assert!(
                message.contains(word),
                "{message:?} does not mention {word:?}"
            );
        }
    }

    /// The ids of a search answer's hits (panics on a non-JSON answer).
    pub fn hit_ids(&self) -> Vec<String> {
        hit_ids(&self.json())
    }

    /// A header's value, when it is there and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The ids of a search answer's hits, in order; empty when it has none.
pub fn hit_ids(answer: &Value) -> Vec<String> {
    answer["hits"]
        .as_array()
        .map(|hits| {
            hits.iter()
                .filter_map(|h| h["id"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, text: &str) -> Reply {
        Reply {
            status: StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
            text: text.into(),
        }
    }

    #[test]
    fn reads_hits_and_errors() {
        let r = reply(200, r#"{"hits":[{"id":"a"},{"id":"b"},{"x":1}]}"#);
        assert_eq!(r.hit_ids(), ["a", "b"]);
        let r = reply(400, r#"{"error":{"code":"bad","message":"q is bad"}}"#);
        r.assert_error(400, "bad", &["q"]);
        assert!(reply(200, "nope").try_json().is_err());
        assert!(hit_ids(&Value::Null).is_empty());
    }

    #[test]
    #[should_panic(expected = "not JSON")]
    fn json_fails_the_test_on_text() {
        reply(200, "<html>").json();
    }
}
