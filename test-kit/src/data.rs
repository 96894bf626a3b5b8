//! Test collections in the `../shared/eval` format (`corpus.jsonl`,
//! `queries.jsonl`, `qrels.tsv`), and larger corpora made from them.
//!
//! The collections are not in the repository: on a fresh clone
//! `../shared/eval` is absent, and [`load`] says so in one line and returns
//! `None`, so that every benchmark skips cleanly instead of failing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use search_core::Document;

use crate::{Error, Result};

/// Where the collection the benchmarks use lives, relative to the
/// repository root (the working directory of `cargo bench`).
pub const DEFAULT_COLLECTION: &str = "../shared/eval/xquad";

/// The relevance tasks: `en` and `zh` search documents in the query's
/// language, `mixed` all documents, `en2zh` and `zh2en` the other language.
pub const TASKS: &[&str] = &["en", "zh", "mixed", "en2zh", "zh2en"];

/// The tasks the speed modes run: each query in its own language, and all
/// queries without a filter.
pub const SPEED_TASKS: &[&str] = &["en", "zh", "mixed"];

/// (query language, document language) of a task; `None` means any.
pub fn task_langs(task: &str) -> (Option<&'static str>, Option<&'static str>) {
    match task {
        "en" => (Some("en"), Some("en")),
        "zh" => (Some("zh"), Some("zh")),
        "en2zh" => (Some("en"), Some("zh")),
        "zh2en" => (Some("zh"), Some("en")),
        _ => (None, None),
    }
}

/// One query of a collection.
#[derive(Clone, Debug)]
pub struct Query {
    /// Its id in `qrels.tsv`.
    pub qid: String,
    /// Its language (`en`, `zh`).
    pub lang: String,
    /// The query text.
    pub text: String,
}

/// A task's queries, each with the language filter the task puts on the
/// documents.
pub fn task_queries<'a>(
    queries: &'a [Query],
    task: &str,
) -> Vec<(&'a Query, Option<&'static str>)> {
    let (qlang, dlang) = task_langs(task);
    queries
        .iter()
        .filter(|q| qlang.is_none_or(|l| l == q.lang))
        .map(|q| (q, dlang))
        .collect()
}

/// A loaded collection.
pub struct Collection {
    /// The directory it was loaded from.
    pub dir: PathBuf,
    /// Its documents.
    pub docs: Vec<Document>,
    /// Its queries.
    pub queries: Vec<Query>,
}

/// Loads the collection in `dir` (with `queries` replacing its
/// `queries.jsonl`), or prints one line saying `mode` skipped and returns
/// `None` when there is none (`../shared/eval` is absent on a fresh clone).
pub fn load(dir: &Path, queries: Option<&Path>, mode: &str) -> Result<Option<Collection>> {
    let corpus = dir.join("corpus.jsonl");
    if !corpus.exists() {
        println!(
            "{mode}: skipped: no test collection at {} (../shared/eval is absent on a fresh clone)",
            dir.display()
        );
        return Ok(None);
    }
    let docs = read_jsonl(&corpus)?
        .into_iter()
        .map(Document::from_json)
        .collect::<Result<_, _>>()
        .map_err(search_core::Error::from)?;
    let queries_path = queries.map_or_else(|| dir.join("queries.jsonl"), Path::to_path_buf);
    let queries = read_jsonl(&queries_path)?
        .into_iter()
        .map(|v| Query {
            qid: v["qid"].as_str().unwrap_or_default().to_string(),
            lang: v["lang"].as_str().unwrap_or_default().to_string(),
            text: v["text"].as_str().unwrap_or_default().to_string(),
        })
        .collect();
    Ok(Some(Collection {
        dir: dir.to_path_buf(),
        docs,
        queries,
    }))
}

/// [`load`] where the collection must be there (a child process of a mode
/// that already checked).
pub fn load_required(dir: &Path, mode: &str) -> Result<Collection> {
    load(dir, None, mode)?.ok_or_else(|| Error::NoCollection(dir.to_path_buf()))
}

/// Parses a JSON Lines file, skipping blank lines.
pub fn read_jsonl(path: &Path) -> Result<Vec<serde_json::Value>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path.display(), e))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|source| Error::Json {
                what: format!("{}:{}", path.display(), i + 1),
                source,
            })
        })
        .collect()
}

/// Relevant doc ids per query, from a TREC qrels file (`qid 0 docid grade`;
/// grades above 0 count).
pub fn read_qrels(path: &Path) -> Result<HashMap<String, HashSet<String>>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path.display(), e))?;
    Ok(parse_qrels(&text))
}

fn parse_qrels(text: &str) -> HashMap<String, HashSet<String>> {
    let mut qrels: HashMap<String, HashSet<String>> = HashMap::new();
    for line in text.lines() {
        let p: Vec<&str> = line.split_whitespace().collect();
        if p.len() >= 4 && p[3].parse::<i32>().unwrap_or(0) > 0 {
            qrels
                .entry(p[0].to_string())
                .or_default()
                .insert(p[2].to_string());
        }
    }
    qrels
}

/// `n` documents made by repeating `docs` with fresh ids (`ID~COPY`), made
/// one at a time so that a large corpus never sits in memory. The text
/// repeats: term dictionaries stay small and postings grow long. Empty when
/// `docs` is.
pub fn replicate(docs: &[Document], n: usize) -> impl Iterator<Item = Document> + '_ {
    let n = if docs.is_empty() { 0 } else { n };
    (0..n).map(move |i| {
        let mut doc = docs[i % docs.len()].clone();
        doc.id = format!("{}~{}", doc.id, i / docs.len());
        doc
    })
}

/// The texts the analysis benchmarks analyse: `title\nbody` of each
/// document in `lang`.
pub fn texts(docs: &[Document], lang: &str) -> Vec<String> {
    docs.iter()
        .filter(|d| d.lang.iter().any(|l| l == lang))
        .map(|d| format!("{}\n{}", d.title, d.body))
        .collect()
}

/// The analysis benchmarks' three sets of texts of a collection: Chinese,
/// English, and mixed (one English and one Chinese text per text).
pub fn analysis_sets(docs: &[Document]) -> [(&'static str, Vec<String>); 3] {
    let (zh, en) = (texts(docs, "zh"), texts(docs, "en"));
    let mixed = en
        .iter()
        .zip(&zh)
        .map(|(e, z)| format!("{e}\n{z}"))
        .collect();
    [("zh", zh), ("en", en), ("mixed", mixed)]
}

/// Bytes of analysed text in a document (title and body).
pub fn text_bytes(doc: &Document) -> usize {
    doc.title.len() + doc.body.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_collection_is_skipped_not_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(load(tmp.path(), None, "test").unwrap().is_none());
        assert!(matches!(
            load_required(tmp.path(), "test"),
            Err(Error::NoCollection(_))
        ));
    }

    #[test]
    fn a_collection_loads_and_replicates() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(
            tmp.path().join("corpus.jsonl"),
            concat!(
                r#"{"id":"a","title":"云","body":"cloud","lang":"zh"}"#,
                "\n\n",
                r#"{"id":"b","title":"t","body":"b","lang":"en"}"#,
                "\n",
            ),
        )
        .unwrap();
        std::fs::write(
            tmp.path().join("queries.jsonl"),
            "{\"qid\":\"q1\",\"lang\":\"zh\",\"text\":\"云\"}\n",
        )
        .unwrap();
        let c = load(tmp.path(), None, "test").unwrap().unwrap();
        assert_eq!((c.docs.len(), c.queries.len()), (2, 1));
        assert_eq!(task_queries(&c.queries, "en").len(), 0);
        assert_eq!(task_queries(&c.queries, "zh2en")[0].1, Some("en"));
        let ids: Vec<String> = replicate(&c.docs, 3).map(|d| d.id).collect();
        assert_eq!(ids, ["a~0", "b~0", "a~1"]);
        assert_eq!(replicate(&[], 3).count(), 0);
        assert_eq!(text_bytes(&c.docs[0]), "云".len() + "cloud".len());
        let [(_, zh), (_, en), (_, mixed)] = analysis_sets(&c.docs);
        assert_eq!(zh, ["云\ncloud"]);
        assert_eq!(en, ["t\nb"]);
        assert_eq!(mixed, ["t\nb\n云\ncloud"]);
    }

    #[test]
    fn a_bad_line_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("corpus.jsonl");
        std::fs::write(&path, "{}\nnot json\n").unwrap();
        let e = read_jsonl(&path).unwrap_err().to_string();
        assert!(e.contains("corpus.jsonl:2"), "{e}");
    }

    #[test]
    fn qrels_keep_positive_grades() {
        let q = parse_qrels("q1 0 d1 1\nq1 0 d2 0\nq2 0 d3 2\nshort line\n");
        assert_eq!(q["q1"], HashSet::from(["d1".to_string()]));
        assert!(q["q2"].contains("d3"));
        assert_eq!(q.len(), 2);
    }
}
