//! The one launcher of the real `search-server` binary, for integration
//! tests (given `env!("CARGO_BIN_EXE_search-server")`), the harness's
//! `http`, `load` and `crash` modes and the crash-safety test alike.
//!
//! [`Launch`] starts `serve --index-dir DIR --addr 127.0.0.1:0 [ARGS]` with
//! `SEARCH_API_KEY` removed and `RUST_LOG=info` (both overridable), sends
//! its stdout and stderr to one log file, and waits, bounded, for its
//! `listening on URL` line. [`Server`] stops it with SIGTERM (bounded) or
//! SIGKILL, and kills it when dropped, so no failing caller leaves a server
//! running. [`run`] runs the binary's other commands to completion.
//!
//! ```no_run
//! # fn main() -> test_kit::Result<()> {
//! use test_kit::Launch;
//! let dir = tempfile::tempdir().unwrap(); // ok: an example in a test kit
//! let server = Launch::new("target/debug/search-server", dir.path().join("index"))
//!     .args(["--api-key", "k"])
//!     .start()?;
//! println!("{} (pid {})", server.url, server.pid());
//! assert!(server.stop()?.success());
//! # Ok(())
//! # }
//! ```

use std::ffi::{OsStr, OsString};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::{Error, Result};

/// How a server is started; [`Launch::start`] starts it.
#[derive(Debug, Clone)]
pub struct Launch {
    binary: PathBuf,
    index_dir: PathBuf,
    args: Vec<OsString>,
    env: Vec<(OsString, OsString)>,
    log: Option<PathBuf>,
    start_timeout: Duration,
    stop_timeout: Duration,
}

impl Launch {
    /// `binary serve` over `index_dir`, listening on a free port of
    /// 127.0.0.1, logging at `info` to `INDEX_DIR.PID.log`, waiting at most
    /// 60 s to start and 30 s to stop.
    pub fn new(binary: impl Into<PathBuf>, index_dir: impl Into<PathBuf>) -> Launch {
        Launch {
            binary: binary.into(),
            index_dir: index_dir.into(),
            args: Vec::new(),
            env: Vec::new(),
            log: None,
            start_timeout: Duration::from_secs(60),
            stop_timeout: Duration::from_secs(30),
        }
    }

    /// Adds arguments after `serve --index-dir DIR --addr 127.0.0.1:0`.
    pub fn args<I, S>(mut self, args: I) -> Launch
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Sets an environment variable of the server (after the defaults, so
    /// `SEARCH_API_KEY` and `RUST_LOG` can be set this way too).
    pub fn env(mut self, name: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Launch {
        self.env
            .push((name.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// The server's `RUST_LOG` filter (default `info`).
    pub fn rust_log(self, filter: &str) -> Launch {
        self.env("RUST_LOG", filter)
    }

    /// Where its stdout and stderr go (created afresh at each start).
    pub fn log(mut self, path: impl Into<PathBuf>) -> Launch {
        self.log = Some(path.into());
        self
    }

    /// Longest wait for the `listening on` line.
    pub fn start_timeout(mut self, limit: Duration) -> Launch {
        self.start_timeout = limit;
        self
    }

    /// Longest wait for an exit after SIGTERM ([`Server::stop`]).
    pub fn stop_timeout(mut self, limit: Duration) -> Launch {
        self.stop_timeout = limit;
        self
    }

    /// Starts the server and waits for its `listening on URL` line.
    pub fn start(&self) -> Result<Server> {
        let started = Instant::now();
        let log = self.log.clone().unwrap_or_else(|| {
            self.index_dir
                .with_extension(format!("{}.log", std::process::id()))
        });
        // Both streams append, so neither overwrites the other's lines.
        File::create(&log).map_err(|e| Error::io(log.display(), e))?;
        let log_file = OpenOptions::new()
            .append(true)
            .open(&log)
            .map_err(|e| Error::io(log.display(), e))?;
        let stderr = log_file
            .try_clone()
            .map_err(|e| Error::io(log.display(), e))?;
        let mut command = Command::new(&self.binary);
        command
            .arg("serve")
            .arg("--index-dir")
            .arg(&self.index_dir)
            .args(["--addr", "127.0.0.1:0"])
            .args(&self.args)
            .env_remove("SEARCH_API_KEY")
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(stderr));
        for (name, value) in &self.env {
            command.env(name, value);
        }
        let mut child = command
            .spawn()
            .map_err(|e| Error::io(format!("starting {}", self.binary.display()), e))?;
        let Some(stdout) = child.stdout.take() else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Error::NotListening {
                reason: "its stdout was not captured".into(),
                log: String::new(),
            });
        };
        let (tx, rx) = mpsc::channel();
        let copier = std::thread::spawn(move || copy_stdout(stdout, log_file, &tx));
        let mut server = Server {
            child,
            url: String::new(),
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            log,
            startup: Duration::ZERO,
            stop_timeout: self.stop_timeout,
            copier: Some(copier),
        };
        let reason = match rx.recv_timeout(self.start_timeout) {
            Ok(url) => match url.strip_prefix("http://").map(str::parse) {
                Some(Ok(addr)) => {
                    server.url = url;
                    server.addr = addr;
                    server.startup = started.elapsed();
                    return Ok(server);
                }
                _ => format!("it printed a bad address {url:?}"),
            },
            Err(mpsc::RecvTimeoutError::Timeout) => {
                format!("no `listening on` within {:?}", self.start_timeout)
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                server.kill();
                format!(
                    "it exited ({}) without printing `listening on`",
                    server.status_text()
                )
            }
        };
        server.kill();
        Err(Error::NotListening {
            reason,
            log: server.log_text(),
        })
    }
}

/// Copies the server's stdout into its log, sending the URL of its
/// `listening on URL` line; ends with the process.
fn copy_stdout(stdout: impl Read, mut log: File, tx: &mpsc::Sender<String>) {
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        let _ = writeln!(log, "{line}");
        if let Some(url) = line.strip_prefix("listening on ") {
            let _ = tx.send(url.trim().to_string());
        }
    }
}

/// A running `search-server serve`, killed (SIGKILL) when dropped.
#[derive(Debug)]
pub struct Server {
    child: Child,
    /// Its base URL, `http://127.0.0.1:PORT`.
    pub url: String,
    /// Where it listens.
    pub addr: SocketAddr,
    /// The file holding its stdout and stderr.
    pub log: PathBuf,
    startup: Duration,
    stop_timeout: Duration,
    copier: Option<JoinHandle<()>>,
}

impl Server {
    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Time from spawning it to its `listening on` line.
    pub fn startup(&self) -> Duration {
        self.startup
    }

    /// Everything it has written to stdout and stderr so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL, then waits for the process to be gone.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.join_copier();
    }

    /// SIGTERM, then waits (bounded, [`Launch::stop_timeout`]) for it to
    /// exit; its exit status. Its log is complete when this returns.
    pub fn stop(mut self) -> Result<ExitStatus> {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .map_err(|e| Error::io("kill -TERM", e))?;
        if !sent.success() {
            return Err(Error::io(
                "kill -TERM",
                std::io::Error::other(format!("kill exited with {sent}")),
            ));
        }
        let status = wait_bounded(
            &mut self.child,
            self.stop_timeout,
            "the server after SIGTERM",
        )?;
        self.join_copier();
        Ok(status)
    }

    fn join_copier(&mut self) {
        if let Some(copier) = self.copier.take() {
            let _ = copier.join();
        }
    }

    fn status_text(&mut self) -> String {
        match self.child.try_wait() {
            Ok(Some(status)) => status.to_string(),
            _ => "status unknown".into(),
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

/// Waits at most `limit` for `child` to exit; kills it and fails after.
fn wait_bounded(child: &mut Child, limit: Duration, what: &str) -> Result<ExitStatus> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().map_err(|e| Error::io(what, e))? {
            return Ok(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Error::NoExit {
                what: what.to_string(),
                limit,
            });
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs `binary ARGS` to completion (at most 120 s, killed after) and
/// returns its exit status, stdout and stderr.
pub fn run<S: AsRef<OsStr>>(
    binary: impl AsRef<Path>,
    args: &[S],
) -> Result<(ExitStatus, String, String)> {
    let binary = binary.as_ref();
    let what = || {
        let args: Vec<_> = args.iter().map(|a| a.as_ref().to_string_lossy()).collect();
        format!("{} {}", binary.display(), args.join(" "))
    };
    let mut child = Command::new(binary)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::io(format!("running {}", what()), e))?;
    let drain = |stream: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut stream) = stream {
                let _ = stream.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let out = drain(child.stdout.take().map(|s| Box::new(s) as _));
    let err = drain(child.stderr.take().map(|s| Box::new(s) as _));
    let status = wait_bounded(&mut child, Duration::from_secs(120), &what())?;
    let out = out.join().map_err(|_| Error::Panicked("a stdout reader"))?;
    let err = err.join().map_err(|_| Error::Panicked("a stderr reader"))?;
    Ok((status, out, err))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_binary_that_never_listens_fails_with_its_log() {
        let tmp = tempfile::tempdir().unwrap();
        // `sh serve ...` exits at once: "serve" is not a script.
        let e = Launch::new("sh", tmp.path().join("index"))
            .start_timeout(Duration::from_secs(10))
            .start()
            .unwrap_err();
        assert!(
            matches!(&e, Error::NotListening { reason, .. } if reason.contains("exited")),
            "{e}"
        );
    }

    #[test]
    fn run_returns_status_and_both_streams() {
        let (status, out, err) = run("sh", &["-c", "echo out; echo err >&2; exit 3"]).unwrap();
        assert_eq!(status.code(), Some(3));
        assert_eq!((out.as_str(), err.as_str()), ("out\n", "err\n"));
    }
}
