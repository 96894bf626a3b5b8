//! `search-server stats`.

use std::process::ExitCode;

use search_server::Result;

use crate::cli::StatsArgs;

pub fn run(args: StatsArgs) -> Result<ExitCode> {
    let engine = super::open_existing(&args.location)?;
    let stats = engine.stats()?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&stats).map_err(std::io::Error::other)?
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!("index:      {}", args.location.index_dir.display());
    println!("documents:  {}", stats.documents);
    for (lang, count) in &stats.per_language {
        println!("  {lang:<8}  {count}");
    }
    println!("segments:   {}", stats.segments);
    println!("size:       {:.2} MiB", super::mib(stats.size_bytes));
    Ok(ExitCode::SUCCESS)
}
