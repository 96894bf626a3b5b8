//! Search requests and responses: the contract between the library and
//! whatever serves it (the HTTP API's JSON and its OpenAPI schema are
//! derived from these types).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result, UserError};
use crate::snippet::Highlighted;

/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 1000;
/// Deepest offset one request may page to.
pub const MAX_OFFSET: usize = 100_000;
/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// A facet whose values can be counted over the hits.
///
/// ```
/// use search_core::Facet;
/// assert_eq!("tags".parse::<Facet>(), Ok(Facet::Tags));
/// assert_eq!(Facet::Lang.as_str(), "lang");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Facet {
    /// The document's languages.
    Lang,
    /// Its source.
    Source,
    /// Its tags.
    Tags,
}

impl Facet {
    /// The facet's name, as in requests and responses.
    pub fn as_str(self) -> &'static str {
        match self {
            Facet::Lang => "lang",
            Facet::Source => "source",
            Facet::Tags => "tags",
        }
    }
}

impl std::str::FromStr for Facet {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, String> {
        by_name(text, "lang, source, tags")
    }
}

/// Filters that restrict hits without changing their scores.
///
/// ```
/// use search_core::{Filter, SearchRequest};
/// let mut request = SearchRequest::new("cloud");
/// request.filter = Filter { tags: vec!["outage".into()], published_from: Some("2026-01-01".into()), ..Filter::default() };
/// assert!(request.validate().is_ok());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Filter {
    /// Only documents from this source (exact match).
    pub source: Option<String>,
    /// Only documents with at least one of these tags (exact match).
    pub tags: Vec<String>,
    /// Only documents published at or after this date or datetime (RFC 3339).
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::filter_date))]
    pub published_from: Option<String>,
    /// Only documents published at or before this date or datetime (RFC 3339).
    /// A plain date includes that whole day.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::filter_date))]
    pub published_to: Option<String>,
}

/// How many of a query's words a document must match, and what happens
/// when too few documents match them all.
///
/// A word matches *in full* when the document holds the word itself (also
/// inside a longer word, as 计算 inside 云计算), a synonym or a
/// translation of it; a document holding only part of a word (计算 for the
/// query 云计算) or its single characters matches it *partially*.
///
/// ```
/// use search_core::MatchingStrategy;
/// assert_eq!(serde_json::to_string(&MatchingStrategy::Relaxed)?, r#""relaxed""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum MatchingStrategy {
    /// Every word in full.
    All,
    /// Every word in full first; when those fill less than the page,
    /// documents matching some of the words in full follow; parts of words
    /// and characters only when no document matches any word in full.
    #[default]
    Relaxed,
    /// Any word, part of a word or character: long natural-language
    /// questions, ranked by BM25 alone.
    Any,
}

/// The order of hits.
///
/// ```
/// use search_core::Sort;
/// assert_eq!(serde_json::to_string(&Sort::PublishedDesc)?, r#""published:desc""#);
/// assert_eq!("published:asc".parse::<Sort>(), Ok(Sort::PublishedAsc));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Sort {
    /// Best match first.
    #[default]
    #[serde(rename = "relevance")]
    Relevance,
    /// Newest first; ties by relevance; undated documents last.
    #[serde(rename = "published:desc")]
    PublishedDesc,
    /// Oldest first; ties by relevance; undated documents last.
    #[serde(rename = "published:asc")]
    PublishedAsc,
}

/// Reads a value of a string enum by its JSON name.
fn by_name<T: serde::de::DeserializeOwned>(
    text: &str,
    names: &str,
) -> std::result::Result<T, String> {
    serde_json::from_value(Value::String(text.trim().to_string()))
        .map_err(|_| format!("{text:?} is not one of {names}"))
}

impl std::str::FromStr for Sort {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, String> {
        by_name(text, "relevance, published:desc, published:asc")
    }
}

impl std::str::FromStr for MatchingStrategy {
    type Err = String;

    /// ```
    /// use search_core::MatchingStrategy;
    /// assert_eq!("all".parse::<MatchingStrategy>(), Ok(MatchingStrategy::All));
    /// assert!("most".parse::<MatchingStrategy>().is_err());
    /// ```
    fn from_str(text: &str) -> std::result::Result<Self, String> {
        by_name(text, "all, relaxed, any")
    }
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SearchRequest {
    /// The query text: words, "quoted phrases", +required and -excluded
    /// words, `title:` and `body:` scopes. Empty matches every document. At
    /// most 1000 characters.
    #[cfg_attr(feature = "openapi", schema(max_length = 1000, example = "云计算"))]
    pub q: String,
    /// Only documents in this language (`en`, `zh`, ...); a bilingual article
    /// matches either of its languages.
    pub lang: Option<String>,
    /// Other filters.
    pub filter: Filter,
    /// Facets to count over all hits: any of `lang`, `source`, `tags`.
    pub facets: Vec<Facet>,
    /// Hits to return (at most [`MAX_LIMIT`]).
    #[cfg_attr(feature = "openapi", schema(default = 10, minimum = 0, maximum = 1000))]
    pub limit: usize,
    /// Hits to skip (at most [`MAX_OFFSET`]).
    #[cfg_attr(
        feature = "openapi",
        schema(default = 0, minimum = 0, maximum = 100000)
    )]
    pub offset: usize,
    /// Whether to build highlighted titles and snippets.
    #[cfg_attr(feature = "openapi", schema(default = true))]
    pub highlight: bool,
    /// How many of the query's words a hit must match.
    pub matching_strategy: MatchingStrategy,
    /// The order of hits.
    pub sort: Sort,
    /// Also search with the query's translations (English ⇄ Chinese, from
    /// the engine's dictionary, by default the bundled CC-CEDICT), so an
    /// English query finds Chinese articles and the reverse.
    #[cfg_attr(feature = "openapi", schema(default = false))]
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
            matching_strategy: MatchingStrategy::default(),
            sort: Sort::default(),
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
    ///
    /// ```
    /// use search_core::SearchRequest;
    /// let mut request = SearchRequest::new("cloud");
    /// request.limit = 5000;
    /// assert_eq!(request.validate().map_err(|e| e.to_string()), Err("invalid parameter limit: 5000 is over the maximum of 1000".into()));
    /// ```
    pub fn validate(&self) -> Result<()> {
        let chars = self.q.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(UserError::QueryTooLong {
                chars,
                limit: MAX_QUERY_CHARS,
            }
            .into());
        }
        if self.limit > MAX_LIMIT {
            return Err(Error::invalid_parameter(
                "limit",
                format!("{} is over the maximum of {MAX_LIMIT}", self.limit),
            ));
        }
        if self.offset > MAX_OFFSET {
            return Err(Error::invalid_parameter(
                "offset",
                format!("{} is over the maximum of {MAX_OFFSET}", self.offset),
            ));
        }
        Ok(())
    }
}

/// One hit. In JSON, the document's other stored fields (`source`, `url`,
/// `published`, `tags` and any of the user's) stand beside these.
///
/// ```
/// use search_core::{Document, Engine, EngineConfig, SearchRequest};
/// let engine = Engine::in_memory(EngineConfig::default())?;
/// let mut doc = Document::new("1", "AWS & 阿里云", "阿里云扩建数据中心。");
/// doc.source = Some("wire".into());
/// engine.add(doc)?;
/// engine.commit()?;
/// let hit = &engine.search(&SearchRequest::new("阿里云"))?.hits[0];
/// let json = serde_json::to_value(hit)?;
/// assert_eq!(json["title"], "AWS &amp; <mark>阿里云</mark>");
/// assert_eq!(json["source"], "wire");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hit {
    /// The document's id.
    pub id: String,
    /// BM25 score (higher is better).
    pub score: f32,
    /// The title; with highlighting, HTML-escaped with `<mark>`s around
    /// what matched, otherwise as stored.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub title: Highlighted,
    /// The best passage of the body, HTML-escaped with `<mark>`s; absent
    /// without highlighting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub snippet: Option<Highlighted>,
    /// The document's languages.
    pub lang: Vec<String>,
    /// The versions of this article in other languages that are in the
    /// index: language → their document id, found by the URLs of the
    /// document's `translations`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub counterparts: BTreeMap<String, String>,
    /// The other stored fields (`source`, `url`, `published`, `tags`, and
    /// any field of the user's), not the body.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

/// The answer to a [`SearchRequest`].
///
/// ```
/// use search_core::{Engine, EngineConfig, SearchRequest};
/// let engine = Engine::in_memory(EngineConfig::default())?;
/// let response = engine.search(&SearchRequest::new("nothing here"))?;
/// assert_eq!((response.total, response.hits.len()), (0, 0));
/// # Ok::<(), search_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
