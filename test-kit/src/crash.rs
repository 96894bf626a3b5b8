//! The SIGKILL rounds: the real server killed while it is writing, again
//! and again, on one index directory. `search-server/tests/crash_safety.rs`
//! runs a few rounds in `cargo test`; the harness's `crash` mode runs many.
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

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::{encode, Client, Error, Launch, Reply, Request, Result};

/// Longest any one HTTP exchange may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// Longest a server may take to print `listening on`.
const START_TIMEOUT: Duration = Duration::from_secs(120);
/// Longest a server may take to exit after SIGTERM.
const STOP_TIMEOUT: Duration = Duration::from_secs(60);
/// Query terms per verifying search (each about 10 characters, under the
/// 1,000-character query limit).
const TERMS_PER_SEARCH: usize = 60;

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

/// The rounds described in the module docs, on `binary` over `dir`.
/// `Err` only when the run could not be carried out at all; everything the
/// server did wrong is in the [`Outcome`].
pub fn kill_rounds(binary: &Path, dir: &Path, rounds: &Rounds) -> Result<Outcome> {
    let mut rng = XorShift::new(rounds.seed);
    let mut outcome = Outcome::default();
    let http = Client::with_timeout(REQUEST_TIMEOUT)?;
    // Every acknowledged document: (id, its unique search term).
    let acknowledged: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    for round in 0..=rounds.kills {
        let log = dir.with_extension(format!("round-{round}.log"));
        let launch = Launch::new(binary, dir)
            .log(&log)
            .start_timeout(START_TIMEOUT)
            .stop_timeout(STOP_TIMEOUT);
        let mut server = match launch.start() {
            Ok(server) => server,
            Err(e) => {
                outcome
                    .failures
                    .push(format!("round {round}: the server did not start: {e}"));
                return Ok(outcome);
            }
        };
        outcome.restarts.push(server.startup());

        let known = acknowledged
            .lock()
            .map_err(|_| Error::Panicked("a writer holding the acknowledged list"))?
            .clone();
        verify(&http, &server.url, &known, round, &mut outcome);
        outcome.acknowledged = known.len();
        if round > 0 && outcome.passed() {
            outcome.kills += 1;
        }
        if round == rounds.kills {
            match server.stop() {
                Ok(status) if status.success() => {}
                Ok(status) => outcome
                    .failures
                    .push(format!("the server exited with {status} after SIGTERM")),
                Err(e) => outcome.failures.push(e.to_string()),
            }
            check_log(&log, round, &mut outcome);
            check_stats(binary, dir, known.len(), &mut outcome);
            break;
        }

        // Write from a second thread; kill at a random moment.
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let url = server.url.clone();
            let stop = stop.clone();
            let acknowledged = acknowledged.clone();
            let seed = rng.next();
            std::thread::spawn(move || write_until_stopped(&url, round, seed, &stop, &acknowledged))
        };
        let max_ms = rounds.max_run.as_millis().max(10) as u64;
        let wait = max_ms / 10 + rng.next() % (max_ms - max_ms / 10 + 1);
        std::thread::sleep(Duration::from_millis(wait));
        server.kill();
        stop.store(true, Ordering::SeqCst);
        let writes = writer
            .join()
            .map_err(|_| Error::Panicked("the writer thread"))?;
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
    url: &str,
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
    let http = match Client::with_timeout(REQUEST_TIMEOUT) {
        Ok(http) => http,
        Err(e) => {
            writes.failures.push(format!("round {round}: {e}"));
            return writes;
        }
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
        writes.posts += 1;
        match http.post_json(format!("{url}/documents"), &serde_json::Value::Array(docs)) {
            Ok(reply) if reply.status == 200 => {
                let indexed = reply.try_json().ok().and_then(|v| v["indexed"].as_u64());
                if indexed == Some(batch.len() as u64) {
                    if let Ok(mut list) = acknowledged.lock() {
                        list.extend(batch);
                    }
                } else {
                    writes
                        .failures
                        .push(format!("POST answered 200 with {:?}", reply.text));
                }
            }
            Ok(reply) if !stop.load(Ordering::SeqCst) => {
                writes
                    .failures
                    .push(format!("POST answered {}: {}", reply.status, reply.text));
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
fn verify(
    http: &Client,
    url: &str,
    known: &[(String, String)],
    round: usize,
    outcome: &mut Outcome,
) {
    for (id, _) in known {
        match http.get(format!("{url}/documents/{}", encode(id))) {
            Ok(reply) if reply.status == 200 => {}
            Ok(reply) => outcome
                .lost
                .push(format!("round {round}: GET {id} answered {}", reply.status)),
            Err(e) => outcome
                .failures
                .push(format!("round {round}: GET {id} failed: {e}")),
        }
    }
    for chunk in known.chunks(TERMS_PER_SEARCH) {
        let query: Vec<&str> = chunk.iter().map(|(_, term)| term.as_str()).collect();
        let search = Request::get(format!(
            "{url}/search?highlight=false&limit=1000&q={}",
            encode(&query.join(" "))
        ));
        let found: HashSet<String> = match http.send(&search) {
            Ok(reply) if reply.status == 200 => reply
                .try_json()
                .map(|v| crate::reply::hit_ids(&v).into_iter().collect())
                .unwrap_or_default(),
            Ok(reply) => {
                outcome.failures.push(format!(
                    "round {round}: search answered {}: {}",
                    reply.status, reply.text
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
    match http.get(format!("{url}/stats")) {
        Ok(reply) if reply.status == 200 => {
            let documents = documents_in(&reply);
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

/// The `documents` count of a stats answer (0 when it has none).
fn documents_in(reply: &Reply) -> u64 {
    reply
        .try_json()
        .ok()
        .and_then(|v| v["documents"].as_u64())
        .unwrap_or(0)
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
    let args = [
        "stats".as_ref(),
        "--json".as_ref(),
        "--index-dir".as_ref(),
        dir.as_os_str(),
    ];
    match crate::server::run(binary, &args) {
        Ok((status, stdout, _)) if status.success() => {
            let documents = serde_json::from_str::<serde_json::Value>(&stdout)
                .ok()
                .and_then(|v| v["documents"].as_u64())
                .unwrap_or(0);
            if documents < acknowledged as u64 {
                outcome.lost.push(format!(
                    "search-server stats counts {documents} documents, fewer than the {acknowledged} acknowledged"
                ));
            }
        }
        Ok((_, _, stderr)) => outcome
            .failures
            .push(format!("search-server stats failed: {stderr}")),
        Err(e) => outcome
            .failures
            .push(format!("running search-server stats: {e}")),
    }
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
