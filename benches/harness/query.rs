//! `query`: in-process latency (p50/p95/p99) and queries/s with snippets on,
//! for the XQuAD queries (`en` and `zh` with their language filter, `mixed`
//! without), at each corpus size, with 1 and 2 query threads, next to the
//! plain tantivy + tantivy-jieba baseline (tantivy's `SnippetGenerator` for
//! title and body). Queries run in blocks of 100 that alternate between the
//! systems, so machine noise falls on both.
//!
//! Also cold start: from spawning a process to its first answered query
//! (opening the index and loading dictionaries included; the index files
//! are in the page cache).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use search_core::{Engine, EngineConfig, SearchRequest};

use test_kit::baseline::Baseline;
use test_kit::data::{self, Query, SPEED_TASKS};
use test_kit::stats::{median, Latencies};

use crate::index::{ensure_built, System};
use crate::process::time_to_first_line;
use crate::report::{Cell, QueryPoint, Report, Table};
use crate::{Options, Workspace};

/// Hits per query, as a results page shows.
const LIMIT: usize = 10;
/// Queries per block before switching systems.
const BLOCK: usize = 100;
/// The error for a percentile of no measurements (it cannot happen:
/// every block and run yields samples).
const NO_SAMPLES: &str = "no samples to summarise";

/// Arguments of the internal `__cold-start` mode.
#[derive(clap::Args, Debug)]
pub struct ColdStartArgs {
    #[arg(long, value_enum)]
    system: System,
    #[arg(long)]
    dir: PathBuf,
    #[arg(long)]
    query: String,
}

/// `__cold-start`: opens the index, answers one query with snippets, prints
/// one line.
pub fn cold_start_here(args: &ColdStartArgs) -> Result<(), String> {
    let hits = match args.system {
        System::Ours => {
            let engine = Engine::open_or_create(&args.dir, EngineConfig::default())
                .map_err(|e| e.to_string())?;
            let response = engine
                .search(&SearchRequest::new(args.query.clone()))
                .map_err(|e| e.to_string())?;
            response.hits.len()
        }
        System::Baseline => {
            let base = Baseline::open(&args.dir).map_err(|e| e.to_string())?;
            let reader = base.reader().map_err(|e| e.to_string())?;
            base.search(&reader.searcher(), &args.query, None, LIMIT, true)
                .map_err(|e| e.to_string())?
                .len()
        }
    };
    println!("{{\"hits\": {hits}}}");
    Ok(())
}

/// A query function: runs one query with its language filter.
type Search<'a> = dyn Fn(&Query, Option<&str>) -> Result<(), String> + Sync + 'a;

/// Runs `queries` on `threads` threads, timing each.
fn run_block(
    threads: usize,
    queries: &[(&Query, Option<&str>)],
    search: &Search,
) -> Result<Latencies, String> {
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    let per_thread: Vec<Result<Vec<f64>, String>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut samples = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((q, lang)) = queries.get(i) else {
                            return Ok(samples);
                        };
                        let t = Instant::now();
                        search(q, *lang)?;
                        samples.push(t.elapsed().as_secs_f64());
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err("a query thread panicked".into()))
            })
            .collect()
    });
    let wall = started.elapsed();
    let mut out = Latencies {
        samples: Vec::with_capacity(queries.len()),
        wall,
    };
    for samples in per_thread {
        out.samples.extend(samples?);
    }
    Ok(out)
}

/// Every `step`-th query, so that `--quick` keeps a spread of them.
fn sample<T: Copy>(items: &[T], max: usize) -> Vec<T> {
    let step = items.len().div_ceil(max.max(1)).max(1);
    items.iter().step_by(step).copied().collect()
}

/// Runs the mode.
pub fn run(o: &Options, work: &Workspace, report: &mut Report) -> Result<(), String> {
    let Some(collection) = data::load(&o.data, None, "query").map_err(|e| e.to_string())? else {
        return Ok(());
    };
    let mut table = Table::new(
        "Query latency with snippets",
        &[
            "documents",
            "threads",
            "task",
            "system",
            "queries",
            "p50 µs",
            "p95 µs",
            "p99 µs",
            "queries/s",
            "p99 × baseline",
            "queries/s × baseline",
        ],
    );
    table.note(format!("In process, {LIMIT} hits per query with a highlighted title and body snippet each; the indexes of the `index` mode built with 2 writer threads, queried as left (segments listed below). `en`/`zh`: that language's XQuAD queries filtered to documents in it; `mixed`: all queries, no filter. Blocks of {BLOCK} queries alternate between the systems; with 2 threads both query one shared index."));
    let max_queries = if o.quick { 150 } else { usize::MAX };
    let e = |e: &dyn std::fmt::Display| e.to_string();
    for &docs in &o.sizes() {
        let ours_dir = ensure_built(o, work, System::Ours, docs)?;
        let base_dir = ensure_built(o, work, System::Baseline, docs)?;
        let engine = Engine::open_or_create(
            &ours_dir,
            EngineConfig {
                writer_threads: 1,
                ..EngineConfig::default()
            },
        )
        .map_err(|x| e(&x))?;
        let base = Baseline::open(&base_dir).map_err(|x| e(&x))?;
        let reader = base.reader().map_err(|x| e(&x))?;
        let searcher = reader.searcher();
        table.note(format!(
            "{docs} documents: ours in {} segments, the baseline in {}.",
            engine.stats().map_err(|x| e(&x))?.segments,
            searcher.segment_readers().len()
        ));
        let ours = |q: &Query, lang: Option<&str>| -> Result<(), String> {
            let request = SearchRequest {
                q: q.text.clone(),
                lang: lang.map(str::to_string),
                limit: LIMIT,
                highlight: true,
                ..SearchRequest::default()
            };
            std::hint::black_box(
                engine
                    .search(&request)
                    .map_err(|x| format!("query {}: {x}", q.qid))?,
            );
            Ok(())
        };
        let baseline = |q: &Query, lang: Option<&str>| -> Result<(), String> {
            std::hint::black_box(
                base.search(&searcher, &q.text, lang, LIMIT, true)
                    .map_err(|x| format!("baseline query {}: {x}", q.qid))?,
            );
            Ok(())
        };
        let systems: [(System, &Search); 2] =
            [(System::Baseline, &baseline), (System::Ours, &ours)];
        // Warm caches and code paths.
        let warm = sample(&data::task_queries(&collection.queries, "mixed"), 100);
        for (_, search) in &systems {
            run_block(1, &warm, *search)?;
        }
        let mut worst_p99: Option<(String, f64)> = None;
        for threads in [1, 2] {
            for task in SPEED_TASKS {
                let queries = sample(&data::task_queries(&collection.queries, task), max_queries);
                let mut lat = [Latencies::default(), Latencies::default()];
                for (b, block) in queries.chunks(BLOCK).enumerate() {
                    for k in 0..2 {
                        let k = (k + b) % 2;
                        lat[k].extend(run_block(threads, block, systems[k].1)?);
                    }
                }
                let base_p99 = lat[0].us(99.0).ok_or(NO_SAMPLES)?;
                let base_qps = lat[0].per_second();
                for (k, (system, _)) in systems.iter().enumerate() {
                    let l = &mut lat[k];
                    let (p50, p95, p99) = (l.us(50.0), l.us(95.0), l.us(99.0));
                    let (p50, p95, p99) = (
                        p50.ok_or(NO_SAMPLES)?,
                        p95.ok_or(NO_SAMPLES)?,
                        p99.ok_or(NO_SAMPLES)?,
                    );
                    let qps = l.per_second();
                    let ratio = |v: f64| if k == 0 { Cell::Empty } else { Cell::Num(v, 2) };
                    table.row(vec![
                        Cell::Int(docs as u64),
                        Cell::Int(threads as u64),
                        Cell::text(*task),
                        Cell::text(system.label()),
                        Cell::Int(l.samples.len() as u64),
                        Cell::Num(p50, 0),
                        Cell::Num(p95, 0),
                        Cell::Num(p99, 0),
                        Cell::Num(qps, 0),
                        ratio(p99 / base_p99),
                        ratio(qps / base_qps),
                    ]);
                    if threads == 1 && *task == "mixed" {
                        report.query_points.push(QueryPoint {
                            docs,
                            system: system.label(),
                            p50_us: p50,
                            p99_us: p99,
                        });
                    }
                    if threads == 1
                        && *system == System::Ours
                        && worst_p99.as_ref().is_none_or(|w| p99 > w.1)
                    {
                        worst_p99 = Some((task.to_string(), p99));
                    }
                }
            }
        }
        if docs <= 100_000 {
            report.figures.query_p99_us = worst_p99.map(|(task, us)| (docs, task, us));
        }
    }
    report.table(table);
    cold_start(o, work, &collection.queries, report)
}

/// Cold start at the largest corpus of at most 100k documents: each system
/// run 5 times (3 with `--quick`), alternating; medians.
fn cold_start(
    o: &Options,
    work: &Workspace,
    queries: &[Query],
    report: &mut Report,
) -> Result<(), String> {
    let docs = o.served_size();
    let query = queries
        .iter()
        .find(|q| q.lang == "zh")
        .map_or("云计算", |q| q.text.as_str());
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let runs = if o.quick { 3 } else { 5 };
    let mut secs = [Vec::new(), Vec::new()];
    let systems = [System::Baseline, System::Ours];
    for run in 0..runs {
        for k in 0..2 {
            let k = (k + run) % 2;
            let dir = ensure_built(o, work, systems[k], docs)?;
            let args = [
                "__cold-start".to_string(),
                "--system".into(),
                systems[k].key().into(),
                "--dir".into(),
                dir.display().to_string(),
                "--query".into(),
                query.to_string(),
            ];
            secs[k].push(time_to_first_line(&exe, &args)?.as_secs_f64());
        }
    }
    let mut table = Table::new(
        "Cold start",
        &[
            "documents",
            "system",
            "runs",
            "median s",
            "min s",
            "× baseline",
        ],
    );
    table.note(format!("From spawning a process to its first answered query ({query:?}, with snippets): opening the index, loading jieba's dictionary (and, for ours, the script-conversion tables) included. Index files are in the page cache."));
    let medians = secs
        .iter_mut()
        .map(|s| median(s).ok_or(NO_SAMPLES))
        .collect::<Result<Vec<f64>, _>>()?;
    for (k, system) in systems.iter().enumerate() {
        table.row(vec![
            Cell::Int(docs as u64),
            Cell::text(system.label()),
            Cell::Int(runs as u64),
            Cell::Num(medians[k], 3),
            Cell::Num(secs[k][0], 3),
            if k == 0 {
                Cell::Empty
            } else {
                Cell::Num(medians[k] / medians[0], 2)
            },
        ]);
    }
    report.figures.cold_start_s = Some(medians[1]);
    report.table(table);
    Ok(())
}
