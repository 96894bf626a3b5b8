//! `crash`: the real server killed with SIGKILL while it is writing, again
//! and again, on one index directory.
//!
//! Each round starts `search-server serve` on the directory, checks that it
//! opened as it was (no repair step, no warning or error in its log) and
//! that every document acknowledged so far is found by id and by search,
//! then posts documents from a second thread and kills the server at a
//! random moment. A document counts as acknowledged only when its POST
//! came back 2xx with the whole body; one in flight at the kill may or may
//! not be there. After the last kill the server restarts once more, is
//! checked, and stopped with SIGTERM, and `search-server stats` must open
//! the index.
//!
//! `search-server/tests/crash_safety.rs` runs the same rounds (a few kills)
//! in `cargo test`, so this module needs only std, serde_json, tempfile and
//! clap: HTTP is a minimal HTTP/1.1 client over `TcpStream`, one connection
//! a request, with a timeout on every connect, read and write.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// Longest any one HTTP exchange may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// Longest a server may take to print `listening on`.
const START_TIMEOUT: Duration = Duration::from_secs(120);
/// Longest a server may take to exit after SIGTERM.
const STOP_TIMEOUT: Duration = Duration::from_secs(60);
/// Query terms per verifying search (each about 10 characters, under the
/// 1,000-character query limit).
const TERMS_PER_SEARCH: usize = 60;

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

/// The settings of [`kill_rounds`].
#[derive(Debug, Clone)]
pub struct Rounds {
    /// Kills to survive.
    pub kills: usize,
    /// Longest a server writes before it is killed.
    pub max_run: Duration,
    /// Seed of the random choices.
    pub seed: u64,
}

/// What [`kill_rounds`] saw. The run passed when `lost` and `failures` are
/// empty.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Kills survived (the server restarted and everything was found).
    pub kills: usize,
    /// POSTs sent, and those acknowledged with a 2xx.
    pub posts: usize,
    /// Documents acknowledged.
    pub acknowledged: usize,
    /// Acknowledged documents not found after a restart, with how.
    pub lost: Vec<String>,
    /// Anything else that went wrong: a 5xx, a log warning, a failed start.
    pub failures: Vec<String>,
    /// Time from spawning the server to `listening on`, per start.
    pub restarts: Vec<Duration>,
}

impl Outcome {
    /// Whether nothing acknowledged was lost and nothing failed.
    pub fn passed(&self) -> bool {
        self.lost.is_empty() && self.failures.is_empty()
    }
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
    let outcome = kill_rounds(&binary, &scratch.path().join("index"), &rounds)?;
    let mut restarts: Vec<f64> = outcome
        .restarts
        .iter()
        .map(|d| d.as_secs_f64() * 1000.0)
        .collect();
    restarts.sort_by(f64::total_cmp);
    let median = restarts.get(restarts.len() / 2).copied().unwrap_or(0.0);
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
            "| {} of {} | {} | {} | {} | {} | {median:.0} ms |",
            outcome.kills,
            args.kills,
            outcome.posts,
            outcome.acknowledged,
            outcome.lost.len(),
            outcome.failures.len()
        );
    }
    for line in outcome.lost.iter().chain(&outcome.failures).take(20) {
        eprintln!("crash: {line}");
    }
    Ok(outcome.passed() && outcome.kills == args.kills)
}

/// The rounds described in the module docs, on `binary` over `dir`.
/// `Err` only when the run could not be carried out at all.
pub fn kill_rounds(binary: &Path, dir: &Path, rounds: &Rounds) -> Result<Outcome, String> {
    let mut rng = XorShift::new(rounds.seed);
    let mut outcome = Outcome::default();
    // Every acknowledged document: (id, its unique search term).
    let acknowledged: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    for round in 0..=rounds.kills {
        let log = dir.with_extension(format!("round-{round}.log"));
        let started = Instant::now();
        let mut server = match Server::start(binary, dir, &log, "info") {
            Ok(server) => server,
            Err(e) => {
                outcome
                    .failures
                    .push(format!("round {round}: the server did not start: {e}"));
                return Ok(outcome);
            }
        };
        outcome.restarts.push(started.elapsed());

        let known = acknowledged.lock().map_err(|_| "poisoned")?.clone();
        verify(&server.addr, &known, round, &mut outcome);
        outcome.acknowledged = known.len();
        if round > 0 && outcome.passed() {
            outcome.kills += 1;
        }
        if round == rounds.kills {
            match server.terminate() {
                Ok(true) => {}
                Ok(false) => outcome
                    .failures
                    .push("the server exited with an error after SIGTERM".into()),
                Err(e) => outcome.failures.push(e),
            }
            check_log(&log, round, &mut outcome);
            check_stats(binary, dir, known.len(), &mut outcome);
            break;
        }

        // Write from a second thread; kill at a random moment.
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let addr = server.addr;
            let stop = stop.clone();
            let acknowledged = acknowledged.clone();
            let seed = rng.next();
            std::thread::spawn(move || write_until_stopped(addr, round, seed, &stop, &acknowledged))
        };
        let max_ms = rounds.max_run.as_millis().max(10) as u64;
        let wait = max_ms / 10 + rng.next() % (max_ms - max_ms / 10 + 1);
        std::thread::sleep(Duration::from_millis(wait));
        server.kill();
        stop.store(true, Ordering::SeqCst);
        let writes = writer
            .join()
            .map_err(|_| "the writer thread panicked".to_string())?;
        outcome.posts += writes.posts;
        outcome.failures.extend(writes.failures);
        check_log(&log, round, &mut outcome);
        if !outcome.passed() {
            return Ok(outcome);
        }
    }
    Ok(outcome)
}

/// What one writer thread did.
struct Writes {
    posts: usize,
    failures: Vec<String>,
}

/// Posts batches of one to four new documents until `stop`, recording the
/// acknowledged ones. Once the server is killed, requests fail; those
/// failures are expected and end the loop.
fn write_until_stopped(
    addr: SocketAddr,
    round: usize,
    seed: u64,
    stop: &AtomicBool,
    acknowledged: &Mutex<Vec<(String, String)>>,
) -> Writes {
    let mut rng = XorShift::new(seed);
    let mut writes = Writes {
        posts: 0,
        failures: Vec::new(),
    };
    let mut n = 0usize;
    while !stop.load(Ordering::SeqCst) {
        let batch: Vec<(String, String)> = (0..1 + rng.next() % 4)
            .map(|_| {
                n += 1;
                (format!("crash/{round}/{n}"), format!("k{round}x{n}q"))
            })
            .collect();
        let docs: Vec<serde_json::Value> = batch
            .iter()
            .map(|(id, term)| {
                serde_json::json!({
                    "id": id,
                    "title": format!("crash test {term}"),
                    "body": format!("崩溃测试文档，第{n}篇。The server may be killed while writing {term}."),
                    "tags": ["crash"],
                })
            })
            .collect();
        let body = serde_json::Value::Array(docs).to_string();
        writes.posts += 1;
        match request(addr, "POST", "/documents", body.as_bytes()) {
            Ok((200, reply)) => {
                let indexed = serde_json::from_slice::<serde_json::Value>(&reply)
                    .ok()
                    .and_then(|v| v["indexed"].as_u64());
                if indexed == Some(batch.len() as u64) {
                    if let Ok(mut list) = acknowledged.lock() {
                        list.extend(batch);
                    }
                } else {
                    writes.failures.push(format!(
                        "POST answered 200 with {:?}",
                        String::from_utf8_lossy(&reply)
                    ));
                }
            }
            Ok((status, reply)) if !stop.load(Ordering::SeqCst) => {
                writes.failures.push(format!(
                    "POST answered {status}: {}",
                    String::from_utf8_lossy(&reply)
                ));
                break;
            }
            // The server is gone (killed): expected, the round is over.
            Ok(_) | Err(_) => break,
        }
    }
    writes
}

/// Every acknowledged document is found by id and by search, and the
/// index counts at least as many documents.
fn verify(addr: &SocketAddr, known: &[(String, String)], round: usize, outcome: &mut Outcome) {
    for (id, _) in known {
        match request(*addr, "GET", &format!("/documents/{}", escape(id)), b"") {
            Ok((200, _)) => {}
            Ok((status, _)) => outcome
                .lost
                .push(format!("round {round}: GET {id} answered {status}")),
            Err(e) => outcome
                .failures
                .push(format!("round {round}: GET {id} failed: {e}")),
        }
    }
    for chunk in known.chunks(TERMS_PER_SEARCH) {
        let query: Vec<&str> = chunk.iter().map(|(_, term)| term.as_str()).collect();
        let path = format!(
            "/search?highlight=false&limit=1000&q={}",
            escape(&query.join(" "))
        );
        let found: HashSet<String> = match request(*addr, "GET", &path, b"") {
            Ok((200, body)) => serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| {
                    v["hits"].as_array().map(|hits| {
                        hits.iter()
                            .filter_map(|h| h["id"].as_str().map(String::from))
                            .collect()
                    })
                })
                .unwrap_or_default(),
            Ok((status, body)) => {
                outcome.failures.push(format!(
                    "round {round}: search answered {status}: {}",
                    String::from_utf8_lossy(&body)
                ));
                continue;
            }
            Err(e) => {
                outcome
                    .failures
                    .push(format!("round {round}: search failed: {e}"));
                continue;
            }
        };
        for (id, term) in chunk {
            if !found.contains(id) {
                outcome
                    .lost
                    .push(format!("round {round}: {id} not found by searching {term}"));
            }
        }
    }
    match request(*addr, "GET", "/stats", b"") {
        Ok((200, body)) => {
            let documents = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v["documents"].as_u64())
                .unwrap_or(0);
            if documents < known.len() as u64 {
                outcome.lost.push(format!(
                    "round {round}: the index counts {documents} documents, fewer than the {} acknowledged",
                    known.len()
                ));
            }
        }
        other => outcome
            .failures
            .push(format!("round {round}: GET /stats: {other:?}")),
    }
}

/// The server's log holds no warning or error (a repair, a failed
/// commit, a panic).
fn check_log(log: &Path, round: usize, outcome: &mut Outcome) {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    for line in text.lines() {
        if line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("panicked") {
            outcome
                .failures
                .push(format!("round {round}: server log: {line}"));
        }
    }
}

/// `search-server stats` opens the index after the last clean stop.
fn check_stats(binary: &Path, dir: &Path, acknowledged: usize, outcome: &mut Outcome) {
    let output = Command::new(binary)
        .arg("stats")
        .arg("--json")
        .arg("--index-dir")
        .arg(dir)
        .stdin(Stdio::null())
        .output();
    match output {
        Ok(output) if output.status.success() => {
            let documents = serde_json::from_slice::<serde_json::Value>(&output.stdout)
                .ok()
                .and_then(|v| v["documents"].as_u64())
                .unwrap_or(0);
            if documents < acknowledged as u64 {
                outcome.lost.push(format!(
                    "search-server stats counts {documents} documents, fewer than the {acknowledged} acknowledged"
                ));
            }
        }
        Ok(output) => outcome.failures.push(format!(
            "search-server stats failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )),
        Err(e) => outcome
            .failures
            .push(format!("running search-server stats: {e}")),
    }
}

/// A running server, killed when dropped (also used by the `load` mode).
pub struct Server {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl Server {
    /// Starts `serve` on 127.0.0.1:0 over `dir` with `RUST_LOG=rust_log`,
    /// its log in `log`, and waits for its `listening on` line.
    pub fn start(binary: &Path, dir: &Path, log: &Path, rust_log: &str) -> Result<Server, String> {
        let log_file = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let mut child = Command::new(binary)
            .arg("serve")
            .arg("--index-dir")
            .arg(dir)
            .args(["--addr", "127.0.0.1:0"])
            .env("RUST_LOG", rust_log)
            .env_remove("SEARCH_API_KEY")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log_file))
            .spawn()
            .map_err(|e| format!("starting {}: {e}", binary.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("listening on http://") {
                    let _ = tx.send(url.trim().to_string());
                }
            }
        });
        let mut server = Server {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        };
        let addr = rx.recv_timeout(START_TIMEOUT).map_err(|_| {
            format!(
                "no `listening on` within {START_TIMEOUT:?}; log: {}",
                std::fs::read_to_string(log).unwrap_or_default()
            )
        })?;
        server.addr = addr
            .parse()
            .map_err(|e| format!("bad address {addr:?}: {e}"))?;
        Ok(server)
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL, and wait for the process to be gone.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, and wait (bounded) for a clean exit; whether it succeeded.
    pub fn terminate(&mut self) -> Result<bool, String> {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .map_err(|e| format!("kill -TERM: {e}"))?;
        let deadline = Instant::now() + STOP_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().map_err(|e| e.to_string())? {
                return Ok(status.success());
            }
            if Instant::now() > deadline {
                return Err(format!("the server did not stop within {STOP_TIMEOUT:?}"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.kill();
        }
    }
}

/// One HTTP/1.1 exchange on a new connection: the status and the whole
/// body, or an error when the reply is cut short (the server died).
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: &[u8],
) -> std::io::Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect_timeout(&addr, REQUEST_TIMEOUT)?;
    stream.set_read_timeout(Some(REQUEST_TIMEOUT))?;
    stream.set_write_timeout(Some(REQUEST_TIMEOUT))?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply)?;
    parse_reply(&reply)
}

fn parse_reply(reply: &[u8]) -> std::io::Result<(u16, Vec<u8>)> {
    let broken = |what: &str| std::io::Error::new(std::io::ErrorKind::UnexpectedEof, what);
    let end = reply
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| broken("no complete header"))?;
    let head = String::from_utf8_lossy(&reply[..end]).to_ascii_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| broken("no status"))?;
    let body = &reply[end + 4..];
    let header = |name: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
    };
    if header("transfer-encoding:").is_some_and(|v| v.contains("chunked")) {
        return dechunk(body).map(|b| (status, b));
    }
    match header("content-length:").and_then(|v| v.parse::<usize>().ok()) {
        Some(len) if body.len() == len => Ok((status, body.to_vec())),
        Some(_) => Err(broken("body cut short")),
        None => Ok((status, body.to_vec())),
    }
}

fn dechunk(mut body: &[u8]) -> std::io::Result<Vec<u8>> {
    let broken = || std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "chunk cut short");
    let mut out = Vec::new();
    loop {
        let line_end = body
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or_else(broken)?;
        let size_text = String::from_utf8_lossy(&body[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| broken())?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        if body.len() < size + 2 {
            return Err(broken());
        }
        out.extend_from_slice(&body[..size]);
        body = &body[size + 2..];
    }
}

/// Percent-encodes a path segment or query value.
fn escape(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// A small deterministic random source (xorshift64*), so a seed repeats a
/// run.
struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> Self {
        XorShift(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// A seed from the clock.
pub fn clock_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
}

/// target/release/search-server, built now with cargo (a no-op when it is
/// up to date).
pub fn release_binary() -> Result<PathBuf, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("  cargo build --release -p search-server");
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["build", "--release", "--quiet", "-p", "search-server"])
        .status()
        .map_err(|e| format!("running cargo: {e}"))?;
    if !status.success() {
        return Err(format!(
            "cargo build --release -p search-server failed ({status})"
        ));
    }
    Ok(root.join("target/release/search-server"))
}
