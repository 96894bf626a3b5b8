//! The engine: an on-disk (or in-memory) tantivy index with the bilingual
//! analyzer, safe to share between threads. One module a job:
//!
//! - `open`: creating and opening indexes (writable, read-only,
//!   in memory) and refusing incompatible ones;
//! - `write`: validating, converting and adding documents, deleting,
//!   committing;
//! - `read`: documents by id, and searches (query, filters, ranking, paging);
//! - `hits`: a stored document turned into a hit, with its highlights;
//! - `filters`: the request's filters as tantivy queries;
//! - `facets`: counting facet values;
//! - `stats`: counts that describe an index.

mod facets;
mod filters;
mod hits;
mod open;
mod read;
mod stats;
mod translations;
mod write;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tantivy::{Index, IndexReader, IndexWriter};

use crate::analysis::{Analyzer, AnalyzerConfig};
use crate::crosslingual::DictionarySource;
use crate::query::Weights;
use crate::schema::Fields;
use crate::snippet::DEFAULT_SNIPPET_CHARS;
use crate::synonyms::Synonyms;

pub use stats::Stats;
use translations::Translations;

/// How to open or create an [`Engine`].
///
/// ```
/// use search_core::crosslingual::DictionarySource;
/// use search_core::{Engine, EngineConfig};
/// let config = EngineConfig { dictionary: DictionarySource::None, ..EngineConfig::default() };
/// let engine = Engine::in_memory(config)?;
/// let mut request = search_core::SearchRequest::new("cloud");
/// request.cross_lingual = true;
/// assert!(engine.search(&request).is_err()); // no dictionary to translate with
/// # Ok::<(), search_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// User dictionary and stop words.
    pub analyzer: AnalyzerConfig,
    /// Title and sub-word boosts.
    pub weights: Weights,
    /// Indexing threads (tantivy's writer threads).
    pub writer_threads: usize,
    /// Indexing memory budget per thread, in bytes (at least 15 MB).
    pub writer_memory_per_thread: usize,
    /// Snippet length in characters.
    pub snippet_chars: usize,
    /// Synonym groups (the text of a synonyms file and where it came from,
    /// for errors); `None` uses the bundled cloud-computing names.
    pub synonyms: Option<(String, String)>,
    /// The dictionary cross-lingual requests translate with. It is read on
    /// the first such request, or by [`Engine::dictionary`].
    pub dictionary: DictionarySource,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            analyzer: AnalyzerConfig::default(),
            weights: Weights::default(),
            writer_threads: std::thread::available_parallelism()
                .map(|n| n.get().min(4))
                .unwrap_or(1),
            writer_memory_per_thread: 64 << 20,
            snippet_chars: DEFAULT_SNIPPET_CHARS,
            synonyms: None,
            dictionary: DictionarySource::default(),
        }
    }
}

/// A bilingual search engine over one tantivy index.
///
/// `Send + Sync`: share it (in an `Arc`) between threads. Searches never wait
/// for indexing, and see a commit as soon as [`Engine::commit`] returns.
///
/// ```
/// use search_core::{Document, Engine, EngineConfig, SearchRequest};
/// let engine = Engine::in_memory(EngineConfig::default())?;
/// engine.add(Document::new("1", "阿里云扩大数据中心", "阿里云在东南亚新建云计算数据中心。"))?;
/// engine.add(Document::new("2", "Cloud prices fall", "Cloud computing got cheaper this year."))?;
/// engine.commit()?;
/// let response = engine.search(&SearchRequest::new("计算"))?;
/// assert_eq!(response.total, 1);
/// assert_eq!(response.hits[0].id, "1");
/// let snippet = response.hits[0].snippet.as_ref().ok_or("no snippet")?;
/// assert_eq!(snippet.marked().collect::<Vec<_>>(), ["计算"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Engine {
    _index: Index,
    reader: IndexReader,
    /// `None` when opened read-only.
    writer: Option<Mutex<IndexWriter>>,
    fields: Fields,
    analyzer: Analyzer,
    synonyms: Synonyms,
    translations: Translations,
    config: EngineConfig,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("path", &self.path)
            .field("analyzer", &self.analyzer)
            .finish()
    }
}

impl Engine {
    /// The analyzer used for documents and queries.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// The index directory, if on disk.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether this engine can write (it was not opened read-only).
    pub fn is_writable(&self) -> bool {
        self.writer.is_some()
    }

    /// The cross-lingual dictionary, read now if it was not yet (a server
    /// calls this on a background thread at start-up rather than make the
    /// first cross-lingual request wait); `None` when the engine has none.
    ///
    /// ```
    /// use search_core::crosslingual::DictionarySource;
    /// use search_core::{Engine, EngineConfig};
    /// let config = EngineConfig { dictionary: DictionarySource::None, ..EngineConfig::default() };
    /// assert!(Engine::in_memory(config)?.dictionary()?.is_none());
    /// # Ok::<(), search_core::Error>(())
    /// ```
    pub fn dictionary(&self) -> crate::Result<Option<&crate::crosslingual::Dictionary>> {
        self.translations.get()
    }
}

#[cfg(test)]
mod tests;
