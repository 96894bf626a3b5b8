//! Keys and limits in-process: writes without the right key are refused
//! (401 without one, 403 with a wrong one) and never change the index; a
//! request over the time limit gets a JSON 408 and frees its slot; the cap
//! on concurrent requests makes the others wait; CORS is off unless an
//! origin is configured. `search-server/tests/hostile_clients.rs` checks the
//! same flags on the real binary, and that the key never reaches its logs.

use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{header, Method, Request};
use search_server::http::ApiKey;
use search_server::HttpConfig;
use serde_json::json;
use test_kit::inproc::{get, request, send, server};
use test_kit::Reply;

const KEY: &str = "k3y-Vq8Zr2-never-logged";

/// A request with the `Authorization` header set to `authorization`.
fn with_auth(
    method: Method,
    uri: &str,
    body: impl Into<Body>,
    authorization: Option<&str>,
) -> Request<Body> {
    let mut request = request(method, uri, body, None);
    if let Some(value) = authorization {
        request
            .headers_mut()
            .insert(header::AUTHORIZATION, value.parse().unwrap());
    }
    request
}

fn assert_error(reply: &Reply, status: u16, code: &str, what: &str) {
    assert_eq!(
        (reply.status.as_u16(), reply.code().as_str()),
        (status, code),
        "{what}: {}",
        reply.text
    );
}

#[tokio::test]
async fn writes_without_the_right_key_never_change_the_index() {
    let (app, engine) = server(HttpConfig {
        api_key: Some(ApiKey::new(KEY)),
        ..HttpConfig::default()
    });
    let keep = json!({"id": "keep", "title": "kept 保留"}).to_string();
    let bearer = format!("Bearer {KEY}");
    let reply = send(
        &app,
        with_auth(Method::POST, "/documents", keep, Some(&bearer)),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);

    let wrong_keys = [
        (None, 401, "unauthorized"),
        (Some("Basic a2V5OmtleQ=="), 401, "unauthorized"),
        (Some(KEY), 401, "unauthorized"),
        (Some("Bearer"), 401, "unauthorized"),
        (Some("Bearer "), 403, "forbidden"),
        (Some("Bearer wrong"), 403, "forbidden"),
        (Some(&bearer[..bearer.len() - 1]), 403, "forbidden"),
        (Some(&format!("{bearer}x")), 403, "forbidden"),
        (
            Some(&format!("Bearer {}", KEY.to_uppercase())),
            403,
            "forbidden",
        ),
    ];
    let add =
        json!([{"id": "intruder-1", "title": "intruder"}, {"id": "keep", "title": "replaced"}])
            .to_string();
    for (authorization, status, code) in wrong_keys {
        let what = format!("Authorization: {authorization:?}");
        let reply = send(
            &app,
            with_auth(Method::POST, "/documents", add.clone(), authorization),
        )
        .await;
        assert_error(&reply, status, code, &format!("POST, {what}"));
        let ndjson = Request::post("/documents")
            .header(header::CONTENT_TYPE, "application/x-ndjson")
            .header(header::AUTHORIZATION, authorization.unwrap_or("none"))
            .body(Body::from("{\"id\":\"intruder-2\"}\n"))
            .unwrap();
        let reply = send(&app, ndjson).await;
        assert!(
            matches!(reply.status.as_u16(), 401 | 403),
            "NDJSON, {what}: {}",
            reply.text
        );
        let reply = send(
            &app,
            with_auth(
                Method::DELETE,
                "/documents/keep",
                Body::empty(),
                authorization,
            ),
        )
        .await;
        assert_error(&reply, status, code, &format!("DELETE, {what}"));
    }
    // A key anywhere but the Authorization header does not count: keys in
    // URLs end up in logs and browser histories.
    let reply = send(
        &app,
        with_auth(
            Method::POST,
            &format!("/documents?api_key={KEY}"),
            add.clone(),
            None,
        ),
    )
    .await;
    assert_error(&reply, 401, "unauthorized", "key in the query string");
    let mut other_header = with_auth(Method::POST, "/documents", add.clone(), None);
    other_header
        .headers_mut()
        .insert("x-api-key", KEY.parse().unwrap());
    assert_error(
        &send(&app, other_header).await,
        401,
        "unauthorized",
        "X-API-Key",
    );
    // The key is checked before the body is read: a 100 MB upload without
    // one is refused at once, not after buffering it.
    let started = Instant::now();
    let chunk = Bytes::from(vec![b' '; 1 << 20]);
    let stream =
        futures_util::stream::iter((0..100).map(move |_| Ok::<_, std::io::Error>(chunk.clone())));
    let reply = send(
        &app,
        with_auth(Method::POST, "/documents", Body::from_stream(stream), None),
    )
    .await;
    assert_error(&reply, 401, "unauthorized", "100 MB without a key");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );

    assert_eq!(engine.stats().unwrap().documents, 1);
    assert_eq!(engine.get("keep").unwrap().unwrap().title, "kept 保留");
    assert!(engine.get("intruder-1").unwrap().is_none());
    assert!(engine.get("intruder-2").unwrap().is_none());

    // The scheme is case-insensitive; the key is not.
    let lower = format!("bearer {KEY}");
    let reply = send(
        &app,
        with_auth(
            Method::DELETE,
            "/documents/keep",
            Body::empty(),
            Some(&lower),
        ),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(engine.get("keep").unwrap().is_none());
}

/// A request body that never arrives.
fn never_ending_body() -> Body {
    Body::from_stream(futures_util::stream::pending::<Result<Bytes, std::io::Error>>())
}

/// Sends a stalled upload in the background; its answer and how long it took.
fn stall(app: &axum::Router) -> tokio::task::JoinHandle<(Reply, Duration)> {
    let app = app.clone();
    tokio::spawn(async move {
        let started = Instant::now();
        let reply = send(
            &app,
            request(Method::POST, "/documents", never_ending_body(), None),
        )
        .await;
        (reply, started.elapsed())
    })
}

/// `GET /health`, and how long it took.
async fn timed_health(app: &axum::Router) -> (Reply, Duration) {
    let started = Instant::now();
    let reply = get(app, "/health").await;
    (reply, started.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeouts_answer_408_in_json_and_free_the_slot() {
    // One slot, held by an upload whose body never comes: it gets a JSON
    // 408 at the time limit, and a request waiting for the slot is served
    // as soon as that frees it.
    let limit = Duration::from_millis(400);
    let (app, engine) = server(HttpConfig {
        timeout: limit,
        concurrency: 1,
        ..HttpConfig::default()
    });
    let stalled = stall(&app);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (waiting, waited) = timed_health(&app).await;
    let (stalled, stalled_took) = stalled.await.unwrap();

    assert_error(&stalled, 408, "request_timeout", "the stalled upload");
    assert!(
        stalled.message().contains("--timeout-secs"),
        "{}",
        stalled.text
    );
    assert!(
        stalled_took >= limit && stalled_took < limit * 5,
        "{stalled_took:?}"
    );
    assert_eq!(waiting.status, 200, "{}", waiting.text);
    assert!(
        waited >= Duration::from_millis(250),
        "did not wait for the slot: {waited:?}"
    );
    let (free, took) = timed_health(&app).await;
    assert_eq!(free.status, 200, "{}", free.text);
    assert!(
        took < Duration::from_millis(250),
        "the slot was not freed: {took:?}"
    );
    assert_eq!(engine.stats().unwrap().documents, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cap_lets_exactly_n_requests_through() {
    // Two slots: with one held, a request is served at once; with both
    // held, it waits until the time limit frees one.
    let limit = Duration::from_millis(400);
    let (app, _) = server(HttpConfig {
        timeout: limit,
        concurrency: 2,
        ..HttpConfig::default()
    });
    let first = stall(&app);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (reply, took) = timed_health(&app).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(
        took < Duration::from_millis(150),
        "waited with a slot free: {took:?}"
    );

    let second = stall(&app);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let (reply, waited) = timed_health(&app).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(
        waited >= Duration::from_millis(150),
        "served with both slots held: {waited:?}"
    );
    for task in [first, second] {
        assert_eq!(task.await.unwrap().0.status, 408);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searches_past_the_search_threads_wait_their_turn_and_are_all_answered() {
    // One search thread and twenty searches at once: each waits its turn
    // and gets the same hits as when asked alone.
    let (app, _) = server(HttpConfig {
        search_threads: 1,
        ..HttpConfig::default()
    });
    let lines: Vec<String> = (0..40)
        .map(|i| {
            json!({"id": format!("d{i}"), "title": format!("云计算 report {i}"),
                   "body": "阿里云 and AWS compete in cloud computing 云计算市场"})
            .to_string()
        })
        .collect();
    let added = test_kit::inproc::post(&app, "/documents", lines.join("\n")).await;
    assert_eq!(added.status, 200, "{}", added.text);
    let queries = ["云计算", "cloud computing", "阿里云 AWS", "report"];
    let mut alone = Vec::new();
    for q in queries {
        alone.push(test_kit::inproc::hit_ids(
            &get(
                &app,
                &format!("/search?q={}&limit=50", test_kit::inproc::enc(q)),
            )
            .await,
        ));
    }
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let app = app.clone();
            let q = queries[i % queries.len()];
            tokio::spawn(async move {
                get(
                    &app,
                    &format!("/search?q={}&limit=50", test_kit::inproc::enc(q)),
                )
                .await
            })
        })
        .collect();
    for (i, task) in tasks.into_iter().enumerate() {
        let reply = task.await.unwrap();
        assert_eq!(reply.status, 200, "{}", reply.text);
        let ids = test_kit::inproc::hit_ids(&reply);
        assert_eq!(ids, alone[i % queries.len()], "search {i}");
        assert!(!ids.is_empty(), "search {i} found nothing");
    }
}

#[tokio::test]
async fn cors_is_off_by_default_and_on_for_the_configured_origin() {
    let simple = |origin: &str| {
        Request::get("/search?q=cloud")
            .header(header::ORIGIN, origin)
            .body(Body::empty())
            .unwrap()
    };
    let preflight = |origin: &str| {
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/documents")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "DELETE")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
            .body(Body::empty())
            .unwrap()
    };
    let allowed = "https://search.example.com";

    let (closed, _) = server(HttpConfig::default());
    for reply in [
        send(&closed, simple(allowed)).await,
        send(&closed, preflight(allowed)).await,
    ] {
        assert!(
            reply
                .headers
                .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
                .is_none(),
            "CORS header without --cors-origin: {:?}",
            reply.headers
        );
    }

    let (open, _) = server(HttpConfig {
        cors_origin: Some(allowed.parse().unwrap()),
        ..HttpConfig::default()
    });
    let reply = send(&open, simple(allowed)).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], allowed);
    let reply = send(&open, preflight(allowed)).await;
    assert_eq!(reply.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], allowed);
    let methods = reply.headers[header::ACCESS_CONTROL_ALLOW_METHODS]
        .to_str()
        .unwrap();
    assert!(methods.contains("DELETE"), "{methods}");
    let headers = reply.headers[header::ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(headers.contains("authorization"), "{headers}");
    // Another origin is never echoed back.
    let reply = send(&open, simple("https://evil.example")).await;
    assert_ne!(
        reply
            .headers
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .map(|v| v.to_str().unwrap()),
        Some("https://evil.example")
    );
}

#[tokio::test]
async fn an_announced_oversized_body_is_refused_before_it_is_read() {
    // Content-Length says 100 MB and the body never comes: the answer is a
    // 413 at once, not a slot held until the time limit.
    let (app, _) = server(HttpConfig {
        timeout: Duration::from_secs(3),
        ..HttpConfig::default()
    });
    for uri in ["/documents", "/search"] {
        let mut request = request(Method::POST, uri, never_ending_body(), None);
        request
            .headers_mut()
            .insert(header::CONTENT_LENGTH, (100u64 << 20).into());
        let started = Instant::now();
        let reply = send(&app, request).await;
        assert_error(&reply, 413, "body_too_large", uri);
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
    }
}
