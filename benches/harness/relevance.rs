//! `relevance`: MRR@10, Recall@1, Recall@10 and nDCG@10 on a test collection
//! in the `../shared/eval` format, for the tasks `en`, `zh`, `mixed`,
//! `en2zh` and `zh2en`, next to plain tantivy indexes (default tokenizer,
//! and tantivy-jieba) built in the same run.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;

use search_core::{Engine, EngineConfig, SearchRequest};

use test_kit::baseline::{self, Baseline};
use test_kit::data::{self, Query, TASKS};

use crate::report::{Cell, Report, Table};

const K: usize = 10;
/// Depth of the run files written with `--run-dir`.
const RUN_DEPTH: usize = 100;

/// Options of the `relevance` mode.
#[derive(clap::Args, Debug, Default)]
pub struct RelevanceArgs {
    /// Queries to run instead of the collection's queries.jsonl.
    #[arg(long, value_name = "FILE")]
    queries: Option<PathBuf>,
    /// Write one TREC run file per task (`DIR/TASK.run`).
    #[arg(long, value_name = "DIR")]
    run_dir: Option<PathBuf>,
    /// Fail when a figure is below MIN (repeatable). KEY is a task, `+cl`
    /// after it for the cross-lingual run, and `/r1`, `/r10` or `/ndcg` for
    /// another metric than MRR@10: `en=0.95`, `en2zh+cl/r10=0.88`.
    #[arg(long, value_name = "KEY=MIN", value_parser = parse_gate)]
    gate: Vec<(String, f64)>,
    /// Also run every task with cross-lingual search on, side by side.
    #[arg(long)]
    cross_lingual: bool,
    /// Weight of a word's group of translations to try instead of the default.
    #[arg(long, value_name = "X")]
    translation_weight: Option<f32>,
    /// Title boost to try instead of the engine's default.
    #[arg(long, value_name = "X")]
    title_boost: Option<f32>,
    /// Chinese sub-word boost to try instead of the engine's default.
    #[arg(long, value_name = "X")]
    sub_word_boost: Option<f32>,
    /// Stop-word list (whitespace-separated) replacing the default.
    #[arg(long, value_name = "FILE")]
    stop_words: Option<PathBuf>,
    /// Matching strategy to try instead of the default (all, relaxed, any).
    #[arg(long, value_name = "STRATEGY")]
    matching_strategy: Option<search_core::MatchingStrategy>,
}

fn parse_gate(v: &str) -> Result<(String, f64), String> {
    let (task, min) = v.split_once('=').ok_or(format!("{v}: expected TASK=MIN"))?;
    let min: f64 = min
        .parse()
        .map_err(|_| format!("{v}: {min} is not a number"))?;
    let (name, _, metric) = split_gate(task);
    if !TASKS.contains(&name) {
        return Err(format!("{v}: unknown task {name}"));
    }
    if !["mrr", "r1", "r10", "ndcg"].contains(&metric) {
        return Err(format!("{v}: unknown metric {metric} (mrr, r1, r10, ndcg)"));
    }
    Ok((task.to_string(), min))
}

/// A gate's key `TASK[+cl][/METRIC]` as (task, cross-lingual?, metric).
fn split_gate(key: &str) -> (&str, bool, &str) {
    let (key, metric) = key.split_once('/').unwrap_or((key, "mrr"));
    match key.strip_suffix("+cl") {
        Some(task) => (task, true, metric),
        None => (key, false, metric),
    }
}

/// The row name of runs with cross-lingual search on.
const CROSS_SYSTEM: &str = "bilingual-search +cross-lingual";

impl RelevanceArgs {
    fn config(&self) -> Result<EngineConfig, String> {
        let mut config = EngineConfig::default();
        if let Some(b) = self.title_boost {
            config.weights.title = b;
        }
        if let Some(b) = self.sub_word_boost {
            config.weights.sub_word = b;
        }
        if let Some(w) = self.translation_weight {
            config.weights.translation = w;
        }
        if let Some(path) = &self.stop_words {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("--stop-words {}: {e}", path.display()))?;
            config.analyzer.stop_words =
                Some(text.split_whitespace().map(str::to_string).collect());
        }
        Ok(config)
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
    queries: &[(&Query, Option<&str>)],
    runs: &HashMap<String, Vec<String>>,
    qrels: &HashMap<String, HashSet<String>>,
    doc_lang: &HashMap<String, String>,
) -> Scores {
    let (_, dlang) = data::task_langs(task);
    let mut s = Scores::default();
    for (q, _) in queries {
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

/// Runs the mode; `Ok(false)` when a `--gate` failed.
pub fn run(
    data_dir: &std::path::Path,
    args: &RelevanceArgs,
    report: &mut Report,
) -> Result<bool, String> {
    let Some(collection) =
        data::load(data_dir, args.queries.as_deref(), "relevance").map_err(|e| e.to_string())?
    else {
        return Ok(true);
    };
    let docs = &collection.docs;
    let qrels = data::read_qrels(&collection.dir.join("qrels.tsv")).map_err(|e| e.to_string())?;
    let doc_lang: HashMap<String, String> = docs
        .iter()
        .map(|d| (d.id.clone(), d.lang.first().cloned().unwrap_or_default()))
        .collect();

    let t = Instant::now();
    let engine = Engine::in_memory(args.config()?).map_err(|e| e.to_string())?;
    engine
        .add_documents(docs.iter().cloned())
        .map_err(|e| e.to_string())?;
    engine.commit().map_err(|e| e.to_string())?;
    let index_secs = t.elapsed().as_secs_f64();

    let dictionary_note = if args.cross_lingual {
        let rss = || crate::process::status_mb(None, "VmRSS").unwrap_or(0.0);
        let rss_before = rss();
        let t = Instant::now();
        let dict = engine
            .dictionary()
            .map_err(|e| e.to_string())?
            .ok_or("the bundled CC-CEDICT dictionary did not load")?;
        let (zh, en) = dict.sizes();
        Some(format!(
            "Cross-lingual dictionary: CC-CEDICT, {} entries -> {zh} Chinese words, {en} English stems; read in {:.2} s, resident memory +{:.0} MB.",
            dict.entries(),
            t.elapsed().as_secs_f64(),
            rss() - rss_before
        ))
    } else {
        None
    };

    let mut baselines = Vec::new();
    for (name, tokenizer) in [
        ("tantivy default tokenizer", baseline::Tokenizer::Default),
        ("tantivy + tantivy-jieba", baseline::Tokenizer::Jieba),
    ] {
        let base = Baseline::create(None, tokenizer).map_err(|e| e.to_string())?;
        let mut writer = base.writer(1, 50_000_000).map_err(|e| e.to_string())?;
        for d in docs {
            writer
                .add_document(base.document(d))
                .map_err(|e| e.to_string())?;
        }
        writer.commit().map_err(|e| e.to_string())?;
        let searcher = base.reader().map_err(|e| e.to_string())?.searcher();
        baselines.push((name, base, searcher));
    }

    if let Some(dir) = &args.run_dir {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut table = Table::new(
        "Relevance",
        &[
            "task",
            "system",
            "queries",
            "MRR@10",
            "Recall@1",
            "Recall@10",
            "nDCG@10",
        ],
    );
    table.note(format!(
        "On {} ({} documents, {} queries; indexed in {index_secs:.2} s).",
        collection.dir.display(),
        docs.len(),
        collection.queries.len()
    ));
    if let Some(note) = dictionary_note {
        table.note(note);
    }
    let mut ours_scores: HashMap<(String, bool), Scores> = HashMap::new();
    let t = Instant::now();
    for task in TASKS {
        let queries = data::task_queries(&collection.queries, task);
        if queries.is_empty() {
            continue;
        }
        let mut ours = HashMap::new();
        let mut crossed = HashMap::new();
        let mut base_runs = vec![HashMap::new(); baselines.len()];
        let mut run_file = String::new();
        let mut cross_run_file = String::new();
        for (q, lang) in &queries {
            let request = SearchRequest {
                q: q.text.clone(),
                lang: lang.map(str::to_string),
                limit: RUN_DEPTH,
                highlight: false,
                matching_strategy: args.matching_strategy.unwrap_or_default(),
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
            if args.cross_lingual {
                let request = SearchRequest {
                    cross_lingual: true,
                    ..request
                };
                let response = engine
                    .search(&request)
                    .map_err(|e| format!("query {}: {e}", q.qid))?;
                for (rank, hit) in response.hits.iter().enumerate() {
                    cross_run_file.push_str(&format!(
                        "{} Q0 {} {} {:.6} cross-lingual\n",
                        q.qid,
                        hit.id,
                        rank + 1,
                        hit.score
                    ));
                }
                crossed.insert(
                    q.qid.clone(),
                    response.hits.into_iter().map(|h| h.id).collect::<Vec<_>>(),
                );
            }
            for ((_, base, searcher), runs) in baselines.iter().zip(&mut base_runs) {
                let ids = base
                    .search(searcher, &q.text, *lang, RUN_DEPTH, false)
                    .map_err(|e| e.to_string())?;
                runs.insert(q.qid.clone(), ids);
            }
        }
        if let Some(dir) = &args.run_dir {
            let path = dir.join(format!("{task}.run"));
            std::fs::write(&path, run_file).map_err(|e| format!("{}: {e}", path.display()))?;
            if args.cross_lingual {
                let path = dir.join(format!("{task}-cross-lingual.run"));
                std::fs::write(&path, &cross_run_file)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
        let mut row = |system: &str, s: Scores| {
            table.row(vec![
                Cell::text(*task),
                Cell::text(system),
                Cell::Int(s.queries as u64),
                Cell::Num(s.mrr, 3),
                Cell::Num(s.r1, 3),
                Cell::Num(s.r10, 3),
                Cell::Num(s.ndcg, 3),
            ])
        };
        let s = score(task, &queries, &ours, &qrels, &doc_lang);
        ours_scores.insert((task.to_string(), false), s);
        row("bilingual-search", s);
        if args.cross_lingual {
            let s = score(task, &queries, &crossed, &qrels, &doc_lang);
            ours_scores.insert((task.to_string(), true), s);
            row(CROSS_SYSTEM, s);
        }
        for ((name, _, _), runs) in baselines.iter().zip(&base_runs) {
            row(name, score(task, &queries, runs, &qrels, &doc_lang));
        }
    }
    table.note(format!(
        "All tasks queried in {:.2} s.",
        t.elapsed().as_secs_f64()
    ));
    report.table(table);

    let mut ok = true;
    for (key, min) in &args.gate {
        let (task, cross, metric) = split_gate(key);
        let got = ours_scores
            .get(&(task.to_string(), cross))
            .map(|s| match metric {
                "r1" => s.r1,
                "r10" => s.r10,
                "ndcg" => s.ndcg,
                _ => s.mrr,
            })
            .unwrap_or(0.0);
        let verdict = if got >= *min {
            "ok"
        } else {
            ok = false;
            "FAILED"
        };
        eprintln!("gate {key}: {metric} {got:.4} >= {min}: {verdict}");
    }
    Ok(ok)
}
