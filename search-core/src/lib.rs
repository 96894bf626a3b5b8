//! # search-core
//!
//! Full-text search for English, Chinese and mixed English/Chinese articles,
//! on [tantivy](https://docs.rs/tantivy).
//!
//! ## Architecture
//!
//! Data flows one way, and the same pipeline serves documents and queries:
//!
//! ```text
//! text ─ analysis::normalize ─ analysis::script ─┬─ analysis::chinese (jieba words + sub-words)
//!        (width, case, accents,   (script runs)   └─ analysis::english (stop words, Snowball stems)
//!         traditional→simplified,                        │
//!         offset map)                                     ▼
//!                                       tokens with offsets into the ORIGINAL text
//! ```
//!
//! - [`analysis`]: the analyzer, registered with tantivy for indexing and
//!   called directly to build queries.
//! - [`document`]: the document format; [`ingest`]: JSONL and text files.
//! - [`engine`]: the index, one module a job (opening, writing, reading and
//!   searching, hits, filters, facets, stats).
//! - [`query`]: the query syntax ([`query::parse`]) and its translation into
//!   tantivy queries from the analyzer's tokens ([`query::build`]).
//! - [`crosslingual`]: query translation with a CC-CEDICT dictionary (the
//!   bundled one with the `cross-lingual` feature, a file, or none), owned
//!   by each engine.
//! - [`search`]: the request and response types, the contract a server
//!   serialises (with the `openapi` feature they derive their OpenAPI
//!   schemas); [`snippet`]: highlighted passages as text plus byte ranges,
//!   rendered as HTML or otherwise by the caller.
//! - [`error`]: [`UserError`] (the caller's mistakes) and [`InternalError`]
//!   (failures), the two kinds of [`Error`].
//!
//! Long Chinese words carry their dictionary sub-words and characters at the
//! same position (as synonyms do), so 计算 finds 云计算 and 清华 finds
//! 清华大学, while phrase queries are built from whole words only.
//!
//! ## Query syntax
//!
//! | syntax | meaning |
//! |---|---|
//! | `cloud 云计算` | any word may match; documents matching more rank higher (BM25) |
//! | `"云计算市场"` | the words as a phrase, in order and adjacent |
//! | `+aws` | every hit must match |
//! | `-outage` | no hit may match |
//! | `title:aws`, `body:"data centre"` | only that field |
//!
//! Any string is a valid query: unbalanced quotes run to the end, lone
//! operators and symbols are ignored. Only a query longer than
//! [`MAX_QUERY_CHARS`] characters is an error. An empty query matches every
//! document (browse with filters).
//!
//! ## Example
//!
//! ```
//! use search_core::{Document, Engine, EngineConfig, SearchRequest};
//!
//! let dir = tempfile::tempdir()?;
//! let engine = Engine::open_or_create(dir.path(), EngineConfig::default())?;
//! engine.add(Document::new("1", "雲端運算市場", "阿里云在东南亚扩建数据中心。"))?;
//! engine.add(Document::new("2", "AWS outage", "An outage hit Singapore."))?;
//! engine.commit()?;
//!
//! let mut request = SearchRequest::new("云端运算");
//! request.lang = Some("zh".into());
//! let response = engine.search(&request)?;
//! assert_eq!(response.hits[0].id, "1");
//! // Highlights are byte ranges of the text as written, traditional included.
//! let title = &response.hits[0].title;
//! assert_eq!(title.marked().collect::<Vec<_>>(), ["雲端運算"]);
//! assert_eq!(title.to_html(), "<mark>雲端運算</mark>市場");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

pub mod analysis;
pub mod crosslingual;
pub mod document;
pub mod engine;
pub mod error;
pub mod ingest;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod query;
pub mod schema;
pub mod search;
pub mod snippet;
pub mod synonyms;

pub use document::Document;
pub use engine::{Engine, EngineConfig, Stats};
pub use error::{Error, InternalError, Record, Result, UserError};
pub use search::{
    Facet, Filter, Hit, MatchingStrategy, SearchRequest, SearchResponse, Sort, MAX_LIMIT,
    MAX_OFFSET, MAX_QUERY_CHARS,
};
