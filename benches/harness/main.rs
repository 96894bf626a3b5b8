//! The benchmark harness: `cargo bench --bench harness -- MODE [options]`.
//!
//! Modes:
//! - `relevance`: MRR@10, Recall@1, Recall@10 and nDCG@10 on a test
//!   collection (default `../shared/eval/xquad`) for the tasks `en`, `zh`,
//!   `mixed`, `en2zh` and `zh2en`, next to tantivy's default tokenizer.
//!
//! Every figure is measured in the same run as its baseline.

mod relevance;

use std::process::ExitCode;

fn usage() -> &'static str {
    "usage: cargo bench --bench harness -- relevance [--data DIR] [--queries FILE] [--run-dir DIR] [--json] [--gate TASK=MIN_MRR]..."
}

fn main() -> ExitCode {
    // cargo bench passes `--bench`; it is not ours.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(mode) = args.first() else {
        eprintln!("{}", usage());
        return ExitCode::from(2);
    };
    let result = match mode.as_str() {
        "relevance" => relevance::run(&args[1..]),
        "--help" | "-h" | "help" => {
            println!("{}", usage());
            Ok(true)
        }
        other => Err(format!("unknown mode {other:?}\n{}", usage())),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("harness: {e}");
            ExitCode::from(2)
        }
    }
}
