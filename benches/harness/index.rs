//! `index`: corpora of 10k and 100k documents (1M with `--large`) made by
//! repeating the XQuAD corpus with fresh ids, indexed with 1 and 2 writer
//! threads by our engine and by plain tantivy + tantivy-jieba (the baseline
//! a user would write by hand): docs/s, MB/s, index size ÷ raw text size,
//! peak RSS. Each build runs in its own child process (the harness re-run
//! as `__build`), so peak RSS is that build's alone and dictionaries load
//! afresh; builds alternate between the two systems.

use std::path::{Path, PathBuf};
use std::time::Instant;

use search_core::{Engine, EngineConfig};

use test_kit::baseline::{self, Baseline};
use test_kit::data;
use test_kit::stats::median;

use crate::process::{dir_size, own_peak_rss_mb, run_self};
use crate::report::{Cell, IndexPoint, Report, Table};
use crate::{Options, Workspace};

/// Writer memory per thread for both systems (the engine's default).
const MEMORY_PER_THREAD: usize = 64 << 20;
/// Documents handed to the engine per call.
const BATCH: usize = 1000;

/// The two systems compared.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum System {
    /// search-core's engine.
    Ours,
    /// Plain tantivy with tantivy-jieba.
    Baseline,
}

impl System {
    /// Short name, for directories and arguments.
    pub fn key(self) -> &'static str {
        match self {
            System::Ours => "ours",
            System::Baseline => "baseline",
        }
    }

    /// Name in tables.
    pub fn label(self) -> &'static str {
        match self {
            System::Ours => "bilingual-search",
            System::Baseline => "tantivy + tantivy-jieba",
        }
    }
}

/// Arguments of the internal `__build` mode.
#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    #[arg(long, value_enum)]
    system: System,
    #[arg(long)]
    docs: usize,
    #[arg(long)]
    threads: usize,
    #[arg(long)]
    dir: PathBuf,
}

/// What one build measured.
#[derive(serde::Serialize, serde::Deserialize, Clone, Copy)]
struct Built {
    /// Seconds from the first document added to the commit's return.
    secs: f64,
    /// Bytes of title and body text indexed.
    text_bytes: usize,
    /// Bytes on disk afterwards.
    disk_bytes: u64,
    segments: usize,
    peak_rss_mb: f64,
}

/// `__build`: builds one index in this process and prints a [`Built`] as
/// JSON. Dictionaries load before the clock starts.
pub fn build_here(o: &Options, args: &BuildArgs) -> Result<(), String> {
    let collection = data::load_required(&o.data, "__build").map_err(|e| e.to_string())?;
    let docs = data::replicate(&collection.docs, args.docs);
    let mut text_bytes = 0;
    let e = |e: &dyn std::fmt::Display| e.to_string();
    let (secs, segments) = match args.system {
        System::Ours => {
            let config = EngineConfig {
                writer_threads: args.threads,
                writer_memory_per_thread: MEMORY_PER_THREAD,
                ..EngineConfig::default()
            };
            let engine = Engine::open_or_create(&args.dir, config).map_err(|x| e(&x))?;
            engine.analyzer().analyze("預熱 warm-up");
            let t = Instant::now();
            let mut batch = Vec::with_capacity(BATCH);
            for mut doc in docs {
                // Let the engine detect each document's language.
                doc.lang.clear();
                text_bytes += data::text_bytes(&doc);
                batch.push(doc);
                if batch.len() == BATCH {
                    engine.add_documents(batch.drain(..)).map_err(|x| e(&x))?;
                }
            }
            engine.add_documents(batch).map_err(|x| e(&x))?;
            engine.commit().map_err(|x| e(&x))?;
            let secs = t.elapsed().as_secs_f64();
            (secs, engine.stats().map_err(|x| e(&x))?.segments)
        }
        System::Baseline => {
            std::fs::create_dir_all(&args.dir).map_err(|x| e(&x))?;
            let base =
                Baseline::create(Some(&args.dir), baseline::Tokenizer::Jieba).map_err(|x| e(&x))?;
            base.load_dictionary();
            let mut writer = base
                .writer(args.threads, MEMORY_PER_THREAD)
                .map_err(|x| e(&x))?;
            let t = Instant::now();
            for doc in docs {
                text_bytes += data::text_bytes(&doc);
                writer
                    .add_document(base.document(&doc))
                    .map_err(|x| e(&x))?;
            }
            writer.commit().map_err(|x| e(&x))?;
            let secs = t.elapsed().as_secs_f64();
            drop(writer);
            let segments = base
                .index
                .searchable_segment_ids()
                .map_err(|x| e(&x))?
                .len();
            (secs, segments)
        }
    };
    let built = Built {
        secs,
        text_bytes,
        disk_bytes: dir_size(&args.dir),
        segments,
        peak_rss_mb: own_peak_rss_mb(),
    };
    println!("{}", serde_json::to_string(&built).map_err(|x| e(&x))?);
    Ok(())
}

/// Builds one index in a child process, replacing whatever is in `dir`.
fn build_child(
    o: &Options,
    system: System,
    docs: usize,
    threads: usize,
    dir: &Path,
) -> Result<Built, String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    eprintln!(
        "  building {} of {docs} documents, {threads} thread(s)",
        system.label()
    );
    let value = run_self(&[
        "__build".into(),
        "--system".into(),
        system.key().into(),
        "--docs".into(),
        docs.to_string(),
        "--threads".into(),
        threads.to_string(),
        "--dir".into(),
        dir.display().to_string(),
        "--data".into(),
        o.data.display().to_string(),
    ])?;
    serde_json::from_value(value).map_err(|e| e.to_string())
}

/// The directory of `system`'s index of `docs` documents built with the
/// default 2 writer threads, built now unless an earlier mode of this run
/// left it there.
pub fn ensure_built(
    o: &Options,
    work: &Workspace,
    system: System,
    docs: usize,
) -> Result<PathBuf, String> {
    let dir = work.index_dir(system, docs, 2);
    if !dir.join("meta.json").exists() {
        build_child(o, system, docs, 2, &dir)?;
    }
    Ok(dir)
}

/// Runs the mode.
pub fn run(o: &Options, work: &Workspace, report: &mut Report) -> Result<(), String> {
    if data::load(&o.data, None, "index")
        .map_err(|e| e.to_string())?
        .is_none()
    {
        return Ok(());
    }
    let mut table = Table::new(
        "Indexing",
        &[
            "documents",
            "threads",
            "system",
            "seconds",
            "docs/s",
            "MB/s",
            "× baseline",
            "index ÷ text",
            "peak RSS MB",
            "segments",
        ],
    );
    table.note("The corpus is XQuAD's 480 paragraphs repeated with fresh ids: the text repeats, so term dictionaries stay small and postings long. MB = 10⁶ bytes of title and body text.");
    table.note("Ours detects each document's language (the corpus's `lang` is removed), normalises, converts script and stores the source for snippets; the baseline indexes title and body with tantivy-jieba (`cut` mode) + lowercasing and the given `lang`. Both: 64 MB writer memory per thread, one commit at the end; time from the first document to the commit's return, dictionaries loaded before; each build in its own process (peak RSS = its VmHWM). Median of 3 builds up to 10k documents, 1 build above.");
    let sizes = o.sizes();
    for &docs in &sizes {
        let reps = if o.quick || docs > 10_000 { 1 } else { 3 };
        for threads in [1, 2] {
            let mut runs: [Vec<Built>; 2] = [Vec::new(), Vec::new()];
            for rep in 0..reps {
                let order = if rep % 2 == 0 {
                    [System::Baseline, System::Ours]
                } else {
                    [System::Ours, System::Baseline]
                };
                for system in order {
                    let dir = work.index_dir(system, docs, threads);
                    let built = build_child(o, system, docs, threads, &dir)?;
                    runs[usize::from(system == System::Ours)].push(built);
                }
            }
            let mut mbps = [0.0; 2];
            for (k, system) in [System::Baseline, System::Ours].into_iter().enumerate() {
                let last = *runs[k].last().ok_or("no build")?;
                let secs = median(&mut runs[k].iter().map(|b| b.secs).collect::<Vec<_>>())
                    .ok_or("no build")?;
                let rss = median(&mut runs[k].iter().map(|b| b.peak_rss_mb).collect::<Vec<_>>())
                    .ok_or("no build")?;
                mbps[k] = last.text_bytes as f64 / secs / 1e6;
                report.index_points.push(IndexPoint {
                    docs,
                    threads,
                    system: system.label(),
                    secs,
                });
                table.row(vec![
                    Cell::Int(docs as u64),
                    Cell::Int(threads as u64),
                    Cell::text(system.label()),
                    Cell::Num(secs, 2),
                    Cell::Num(docs as f64 / secs, 0),
                    Cell::Num(mbps[k], 1),
                    if system == System::Ours {
                        Cell::Num(mbps[1] / mbps[0], 2)
                    } else {
                        Cell::Empty
                    },
                    Cell::Num(last.disk_bytes as f64 / last.text_bytes as f64, 2),
                    Cell::Num(rss, 0),
                    Cell::Int(last.segments as u64),
                ]);
            }
            if Some(&docs) == sizes.last() {
                report
                    .figures
                    .index_vs_baseline
                    .push((docs, threads, mbps[1] / mbps[0]));
            }
        }
    }
    report.table(table);
    Ok(())
}
