//! `crash`: the real server killed with SIGKILL while it is writing, again
//! and again, on one index directory: [`test_kit::crash::kill_rounds`],
//! which `search-server/tests/crash_safety.rs` runs with a few kills in
//! `cargo test`, here with many, and a table of what it saw.

use std::path::Path;
use std::time::Duration;

use test_kit::crash::{clock_seed, kill_rounds, Rounds};
use test_kit::stats::median;

use crate::process::release_binary;

/// Options of the `crash` mode.
#[derive(clap::Args, Debug, Clone)]
pub struct CrashArgs {
    /// Kills (and restarts) the server must survive.
    #[arg(long, default_value_t = 20)]
    pub kills: usize,
    /// Longest a server writes before it is killed, in milliseconds; each
    /// kill comes at a random moment between a tenth of this and all of it.
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    pub max_run_ms: u64,
    /// Seed of the random kill moments and batch sizes (default: from the
    /// clock); printed, so that a failing run can be repeated.
    #[arg(long)]
    pub seed: Option<u64>,
}

/// The `crash` mode: [`kill_rounds`] on the release binary (or `server`)
/// in a scratch directory; prints a table (or JSON) and returns whether the
/// run passed.
pub fn run(args: &CrashArgs, server: Option<&Path>, json: bool) -> Result<bool, String> {
    let binary = match server {
        Some(path) => path.to_path_buf(),
        None => release_binary()?,
    };
    let seed = args.seed.unwrap_or_else(clock_seed);
    let scratch = tempfile::Builder::new()
        .prefix("harness-crash-")
        .tempdir()
        .map_err(|e| format!("creating a scratch directory: {e}"))?;
    eprintln!(
        "crash: {} kills, at most {} ms each, seed {seed}",
        args.kills, args.max_run_ms
    );
    let rounds = Rounds {
        kills: args.kills,
        max_run: Duration::from_millis(args.max_run_ms.max(10)),
        seed,
    };
    let outcome =
        kill_rounds(&binary, &scratch.path().join("index"), &rounds).map_err(|e| e.to_string())?;
    let mut restarts: Vec<f64> = outcome
        .restarts
        .iter()
        .map(|d| d.as_secs_f64() * 1000.0)
        .collect();
    let median = median(&mut restarts);
    if json {
        let value = serde_json::json!({
            "mode": "crash",
            "seed": seed,
            "kills": outcome.kills,
            "posts": outcome.posts,
            "acknowledged": outcome.acknowledged,
            "lost": outcome.lost.len(),
            "failures": outcome.failures,
            "restart_median_ms": median,
            "passed": outcome.passed(),
        });
        println!("{value}");
    } else {
        println!("| kills survived | POSTs | documents acknowledged | documents lost | other failures | restart to listening (median) |");
        println!("|---|---|---|---|---|---|");
        println!(
            "| {} of {} | {} | {} | {} | {} | {} |",
            outcome.kills,
            args.kills,
            outcome.posts,
            outcome.acknowledged,
            outcome.lost.len(),
            outcome.failures.len(),
            median.map_or("-".into(), |ms| format!("{ms:.0} ms")),
        );
    }
    for line in outcome.lost.iter().chain(&outcome.failures).take(20) {
        eprintln!("crash: {line}");
    }
    Ok(outcome.passed() && outcome.kills == args.kills)
}
