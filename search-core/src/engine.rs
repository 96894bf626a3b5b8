//! The engine: an on-disk (or in-memory) tantivy index with the bilingual
//! analyzer, safe to share between threads.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use tantivy::collector::{FacetCollector, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, Value as _};
use tantivy::{DateTime, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::analysis::{
    detect_languages, is_chinese_text, Analyzer, AnalyzerConfig, TantivyAnalyzer,
};
use crate::document::{parse_date, Document};
use crate::error::{Error, Result};
use crate::query::{self, Weights};
use crate::schema::{self, Fields, Marker, ANALYZER_NAME, SCHEMA_VERSION};
use crate::search::{Hit, SearchRequest, SearchResponse};
use crate::snippet::{self, DEFAULT_SNIPPET_CHARS};
use crate::synonyms::Synonyms;

/// How to open or create an [`Engine`].
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
        }
    }
}

/// Counts that describe an index.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
/// assert!(response.hits[0].snippet.as_deref().is_some_and(|s| s.contains("<mark>计算</mark>")));
/// # Ok::<(), search_core::Error>(())
/// ```
pub struct Engine {
    _index: Index,
    reader: IndexReader,
    /// `None` when opened read-only.
    writer: Option<Mutex<IndexWriter>>,
    fields: Fields,
    analyzer: Analyzer,
    synonyms: Synonyms,
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
    /// Opens the index in `dir`, or creates one there (and the directory)
    /// if it has none. Refuses an index written with another schema or
    /// analyzer configuration.
    ///
    /// ```
    /// use search_core::{Document, Engine, EngineConfig};
    /// let dir = tempfile::tempdir()?;
    /// {
    ///     let engine = Engine::open_or_create(dir.path(), EngineConfig::default())?;
    ///     engine.add(Document::new("a", "Title", "Body"))?;
    ///     engine.commit()?;
    /// }
    /// let engine = Engine::open_or_create(dir.path(), EngineConfig::default())?;
    /// assert!(engine.get("a")?.is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open_or_create(dir: impl AsRef<Path>, config: EngineConfig) -> Result<Engine> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        Engine::open_dir(dir, config, true)
    }

    /// Opens the existing index in `dir` for searching only, without taking
    /// the writer's lock, so it works while another process (a running
    /// server) writes to the index. It follows that process's commits.
    ///
    /// ```
    /// use search_core::{Document, Engine, EngineConfig, SearchRequest};
    /// let dir = tempfile::tempdir()?;
    /// let writer = Engine::open_or_create(dir.path(), EngineConfig::default())?;
    /// writer.add(Document::new("a", "云计算", ""))?;
    /// writer.commit()?;
    /// let reader = Engine::open_read_only(dir.path(), EngineConfig::default())?;
    /// assert_eq!(reader.search(&SearchRequest::new("云计算"))?.total, 1);
    /// assert!(reader.add(Document::new("b", "", "")).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open_read_only(dir: impl AsRef<Path>, config: EngineConfig) -> Result<Engine> {
        Engine::open_dir(dir.as_ref(), config, false)
    }

    /// Opens the index in `dir`; `writable` creates it when missing and takes
    /// the writer's lock.
    fn open_dir(dir: &Path, config: EngineConfig, writable: bool) -> Result<Engine> {
        let analyzer = Analyzer::new(&config.analyzer)?;
        let (index, fields) = open_index(dir, &analyzer, writable)?;
        let path = Some(dir.to_path_buf());
        Engine::from_index(index, analyzer, fields, config, path, writable)
    }

    /// Creates an engine whose index lives in memory (tests, examples).
    pub fn in_memory(config: EngineConfig) -> Result<Engine> {
        let analyzer = Analyzer::new(&config.analyzer)?;
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema);
        Engine::from_index(index, analyzer, fields, config, None, true)
    }

    fn from_index(
        index: Index,
        analyzer: Analyzer,
        fields: Fields,
        config: EngineConfig,
        path: Option<PathBuf>,
        writable: bool,
    ) -> Result<Engine> {
        index
            .tokenizers()
            .register(ANALYZER_NAME, TantivyAnalyzer::new(analyzer.clone()));
        let writer = if writable {
            let threads = config.writer_threads.max(1);
            let memory = config.writer_memory_per_thread.max(15 << 20);
            let writer = index
                .writer_with_num_threads(threads, threads * memory)
                .map_err(|e| match (e, &path) {
                    (tantivy::TantivyError::LockFailure(..), Some(dir)) => {
                        Error::IndexLocked(dir.clone())
                    }
                    (e, _) => e.into(),
                })?;
            Some(Mutex::new(writer))
        } else {
            None
        };
        let synonyms = match &config.synonyms {
            Some((text, origin)) => Synonyms::parse(text, origin, &analyzer)?,
            None => Synonyms::bundled(&analyzer)?,
        };
        let reader = index
            .reader_builder()
            // A read-only engine follows another process's commits; a
            // writable one reloads itself after each commit.
            .reload_policy(if writable {
                ReloadPolicy::Manual
            } else {
                ReloadPolicy::OnCommitWithDelay
            })
            .try_into()?;
        Ok(Engine {
            _index: index,
            reader,
            writer,
            fields,
            analyzer,
            synonyms,
            config,
            path,
        })
    }

    /// The analyzer used for documents and queries.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// The index directory, if on disk.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn writer(&self) -> Result<MutexGuard<'_, IndexWriter>> {
        self.writer
            .as_ref()
            .ok_or(Error::ReadOnly)?
            .lock()
            .map_err(|_| Error::Internal("the index writer lock was poisoned".into()))
    }

    /// Adds a document, replacing any with the same id. It becomes visible
    /// (and durable) at the next [`Engine::commit`].
    pub fn add(&self, doc: Document) -> Result<()> {
        self.add_documents(std::iter::once(doc)).map(|_| ())
    }

    /// Adds documents, each replacing any with the same id; returns how many.
    /// Every document is checked before any is added, so an invalid one
    /// adds nothing.
    pub fn add_documents(&self, docs: impl IntoIterator<Item = Document>) -> Result<usize> {
        let docs: Vec<Document> = docs.into_iter().collect();
        let prepared = self.prepare(docs)?;
        let count = prepared.len();
        let writer = self.writer()?;
        for (id, doc) in prepared {
            writer.delete_term(Term::from_field_text(self.fields.id, &id));
            writer.add_document(doc)?;
        }
        Ok(count)
    }

    /// Validates and converts documents (language detection included) on
    /// as many threads as the writer has, since this runs before tantivy's
    /// own indexing threads get the documents.
    fn prepare(&self, docs: Vec<Document>) -> Result<Vec<(String, TantivyDocument)>> {
        const MIN_PER_THREAD: usize = 64;
        let threads = self
            .config
            .writer_threads
            .clamp(1, docs.len().div_ceil(MIN_PER_THREAD).max(1));
        let convert = |doc: Document| Ok((doc.id.clone(), self.to_tantivy(doc)?));
        if threads == 1 {
            return docs.into_iter().map(convert).collect();
        }
        let chunk = docs.len().div_ceil(threads);
        let mut chunks: Vec<Vec<Document>> = Vec::with_capacity(threads);
        let mut rest = docs.into_iter();
        loop {
            let part: Vec<Document> = rest.by_ref().take(chunk).collect();
            if part.is_empty() {
                break;
            }
            chunks.push(part);
        }
        std::thread::scope(|scope| {
            let handles: Vec<_> = chunks
                .into_iter()
                .map(|part| {
                    scope.spawn(move || part.into_iter().map(convert).collect::<Result<Vec<_>>>())
                })
                .collect();
            let mut prepared = Vec::new();
            for handle in handles {
                let part = handle.join().map_err(|_| {
                    Error::Internal("a document-preparing thread panicked".into())
                })??;
                prepared.extend(part);
            }
            Ok(prepared)
        })
    }

    fn to_tantivy(&self, mut doc: Document) -> Result<TantivyDocument> {
        doc.validate()?;
        if doc.lang.is_empty() {
            let mut text = String::with_capacity(doc.title.len() + doc.body.len() + 1);
            text.push_str(&doc.title);
            text.push('\n');
            text.push_str(&doc.body);
            doc.lang = detect_languages(&text);
        } else {
            for lang in &mut doc.lang {
                *lang = lang.to_ascii_lowercase();
            }
        }
        let f = &self.fields;
        let mut t = TantivyDocument::default();
        t.add_text(f.id, &doc.id);
        t.add_text(f.title, &doc.title);
        t.add_text(f.body, &doc.body);
        for lang in &doc.lang {
            t.add_text(f.lang, lang);
            t.add_facet(f.facets, Facet::from_path(["lang", lang.as_str()]));
        }
        if let Some(source) = &doc.source {
            t.add_text(f.source, source);
            t.add_facet(f.facets, Facet::from_path(["source", source.as_str()]));
        }
        for tag in &doc.tags {
            t.add_text(f.tags, tag);
            t.add_facet(f.facets, Facet::from_path(["tags", tag.as_str()]));
        }
        if let Some(at) = doc.published_at() {
            t.add_date(f.published, DateTime::from_utc(at));
        }
        let stored = serde_json::to_string(&doc)
            .map_err(|e| Error::Internal(format!("serialising document {:?}: {e}", doc.id)))?;
        t.add_text(f.stored, stored);
        Ok(t)
    }

    /// Deletes the document with this id, if any, at the next commit.
    /// Returns whether it existed (in the last committed state).
    pub fn delete(&self, id: &str) -> Result<bool> {
        let existed = self.get(id)?.is_some();
        self.writer()?
            .delete_term(Term::from_field_text(self.fields.id, id));
        Ok(existed)
    }

    /// Commits everything added or deleted so far: when this returns, the
    /// changes are on disk (they survive a crash) and searches see them.
    pub fn commit(&self) -> Result<()> {
        self.writer()?.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Whether this engine can write (it was not opened read-only).
    pub fn is_writable(&self) -> bool {
        self.writer.is_some()
    }

    /// Drops everything added or deleted since the last commit.
    pub fn rollback(&self) -> Result<()> {
        self.writer()?.rollback()?;
        Ok(())
    }

    /// The committed document with this id.
    pub fn get(&self, id: &str) -> Result<Option<Document>> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        match top.first() {
            Some((_, address)) => {
                let doc: TantivyDocument = searcher.doc(*address)?;
                Ok(Some(self.stored_document(&doc)?))
            }
            None => Ok(None),
        }
    }

    fn stored_document(&self, doc: &TantivyDocument) -> Result<Document> {
        let json = doc
            .get_first(self.fields.stored)
            .and_then(|v| v.as_str())
            .ok_or_else(|| Error::Internal("a document has no stored source".into()))?;
        serde_json::from_str(json)
            .map_err(|e| Error::Internal(format!("stored document unreadable: {e}")))
    }

    /// Answers a search request.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse> {
        let started = Instant::now();
        request.validate()?;
        let clauses = query::parse(&request.q);
        let searcher = self.reader.searcher();
        let doc_freq = |term: &Term| searcher.doc_freq(term).unwrap_or(0);
        let built = query::build(
            &clauses,
            &query::Context {
                analyzer: &self.analyzer,
                fields: &self.fields,
                weights: &self.config.weights,
                synonyms: &self.synonyms,
                cross_lingual: request.cross_lingual,
                doc_freq: &doc_freq,
            },
        );
        let filters = self.filters(request)?;
        let query: Box<dyn Query> = if filters.is_empty() {
            built.query
        } else {
            let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, built.query)];
            for filter in filters {
                parts.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
            }
            Box::new(BooleanQuery::new(parts))
        };

        // The page alone, so tantivy can skip blocks that cannot reach it
        // (block-max WAND); the total counts matches without scoring them;
        // facets only when asked for.
        let top = if request.limit == 0 {
            Vec::new()
        } else {
            let top_docs = TopDocs::with_limit(request.limit)
                .and_offset(request.offset)
                .order_by_score();
            searcher.search(&query, &top_docs)?
        };
        let total = query.count(&searcher)?;
        let facet_counts = if request.facets.is_empty() {
            None
        } else {
            let mut collector = FacetCollector::for_field("facets");
            for facet in &request.facets {
                collector.add_facet(Facet::from_path([facet.as_str()]));
            }
            Some(searcher.search(&query, &collector)?)
        };

        let prefer_chinese = (!request.q.trim().is_empty()).then(|| is_chinese_text(&request.q));
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let stored: TantivyDocument = searcher.doc(address)?;
            let doc = self.stored_document(&stored)?;
            hits.push(self.hit(
                doc,
                score,
                request.highlight,
                &built.highlight,
                prefer_chinese,
            ));
        }

        let mut facets = BTreeMap::new();
        for facet in &request.facets {
            let Some(facet_counts) = &facet_counts else {
                break;
            };
            let counts: BTreeMap<String, u64> = facet_counts
                .get(&format!("/{facet}"))
                .map(|(f, count)| {
                    let value = f
                        .to_path()
                        .last()
                        .map(|s| s.to_string())
                        .unwrap_or_default();
                    (value, count)
                })
                .collect();
            facets.insert(facet.clone(), counts);
        }
        Ok(SearchResponse {
            hits,
            total,
            facets,
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            expanded: built.expanded,
        })
    }

    fn hit(
        &self,
        doc: Document,
        score: f32,
        highlight: bool,
        terms: &rustc_hash::FxHashSet<String>,
        prefer_chinese: Option<bool>,
    ) -> Hit {
        let (title, snippet) = if highlight {
            (
                snippet::highlight(&doc.title, &self.analyzer, terms),
                Some(snippet::snippet(
                    &doc.body,
                    &self.analyzer,
                    terms,
                    prefer_chinese,
                    self.config.snippet_chars,
                )),
            )
        } else {
            (doc.title.clone(), None)
        };
        let mut fields = match serde_json::to_value(&doc) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        };
        for key in ["id", "title", "body", "lang"] {
            fields.remove(key);
        }
        Hit {
            id: doc.id,
            score,
            title,
            snippet,
            lang: doc.lang,
            fields,
        }
    }

    fn filters(&self, request: &SearchRequest) -> Result<Vec<Box<dyn Query>>> {
        let f = &self.fields;
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        let term = |field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::Basic,
            ))
        };
        if let Some(lang) = request
            .lang
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty() && *l != "all")
        {
            filters.push(term(f.lang, &lang.to_ascii_lowercase()));
        }
        if let Some(source) = request.filter.source.as_deref().filter(|s| !s.is_empty()) {
            filters.push(term(f.source, source));
        }
        if !request.filter.tags.is_empty() {
            let any: Vec<(Occur, Box<dyn Query>)> = request
                .filter
                .tags
                .iter()
                .map(|tag| (Occur::Should, term(f.tags, tag)))
                .collect();
            filters.push(Box::new(BooleanQuery::new(any)));
        }
        let from = date_bound(
            request.filter.published_from.as_deref(),
            "filter.published_from",
            false,
        )?;
        let to = date_bound(
            request.filter.published_to.as_deref(),
            "filter.published_to",
            true,
        )?;
        if from.is_some() || to.is_some() {
            let lower = from.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_date(f.published, d))
            });
            let upper = to.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_date(f.published, d))
            });
            filters.push(Box::new(tantivy::query::RangeQuery::new(lower, upper)));
        }
        Ok(filters)
    }

    /// Counts of documents, languages, segments and bytes on disk.
    pub fn stats(&self) -> Result<Stats> {
        let searcher = self.reader.searcher();
        let mut collector = FacetCollector::for_field("facets");
        collector.add_facet(Facet::from_path(["lang"]));
        let counts = searcher.search(&AllQuery, &collector)?;
        let per_language = counts
            .get("/lang")
            .map(|(f, n)| {
                (
                    f.to_path()
                        .last()
                        .map(|s| s.to_string())
                        .unwrap_or_default(),
                    n,
                )
            })
            .collect();
        let size_bytes = match &self.path {
            Some(dir) => dir_size(dir),
            None => 0,
        };
        Ok(Stats {
            documents: searcher.num_docs(),
            per_language,
            segments: searcher.segment_readers().len(),
            size_bytes,
        })
    }
}

/// Opens (or, with `create`, creates) the tantivy index in `dir`, refusing
/// one written with another schema or analyzer.
fn open_index(dir: &Path, analyzer: &Analyzer, create: bool) -> Result<(Index, Fields)> {
    let expected = Marker {
        schema_version: SCHEMA_VERSION,
        analyzer: analyzer.fingerprint().to_string(),
    };
    let (schema, fields) = schema::build();
    if !create && !dir.is_dir() {
        return Err(Error::NoIndex(dir.to_path_buf()));
    }
    let directory = MmapDirectory::open(dir)?;
    if !Index::exists(&directory).map_err(tantivy::TantivyError::from)? {
        if !create {
            return Err(Error::NoIndex(dir.to_path_buf()));
        }
        let index = Index::create(directory, schema, tantivy::IndexSettings::default())?;
        expected.write(dir)?;
        return Ok((index, fields));
    }
    match Marker::read(dir)? {
        Some(found) => found.check(&expected, dir)?,
        None => {
            return Err(Error::IncompatibleIndex {
                path: dir.to_path_buf(),
                reason: format!(
                    "it has no {} marker, so it was not written by this engine",
                    schema::MARKER_FILE
                ),
            })
        }
    }
    let index = Index::open(directory)?;
    if index.schema() != schema {
        return Err(Error::IncompatibleIndex {
            path: dir.to_path_buf(),
            reason: "its fields differ from this build's schema".to_string(),
        });
    }
    Ok((index, fields))
}

/// A filter bound: a datetime as given, a plain date as the start (or, for
/// an upper bound, the end) of that day. Bounds are cut to whole seconds,
/// the precision the index keeps, so a document is found by a filter on its
/// own sub-second time.
fn date_bound(value: Option<&str>, parameter: &str, upper: bool) -> Result<Option<DateTime>> {
    let Some(text) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let at = parse_date(text).map_err(|reason| Error::invalid_request(parameter, reason))?;
    let plain_date = !text.contains('T') && !text.contains('t');
    let at = if upper && plain_date {
        at + time::Duration::days(1) - time::Duration::seconds(1)
    } else {
        at
    };
    let at = at.replace_nanosecond(0).unwrap_or(at);
    Ok(Some(DateTime::from_utc(at)))
}

fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

#[cfg(test)]
mod tests;
