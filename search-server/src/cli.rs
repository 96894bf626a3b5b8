//! The command line (clap derive). Every doc comment here is `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Bilingual English/Chinese full-text search: index files, serve a search
/// API and page, query from the terminal.
///
/// Start with `search-server serve`: on an empty index directory it first
/// indexes the bundled sample articles, then serves http://127.0.0.1:7700.
#[derive(Debug, Parser)]
#[command(name = "search-server", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index JSONL/JSON, HTML pages, feeds and text/Markdown files or
    /// directories.
    ///
    /// JSONL files hold one document a line: {"id", "title", "body", and
    /// optional "lang", "source", "url", "published", "tags",
    /// "translations"}. An .html/.htm page is one document: its article
    /// text and metadata (title, date, language, URL, site, tags,
    /// hreflang versions), in any charset it declares; `-` reads one page
    /// from standard input (its canonical URL is its id). A feed
    /// (.xml/.rss/.atom, or a JSON Feed .json) gives a document per item. A
    /// .txt file is a text dump of a page: its headline is found below the
    /// menus and bylines; in a .md file the first line is the title. A
    /// document with an existing id replaces it. Broken lines, pages and
    /// items are skipped and listed as file:line: reason, file: reason or
    /// file:item N: reason, unless --strict.
    Index(IndexArgs),
    /// Serve the HTTP API and the search page.
    ///
    /// On an empty or missing index directory, first indexes the bundled
    /// sample articles. Prints `listening on http://ADDR` once ready. Stops
    /// gracefully on Ctrl-C or SIGTERM, finishing requests in flight.
    Serve(ServeArgs),
    /// Search the index and print ranked hits with highlighted snippets.
    Query(QueryArgs),
    /// Print index statistics: documents, languages, segments, size on disk.
    Stats(StatsArgs),
}

/// Where the index is and how it analyses text.
#[derive(Debug, Clone, Args)]
pub struct IndexLocation {
    /// The index directory (created when needed).
    #[arg(long, value_name = "DIR", default_value = "./data")]
    pub index_dir: PathBuf,
    /// A jieba user dictionary (`word [freq] [tag]` a line) added to the
    /// built-in one. An index must always be opened with the dictionary it
    /// was built with.
    #[arg(long, value_name = "FILE")]
    pub user_dict: Option<PathBuf>,
    /// A synonyms file (one group a line, comma-separated: `aliyun, alibaba
    /// cloud, 阿里云`) replacing the bundled cloud-computing names. Applied at
    /// query time, so it can change without reindexing.
    #[arg(long, value_name = "FILE")]
    pub synonyms: Option<PathBuf>,
}

/// `search-server index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    #[command(flatten)]
    pub location: IndexLocation,
    /// Stop at the first broken line or file and index nothing from this
    /// run (exit status 1), instead of skipping it.
    #[arg(long)]
    pub strict: bool,
    /// Files or directories to index (directories are walked for .jsonl,
    /// .ndjson, .json, .html, .htm, .xml, .rss, .atom, .txt and .md
    /// files); `-` for an HTML page on standard input.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

/// `search-server serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub location: IndexLocation,
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:7700")]
    pub addr: String,
    /// Key that writes (POST/DELETE /documents) need, sent as
    /// `Authorization: Bearer KEY`. Without one, writes are open.
    #[arg(
        long,
        value_name = "KEY",
        env = "SEARCH_API_KEY",
        hide_env_values = true
    )]
    pub api_key: Option<String>,
    /// Require the API key for reads too (search, documents, stats).
    #[arg(long, requires = "api_key")]
    pub protect_search: bool,
    /// Largest request body accepted, in bytes; larger ones get a 413.
    #[arg(long, value_name = "N", default_value_t = search_server::http::DEFAULT_MAX_BODY_BYTES)]
    pub max_body_bytes: usize,
    /// Seconds a request may take before a 408.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub timeout_secs: u64,
    /// Seconds a client has to send a request's headers (from connecting,
    /// or from the end of its previous request, so idle keep-alive
    /// connections close too) before the connection is closed; guards
    /// against clients that hold connections open by sending slowly.
    #[arg(long, value_name = "SECONDS", default_value_t = search_server::http::listen::DEFAULT_HEADER_TIMEOUT.as_secs())]
    pub header_timeout_secs: u64,
    /// Requests handled at once; more wait for a free slot.
    #[arg(long, value_name = "N", default_value_t = search_server::http::DEFAULT_CONCURRENCY)]
    pub max_concurrent: usize,
    /// Searches run at once (default: 4 per core); more wait their turn in
    /// arrival order without holding a thread.
    #[arg(long, value_name = "N", default_value_t = search_server::http::default_search_threads())]
    pub search_threads: usize,
    /// Enable CORS for this origin (e.g. https://example.com). Off by default.
    #[arg(long, value_name = "ORIGIN")]
    pub cors_origin: Option<String>,
}

/// `search-server query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    #[command(flatten)]
    pub location: IndexLocation,
    /// Only documents in this language (en, zh).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Hits to print (at most 1000).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
    /// Also search with the query's English⇄Chinese translations.
    #[arg(long)]
    pub cross_lingual: bool,
    /// How many query words a hit must match: all, relaxed (all first,
    /// then some, then parts of words) or any.
    #[arg(long, value_name = "STRATEGY", default_value = "relaxed")]
    pub matching_strategy: search_core::MatchingStrategy,
    /// Order: relevance, published:desc (newest first) or published:asc.
    #[arg(long, value_name = "ORDER", default_value = "relevance")]
    pub sort: search_core::Sort,
    /// Print the engine's JSON response instead of text.
    #[arg(long)]
    pub json: bool,
    /// The query ("quoted phrases", +required and -excluded words, title:/body:); several words
    /// are joined with spaces.
    #[arg(value_name = "TEXT", required = true)]
    pub text: Vec<String>,
}

/// `search-server stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub location: IndexLocation,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn defaults() {
        let cli = Cli::parse_from(["search-server", "serve"]);
        let Command::Serve(serve) = cli.command else {
            panic!("not serve")
        };
        assert_eq!(serve.addr, "127.0.0.1:7700");
        assert_eq!(serve.location.index_dir, PathBuf::from("./data"));
        assert_eq!(serve.max_body_bytes, 16 << 20);
    }
}
