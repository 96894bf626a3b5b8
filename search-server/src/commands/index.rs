//! `search-server index`: files and directories (or, as `-`, one HTML page
//! on standard input) into the index, with a progress bar and a summary
//! per kind of file.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use search_core::ingest::IngestOptions;
use search_server::Result;

use crate::cli::IndexArgs;

pub fn run(args: IndexArgs) -> Result<ExitCode> {
    let engine = super::open(&args.location)?;
    let bar = progress_bar();
    let options = IngestOptions {
        strict: args.strict,
        ..IngestOptions::default()
    };
    let result = engine.ingest(&args.paths, &options, |p| {
        if bar.length() != Some(p.total_bytes) {
            bar.set_length(p.total_bytes);
        }
        bar.set_position(p.bytes);
        bar.set_message(format!(
            "{} documents, file {}/{}",
            p.documents, p.files, p.total_files
        ));
    });
    bar.finish_and_clear();
    let summary = match result {
        Ok(summary) => summary,
        Err(e) if args.strict => {
            eprintln!("error: {e}");
            eprintln!("nothing from this run was indexed (--strict)");
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => return Err(e.into()),
    };
    let seconds = summary.elapsed.as_secs_f64();
    println!(
        "indexed {} documents ({:.2} MiB) in {:.2} s ({:.1} MiB/s)",
        summary.indexed,
        super::mib(summary.bytes),
        seconds,
        super::mib(summary.bytes) / seconds.max(1e-9),
    );
    if !summary.per_kind.is_empty() {
        let kinds: Vec<String> = summary
            .per_kind
            .iter()
            .map(|(kind, n)| format!("{n} from {}", kind.describe()))
            .collect();
        println!("  {}", kinds.join(", "));
    }
    if !summary.skipped.is_empty() {
        println!("skipped {}:", summary.skipped.len());
        for skipped in &summary.skipped {
            println!("  {skipped}");
        }
    }
    let stats = engine.stats()?;
    println!(
        "index {} now holds {} documents",
        args.location.index_dir.display(),
        stats.documents
    );
    Ok(ExitCode::SUCCESS)
}

/// A bar over input bytes showing documents, MB/s and ETA; hidden when
/// stderr is not a terminal so logs and CI output stay clean.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    let template =
        "{spinner} [{elapsed_precise}] {bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}";
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}
