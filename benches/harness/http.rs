//! `http`: starts the real `search-server` on 127.0.0.1 over the index of
//! the largest corpus of at most 100k documents, and drives it with an
//! asynchronous load generator (tokio on one thread, hyper's client with
//! keep-alive connections) at concurrency 1, 8 and 32 over the XQuAD
//! queries, each with its language filter: requests/s, p50/p99, errors and
//! the server's peak RSS. Every level is bounded both in requests and in
//! time, and each request in time, so the run always stops by itself.
//!
//! The baseline is the same server's `GET /health` under the same load: the
//! cost of HTTP and of the load generator alone, which share the 2 cores.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use test_kit::client::AsyncClient;
use test_kit::data;
use test_kit::stats::Latencies;
use test_kit::{Launch, Request};

use crate::index::{ensure_built, System};
use crate::process::{release_binary, status_mb};
use crate::report::{Cell, Report, Table};
use crate::{Options, Workspace};

const CONCURRENCY: &[usize] = &[1, 8, 32];
/// Longest a single request may take before it counts as an error.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

/// The server binary: `--server`, or target/release/search-server built
/// now with cargo (a no-op when it is up to date).
fn server_binary(o: &Options) -> Result<PathBuf, String> {
    match &o.server {
        Some(path) => Ok(path.clone()),
        None => release_binary(),
    }
}

/// One request: its latency when it succeeded (2xx, body read in full).
async fn request(client: &AsyncClient, request: &Request) -> Option<Duration> {
    let t = Instant::now();
    let status = client.status(request).await.ok()?;
    status.is_success().then(|| t.elapsed())
}

/// What one load level measured.
struct Load {
    latencies: Latencies,
    errors: u64,
}

/// `concurrency` tasks send requests for `uris` in turn, each as soon as
/// its previous one is answered, until `max_requests` have been sent or
/// `max_time` has passed.
async fn load(
    client: &AsyncClient,
    uris: &Arc<Vec<Request>>,
    concurrency: usize,
    max_requests: usize,
    max_time: Duration,
) -> Load {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + max_time;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let (client, uris, next) = (client.clone(), uris.clone(), next.clone());
        tasks.spawn(async move {
            let mut samples = Vec::new();
            let mut errors = 0u64;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= max_requests || Instant::now() >= deadline {
                    return (samples, errors);
                }
                match request(&client, &uris[i % uris.len()]).await {
                    Some(latency) => samples.push(latency.as_secs_f64()),
                    None => errors += 1,
                }
            }
        });
    }
    let mut out = Load {
        latencies: Latencies::default(),
        errors: 0,
    };
    while let Some(joined) = tasks.join_next().await {
        let (samples, errors) = joined.unwrap_or_default();
        out.latencies.samples.extend(samples);
        out.errors += errors;
    }
    out.latencies.wall = started.elapsed();
    out
}

/// Runs the mode.
pub fn run(o: &Options, work: &Workspace, report: &mut Report) -> Result<(), String> {
    let Some(collection) = data::load(&o.data, None, "http").map_err(|e| e.to_string())? else {
        return Ok(());
    };
    let docs = o.served_size();
    let dir = ensure_built(o, work, System::Ours, docs)?;
    let binary = server_binary(o)?;
    let server = Launch::new(&binary, &dir)
        .rust_log("warn")
        .log(dir.with_extension("server.log"))
        .start()
        .map_err(|e| e.to_string())?;
    let listening = server.startup();
    let pid = server.pid();
    let started = Instant::now() - listening;
    let (max_requests, max_time, warm_up) = if o.quick {
        (2_000, Duration::from_secs(2), 100)
    } else {
        (40_000, Duration::from_secs(10), 1_000)
    };

    let base = &server.url;
    let search: Vec<Request> = collection
        .queries
        .iter()
        .map(|q| {
            let query = serde_urlencoded::to_string([
                ("q", q.text.as_str()),
                ("lang", q.lang.as_str()),
                ("limit", "10"),
            ])
            .map_err(|e| e.to_string())?;
            Ok(Request::get(format!("{base}/search?{query}")))
        })
        .collect::<Result<_, String>>()?;
    let health = vec![Request::get(format!("{base}/health"))];
    let (search, health) = (Arc::new(search), Arc::new(health));

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let client = AsyncClient::new(REQUEST_TIMEOUT);
    runtime
        .block_on(request(&client, &search[0]))
        .ok_or("the server did not answer its first search")?;
    let first_answer = started.elapsed();

    let mut table = Table::new(
        "HTTP load",
        &[
            "endpoint",
            "concurrency",
            "requests",
            "errors",
            "seconds",
            "req/s",
            "p50 ms",
            "p99 ms",
            "req/s ÷ /health",
        ],
    );
    table.note(format!(
        "The real search-server over {docs} documents on 127.0.0.1; the load generator (one tokio thread, keep-alive connections) shares the machine's cores with it. Each level: {warm_up} warm-up requests, then at most {max_requests} requests or {} s; a request taking over {} s counts as an error. `/search` cycles through the XQuAD queries with `lang` set to the query's language and `limit=10`, snippets on.",
        max_time.as_secs(),
        REQUEST_TIMEOUT.as_secs()
    ));
    let mut search_errors = 0;
    for &concurrency in CONCURRENCY {
        let mut health_rps = 0.0;
        for (endpoint, uris) in [("GET /health", &health), ("GET /search", &search)] {
            runtime.block_on(load(&client, uris, concurrency, warm_up, max_time));
            let mut l = runtime.block_on(load(&client, uris, concurrency, max_requests, max_time));
            let rps = l.latencies.per_second();
            let is_search = endpoint.ends_with("search");
            let (p50, p99) = (l.latencies.ms(50.0), l.latencies.ms(99.0));
            if is_search {
                search_errors += l.errors;
                if let (32, Some(p99)) = (concurrency, p99) {
                    report.figures.http_c32 = Some((rps, p99, 0));
                }
            } else {
                health_rps = rps;
            }
            table.row(vec![
                Cell::text(endpoint),
                Cell::Int(concurrency as u64),
                Cell::Int(l.latencies.samples.len() as u64),
                Cell::Int(l.errors),
                Cell::Num(l.latencies.wall.as_secs_f64(), 1),
                Cell::Num(rps, 0),
                Cell::maybe(p50, 2),
                Cell::maybe(p99, 2),
                if is_search {
                    Cell::Num(rps / health_rps, 2)
                } else {
                    Cell::Empty
                },
            ]);
        }
    }
    if let Some(c32) = &mut report.figures.http_c32 {
        c32.2 = search_errors;
    }
    report.table(table);

    let peak = status_mb(Some(pid), "VmHWM").unwrap_or(0.0);
    let rss = status_mb(Some(pid), "VmRSS").unwrap_or(0.0);
    drop(server);
    report.figures.server_rss_mb = Some((peak, docs));
    let mut table = Table::new(
        "HTTP server",
        &[
            "documents",
            "start to listening s",
            "start to first answer s",
            "peak RSS MB",
            "RSS after load MB",
        ],
    );
    table.note("Start: from spawning `search-server serve` over an existing index (in the page cache) to its `listening on` line, and to the answer of its first search. RSS from /proc/PID/status (VmHWM, VmRSS).");
    table.row(vec![
        Cell::Int(docs as u64),
        Cell::Num(listening.as_secs_f64(), 3),
        Cell::Num(first_answer.as_secs_f64(), 3),
        Cell::Num(peak, 0),
        Cell::Num(rss, 0),
    ]);
    report.table(table);
    Ok(())
}
