//! One module per subcommand; [`run`] dispatches.

mod index;
mod query;
mod serve;
mod stats;

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use search_core::{Engine, EngineConfig};
use search_server::{Error, Result};

use crate::cli::{Cli, Command, IndexLocation};

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    init_logging();
    match cli.command {
        Command::Index(args) => index::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Query(args) => query::run(args),
        Command::Stats(args) => stats::run(args),
    }
}

/// Logs to stderr; `RUST_LOG` filters (default `info`).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Fails only if a subscriber is already set, which is harmless.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

/// The engine settings for an index location (reads the user dictionary
/// and the synonyms file).
fn engine_config(location: &IndexLocation) -> Result<EngineConfig> {
    let read = |path: &std::path::PathBuf| {
        std::fs::read_to_string(path)
            .map(|content| (content, path.display().to_string()))
            .map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })
    };
    let mut config = EngineConfig::default();
    if let Some(path) = &location.user_dict {
        config.analyzer.user_dict = Some(read(path)?);
    }
    if let Some(path) = &location.synonyms {
        config.synonyms = Some(read(path)?);
    }
    Ok(config)
}

/// Whether `dir` is missing or has nothing in it.
fn is_empty_dir(dir: &Path) -> bool {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(_) => !dir.exists(),
    }
}

/// Opens an existing index for reading only, so `query` and `stats` work
/// while a server writes to it; an empty or missing directory is an error
/// rather than a new empty index.
fn open_existing(location: &IndexLocation) -> Result<Engine> {
    if is_empty_dir(&location.index_dir) {
        return Err(Error::NoIndex(location.index_dir.clone()));
    }
    Ok(Engine::open_read_only(
        &location.index_dir,
        engine_config(location)?,
    )?)
}

/// Opens or creates the index at `location` for writing; another writer
/// (a running server) holds its lock.
fn open(location: &IndexLocation) -> Result<Engine> {
    Engine::open_or_create(&location.index_dir, engine_config(location)?).map_err(|e| match e {
        search_core::Error::User(search_core::UserError::IndexLocked(dir)) => Error::Busy(dir),
        e => e.into(),
    })
}

/// Bytes as MiB, for people.
fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}
