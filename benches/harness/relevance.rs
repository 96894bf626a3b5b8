//! Relevance on a test collection in the `../shared/eval` format:
//! `corpus.jsonl`, `queries.jsonl`, `qrels.tsv`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use search_core::{Document, Engine, EngineConfig, SearchRequest};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{IndexRecordOption, Schema, Value, STORED, STRING, TEXT};
use tantivy::{Index, TantivyDocument, Term};

const TASKS: &[&str] = &["en", "zh", "mixed", "en2zh", "zh2en"];
const K: usize = 10;
/// Depth of the run files written with `--run-dir`.
const RUN_DEPTH: usize = 100;

struct Options {
    data: PathBuf,
    queries: Option<PathBuf>,
    run_dir: Option<PathBuf>,
    json: bool,
    gates: Vec<(String, f64)>,
    config: EngineConfig,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        data: PathBuf::from("../shared/eval/xquad"),
        queries: None,
        run_dir: None,
        json: false,
        gates: Vec::new(),
        config: EngineConfig::default(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--data" => o.data = PathBuf::from(value("--data")?),
            "--queries" => o.queries = Some(PathBuf::from(value("--queries")?)),
            "--run-dir" => o.run_dir = Some(PathBuf::from(value("--run-dir")?)),
            "--json" => o.json = true,
            "--gate" => {
                let v = value("--gate")?;
                let (task, min) = v
                    .split_once('=')
                    .ok_or(format!("--gate {v}: expected TASK=MIN"))?;
                let min: f64 = min
                    .parse()
                    .map_err(|_| format!("--gate {v}: {min} is not a number"))?;
                if !TASKS.contains(&task) {
                    return Err(format!("--gate {v}: unknown task {task}"));
                }
                o.gates.push((task.to_string(), min));
            }
            "--title-boost" => {
                let v = value("--title-boost")?;
                o.config.weights.title = v
                    .parse()
                    .map_err(|_| format!("--title-boost {v}: not a number"))?;
            }
            "--sub-word-boost" => {
                let v = value("--sub-word-boost")?;
                o.config.weights.sub_word = v
                    .parse()
                    .map_err(|_| format!("--sub-word-boost {v}: not a number"))?;
            }
            "--stop-words" => {
                let v = value("--stop-words")?;
                let text =
                    std::fs::read_to_string(&v).map_err(|e| format!("--stop-words {v}: {e}"))?;
                o.config.analyzer.stop_words =
                    Some(text.split_whitespace().map(str::to_string).collect());
            }
            "--quick" => {}
            other => return Err(format!("relevance: unknown option {other}")),
        }
    }
    Ok(o)
}

struct Query_ {
    qid: String,
    lang: String,
    text: String,
}

fn read_jsonl(path: &Path) -> Result<Vec<serde_json::Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// Relevant doc ids per query.
fn read_qrels(path: &Path) -> Result<HashMap<String, HashSet<String>>, String> {
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

/// (query language, document language) of a task; `None` means any.
fn task_langs(task: &str) -> (Option<&'static str>, Option<&'static str>) {
    match task {
        "en" => (Some("en"), Some("en")),
        "zh" => (Some("zh"), Some("zh")),
        "en2zh" => (Some("en"), Some("zh")),
        "zh2en" => (Some("zh"), Some("en")),
        _ => (None, None),
    }
}

#[derive(Default, Clone, Copy)]
struct Scores {
    mrr: f64,
    r1: f64,
    r10: f64,
    ndcg: f64,
    queries: usize,
}

/// Scores ranked lists as `trec_eval.py` does: documents outside the task's
/// language are dropped before cutting at rank 10; in `mixed` the first
/// relevant document retrieved is the one target.
fn score(
    task: &str,
    queries: &[Query_],
    runs: &HashMap<String, Vec<String>>,
    qrels: &HashMap<String, HashSet<String>>,
    doc_lang: &HashMap<String, String>,
) -> Scores {
    let (qlang, dlang) = task_langs(task);
    let mut s = Scores::default();
    for q in queries {
        if qlang.is_some_and(|l| l != q.lang) {
            continue;
        }
        let keep =
            |d: &String| dlang.is_none_or(|l| doc_lang.get(d).map(String::as_str) == Some(l));
        let relevant: HashSet<&String> = qrels
            .get(&q.qid)
            .map(|r| r.iter().filter(|d| keep(d)).collect())
            .unwrap_or_default();
        if relevant.is_empty() {
            continue;
        }
        s.queries += 1;
        let ranked: Vec<&String> = runs
            .get(&q.qid)
            .map(|r| r.iter().filter(|d| keep(d)).take(K).collect())
            .unwrap_or_default();
        let ideal_hits = if dlang.is_none() {
            1
        } else {
            relevant.len().min(K)
        };
        let mut dcg = 0.0;
        let mut first = None;
        for (i, d) in ranked.iter().enumerate() {
            if relevant.contains(d) {
                if first.is_none() {
                    first = Some(i);
                }
                if dlang.is_some() || first == Some(i) {
                    dcg += 1.0 / ((i + 2) as f64).log2();
                }
            }
        }
        let idcg: f64 = (0..ideal_hits).map(|i| 1.0 / ((i + 2) as f64).log2()).sum();
        if let Some(i) = first {
            s.mrr += 1.0 / (i + 1) as f64;
            s.r1 += f64::from(u8::from(i == 0));
            s.r10 += 1.0;
        }
        s.ndcg += dcg / idcg;
    }
    let n = s.queries.max(1) as f64;
    s.mrr /= n;
    s.r1 /= n;
    s.r10 /= n;
    s.ndcg /= n;
    s
}

/// A plain tantivy index with the default tokenizer: the baseline.
struct Baseline {
    index: Index,
    title: tantivy::schema::Field,
    body: tantivy::schema::Field,
    id: tantivy::schema::Field,
    lang: tantivy::schema::Field,
}

impl Baseline {
    fn build(docs: &[Document]) -> tantivy::Result<Baseline> {
        let mut b = Schema::builder();
        let id = b.add_text_field("id", STRING | STORED);
        let title = b.add_text_field("title", TEXT);
        let body = b.add_text_field("body", TEXT);
        let lang = b.add_text_field("lang", STRING);
        let index = Index::create_in_ram(b.build());
        let mut w = index.writer_with_num_threads(1, 50_000_000)?;
        for d in docs {
            let mut t = TantivyDocument::default();
            t.add_text(id, &d.id);
            t.add_text(title, &d.title);
            t.add_text(body, &d.body);
            for l in &d.lang {
                t.add_text(lang, l);
            }
            w.add_document(t)?;
        }
        w.commit()?;
        Ok(Baseline {
            index,
            title,
            body,
            id,
            lang,
        })
    }

    fn search(
        &self,
        searcher: &tantivy::Searcher,
        text: &str,
        lang: Option<&str>,
    ) -> tantivy::Result<Vec<String>> {
        let parser = QueryParser::for_index(&self.index, vec![self.title, self.body]);
        let (q, _) = parser.parse_query_lenient(text);
        let q: Box<dyn Query> = match lang {
            Some(l) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, q),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(self.lang, l),
                        IndexRecordOption::Basic,
                    )),
                ),
            ])),
            None => q,
        };
        let top = searcher.search(&q, &TopDocs::with_limit(RUN_DEPTH).order_by_score())?;
        top.into_iter()
            .map(|(_, a)| {
                let d: TantivyDocument = searcher.doc(a)?;
                Ok(d.get_first(self.id)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string())
            })
            .collect()
    }
}

pub fn run(args: &[String]) -> Result<bool, String> {
    let o = parse_options(args)?;
    let corpus_path = o.data.join("corpus.jsonl");
    if !corpus_path.exists() {
        println!("relevance: skipped: no test collection at {} (../shared/eval is absent on a fresh clone)", o.data.display());
        return Ok(true);
    }
    let queries_path = o
        .queries
        .clone()
        .unwrap_or_else(|| o.data.join("queries.jsonl"));
    let docs: Vec<Document> = read_jsonl(&corpus_path)?
        .into_iter()
        .map(|v| Document::from_json(v).map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
    let doc_lang: HashMap<String, String> = docs
        .iter()
        .map(|d| (d.id.clone(), d.lang.first().cloned().unwrap_or_default()))
        .collect();
    let queries: Vec<Query_> = read_jsonl(&queries_path)?
        .into_iter()
        .map(|v| Query_ {
            qid: v["qid"].as_str().unwrap_or_default().to_string(),
            lang: v["lang"].as_str().unwrap_or_default().to_string(),
            text: v["text"].as_str().unwrap_or_default().to_string(),
        })
        .collect();
    let qrels = read_qrels(&o.data.join("qrels.tsv"))?;

    let t = Instant::now();
    let engine = Engine::in_memory(o.config.clone()).map_err(|e| e.to_string())?;
    engine
        .add_documents(docs.clone())
        .map_err(|e| e.to_string())?;
    engine.commit().map_err(|e| e.to_string())?;
    let index_secs = t.elapsed().as_secs_f64();
    let baseline = Baseline::build(&docs).map_err(|e| e.to_string())?;
    let base_reader = baseline.index.reader().map_err(|e| e.to_string())?;
    let base_searcher = base_reader.searcher();

    if let Some(dir) = &o.run_dir {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut rows: Vec<(String, String, Scores)> = Vec::new();
    let t = Instant::now();
    for task in TASKS {
        let (qlang, dlang) = task_langs(task);
        let task_queries: Vec<&Query_> = queries
            .iter()
            .filter(|q| qlang.is_none_or(|l| l == q.lang))
            .collect();
        let mut ours = HashMap::new();
        let mut base = HashMap::new();
        let mut run_file = String::new();
        for q in &task_queries {
            let request = SearchRequest {
                q: q.text.clone(),
                lang: dlang.map(str::to_string),
                limit: RUN_DEPTH,
                highlight: false,
                ..SearchRequest::default()
            };
            let response = engine
                .search(&request)
                .map_err(|e| format!("query {}: {e}", q.qid))?;
            for (rank, hit) in response.hits.iter().enumerate() {
                run_file.push_str(&format!(
                    "{} Q0 {} {} {:.6} bilingual\n",
                    q.qid,
                    hit.id,
                    rank + 1,
                    hit.score
                ));
            }
            ours.insert(
                q.qid.clone(),
                response.hits.into_iter().map(|h| h.id).collect::<Vec<_>>(),
            );
            base.insert(
                q.qid.clone(),
                baseline
                    .search(&base_searcher, &q.text, dlang)
                    .map_err(|e| e.to_string())?,
            );
        }
        if let Some(dir) = &o.run_dir {
            let path = dir.join(format!("{task}.run"));
            std::fs::write(&path, run_file).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        let owned: Vec<Query_> = task_queries
            .iter()
            .map(|q| Query_ {
                qid: q.qid.clone(),
                lang: q.lang.clone(),
                text: String::new(),
            })
            .collect();
        rows.push((
            task.to_string(),
            "bilingual-search".into(),
            score(task, &owned, &ours, &qrels, &doc_lang),
        ));
        rows.push((
            task.to_string(),
            "tantivy default tokenizer".into(),
            score(task, &owned, &base, &qrels, &doc_lang),
        ));
    }
    let query_secs = t.elapsed().as_secs_f64();

    if o.json {
        let json: Vec<serde_json::Value> = rows
            .iter()
            .map(|(task, system, s)| {
                serde_json::json!({"task": task, "system": system, "queries": s.queries,
                    "mrr@10": s.mrr, "recall@1": s.r1, "recall@10": s.r10, "ndcg@10": s.ndcg})
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?
        );
    } else {
        println!("relevance on {} ({} documents, {} queries; indexed in {:.2} s, all tasks queried in {:.2} s)", o.data.display(), docs.len(), queries.len(), index_secs, query_secs);
        println!();
        println!("| task | system | queries | MRR@10 | Recall@1 | Recall@10 | nDCG@10 |");
        println!("|---|---|---|---|---|---|---|");
        for (task, system, s) in &rows {
            println!(
                "| {task} | {system} | {} | {:.3} | {:.3} | {:.3} | {:.3} |",
                s.queries, s.mrr, s.r1, s.r10, s.ndcg
            );
        }
    }
    let mut ok = true;
    for (task, min) in &o.gates {
        let got = rows
            .iter()
            .find(|(t, sys, _)| t == task && sys == "bilingual-search")
            .map(|r| r.2.mrr)
            .unwrap_or(0.0);
        let verdict = if got >= *min {
            "ok"
        } else {
            ok = false;
            "FAILED"
        };
        println!("gate {task}: MRR@10 {got:.4} >= {min}: {verdict}");
    }
    Ok(ok)
}
