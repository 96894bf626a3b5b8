//! Counts that describe an index: documents, languages, segments, bytes.

use std::collections::BTreeMap;
use std::path::Path;

use tantivy::collector::FacetCollector;
use tantivy::query::AllQuery;
use tantivy::schema::Facet;

use super::Engine;
use crate::error::Result;

/// Counts that describe an index.
///
/// ```
/// use search_core::{Document, Engine, EngineConfig};
/// let engine = Engine::in_memory(EngineConfig::default())?;
/// engine.add(Document::new("1", "云计算", "阿里云的数据中心。"))?;
/// engine.commit()?;
/// let stats = engine.stats()?;
/// assert_eq!((stats.documents, stats.per_language["zh"]), (1, 1));
/// # Ok::<(), search_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stats {
    /// Live documents.
    pub documents: u64,
    /// Live documents per language (a bilingual one counts in both).
    pub per_language: BTreeMap<String, u64>,
    /// Index segments.
    pub segments: usize,
    /// Bytes on disk (0 in memory).
    pub size_bytes: u64,
}

impl Engine {
    /// Counts of documents, languages, segments and bytes on disk.
    pub fn stats(&self) -> Result<Stats> {
        let searcher = self.reader.searcher();
        let mut collector = FacetCollector::for_field("facets");
        collector.add_facet(Facet::from_path(["lang"]));
        let counts = searcher.search(&AllQuery, &collector)?;
        let size_bytes = match &self.path {
            Some(dir) => dir_size(dir),
            None => 0,
        };
        Ok(Stats {
            documents: searcher.num_docs(),
            per_language: super::facets::values(&counts, "lang"),
            segments: searcher.segment_readers().len(),
            size_bytes,
        })
    }
}

/// Bytes in the files under `dir`.
fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}
