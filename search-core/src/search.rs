//! Search requests and responses.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 1000;
/// Deepest offset one request may page to.
pub const MAX_OFFSET: usize = 100_000;
/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// The facets that can be counted.
pub const FACETS: &[&str] = &["lang", "source", "tags"];

/// Filters that restrict hits without changing their scores.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Only documents from this source (exact match).
    pub source: Option<String>,
    /// Only documents with at least one of these tags (exact match).
    pub tags: Vec<String>,
    /// Only documents published at or after this date or datetime (RFC 3339).
    pub published_from: Option<String>,
    /// Only documents published at or before this date or datetime (RFC 3339).
    /// A plain date includes that whole day.
    pub published_to: Option<String>,
}

/// A search.
///
/// ```
/// use search_core::SearchRequest;
/// let request = SearchRequest { q: "云计算".into(), lang: Some("zh".into()), ..SearchRequest::default() };
/// assert_eq!(request.limit, 10);
/// assert!(request.highlight);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchRequest {
    /// The query text; see the crate docs for its syntax. Empty matches
    /// every document.
    pub q: String,
    /// Only documents in this language (`en`, `zh`, ...); a bilingual article
    /// matches either of its languages.
    pub lang: Option<String>,
    /// Other filters.
    pub filter: Filter,
    /// Facets to count over all hits: any of `lang`, `source`, `tags`.
    pub facets: Vec<String>,
    /// Hits to return (at most [`MAX_LIMIT`]).
    pub limit: usize,
    /// Hits to skip (at most [`MAX_OFFSET`]).
    pub offset: usize,
    /// Whether to build highlighted titles and snippets.
    pub highlight: bool,
    /// Also search with the query's translations (English ⇄ Chinese, from
    /// the bundled CC-CEDICT dictionary), so an English query finds Chinese
    /// articles and the reverse.
    pub cross_lingual: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            q: String::new(),
            lang: None,
            filter: Filter::default(),
            facets: Vec::new(),
            limit: 10,
            offset: 0,
            highlight: true,
            cross_lingual: false,
        }
    }
}

impl SearchRequest {
    /// A request for `q` with default settings.
    ///
    /// ```
    /// use search_core::SearchRequest;
    /// assert_eq!(SearchRequest::new("cloud").q, "cloud");
    /// ```
    pub fn new(q: impl Into<String>) -> Self {
        SearchRequest {
            q: q.into(),
            ..SearchRequest::default()
        }
    }

    /// Checks the documented limits.
    pub fn validate(&self) -> Result<()> {
        let chars = self.q.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(Error::QueryTooLong {
                chars,
                limit: MAX_QUERY_CHARS,
            });
        }
        if self.limit > MAX_LIMIT {
            return Err(Error::invalid_request(
                "limit",
                format!("{} is over the maximum of {MAX_LIMIT}", self.limit),
            ));
        }
        if self.offset > MAX_OFFSET {
            return Err(Error::invalid_request(
                "offset",
                format!("{} is over the maximum of {MAX_OFFSET}", self.offset),
            ));
        }
        if self.cross_lingual && !cfg!(feature = "cross-lingual") {
            return Err(Error::invalid_request(
                "cross_lingual",
                "this build has no dictionary (the cross-lingual feature is off)",
            ));
        }
        for facet in &self.facets {
            if !FACETS.contains(&facet.as_str()) {
                return Err(Error::invalid_request(
                    "facets",
                    format!("{facet:?} is not one of {}", FACETS.join(", ")),
                ));
            }
        }
        Ok(())
    }
}

/// One hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// The document's id.
    pub id: String,
    /// BM25 score (higher is better).
    pub score: f32,
    /// The title; with highlighting, HTML-escaped with `<mark>`s.
    pub title: String,
    /// The best passage of the body, HTML-escaped with `<mark>`s; absent
    /// without highlighting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
    /// The document's languages.
    pub lang: Vec<String>,
    /// The other stored fields (`source`, `url`, `published`, `tags`, and
    /// any field of the user's), not the body.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    /// The hits of the requested page, best first.
    pub hits: Vec<Hit>,
    /// How many documents matched in all.
    pub total: usize,
    /// For each requested facet, the count of matching documents per value.
    pub facets: BTreeMap<String, BTreeMap<String, u64>>,
    /// Time taken, in milliseconds.
    pub took_ms: f64,
    /// With `cross_lingual`: each query term as written and the translations
    /// searched for it, so a user can see why a hit matched.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub expanded: BTreeMap<String, Vec<String>>,
}
