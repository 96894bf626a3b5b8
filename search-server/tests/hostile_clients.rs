//! The real binary against hostile or careless clients: the API key never
//! reaches its logs (even at `RUST_LOG=trace`), `--help` documents the
//! limits, `--cors-origin` turns CORS on, and raw bytes that are not HTTP
//! get a 4xx from the HTTP layer while the server keeps serving and loses
//! nothing.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use test_kit::server::run;
use test_kit::{encode as enc, Client, Launch, Request, Server};

const BIN: &str = env!("CARGO_BIN_EXE_search-server");

const CLI_KEY: &str = "cli-KEY-7f3a9c1e5b";
const ENV_KEY: &str = "env-KEY-2d8e6b4a0c";
const WRONG_KEY: &str = "wrong-KEY-9b1d3f5a7e";

/// Starts the server over `dir` with `args` and environment `env`.
fn start(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
    env.iter()
        .fold(Launch::new(BIN, dir).args(args), |launch, (name, value)| {
            launch.env(name, value)
        })
        .start()
        .unwrap()
}

/// SIGTERM, a bounded wait, then everything the server wrote.
fn stop(server: Server) -> String {
    let log = server.log.clone();
    server.stop().unwrap();
    std::fs::read_to_string(log).unwrap()
}

/// Every use of the key a client makes, right and wrong, on writes and
/// (with `protect_search`) reads.
fn use_keys(url: &str, key: &str, protect_search: bool) {
    let http = Client::new().unwrap();
    let doc = r#"[{"id": "keys-1", "title": "keys and logs 日志"}]"#;
    let bearer = format!("Bearer {key}");
    let wrong = format!("Bearer {WRONG_KEY}");
    let post = |auth: Option<&str>| {
        let mut request = Request::post(format!("{url}/documents"))
            .header("Content-Type", "application/json")
            .body(doc);
        if let Some(auth) = auth {
            request = request.header("Authorization", auth);
        }
        http.send(&request).unwrap().status_json().0
    };
    assert_eq!(post(Some(&bearer)), 200);
    assert_eq!(post(Some(&wrong)), 403);
    assert_eq!(post(None), 401);
    assert_eq!(post(Some(key)), 401);
    let search = |auth: Option<&str>| {
        let mut request = Request::get(format!("{url}/search?q={}", enc("日志")));
        if let Some(auth) = auth {
            request = request.header("Authorization", auth);
        }
        http.send(&request).unwrap().status_json().0
    };
    assert_eq!(search(Some(&bearer)), 200);
    assert_eq!(search(Some(&wrong)), if protect_search { 403 } else { 200 });
    assert_eq!(search(None), if protect_search { 401 } else { 200 });
    let delete = |auth: &str| {
        http.send(&Request::delete(format!("{url}/documents/keys-1")).header("Authorization", auth))
            .unwrap()
            .status_json()
            .0
    };
    assert_eq!(delete(&wrong), 403);
    assert_eq!(delete(&bearer), 200);
}

fn assert_no_secret(log: &str, secrets: &[&str], what: &str) {
    for secret in secrets {
        assert!(
            !log.contains(secret),
            "{what}: {secret:?} appears in the output:\n{}",
            log.lines()
                .filter(|l| l.contains(secret))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn the_key_never_reaches_the_logs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");

    // The key on the command line, everything logged.
    let server = start(&dir, &["--api-key", CLI_KEY], &[("RUST_LOG", "trace")]);
    use_keys(&server.url, CLI_KEY, false);
    let log = stop(server);
    assert!(
        log.contains("/documents") && log.contains("403") && log.contains("401"),
        "the trace log does not show the requests, so it proves nothing:\n{}",
        &log[..log.len().min(2000)]
    );
    assert_no_secret(&log, &[CLI_KEY, WRONG_KEY], "--api-key, RUST_LOG=trace");

    // The key from the environment, reads protected too.
    let server = start(
        &dir,
        &["--protect-search"],
        &[("RUST_LOG", "trace"), ("SEARCH_API_KEY", ENV_KEY)],
    );
    use_keys(&server.url, ENV_KEY, true);
    let log = stop(server);
    assert!(log.contains("/search"), "no requests in the log");
    assert_no_secret(
        &log,
        &[ENV_KEY, WRONG_KEY],
        "SEARCH_API_KEY, RUST_LOG=trace",
    );

    // Nor in --help, which shows the environment variable's name only.
    let help = Command::new(BIN)
        .args(["serve", "--help"])
        .env("SEARCH_API_KEY", ENV_KEY)
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("SEARCH_API_KEY"), "{help}");
    assert_no_secret(&help, &[ENV_KEY], "serve --help");
}

#[test]
fn help_documents_the_limits_and_defaults() {
    let (status, out, _) = run(BIN, &["serve", "--help"]).unwrap();
    assert!(status.success());
    let option = |name: &str| -> String {
        // clap prints an option's help on the lines after its name.
        let at = out
            .find(name)
            .unwrap_or_else(|| panic!("{name} is not in --help:\n{out}"));
        let rest = &out[at..];
        let end = rest[name.len()..]
            .find("\n  -")
            .map_or(rest.len(), |i| i + name.len());
        rest[..end].to_string()
    };
    for (name, default) in [
        ("--max-body-bytes", "[default: 16777216]"),
        ("--timeout-secs", "[default: 30]"),
        ("--max-concurrent", "[default: 256]"),
        ("--header-timeout-secs", "[default: 30]"),
    ] {
        let text = option(name);
        assert!(text.contains(default), "{name} lacks {default}: {text}");
    }
    assert!(option("--timeout-secs").contains("408"));
    assert!(option("--max-body-bytes").contains("413"));
    assert!(option("--cors-origin").contains("Off by default"));
    assert!(option("--api-key").contains("401") || option("--api-key").contains("Bearer"));
}

/// Writes `bytes` on a new connection and returns the status line of the
/// answer ("" when the server closed without one).
fn raw(addr: &str, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // The server may answer and close before it has read everything.
    let _ = stream.write_all(bytes);
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    String::from_utf8_lossy(&reply)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Opens a connection, writes `bytes` and then nothing more; returns what
/// the server sent and how long it took to close the connection (None when
/// it was still open after 15 s).
fn stall_headers(addr: &str, bytes: &[u8]) -> (String, Option<Duration>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    let started = Instant::now();
    stream.write_all(bytes).unwrap();
    let mut reply = Vec::new();
    let closed = stream
        .read_to_end(&mut reply)
        .ok()
        .map(|_| started.elapsed());
    (String::from_utf8_lossy(&reply).into_owned(), closed)
}

#[test]
fn connections_that_never_finish_their_headers_are_closed() {
    // Slowloris: clients that open connections and send their headers
    // slowly, or not at all, must not hold them open.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let server = start(&dir, &["--header-timeout-secs", "1"], &[]);
    let addr = server.addr.to_string();
    for (name, bytes) in [
        ("nothing sent", &b""[..]),
        (
            "half a request head",
            &b"GET /health HTTP/1.1\r\nHost: x\r\n"[..],
        ),
    ] {
        let (reply, closed) = stall_headers(&addr, bytes);
        let took = closed.unwrap_or_else(|| panic!("{name}: still open after 15 s"));
        assert!(
            took >= Duration::from_millis(900) && took < Duration::from_secs(8),
            "{name}: closed after {took:?}"
        );
        assert!(
            reply.is_empty() || reply.starts_with("HTTP/1.1 408"),
            "{name}: {reply:?}"
        );
        let (status, _) = Client::new()
            .unwrap()
            .get(format!("{}/health", server.url))
            .unwrap()
            .status_json();
        assert_eq!(status, 200, "not serving after {name}");
    }
    // A client that sends its request in time is served as before.
    assert!(raw(
        &addr,
        b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .starts_with("HTTP/1.1 200"));
}

#[test]
fn raw_garbage_gets_4xx_and_the_server_keeps_serving() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let server = start(
        &dir,
        &["--cors-origin", "https://search.example.com"],
        &[("RUST_LOG", "info")],
    );
    let http = Client::new().unwrap();
    let (status, _) = http
        .send(
            &Request::post(format!("{}/documents", server.url))
                .body(r#"{"id": "before", "title": "indexed before the garbage 垃圾"}"#),
        )
        .unwrap()
        .status_json();
    assert_eq!(status, 200);
    let addr = server.addr.to_string();

    let long_query = format!(
        "GET /search?q={} HTTP/1.1\r\nHost: x\r\n\r\n",
        "a".repeat(100_000)
    );
    let huge_header = format!(
        "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "b".repeat(1 << 20)
    );
    let rows: Vec<(&str, Vec<u8>, &str)> = vec![
        ("not HTTP", b"GARBAGE\r\n\r\n".to_vec(), "HTTP/1.1 400"),
        (
            "NUL in the request line",
            b"GET /he\0alth HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            "HTTP/1.1 400",
        ),
        (
            "invalid UTF-8 in the path",
            b"GET /documents/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            "HTTP/1.1 400",
        ),
        (
            "100,000-character query in the URL",
            long_query.into_bytes(),
            "HTTP/1.1 414",
        ),
        ("1 MB header", huge_header.into_bytes(), "HTTP/1.1 431"),
        (
            "bad Content-Length",
            b"POST /documents HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n".to_vec(),
            "HTTP/1.1 400",
        ),
        (
            "broken chunked body",
            b"POST /documents HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnope\r\n0\r\n\r\n"
                .to_vec(),
            "HTTP/1.1 400",
        ),
        (
            "100 MB announced, 1 KB sent",
            [
                &b"POST /documents HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n"[..],
                &[b' '; 1024][..],
            ]
            .concat(),
            "HTTP/1.1 413",
        ),
    ];
    for (name, bytes, expected) in &rows {
        let line = raw(&addr, bytes);
        assert!(
            line.starts_with(expected),
            "{name}: expected {expected}, got {line:?}"
        );
        let (status, _) = http
            .get(format!("{}/health", server.url))
            .unwrap()
            .status_json();
        assert_eq!(status, 200, "not serving after {name}");
    }

    // Nothing indexed before was lost.
    let (status, doc) = http
        .get(format!("{}/documents/before", server.url))
        .unwrap()
        .status_json();
    assert_eq!((status, doc["id"].as_str()), (200, Some("before")));
    let (_, found) = http
        .get(format!("{}/search?q={}", server.url, enc("垃圾")))
        .unwrap()
        .status_json();
    assert_eq!(found["hits"][0]["id"], "before", "{found}");

    // --cors-origin on the real server; and off by default (the first test
    // of this file runs servers without it; check one here too).
    let response = http
        .send(
            &Request::get(format!("{}/health", server.url))
                .header("Origin", "https://search.example.com"),
        )
        .unwrap();
    assert_eq!(
        response.header("access-control-allow-origin"),
        Some("https://search.example.com")
    );
    let log = stop(server);
    assert!(!log.contains("panicked"), "{log}");

    let server = start(&dir, &[], &[("RUST_LOG", "warn")]);
    let response = http
        .send(
            &Request::get(format!("{}/health", server.url))
                .header("Origin", "https://search.example.com"),
        )
        .unwrap();
    assert!(response.header("access-control-allow-origin").is_none());
    stop(server);
}
