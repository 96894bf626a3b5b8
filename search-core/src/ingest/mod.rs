//! Ingest: documents from JSONL files (one JSON object a line) and plain
//! text files (`.txt`, `.md`: the first non-empty line is the title, the rest
//! the body, the id the path relative to the directory given), single files
//! or whole directories.
//!
//! A broken line is reported as `file:line: reason` and skipped; in strict
//! mode the first one stops the run.

pub mod jsonl;
pub mod text;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::document::Document;
use crate::engine::Engine;
use crate::error::{Error, Record, Result, UserError};

pub use jsonl::{parse_json_array, parse_jsonl};

/// How to ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Stop at the first broken line or file instead of skipping it.
    pub strict: bool,
    /// Documents handed to the engine at a time.
    pub batch_size: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            strict: false,
            batch_size: 1000,
        }
    }
}

/// A line or file that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// The 1-based line; 0 when the whole file was skipped.
    pub line: usize,
    /// Why.
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.reason)
    }
}

impl From<Skipped> for Error {
    fn from(s: Skipped) -> Self {
        UserError::Ingest {
            path: s.path,
            line: s.line,
            reason: s.reason,
        }
        .into()
    }
}

/// Where an ingest run is, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Documents read so far.
    pub documents: u64,
    /// Bytes of input read so far.
    pub bytes: u64,
    /// Bytes of input in all.
    pub total_bytes: u64,
}

/// What an ingest run did.
#[derive(Debug, Clone, Default)]
pub struct IngestSummary {
    /// Documents indexed (added or replaced).
    pub indexed: usize,
    /// Lines and files skipped.
    pub skipped: Vec<Skipped>,
    /// Bytes of input read.
    pub bytes: u64,
    /// Time taken, commit included.
    pub elapsed: Duration,
}

/// The files to read under `paths`: files as given, directories walked
/// (sorted, hidden entries skipped) for `.jsonl`, `.ndjson`, `.json`, `.txt`
/// and `.md` files. Each comes with the root its id is relative to.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<(PathBuf, PathBuf)>> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| Error::unreadable(path, e))?;
        if meta.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                });
            for entry in walker {
                let entry = entry.map_err(|e| {
                    let p = e.path().unwrap_or(path).to_path_buf();
                    Error::unreadable(p, std::io::Error::other(e.to_string()))
                })?;
                if entry.file_type().is_file() && kind_of(entry.path()).is_some() {
                    files.push((entry.path().to_path_buf(), path.clone()));
                }
            }
        } else {
            let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
            files.push((path.clone(), root));
        }
    }
    Ok(files)
}

/// The formats a file can be read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// One JSON document a line (`.jsonl`, `.ndjson`), or a JSON array or
    /// lines (`.json`).
    Jsonl,
    /// A text or Markdown document (`.txt`, `.md`).
    Text,
}

/// The format of a file, from its extension.
///
/// ```
/// use search_core::ingest::{kind_of, FileKind};
/// assert_eq!(kind_of("a/b.jsonl".as_ref()), Some(FileKind::Jsonl));
/// assert_eq!(kind_of("notes.MD".as_ref()), Some(FileKind::Text));
/// assert_eq!(kind_of("image.png".as_ref()), None);
/// ```
pub fn kind_of(path: &Path) -> Option<FileKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" | "ndjson" | "json" => Some(FileKind::Jsonl),
        "txt" | "md" | "markdown" => Some(FileKind::Text),
        _ => None,
    }
}

/// Reads the documents of one file. Broken lines come back as [`Skipped`].
pub fn read_file(path: &Path, root: &Path) -> Result<Vec<std::result::Result<Document, Skipped>>> {
    let bytes = std::fs::read(path).map_err(|e| Error::unreadable(path, e))?;
    let skipped = |line: usize, reason: String| Skipped {
        path: path.to_path_buf(),
        line,
        reason,
    };
    match kind_of(path) {
        Some(FileKind::Text) => Ok(vec![
            text::parse_text(&bytes, path, root).map_err(|r| skipped(0, r))
        ]),
        _ => {
            let trimmed = bytes
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .map(|i| bytes[i]);
            let docs = if trimmed == Some(b'[') {
                parse_json_array(&bytes)
            } else {
                parse_jsonl(&bytes)
            };
            Ok(docs
                .into_iter()
                .map(|r| {
                    r.map_err(|e| match &e {
                        UserError::Record {
                            at: Record::Line(n),
                            error,
                        } => skipped(*n, error.to_string()),
                        UserError::Record {
                            at: Record::Element(n),
                            ..
                        } => skipped(*n, e.to_string()),
                        other => skipped(0, other.to_string()),
                    })
                })
                .collect())
        }
    }
}

impl Engine {
    /// Indexes the files and directories in `paths` and commits. Broken
    /// lines are skipped and listed in the summary (or, with
    /// `options.strict`, the first one is returned as an error and nothing
    /// of this run is committed). `progress` is called after each file and
    /// batch.
    ///
    /// ```
    /// use search_core::{Engine, EngineConfig, ingest::IngestOptions};
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("a.jsonl"), "{\"id\":\"1\",\"title\":\"云计算\"}\nnot json\n")?;
    /// std::fs::write(dir.path().join("note.md"), "# Cloud notes\n\nKubernetes everywhere.")?;
    /// let engine = Engine::in_memory(EngineConfig::default())?;
    /// let summary = engine.ingest(&[dir.path().to_path_buf()], &IngestOptions::default(), |_| {})?;
    /// assert_eq!(summary.indexed, 2);
    /// assert_eq!(summary.skipped.len(), 1);
    /// assert!(summary.skipped[0].to_string().contains("a.jsonl:2: malformed JSON"));
    /// assert!(engine.get("note.md")?.is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ingest(
        &self,
        paths: &[PathBuf],
        options: &IngestOptions,
        mut progress: impl FnMut(Progress),
    ) -> Result<IngestSummary> {
        let started = Instant::now();
        let files = collect_files(paths)?;
        let total_bytes = files
            .iter()
            .filter_map(|(p, _)| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        let mut summary = IngestSummary::default();
        let mut state = Progress {
            total_bytes,
            ..Progress::default()
        };
        let mut batch = Vec::with_capacity(options.batch_size);
        for (path, root) in &files {
            let results = match read_file(path, root) {
                Ok(r) => r,
                Err(e) if !options.strict => {
                    summary.skipped.push(Skipped {
                        path: path.clone(),
                        line: 0,
                        reason: e.to_string(),
                    });
                    continue;
                }
                Err(e) => return self.abandon(e),
            };
            for result in results {
                match result {
                    Ok(doc) => {
                        batch.push(doc);
                        state.documents += 1;
                        if batch.len() >= options.batch_size.max(1) {
                            summary.indexed += self.add_documents(batch.drain(..))?;
                            progress(state);
                        }
                    }
                    Err(skipped) if options.strict => return self.abandon(skipped.into()),
                    Err(skipped) => summary.skipped.push(skipped),
                }
            }
            state.bytes += std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            progress(state);
        }
        summary.indexed += self.add_documents(batch)?;
        self.commit()?;
        summary.bytes = state.bytes;
        summary.elapsed = started.elapsed();
        Ok(summary)
    }

    fn abandon<T>(&self, error: Error) -> Result<T> {
        self.rollback()?;
        Err(error)
    }
}
