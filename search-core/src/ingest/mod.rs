//! Ingest: documents from files as news collections hold them, single
//! files or whole directories:
//!
//! - JSONL files (one JSON object a line) and JSON arrays ([`jsonl`]);
//! - saved web pages, `.html`/`.htm`, in any charset ([`html`]);
//! - feeds, `.xml`/`.rss`/`.atom` and JSON Feed `.json` ([`feed`]);
//! - text dumps of pages, `.txt`, and Markdown, `.md` ([`text`]).
//!
//! A file's documents have the path relative to the directory given as
//! their id (a feed's items their guid or link), so indexing the same
//! folder again replaces them. A broken line, page or item is reported as
//! `file:line: reason`, `file: reason` or `file:item N: reason` and
//! skipped; in strict mode the first one stops the run.

pub mod charset;
pub mod dates;
pub mod feed;
pub mod furniture;
pub mod html;
pub mod jsonl;
pub mod text;
pub mod title;

use std::collections::BTreeMap;
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

/// A line, item or file that was not indexed, and why.
///
/// ```
/// use search_core::ingest::Skipped;
/// let line = Skipped { path: "a.jsonl".into(), line: 2, item: None, reason: "malformed JSON".into() };
/// let item = Skipped { path: "news.rss".into(), line: 0, item: Some(3), reason: "no link".into() };
/// let file = Skipped { path: "page.html".into(), line: 0, item: None, reason: "no text".into() };
/// assert_eq!(line.to_string(), "a.jsonl:2: malformed JSON");
/// assert_eq!(item.to_string(), "news.rss:item 3: no link");
/// assert_eq!(file.to_string(), "page.html: no text");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// The 1-based line; 0 when the whole file or a feed item was skipped.
    pub line: usize,
    /// The 1-based feed item, when one item of a feed was skipped.
    pub item: Option<usize>,
    /// Why.
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.item) {
            (_, Some(item)) => write!(f, "{}:item {item}: {}", self.path.display(), self.reason),
            (0, None) => write!(f, "{}: {}", self.path.display(), self.reason),
            (line, None) => write!(f, "{}:{line}: {}", self.path.display(), self.reason),
        }
    }
}

impl From<Skipped> for Error {
    fn from(s: Skipped) -> Self {
        UserError::Ingest {
            path: s.path,
            line: s.line,
            reason: match s.item {
                Some(item) => format!("item {item}: {}", s.reason),
                None => s.reason,
            },
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
    /// Files read so far.
    pub files: usize,
    /// Files in all.
    pub total_files: usize,
}

/// What an ingest run did.
#[derive(Debug, Clone, Default)]
pub struct IngestSummary {
    /// Documents indexed (added or replaced).
    pub indexed: usize,
    /// Documents read, per kind of file they came from (a bilingual summary
    /// line: "12 from HTML pages, 30 from feeds").
    pub per_kind: BTreeMap<FileKind, usize>,
    /// Lines, items and files skipped.
    pub skipped: Vec<Skipped>,
    /// Bytes of input read.
    pub bytes: u64,
    /// Time taken, commit included.
    pub elapsed: Duration,
}

/// The path that stands for standard input, read as one HTML page.
pub const STDIN: &str = "-";

/// The files to read under `paths`: files as given, directories walked
/// (sorted, hidden entries skipped) for the files [`kind_of`] knows. Each
/// comes with the root its id is relative to. [`STDIN`] is passed through.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<(PathBuf, PathBuf)>> {
    let mut files = Vec::new();
    for path in paths {
        if path.as_os_str() == STDIN {
            files.push((path.clone(), PathBuf::new()));
            continue;
        }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    /// One JSON document a line (`.jsonl`, `.ndjson`), or a JSON array or
    /// lines (`.json`).
    Jsonl,
    /// A text dump of a page or a Markdown document (`.txt`, `.md`).
    Text,
    /// A saved web page (`.html`, `.htm`, `.xhtml`).
    Html,
    /// An RSS, Atom or JSON feed (`.xml`, `.rss`, `.atom`; a `.json` file
    /// that says it is a JSON Feed).
    Feed,
}

impl FileKind {
    /// What the kind's files are, for summaries ("JSON files", "feeds").
    ///
    /// ```
    /// use search_core::ingest::FileKind;
    /// assert_eq!(FileKind::Html.describe(), "HTML pages");
    /// ```
    pub fn describe(self) -> &'static str {
        match self {
            FileKind::Jsonl => "JSON files",
            FileKind::Text => "text files",
            FileKind::Html => "HTML pages",
            FileKind::Feed => "feeds",
        }
    }
}

/// The format of a file, from its extension.
///
/// ```
/// use search_core::ingest::{kind_of, FileKind};
/// assert_eq!(kind_of("a/b.jsonl".as_ref()), Some(FileKind::Jsonl));
/// assert_eq!(kind_of("notes.MD".as_ref()), Some(FileKind::Text));
/// assert_eq!(kind_of("saved/page.htm".as_ref()), Some(FileKind::Html));
/// assert_eq!(kind_of("news.atom".as_ref()), Some(FileKind::Feed));
/// assert_eq!(kind_of("-".as_ref()), Some(FileKind::Html)); // standard input
/// assert_eq!(kind_of("image.png".as_ref()), None);
/// ```
pub fn kind_of(path: &Path) -> Option<FileKind> {
    if path.as_os_str() == STDIN {
        return Some(FileKind::Html);
    }
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" | "ndjson" | "json" => Some(FileKind::Jsonl),
        "txt" | "md" | "markdown" => Some(FileKind::Text),
        "html" | "htm" | "xhtml" => Some(FileKind::Html),
        "xml" | "rss" | "atom" => Some(FileKind::Feed),
        _ => None,
    }
}

/// The kind of a file from its extension and, for `.json`, its start (a
/// JSON Feed names its version there).
fn kind_of_content(path: &Path, bytes: &[u8]) -> Option<FileKind> {
    match kind_of(path)? {
        FileKind::Jsonl if is_json_feed(bytes) => Some(FileKind::Feed),
        kind => Some(kind),
    }
}

fn is_json_feed(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    head.windows(b"jsonfeed.org/version".len())
        .any(|w| w == b"jsonfeed.org/version")
}

/// A file's id: its path relative to `root`, with `/` separators.
///
/// ```
/// use search_core::ingest::relative_id;
/// assert_eq!(relative_id("news/2026/a.html".as_ref(), "news".as_ref()), "2026/a.html");
/// ```
pub fn relative_id(path: &Path, root: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// One file's documents: what [`read_file`] gives.
pub type FileDocuments = Vec<std::result::Result<Document, Skipped>>;

/// Reads the documents of one file ([`STDIN`]: one HTML page from standard
/// input, its URL as its id). Broken lines, items and pages come back as
/// [`Skipped`].
pub fn read_file(path: &Path, root: &Path) -> Result<FileDocuments> {
    Ok(read_counted(path, root)?.2)
}

/// The file's kind and size with its documents.
fn read_counted(path: &Path, root: &Path) -> Result<(FileKind, u64, FileDocuments)> {
    let bytes = if path.as_os_str() == STDIN {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .map_err(|e| Error::unreadable(path, e))?;
        bytes
    } else {
        std::fs::read(path).map_err(|e| Error::unreadable(path, e))?
    };
    let size = bytes.len() as u64;
    let kind = kind_of_content(path, &bytes).unwrap_or(FileKind::Jsonl);
    let skipped = |line: usize, reason: String| Skipped {
        path: path.to_path_buf(),
        line,
        item: None,
        reason,
    };
    let docs = match kind {
        FileKind::Text => vec![text::parse_text(&bytes, path, root).map_err(|r| skipped(0, r))],
        FileKind::Html => {
            let id = (path.as_os_str() != STDIN).then(|| relative_id(path, root));
            vec![html::parse_html(&bytes, id.as_deref()).map_err(|r| skipped(0, r))]
        }
        FileKind::Feed => match feed::parse_feed(&bytes, &relative_id(path, root)) {
            Ok(items) => items
                .into_iter()
                .map(|r| {
                    r.map_err(|(item, reason)| Skipped {
                        item: Some(item),
                        ..skipped(0, reason)
                    })
                })
                .collect(),
            Err(reason) => vec![Err(skipped(0, reason))],
        },
        FileKind::Jsonl => {
            let trimmed = bytes
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .map(|i| bytes[i]);
            let docs = if trimmed == Some(b'[') {
                parse_json_array(&bytes)
            } else {
                parse_jsonl(&bytes)
            };
            docs.into_iter()
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
                .collect()
        }
    };
    Ok((kind, size, docs))
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
            total_files: files.len(),
            ..Progress::default()
        };
        let mut batch = Vec::with_capacity(options.batch_size);
        for (path, root) in &files {
            state.files += 1;
            let (kind, size, results) = match read_counted(path, root) {
                Ok(r) => r,
                Err(e) if !options.strict => {
                    summary.skipped.push(Skipped {
                        path: path.clone(),
                        line: 0,
                        item: None,
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
                        *summary.per_kind.entry(kind).or_default() += 1;
                        if batch.len() >= options.batch_size.max(1) {
                            summary.indexed += self.add_documents(batch.drain(..))?;
                            progress(state);
                        }
                    }
                    Err(skipped) if options.strict => return self.abandon(skipped.into()),
                    Err(skipped) => summary.skipped.push(skipped),
                }
            }
            state.bytes += size;
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
