//! Creating and opening indexes: on disk (writable or read-only) or in
//! memory, refusing an index written with another schema or analyzer.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tantivy::directory::MmapDirectory;
use tantivy::{Index, ReloadPolicy};

use super::translations::Translations;
use super::{Engine, EngineConfig};
use crate::analysis::{Analyzer, TantivyAnalyzer};
use crate::error::{Error, Result, UserError};
use crate::schema::{self, Fields, Marker, ANALYZER_NAME, SCHEMA_VERSION};
use crate::synonyms::Synonyms;

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
        std::fs::create_dir_all(dir).map_err(|e| Error::unreadable(dir, e))?;
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

    /// Creates an engine whose index lives in memory (tests, examples).
    ///
    /// ```
    /// use search_core::{Engine, EngineConfig};
    /// let engine = Engine::in_memory(EngineConfig::default())?;
    /// assert!(engine.path().is_none() && engine.is_writable());
    /// # Ok::<(), search_core::Error>(())
    /// ```
    pub fn in_memory(config: EngineConfig) -> Result<Engine> {
        let analyzer = Analyzer::new(&config.analyzer)?;
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema);
        Engine::from_index(index, analyzer, fields, config, None, true)
    }

    /// Opens the index in `dir`; `writable` creates it when missing and takes
    /// the writer's lock.
    fn open_dir(dir: &Path, config: EngineConfig, writable: bool) -> Result<Engine> {
        let analyzer = Analyzer::new(&config.analyzer)?;
        let (index, fields) = open_index(dir, &analyzer, writable)?;
        let path = Some(dir.to_path_buf());
        Engine::from_index(index, analyzer, fields, config, path, writable)
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
                        UserError::IndexLocked(dir.clone()).into()
                    }
                    (e, _) => Error::from(e),
                })?;
            Some(Mutex::new(writer))
        } else {
            None
        };
        let synonyms = match &config.synonyms {
            Some((text, origin)) => Synonyms::parse(text, origin, &analyzer)?,
            None => Synonyms::bundled(&analyzer)?,
        };
        let translations = Translations::new(config.dictionary.clone())?;
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
            translations,
            config,
            path,
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
        return Err(UserError::NoIndex(dir.to_path_buf()).into());
    }
    let directory = MmapDirectory::open(dir)?;
    if !Index::exists(&directory).map_err(tantivy::TantivyError::from)? {
        if !create {
            return Err(UserError::NoIndex(dir.to_path_buf()).into());
        }
        let index = Index::create(directory, schema, tantivy::IndexSettings::default())?;
        expected.write(dir)?;
        return Ok((index, fields));
    }
    match Marker::read(dir)? {
        Some(found) => found.check(&expected, dir)?,
        None => {
            return Err(UserError::IncompatibleIndex {
                path: dir.to_path_buf(),
                reason: format!(
                    "it has no {} marker, so it was not written by this engine",
                    schema::MARKER_FILE
                ),
            }
            .into())
        }
    }
    let index = Index::open(directory)?;
    if index.schema() != schema {
        return Err(UserError::IncompatibleIndex {
            path: dir.to_path_buf(),
            reason: "its fields differ from this build's schema".to_string(),
        }
        .into());
    }
    Ok((index, fields))
}
