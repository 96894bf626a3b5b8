//! search-core
pub mod analysis;
pub mod document;
pub mod engine;
pub mod error;
pub mod ingest;
pub mod query;
pub mod schema;
pub mod search;
pub mod snippet;
pub use document::Document;
pub use engine::{Engine, EngineConfig, Stats};
pub use error::{Error, Result};
pub use search::{
    Filter, Hit, SearchRequest, SearchResponse, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS,
};
