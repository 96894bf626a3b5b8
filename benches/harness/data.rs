//! Test collections in the `../shared/eval` format (`corpus.jsonl`,
//! `queries.jsonl`, `qrels.tsv`), and larger corpora made from them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use search_core::Document;

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
#[derive(Clone)]
pub struct Query {
    pub qid: String,
    pub lang: String,
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
    pub dir: PathBuf,
    pub docs: Vec<Document>,
    pub queries: Vec<Query>,
}

/// Loads the collection in `dir` (with `queries` replacing its
/// `queries.jsonl`), or prints one line saying `mode` skipped and returns
/// `None` when there is none (`../shared/eval` is absent on a fresh clone).
pub fn load(dir: &Path, queries: Option<&Path>, mode: &str) -> Result<Option<Collection>, String> {
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
        .map(|v| Document::from_json(v).map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
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

/// Parses a JSON Lines file.
pub fn read_jsonl(path: &Path) -> Result<Vec<serde_json::Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// Relevant doc ids per query, from a TREC qrels file.
pub fn read_qrels(path: &Path) -> Result<HashMap<String, HashSet<String>>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
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
    Ok(qrels)
}

/// `n` documents made by repeating `docs` with fresh ids (`ID~COPY`), made
/// one at a time so that a large corpus never sits in memory. The text
/// repeats: term dictionaries stay small and postings grow long.
pub fn replicate(docs: &[Document], n: usize) -> impl Iterator<Item = Document> + '_ {
    (0..n).map(move |i| {
        let mut doc = docs[i % docs.len()].clone();
        doc.id = format!("{}~{}", doc.id, i / docs.len());
        doc
    })
}

/// Bytes of analysed text in a document (title and body).
pub fn text_bytes(doc: &Document) -> usize {
    doc.title.len() + doc.body.len()
}
