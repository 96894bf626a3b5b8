//! Bad input over HTTP, one table row per input: each gets its documented
//! 4xx (or is accepted where that is right), the server keeps answering
//! after every row, and a document indexed before the first row is still
//! there, by id and by search, after the last.

use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::http::{header, Method, Request};
use axum::Router;
use search_server::HttpConfig;
use serde_json::{json, Value};
use test_kit::inproc::{enc, get, hit_ids, post, request, send, server};
use test_kit::Reply;

/// What a row expects.
enum Expect {
    /// A success with this status.
    Ok(u16),
    /// An error with this status and code, whose message holds these words.
    Error(u16, &'static str, Vec<String>),
}

struct Case {
    name: String,
    make: Box<dyn Fn() -> Request<Body>>,
    expect: Expect,
}

fn error(status: u16, code: &'static str, mentions: &[&str]) -> Expect {
    Expect::Error(
        status,
        code,
        mentions.iter().map(|s| s.to_string()).collect(),
    )
}

fn case(
    name: impl Into<String>,
    expect: Expect,
    make: impl Fn() -> Request<Body> + 'static,
) -> Case {
    Case {
        name: name.into(),
        make: Box::new(make),
        expect,
    }
}

fn post_bytes(uri: &'static str, body: impl Into<Bytes>) -> impl Fn() -> Request<Body> {
    let body: Bytes = body.into();
    move || request(Method::POST, uri, body.clone(), None)
}

fn get_uri(uri: impl Into<String>) -> impl Fn() -> Request<Body> {
    let uri = uri.into();
    move || request(Method::GET, &uri, Body::empty(), None)
}

fn ndjson(body: &'static str) -> impl Fn() -> Request<Body> {
    move || {
        Request::post("/documents")
            .header(header::CONTENT_TYPE, "application/x-ndjson")
            .body(Body::from(body))
            .unwrap()
    }
}

/// `depth` nested arrays around `inner`.
fn nested(depth: usize, inner: &str) -> String {
    format!("{}{inner}{}", "[".repeat(depth), "]".repeat(depth))
}

/// A body of `bytes` bytes sent in 1 MiB chunks without a Content-Length,
/// as a streaming client would.
fn streamed(bytes: usize) -> Body {
    let chunk = Bytes::from(vec![b'x'; 1 << 20]);
    let chunks = (0..bytes.div_ceil(1 << 20)).map(move |_| Ok::<_, std::io::Error>(chunk.clone()));
    Body::from_stream(futures_util::stream::iter(chunks))
}

/// Every field of a search request with a value of the wrong type, and a
/// word its error must name.
fn wrong_search_types() -> Vec<(Value, &'static str)> {
    vec![
        (json!({"q": 1}), "q"),
        (json!({"q": ["a"]}), "q"),
        (json!({"lang": 1}), "lang"),
        (json!({"lang": ["zh"]}), "lang"),
        (json!({"filter": "x"}), "filter"),
        (json!({"filter": {"source": 1}}), "filter.source"),
        (json!({"filter": {"tags": "cloud"}}), "filter.tags"),
        (json!({"filter": {"tags": [1]}}), "filter.tags"),
        (
            json!({"filter": {"published_from": 20260101}}),
            "filter.published_from",
        ),
        (
            json!({"filter": {"published_to": true}}),
            "filter.published_to",
        ),
        (json!({"facets": "lang"}), "facets"),
        (json!({"facets": [1]}), "facets"),
        (json!({"limit": "10"}), "limit"),
        (json!({"limit": 1.5}), "limit"),
        (json!({"limit": -1}), "limit"),
        (json!({"limit": null}), "limit"),
        (json!({"offset": "x"}), "offset"),
        (json!({"offset": -5}), "offset"),
        (json!({"highlight": "yes"}), "highlight"),
        (json!({"cross_lingual": 1}), "cross_lingual"),
    ]
}

/// Every field of a document with a value of the wrong type.
fn wrong_document_types() -> Vec<(Value, &'static str)> {
    vec![
        (json!({"id": ["a"]}), "id"),
        (json!({"id": {"a": 1}}), "id"),
        (json!({"id": true}), "id"),
        (json!({"id": null}), "id"),
        (json!({"id": "wt", "title": 1}), "title"),
        (json!({"id": "wt", "body": ["text"]}), "body"),
        (json!({"id": "wt", "lang": 1}), "lang"),
        (json!({"id": "wt", "lang": [1]}), "lang"),
        (json!({"id": "wt", "source": {"name": "x"}}), "source"),
        (json!({"id": "wt", "url": false}), "url"),
        (json!({"id": "wt", "published": 20260314}), "published"),
        (json!({"id": "wt", "tags": "cloud"}), "tags"),
        (json!({"id": "wt", "tags": [["nested"]]}), "tags"),
    ]
}

/// Ids that rejected requests tried to add: none may exist at the end.
const NEVER_INDEXED: &[&str] = &["nd-1", "nd-2", "nd-4", "arr-1", "wt", "nest-deep"];

/// Ids that accepted requests added: all must exist at the end.
const INDEXED: &[&str] = &["a/b/c", "..", "../../etc/passwd", "nest-ok"];

fn cases() -> Vec<Case> {
    let mut cases = vec![
        // Malformed, empty, wrong shape, invalid UTF-8.
        case(
            "search: malformed JSON",
            error(400, "malformed_json", &["line 1"]),
            post_bytes("/search", r#"{"q": "#),
        ),
        case(
            "documents: malformed JSON",
            error(400, "malformed_json", &[]),
            post_bytes("/documents", r#"{"id": "nd-1", "#),
        ),
        case(
            "search: trailing garbage",
            error(400, "malformed_json", &[]),
            post_bytes("/search", r#"{"q": "x"} {"q": "y"}"#),
        ),
        case(
            "search: empty body",
            error(400, "malformed_json", &["empty"]),
            post_bytes("/search", ""),
        ),
        case(
            "documents: empty body",
            error(400, "invalid_document", &["empty"]),
            post_bytes("/documents", ""),
        ),
        case(
            "documents: whitespace body",
            error(400, "invalid_document", &["empty"]),
            post_bytes("/documents", " \n\t\r\n"),
        ),
        case(
            "search: JSON null",
            error(400, "malformed_json", &["object"]),
            post_bytes("/search", "null"),
        ),
        case(
            "documents: JSON null",
            error(400, "invalid_document", &[]),
            post_bytes("/documents", "null"),
        ),
        case(
            "documents: array of numbers",
            error(400, "invalid_document", &["element 1"]),
            post_bytes("/documents", "[1, 2]"),
        ),
        case(
            "search: invalid UTF-8",
            error(400, "invalid_utf8", &["line 1"]),
            post_bytes("/search", &b"{\"q\": \"\xc3\"}"[..]),
        ),
        case(
            "documents: invalid UTF-8",
            error(400, "invalid_utf8", &["line 2"]),
            post_bytes("/documents", &b"{\"id\":\"nd-1\"}\n{\"id\":\"nd-2\",\"title\":\"\xff\xfe\"}"[..]),
        ),
        case(
            "search: number out of range",
            error(400, "malformed_json", &[]),
            post_bytes("/search", r#"{"limit": 1e400}"#),
        ),
        // NDJSON: one broken line among good ones rejects the request whole.
        case(
            "ndjson: line 3 of 4 malformed",
            error(400, "malformed_json", &["line 3", "nothing was indexed"]),
            ndjson("{\"id\":\"nd-1\",\"title\":\"good\"}\n{\"id\":\"nd-2\",\"title\":\"good\"}\n{\"id\":\"nd-3\",\"title\":\n{\"id\":\"nd-4\",\"title\":\"good\"}\n"),
        ),
        case(
            "ndjson: line 2 of 3 has no id",
            error(400, "invalid_document", &["line 2", "id", "nothing was indexed"]),
            ndjson("{\"id\":\"nd-1\"}\n{\"title\":\"no id\"}\n{\"id\":\"nd-2\"}\n"),
        ),
        case(
            "ndjson: two broken lines",
            error(400, "malformed_json", &["line 2", "1 more invalid"]),
            ndjson("{\"id\":\"nd-1\"}\n{oops\n{\"id\":\"nd-2\"}\n]\n"),
        ),
        case(
            "array: element 3 invalid",
            error(400, "invalid_document", &["element 3", "published"]),
            post_bytes(
                "/documents",
                json!([{"id": "arr-1"}, {"id": "nd-2"}, {"id": "nd-4", "published": "someday"}]).to_string(),
            ),
        ),
        // Sizes.
        case(
            "documents: 100 MB body with Content-Length",
            error(413, "body_too_large", &["limit"]),
            || request(Method::POST, "/documents", vec![b' '; 100 << 20], None),
        ),
        case(
            "documents: 100 MB streamed body",
            error(413, "body_too_large", &[]),
            || request(Method::POST, "/documents", streamed(100 << 20), None),
        ),
        case(
            "search: 100 MB streamed body",
            error(413, "body_too_large", &[]),
            || request(Method::POST, "/search", streamed(100 << 20), None),
        ),
        // A URI holds at most 64 KiB (the `http` crate's limit; over a
        // socket hyper answers a longer one with 414, see
        // search-server/tests/hostile_clients.rs), so GET gets 60,000.
        case(
            "search: 60,000-character query (GET)",
            error(400, "query_too_long", &["60000", "1000"]),
            get_uri(format!("/search?q={}", "a".repeat(60_000))),
        ),
        case(
            "search: 100,000-character Chinese query (POST)",
            error(400, "query_too_long", &["100000"]),
            post_bytes("/search", json!({"q": "云".repeat(100_000)}).to_string()),
        ),
        case(
            "search: query of exactly 1,000 characters",
            Expect::Ok(200),
            get_uri(format!("/search?q={}", enc(&"云计算 ".repeat(250)))),
        ),
        // Paging.
        case(
            "search: limit=-1",
            error(400, "invalid_parameter", &["limit", "-1"]),
            get_uri("/search?limit=-1"),
        ),
        case(
            "search: limit=10^9",
            error(400, "invalid_parameter", &["limit", "1000000000"]),
            get_uri("/search?limit=1000000000"),
        ),
        case(
            "search: limit past u64",
            error(400, "invalid_parameter", &["limit"]),
            get_uri("/search?limit=99999999999999999999999999"),
        ),
        case(
            "search: limit=10^9 (POST)",
            error(400, "invalid_parameter", &["limit", "1000"]),
            post_bytes("/search", r#"{"limit": 1000000000}"#),
        ),
        case(
            "search: offset=-3",
            error(400, "invalid_parameter", &["offset"]),
            get_uri("/search?offset=-3"),
        ),
        case(
            "search: offset beyond the end (GET)",
            Expect::Ok(200),
            get_uri("/search?offset=100000"),
        ),
        case(
            "search: offset beyond the end (POST)",
            Expect::Ok(200),
            post_bytes("/search", r#"{"q": "sentinel", "offset": 5000}"#),
        ),
        case(
            "search: offset over the maximum",
            error(400, "invalid_parameter", &["offset", "100000"]),
            get_uri("/search?offset=100001"),
        ),
        // Parameters.
        case(
            "search: unknown query-string parameters are ignored",
            Expect::Ok(200),
            get_uri("/search?q=sentinel&utm_source=mail&_=1712345678&limitt=5"),
        ),
        case(
            "search: unknown JSON field",
            error(400, "invalid_parameter", &["limitt"]),
            post_bytes("/search", r#"{"q": "x", "limitt": 5}"#),
        ),
        case(
            "search: repeated parameter",
            error(400, "invalid_parameter", &["limit"]),
            get_uri("/search?limit=1&limit=2"),
        ),
        case(
            "search: query of invalid UTF-8 percent-escapes",
            Expect::Ok(200),
            get_uri("/search?q=%FF%FE%C3"),
        ),
        case(
            "search: broken percent-escapes",
            Expect::Ok(200),
            get_uri("/search?q=%ZZ%&lang=%"),
        ),
        case(
            "search: unknown facet",
            error(400, "invalid_parameter", &["facets"]),
            get_uri("/search?facets=lang,%00"),
        ),
        case(
            "search: control characters in the query",
            Expect::Ok(200),
            get_uri("/search?q=%00%01%1B%5B31m%7F"),
        ),
        // Ids.
        case(
            "documents: id with slashes",
            Expect::Ok(200),
            post_bytes("/documents", r#"{"id": "a/b/c", "title": "slashes"}"#),
        ),
        case("get: id with slashes", Expect::Ok(200), get_uri("/documents/a/b/c")),
        case(
            "documents: id ..",
            Expect::Ok(200),
            post_bytes("/documents", r#"{"id": "..", "title": "dots"}"#),
        ),
        case("get: id ..", Expect::Ok(200), get_uri("/documents/..")),
        case(
            "documents: id ../../etc/passwd",
            Expect::Ok(200),
            post_bytes("/documents", r#"{"id": "../../etc/passwd", "title": "traversal"}"#),
        ),
        case(
            "get: id ../../etc/passwd, escaped",
            Expect::Ok(200),
            get_uri(format!("/documents/{}", enc("../../etc/passwd"))),
        ),
        case(
            "documents: id with NUL",
            error(400, "invalid_document", &["id", "control"]),
            post_bytes("/documents", r#"{"id": "nd-\u0000-1"}"#),
        ),
        case(
            "get: id with NUL",
            error(404, "document_not_found", &[]),
            get_uri("/documents/nd%00"),
        ),
        case(
            "delete: id with NUL",
            error(404, "document_not_found", &[]),
            || request(Method::DELETE, "/documents/nd%00", Body::empty(), None),
        ),
        case(
            "get: id of invalid UTF-8",
            error(400, "invalid_path", &[]),
            get_uri("/documents/%FF%FE"),
        ),
        case(
            "documents: 10 KB id",
            error(400, "invalid_document", &["id", "512"]),
            post_bytes("/documents", json!({"id": "i".repeat(10 * 1024)}).to_string()),
        ),
        case(
            "get: 10 KB id",
            error(404, "document_not_found", &[]),
            get_uri(format!("/documents/{}", "i".repeat(10 * 1024))),
        ),
        case(
            "documents: empty id",
            error(400, "invalid_document", &["id", "empty"]),
            post_bytes("/documents", r#"{"id": ""}"#),
        ),
        // Nesting.
        case(
            "search: 100,000 nested arrays",
            error(400, "malformed_json", &["recursion"]),
            post_bytes("/search", format!("{{\"q\": {}}}", nested(100_000, ""))),
        ),
        case(
            "documents: 100,000 nested arrays",
            error(400, "malformed_json", &[]),
            post_bytes("/documents", nested(100_000, "")),
        ),
        case(
            "documents: a field nested 100,000 deep",
            error(400, "malformed_json", &["recursion"]),
            post_bytes("/documents", format!("{{\"id\": \"nest-deep\", \"x\": {}}}", nested(100_000, "1"))),
        ),
        case(
            "ndjson: a line nested 100,000 deep",
            error(400, "malformed_json", &["line 1"]),
            ndjson(Box::leak(format!("{{\"id\": \"nest-deep\", \"x\": {}}}\n", nested(100_000, "1")).into_boxed_str())),
        ),
        case(
            "documents: a field nested 100 deep is kept",
            Expect::Ok(200),
            post_bytes("/documents", format!("{{\"id\": \"nest-ok\", \"x\": {}}}", nested(100, "1"))),
        ),
        case("get: the nested document", Expect::Ok(200), get_uri("/documents/nest-ok")),
        // Routes and methods.
        case(
            "unknown route",
            error(404, "not_found", &[]),
            get_uri("/documents-and-more/../../admin"),
        ),
        case(
            "wrong method",
            error(405, "method_not_allowed", &[]),
            || request(Method::PATCH, "/documents/a", Body::empty(), None),
        ),
    ];
    for (body, field) in wrong_search_types() {
        cases.push(case(
            format!("search: wrong type {body}"),
            error(400, "invalid_parameter", &[field]),
            post_bytes("/search", body.to_string()),
        ));
    }
    for (body, field) in wrong_document_types() {
        cases.push(case(
            format!("documents: wrong type {body}"),
            error(400, "invalid_document", &[field]),
            post_bytes("/documents", body.to_string()),
        ));
    }
    for param in [
        "limit=ten",
        "offset=1.5",
        "highlight=maybe",
        "cross_lingual=2",
        "published_from=soon",
    ] {
        let name = param.split('=').next().unwrap();
        cases.push(case(
            format!("search: bad value {param}"),
            error(400, "invalid_parameter", &[name]),
            get_uri(format!("/search?{param}")),
        ));
    }
    cases
}

async fn check(case: &Case, reply: &Reply) -> Result<(), String> {
    match &case.expect {
        Expect::Ok(status) => {
            if reply.status.as_u16() != *status {
                return Err(format!("got {}: {}", reply.status, short(&reply.text)));
            }
        }
        Expect::Error(status, code, mentions) => {
            if reply.status.as_u16() != *status {
                return Err(format!(
                    "expected {status} {code}, got {}: {}",
                    reply.status,
                    short(&reply.text)
                ));
            }
            let body: Value = serde_json::from_str(&reply.text)
                .map_err(|e| format!("not JSON ({e}): {}", short(&reply.text)))?;
            if body["error"]["code"] != *code {
                return Err(format!("expected code {code}: {}", short(&reply.text)));
            }
            let message = body["error"]["message"].as_str().unwrap_or_default();
            for word in mentions {
                if !message.contains(word.as_str()) {
                    return Err(format!(
                        "message does not mention {word:?}: {}",
                        short(message)
                    ));
                }
            }
        }
    }
    Ok(())
}

fn short(text: &str) -> String {
    text.chars().take(300).collect()
}

/// The sentinel is still found by id and by search, and the server answers.
async fn still_serving(app: &Router) -> Result<(), String> {
    let health = get(app, "/health").await;
    if health.status != 200 {
        return Err(format!("health answered {}", health.status));
    }
    let by_id = get(app, "/documents/sentinel").await;
    if by_id.status != 200 {
        return Err(format!("sentinel by id: {}", by_id.status));
    }
    let found = get(app, "/search?q=sentinel").await;
    if !hit_ids(&found).contains(&"sentinel".to_string()) {
        return Err(format!(
            "sentinel not found by search: {}",
            short(&found.text)
        ));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_input_gets_its_documented_answer() {
    let (app, engine) = server(HttpConfig::default());
    let sentinel = json!({"id": "sentinel", "title": "sentinel 哨兵", "body": "Indexed before any bad input."});
    assert_eq!(
        post(&app, "/documents", sentinel.to_string()).await.status,
        200
    );
    still_serving(&app).await.unwrap();

    let cases = cases();
    let mut failures = Vec::new();
    for case in &cases {
        let started = Instant::now();
        let reply = send(&app, (case.make)()).await;
        if let Err(e) = check(case, &reply).await {
            failures.push(format!("{}: {e}", case.name));
        }
        if let Err(e) = still_serving(&app).await {
            failures.push(format!("after {}: {e}", case.name));
        }
        eprintln!(
            "{:>4} {:>6.0} ms  {}",
            reply.status.as_u16(),
            started.elapsed().as_secs_f64() * 1000.0,
            case.name
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );

    for id in NEVER_INDEXED {
        assert!(
            engine.get(id).unwrap().is_none(),
            "{id} was indexed by a rejected request"
        );
    }
    for id in INDEXED {
        assert!(engine.get(id).unwrap().is_some(), "{id} was lost");
    }
    // The sentinel and the accepted documents, nothing else.
    assert_eq!(engine.stats().unwrap().documents, 1 + INDEXED.len() as u64);
    eprintln!("{} inputs tried", cases.len());
}

/// About `bytes` bytes of English and Chinese paragraphs, with `marker`
/// once near the end.
fn long_body(bytes: usize, marker: &str) -> String {
    let paragraph = "Cloud providers expand data centres across Southeast Asia. \
                     阿里云在东南亚新建云计算数据中心，服务本地企业。\n\n";
    let mut body = paragraph.repeat(bytes.div_ceil(paragraph.len()));
    body.push_str(marker);
    body
}

/// Documents of 10 MB are under the default 16 MiB body limit and are
/// indexed whole, and so is a 1 MB "word" with no space (tantivy drops
/// tokens over 64 KB; 1 MB tests that as well as 10 MB would, at a tenth of
/// the time); a limit below 10 MB refuses them with a 413, and so
/// does the default limit a 20 MB document.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_megabyte_documents() {
    let (app, engine) = server(HttpConfig::default());
    let started = Instant::now();
    let big = json!({"id": "big-10mb", "title": "ten megabytes", "body": long_body(10 << 20, "zebrafinch 独角兽")});
    let big = big.to_string();
    let reply = post(&app, "/documents", big.clone()).await;
    assert_eq!(reply.status, 200, "{}", short(&reply.text));
    eprintln!("10 MB document indexed in {:?}", started.elapsed());
    let stored = engine.get("big-10mb").unwrap().unwrap();
    assert!(stored.body.len() >= 10 << 20);
    assert!(stored.body.ends_with("zebrafinch 独角兽"));
    let found = get(&app, "/search?q=zebrafinch&highlight=false").await;
    assert_eq!(hit_ids(&found), ["big-10mb"], "{}", short(&found.text));

    let word = json!({"id": "one-word", "body": "w".repeat(1 << 20)});
    let reply = post(&app, "/documents", word.to_string()).await;
    assert_eq!(reply.status, 200, "{}", short(&reply.text));
    assert!(engine.get("one-word").unwrap().is_some());
    eprintln!("and a 1 MB word by {:?}", started.elapsed());

    let over = json!({"id": "big-20mb", "body": long_body(20 << 20, "")}).to_string();
    let reply = post(&app, "/documents", over).await;
    assert_eq!(
        (reply.status.as_u16(), reply.code().as_str()),
        (413, "body_too_large")
    );
    assert!(engine.get("big-20mb").unwrap().is_none());

    let (lowered, lowered_engine) = server(HttpConfig {
        max_body_bytes: 8 << 20,
        ..HttpConfig::default()
    });
    let reply = post(&lowered, "/documents", big).await;
    assert_eq!(
        (reply.status.as_u16(), reply.code().as_str()),
        (413, "body_too_large")
    );
    assert_eq!(lowered_engine.stats().unwrap().documents, 0);
    assert_eq!(engine.stats().unwrap().documents, 2);
}
