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

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::Uri;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use crate::data;
use crate::index::{ensure_built, System};
use crate::process::status_mb;
use crate::report::{Cell, Report, Table};
use crate::stats::Latencies;
use crate::{Options, Workspace};

const CONCURRENCY: &[usize] = &[1, 8, 32];
/// Longest a single request may take before it counts as an error.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

type HttpClient = Client<HttpConnector, Empty<Bytes>>;

/// The server process, killed when dropped so that no error path leaves it
/// running.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server binary: `--server`, or target/release/search-server built
/// now with cargo (a no-op when it is up to date).
fn server_binary(o: &Options) -> Result<PathBuf, String> {
    match &o.server {
        Some(path) => Ok(path.clone()),
        None => crate::crash::release_binary(),
    }
}

/// Starts the server on `dir` and waits for its `listening on` line.
fn start(binary: &Path, dir: &Path) -> Result<(Server, Duration), String> {
    let started = Instant::now();
    let mut child = Command::new(binary)
        .args(["serve", "--addr", "127.0.0.1:0", "--index-dir"])
        .arg(dir)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("starting {}: {e}", binary.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut server = Server {
        child,
        addr: String::new(),
    };
    let mut lines = std::io::BufReader::new(stdout).lines();
    for line in lines.by_ref() {
        let line = line.map_err(|e| e.to_string())?;
        if let Some(url) = line.trim().strip_prefix("listening on http://") {
            server.addr = url.to_string();
            break;
        }
    }
    if server.addr.is_empty() {
        return Err("the server exited without printing `listening on http://...`".into());
    }
    let listening = started.elapsed();
    // Keep draining its output so that it never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Ok((server, listening))
}

/// One request: its latency when it succeeded (2xx, body read in full).
async fn request(client: &HttpClient, uri: Uri) -> Option<Duration> {
    let t = Instant::now();
    let exchange = async {
        let response = client.get(uri).await.ok()?;
        let ok = response.status().is_success();
        let body = response.into_body().collect().await.ok()?;
        std::hint::black_box(body.to_bytes());
        ok.then_some(())
    };
    tokio::time::timeout(REQUEST_TIMEOUT, exchange)
        .await
        .ok()??;
    Some(t.elapsed())
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
    client: &HttpClient,
    uris: &Arc<Vec<Uri>>,
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
                match request(&client, uris[i % uris.len()].clone()).await {
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
    let Some(collection) = data::load(&o.data, None, "http")? else {
        return Ok(());
    };
    let docs = o.served_size();
    let dir = ensure_built(o, work, System::Ours, docs)?;
    let binary = server_binary(o)?;
    let (server, listening) = start(&binary, &dir)?;
    let pid = server.child.id();
    let started = Instant::now() - listening;
    let (max_requests, max_time, warm_up) = if o.quick {
        (2_000, Duration::from_secs(2), 100)
    } else {
        (40_000, Duration::from_secs(10), 1_000)
    };

    let base = format!("http://{}", server.addr);
    let search: Vec<Uri> = collection
        .queries
        .iter()
        .map(|q| {
            let query = serde_urlencoded::to_string([
                ("q", q.text.as_str()),
                ("lang", q.lang.as_str()),
                ("limit", "10"),
            ])
            .map_err(|e| e.to_string())?;
            format!("{base}/search?{query}")
                .parse()
                .map_err(|e| format!("{e}"))
        })
        .collect::<Result<_, String>>()?;
    let health: Vec<Uri> = vec![format!("{base}/health")
        .parse()
        .map_err(|e| format!("{e}"))?];
    let (search, health) = (Arc::new(search), Arc::new(health));

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let client: HttpClient = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(64)
        .build_http();
    runtime
        .block_on(request(&client, search[0].clone()))
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
                if concurrency == 32 {
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
                Cell::Num(p50, 2),
                Cell::Num(p99, 2),
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
