//! The benchmark harness: `cargo bench --bench harness -- MODE [options]`.
//!
//! Every figure is measured in the same run as its baseline, on the same
//! data and machine, and printed next to it as a ratio: absolute times on a
//! shared machine are noise, ratios much less so. Modes:
//!
//! - `relevance` ([`relevance`]): ranking quality on a test collection.
//! - `precision` ([`precision`]): keyword queries (one or two words) judged
//!   by the words they hold, per matching strategy.
//! - `analysis` ([`analysis`]): analyzer throughput against raw jieba-rs and
//!   tantivy's tokenizers.
//! - `index` ([`index`]): indexing speed, size and memory against plain
//!   tantivy + tantivy-jieba.
//! - `query` ([`query`]): in-process latency and throughput with snippets,
//!   and cold start, against the same baseline.
//! - `http` ([`http`]): the real `search-server` under an asynchronous load
//!   generator.
//! - `load` ([`load`]): the real server under load; gates on errors and memory.
//! - `crash` ([`crash`]): SIGKILL while writing; nothing acknowledged lost.
//! - `all`: every mode in turn but `load` and `crash`, which are long; `--write-results` regenerates
//!   `benches/RESULTS.md` ([`results`]).
//!
//! The test data is `../shared/eval/xquad` (`--data`); when it is absent
//! each mode prints one line saying it skipped and succeeds. The data
//! loaders, the baseline index, the percentile, the server launcher, the
//! HTTP client and the crash rounds come from the `test-kit` crate, which
//! the tests use too.

mod analysis;
mod crash;
mod http;
mod index;
mod load;
mod precision;
mod process;
mod query;
mod relevance;
mod report;
mod results;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use report::Report;

/// Benchmarks of bilingual-search, each against a baseline in the same run.
#[derive(Parser, Debug)]
#[command(name = "harness")]
struct Cli {
    #[command(subcommand)]
    mode: Mode,
    #[command(flatten)]
    options: Options,
}

/// Options every mode takes.
#[derive(clap::Args, Debug, Clone)]
pub struct Options {
    /// The test collection (corpus.jsonl, queries.jsonl, qrels.tsv).
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        default_value = test_kit::data::DEFAULT_COLLECTION
    )]
    pub data: PathBuf,
    /// Print the tables as one JSON document instead of Markdown.
    #[arg(long, global = true)]
    pub json: bool,
    /// Small sizes and short runs (all modes in under 3 minutes), for CI.
    #[arg(long, global = true)]
    pub quick: bool,
    /// Also a corpus of 1M documents.
    #[arg(long, global = true)]
    pub large: bool,
    /// The search-server binary for `http`, `load` and `crash`; by default
    /// target/release/search-server, built first with cargo.
    #[arg(long, global = true, value_name = "FILE")]
    pub server: Option<PathBuf>,
}

impl Options {
    /// Corpus sizes of the index, query and http modes.
    pub fn sizes(&self) -> Vec<usize> {
        if self.quick {
            vec![1_000, 4_000]
        } else if self.large {
            vec![10_000, 100_000, 1_000_000]
        } else {
            vec![10_000, 100_000]
        }
    }

    /// The corpus size the query and http modes measure: the largest built,
    /// up to 100k documents (where the targets are set).
    pub fn served_size(&self) -> usize {
        self.sizes()
            .into_iter()
            .filter(|&n| n <= 100_000)
            .max()
            .unwrap_or(0)
    }
}

#[derive(Subcommand, Debug)]
enum Mode {
    /// Ranking quality (MRR@10, Recall@1/10, nDCG@10) per task.
    Relevance(relevance::RelevanceArgs),
    /// Keyword queries: precision at k, lone-character highlights and total
    /// over relevant, per matching strategy.
    Precision(precision::PrecisionArgs),
    /// Analyzer MB/s against raw jieba-rs and tantivy's tokenizers.
    Analysis,
    /// Indexing docs/s, MB/s, size and peak RSS against plain tantivy + jieba.
    Index,
    /// Query latency and queries/s with snippets, and cold start.
    Query,
    /// The real server under load at concurrency 1, 8 and 32.
    Http,
    /// The real server under concurrent searches and a writer for a bounded
    /// time: requests/s, p50/p99, errors, memory; fails on any 5xx, failed
    /// request or memory growth after warm-up.
    Load(load::LoadArgs),
    /// The real server killed with SIGKILL while writing, restarted and
    /// checked, again and again: fails if an acknowledged document is lost.
    Crash(crash::CrashArgs),
    /// Every mode in turn.
    All {
        /// Regenerate benches/RESULTS.md and its plot from this run.
        #[arg(long)]
        write_results: bool,
    },
    /// (internal) Build one index in this process and print its figures.
    #[command(name = "__build", hide = true)]
    Build(index::BuildArgs),
    /// (internal) Open an index, answer one query, print when done.
    #[command(name = "__cold-start", hide = true)]
    ColdStart(query::ColdStartArgs),
}

/// Scratch space for the indexes of one run, shared by the modes of `all`
/// (the query and http modes reuse what the index mode built).
pub struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Result<Workspace, String> {
        let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
        let dir = tempfile::Builder::new()
            .prefix("harness-")
            .tempdir_in(if target.is_dir() {
                target
            } else {
                std::env::temp_dir()
            })
            .map_err(|e| format!("creating a scratch directory: {e}"))?;
        Ok(Workspace { dir })
    }

    /// The directory of one system's index of `docs` documents built with
    /// `threads` writer threads.
    pub fn index_dir(&self, system: index::System, docs: usize, threads: usize) -> PathBuf {
        self.dir
            .path()
            .join(format!("{}-{docs}-t{threads}", system.key()))
    }
}

fn main() -> ExitCode {
    // cargo bench passes `--bench`; it is not ours.
    let args = std::env::args().filter(|a| a != "--bench");
    let cli = Cli::parse_from(args);
    let mut report = Report::new(cli.options.json);
    let result = run(cli, &mut report);
    report.finish();
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("harness: {e}");
            ExitCode::from(2)
        }
    }
}

/// One mode of `all`: `Ok(false)` when a gate failed.
type ModeFn<'a> = dyn Fn(&mut Report) -> Result<bool, String> + 'a;

fn run(cli: Cli, report: &mut Report) -> Result<bool, String> {
    let o = &cli.options;
    match cli.mode {
        Mode::Relevance(args) => relevance::run(&o.data, &args, report),
        Mode::Precision(args) => precision::run(&o.data, &args, report),
        Mode::Analysis => analysis::run(o, report).map(|()| true),
        Mode::Index => index::run(o, &Workspace::new()?, report).map(|()| true),
        Mode::Query => query::run(o, &Workspace::new()?, report).map(|()| true),
        Mode::Http => http::run(o, &Workspace::new()?, report).map(|()| true),
        Mode::Load(args) => load::run(&args, o.server.as_deref(), o.json),
        Mode::Crash(args) => crash::run(&args, o.server.as_deref(), o.json),
        Mode::All { write_results } => {
            let work = Workspace::new()?;
            let mut ok = true;
            let modes: [(&str, &ModeFn); 5] = [
                ("relevance", &|r| {
                    relevance::run(&o.data, &Default::default(), r)
                }),
                ("analysis", &|r| analysis::run(o, r).map(|()| true)),
                ("index", &|r| index::run(o, &work, r).map(|()| true)),
                ("query", &|r| query::run(o, &work, r).map(|()| true)),
                ("http", &|r| http::run(o, &work, r).map(|()| true)),
            ];
            for (name, mode) in modes {
                eprintln!("harness: {name}");
                let started = std::time::Instant::now();
                let result = mode(report);
                eprintln!(
                    "harness: {name} took {:.1} s",
                    started.elapsed().as_secs_f64()
                );
                match result {
                    Ok(passed) => ok &= passed,
                    Err(e) => {
                        eprintln!("harness: {name} failed: {e}");
                        ok = false;
                    }
                }
            }
            if write_results {
                report.add_targets();
                results::write(o, report)?;
            }
            Ok(ok)
        }
        Mode::Build(args) => index::build_here(o, &args).map(|()| true),
        Mode::ColdStart(args) => query::cold_start_here(&args).map(|()| true),
    }
}
