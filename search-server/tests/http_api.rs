//! The HTTP API in-process: every route and every error status, through
//! `search_server::app` and `tower::ServiceExt::oneshot`.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Method, Request};
use axum::Router;
use search_core::Engine;
use search_server::http::{ApiKey, HttpConfig};
use search_server::{app, corpus, AppState};
use serde_json::{json, Value};

use test_kit::inproc::{delete, enc, engine_config, get, post, request, send};

/// An app over an in-memory engine holding the bundled articles.
fn server(config: HttpConfig) -> (Router, Arc<Engine>) {
    let (app, engine) = test_kit::inproc::server(config);
    corpus::index_into(&engine).unwrap();
    (app, engine)
}

fn default_server() -> Router {
    server(HttpConfig::default()).0
}

#[tokio::test]
async fn search_page_health_and_openapi() {
    let app = default_server();
    let page = get(&app, "/").await;
    assert_eq!(page.status, 200);
    assert!(page.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(page.text.contains("compositionstart"));

    let health = get(&app, "/health").await;
    assert_eq!(health.status, 200);
    assert_eq!(health.json()["status"], "ok");

    let spec = get(&app, "/openapi.json").await;
    assert_eq!(spec.status, 200);
    let spec = spec.json();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/search",
        "/documents",
        "/documents/{id}",
        "/health",
        "/stats",
    ] {
        assert!(spec["paths"][path].is_object(), "{path} is not in the spec");
    }
    assert!(spec["paths"]["/search"]["post"].is_object());
    assert!(spec["paths"]["/documents/{id}"]["delete"].is_object());
}

#[tokio::test]
async fn get_search_finds_and_highlights_both_languages() {
    let app = default_server();
    let zh = get(&app, &format!("/search?q={}", enc("云计算"))).await;
    assert_eq!(zh.status, 200, "{}", zh.text);
    let zh = zh.json();
    assert!(zh["total"].as_u64().unwrap() > 0);
    let first = &zh["hits"][0];
    let marked = format!("{}{}", first["title"], first["snippet"]);
    assert!(marked.contains("<mark>"), "{marked}");
    assert!(zh["took_ms"].is_number());

    let en = get(&app, "/search?q=cloud&limit=3").await.json();
    assert_eq!(en["hits"].as_array().unwrap().len(), 3);
    assert!(en["hits"][0]["snippet"]
        .as_str()
        .unwrap()
        .contains("<mark>"));

    // The language filter keeps only documents in that language.
    let only_zh = get(&app, "/search?q=cloud&lang=zh&limit=100").await.json();
    let all = get(&app, "/search?q=cloud&limit=100").await.json();
    assert!(only_zh["total"].as_u64() < all["total"].as_u64());
    for hit in only_zh["hits"].as_array().unwrap() {
        assert!(
            hit["lang"].as_array().unwrap().contains(&json!("zh")),
            "{hit}"
        );
    }
}

#[tokio::test]
async fn get_search_accepts_filters_facets_and_paging() {
    let app = default_server();
    let page1 = get(&app, "/search?q=cloud&limit=2&facets=lang,source").await;
    assert_eq!(page1.status, 200, "{}", page1.text);
    let page1 = page1.json();
    assert!(page1["facets"]["lang"]["en"].as_u64().unwrap() > 0);
    assert!(page1["facets"]["source"].is_object());
    let page2 = get(&app, "/search?q=cloud&limit=2&offset=2").await.json();
    assert_ne!(page1["hits"][0]["id"], page2["hits"][0]["id"]);

    let source = page1["hits"][0]["source"].as_str().unwrap().to_string();
    let filtered = get(
        &app,
        &format!("/search?q=cloud&limit=100&source={}", enc(&source)),
    )
    .await
    .json();
    for hit in filtered["hits"].as_array().unwrap() {
        assert_eq!(hit["source"], source.as_str());
    }
    let tagged = get(
        &app,
        "/search?tags=cloud,education&limit=100&highlight=false",
    )
    .await;
    assert_eq!(tagged.status, 200, "{}", tagged.text);
    let tagged = tagged.json();
    assert!(tagged["total"].as_u64().unwrap() > 0);
    assert!(tagged["hits"][0].get("snippet").is_none());
    let dated = get(
        &app,
        "/search?published_from=2025-01-01&published_to=2025-12-31",
    )
    .await;
    assert_eq!(dated.status, 200, "{}", dated.text);
}

#[tokio::test]
async fn post_search_takes_a_json_body() {
    let app = default_server();
    let body = json!({"q": "数据中心", "lang": "zh", "filter": {"tags": []}, "facets": ["lang"], "limit": 5});
    let reply = post(&app, "/search", body.to_string()).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reply = reply.json();
    assert!(reply["total"].as_u64().unwrap() > 0);
    assert!(reply["hits"].as_array().unwrap().len() <= 5);
    assert!(reply["facets"]["lang"]["zh"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn bad_search_parameters_are_400s_naming_them() {
    let app = default_server();
    let long = "云".repeat(1001);
    get(&app, &format!("/search?q={}", enc(&long)))
        .await
        .assert_error(400, "query_too_long", &["1000"]);
    post(&app, "/search", json!({ "q": long }).to_string())
        .await
        .assert_error(400, "query_too_long", &["1000"]);
    get(&app, "/search?q=x&limit=1001")
        .await
        .assert_error(400, "invalid_parameter", &["limit"]);
    post(&app, "/search", r#"{"limit": 5000}"#)
        .await
        .assert_error(400, "invalid_parameter", &["limit"]);
    get(&app, "/search?offset=100001")
        .await
        .assert_error(400, "invalid_parameter", &["offset"]);
    get(&app, "/search?limit=ten")
        .await
        .assert_error(400, "invalid_parameter", &["limit", "ten"]);
    get(&app, "/search?highlight=perhaps").await.assert_error(
        400,
        "invalid_parameter",
        &["highlight"],
    );
    get(&app, "/search?facets=colour")
        .await
        .assert_error(400, "invalid_parameter", &["facets"]);
    get(&app, "/search?published_from=yesterday")
        .await
        .assert_error(400, "invalid_parameter", &["published_from"]);
    post(&app, "/search", r#"{"limit": "ten"}"#)
        .await
        .assert_error(400, "invalid_parameter", &["limit"]);
    post(&app, "/search", r#"{"filter": {"tags": "cloud"}}"#)
        .await
        .assert_error(400, "invalid_parameter", &["filter.tags"]);
    post(&app, "/search", r#"{"qq": "typo"}"#)
        .await
        .assert_error(400, "invalid_parameter", &["qq"]);
    post(&app, "/search", "{\n  \"q\": \"x\",\n  oops\n}")
        .await
        .assert_error(400, "malformed_json", &["line 3"]);
    post(&app, "/search", "[1, 2]")
        .await
        .assert_error(400, "malformed_json", &["object"]);
    post(&app, "/search", &b"{\"q\": \"\xff\"}"[..])
        .await
        .assert_error(400, "invalid_utf8", &["line 1"]);
}

#[tokio::test]
async fn documents_round_trip_with_slashes_and_chinese_ids() {
    let (app, _) = server(HttpConfig::default());
    let docs = json!([
        {"id": "news/2026/云-1", "title": "量子计算突破", "body": "研究团队展示了新的量子计算芯片。", "tags": ["quantum"]},
        {"id": "plain", "title": "Quantum leap", "body": "A new quantum chip was shown."}
    ]);
    let added = post(&app, "/documents", docs.to_string()).await;
    assert_eq!(added.status, 200, "{}", added.text);
    assert_eq!(added.json()["indexed"], 2);

    // Visible at once: the answer came after the commit.
    let hits = get(&app, &format!("/search?q={}", enc("量子")))
        .await
        .json();
    assert_eq!(hits["hits"][0]["id"], "news/2026/云-1");

    let uri = format!("/documents/news/2026/{}", enc("云-1"));
    let doc = get(&app, &uri).await;
    assert_eq!(doc.status, 200, "{}", doc.text);
    assert_eq!(doc.json()["title"], "量子计算突破");
    let encoded_slashes = get(&app, "/documents/news%2F2026%2F%E4%BA%91-1").await;
    assert_eq!(encoded_slashes.status, 200, "{}", encoded_slashes.text);

    // One object replaces by id.
    let one = post(
        &app,
        "/documents",
        r#"{"id": "plain", "title": "Quantum leap, revised"}"#,
    )
    .await;
    assert_eq!(one.json()["indexed"], 1);
    assert_eq!(
        get(&app, "/documents/plain").await.json()["title"],
        "Quantum leap, revised"
    );

    // NDJSON, with a blank line.
    let ndjson = "{\"id\":\"n1\",\"title\":\"one\"}\n\n{\"id\":\"n2\",\"title\":\"two\"}\n";
    let lines = send(
        &app,
        Request::post("/documents")
            .header(header::CONTENT_TYPE, "application/x-ndjson")
            .body(Body::from(ndjson))
            .unwrap(),
    )
    .await;
    assert_eq!(lines.json()["indexed"], 2, "{}", lines.text);

    let deleted = delete(&app, &uri).await;
    assert_eq!(deleted.status, 200, "{}", deleted.text);
    assert_eq!(deleted.json()["deleted"], "news/2026/云-1");
    get(&app, &uri)
        .await
        .assert_error(404, "document_not_found", &["云-1"]);
    delete(&app, &uri)
        .await
        .assert_error(404, "document_not_found", &[]);
    let after = get(&app, &format!("/search?q={}&limit=100", enc("量子计算")))
        .await
        .json();
    let ids: Vec<&Value> = after["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| &h["id"])
        .collect();
    assert!(!ids.contains(&&json!("news/2026/云-1")), "{ids:?}");
}

#[tokio::test]
async fn invalid_documents_reject_the_whole_request() {
    let (app, engine) = server(HttpConfig::default());
    let before = engine.stats().unwrap().documents;

    let ndjson = "{\"id\":\"ok-1\",\"title\":\"fine\"}\n{\"id\": \"broken\",\n{\"id\":\"ok-2\"}\n";
    post(&app, "/documents", ndjson).await.assert_error(
        400,
        "malformed_json",
        &["line 2", "nothing was indexed"],
    );
    let missing_id = "{\"id\":\"ok-1\"}\n{\"title\":\"no id\"}\n";
    post(&app, "/documents", missing_id).await.assert_error(
        400,
        "invalid_document",
        &["line 2", "id"],
    );
    let array = json!([{"id": "ok-1"}, {"id": "x", "published": "someday"}]);
    post(&app, "/documents", array.to_string())
        .await
        .assert_error(400, "invalid_document", &["element 2", "published"]);
    post(&app, "/documents", "[{\"id\": \"a\"},")
        .await
        .assert_error(400, "malformed_json", &[]);
    post(&app, "/documents", "\"just a string\"")
        .await
        .assert_error(400, "invalid_document", &[]);
    post(&app, "/documents", "")
        .await
        .assert_error(400, "invalid_document", &["empty"]);
    post(
        &app,
        "/documents",
        &b"{\"id\":\"a\",\"title\":\"\xfe\"}"[..],
    )
    .await
    .assert_error(400, "invalid_utf8", &["line 1"]);

    get(&app, "/documents/ok-1")
        .await
        .assert_error(404, "document_not_found", &[]);
    assert_eq!(engine.stats().unwrap().documents, before);
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let (app, _) = server(HttpConfig {
        max_body_bytes: 1024,
        ..HttpConfig::default()
    });
    let big = json!({"id": "big", "body": "x".repeat(4096)}).to_string();
    post(&app, "/documents", big.clone())
        .await
        .assert_error(413, "body_too_large", &["limit"]);
    post(&app, "/search", json!({"q": "x".repeat(2000)}).to_string())
        .await
        .assert_error(413, "body_too_large", &[]);
    get(&app, "/documents/big")
        .await
        .assert_error(404, "document_not_found", &[]);
}

#[tokio::test]
async fn writes_need_the_api_key() {
    let (app, _) = server(HttpConfig {
        api_key: Some(ApiKey::new("s3cret")),
        ..HttpConfig::default()
    });
    let doc = r#"{"id": "k1", "title": "keyed"}"#;
    let missing = post(&app, "/documents", doc).await;
    missing.assert_error(401, "unauthorized", &["Bearer"]);
    assert_eq!(missing.headers[header::WWW_AUTHENTICATE], "Bearer");
    send(
        &app,
        request(Method::POST, "/documents", doc, Some("wrong")),
    )
    .await
    .assert_error(403, "forbidden", &[]);
    let ok = send(
        &app,
        request(Method::POST, "/documents", doc, Some("s3cret")),
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.text);

    delete(&app, "/documents/k1")
        .await
        .assert_error(401, "unauthorized", &[]);
    send(
        &app,
        request(Method::DELETE, "/documents/k1", Body::empty(), Some("nope")),
    )
    .await
    .assert_error(403, "forbidden", &[]);

    // Reads stay open without --protect-search.
    let found = get(&app, "/search?q=keyed").await.json();
    assert!(
        found["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["id"] == "k1"),
        "{found}"
    );
    assert_eq!(post(&app, "/search", r#"{"q": "keyed"}"#).await.status, 200);
    assert_eq!(get(&app, "/documents/k1").await.status, 200);
    assert_eq!(get(&app, "/stats").await.status, 200);

    let deleted = send(
        &app,
        request(
            Method::DELETE,
            "/documents/k1",
            Body::empty(),
            Some("s3cret"),
        ),
    )
    .await;
    assert_eq!(deleted.status, 200, "{}", deleted.text);
}

#[tokio::test]
async fn protect_search_closes_reads_but_not_health() {
    let (app, _) = server(HttpConfig {
        api_key: Some(ApiKey::new("s3cret")),
        protect_search: true,
        ..HttpConfig::default()
    });
    get(&app, "/search?q=cloud")
        .await
        .assert_error(401, "unauthorized", &[]);
    post(&app, "/search", "{}")
        .await
        .assert_error(401, "unauthorized", &[]);
    get(&app, "/stats")
        .await
        .assert_error(401, "unauthorized", &[]);
    get(&app, "/documents/cloud-001")
        .await
        .assert_error(401, "unauthorized", &[]);
    send(
        &app,
        request(Method::GET, "/search?q=cloud", Body::empty(), Some("bad")),
    )
    .await
    .assert_error(403, "forbidden", &[]);
    let ok = send(
        &app,
        request(
            Method::GET,
            "/search?q=cloud",
            Body::empty(),
            Some("s3cret"),
        ),
    )
    .await;
    assert_eq!(ok.status, 200);
    assert_eq!(get(&app, "/health").await.status, 200);
    assert_eq!(get(&app, "/openapi.json").await.status, 200);
    assert_eq!(get(&app, "/").await.status, 200);
}

#[tokio::test]
async fn unknown_routes_and_methods_are_json() {
    let app = default_server();
    get(&app, "/nowhere")
        .await
        .assert_error(404, "not_found", &[]);
    get(&app, "/documents")
        .await
        .assert_error(405, "method_not_allowed", &[]);
    send(&app, request(Method::PUT, "/search", "{}", None))
        .await
        .assert_error(405, "method_not_allowed", &[]);
}

#[tokio::test]
async fn stats_on_disk_count_documents_and_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Arc::new(Engine::open_or_create(dir.path(), engine_config()).unwrap());
    let added = corpus::index_into(&engine).unwrap();
    let app = app(AppState::new(engine, HttpConfig::default()));
    let stats = get(&app, "/stats").await;
    assert_eq!(stats.status, 200);
    let stats = stats.json();
    assert_eq!(stats["documents"], added as u64);
    assert!(stats["per_language"]["zh"].as_u64().unwrap() > 0);
    assert!(stats["per_language"]["en"].as_u64().unwrap() > 0);
    assert!(stats["size_bytes"].as_u64().unwrap() > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_and_searches_all_succeed() {
    let (app, engine) = server(HttpConfig::default());
    let before = engine.stats().unwrap().documents;
    let mut tasks = Vec::new();
    for writer in 0..6 {
        let writes = app.clone();
        tasks.push(tokio::spawn(async move {
            let docs: Vec<Value> = (0..20)
                .map(|i| json!({"id": format!("w{writer}-{i}"), "title": format!("并发 写入 {writer}"), "body": "concurrency test"}))
                .collect();
            let reply = post(&writes, "/documents", Value::Array(docs).to_string()).await;
            assert_eq!(reply.status, 200, "{}", reply.text);
        }));
        let reads = app.clone();
        tasks.push(tokio::spawn(async move {
            let reply = get(&reads, "/search?q=cloud").await;
            assert_eq!(reply.status, 200, "{}", reply.text);
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(engine.stats().unwrap().documents, before + 120);
    let found = get(&app, "/search?q=concurrency&limit=0").await.json();
    assert_eq!(found["total"], 120);
}

#[tokio::test]
async fn cors_is_off_unless_an_origin_is_given() {
    let preflight = |app: Router| async move {
        send(
            &app,
            Request::builder()
                .method(Method::OPTIONS)
                .uri("/search")
                .header(header::ORIGIN, "https://example.com")
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .body(Body::empty())
                .unwrap(),
        )
        .await
    };
    let closed = preflight(default_server()).await;
    assert!(closed
        .headers
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
    let (open, _) = server(HttpConfig {
        cors_origin: Some("https://example.com".parse().unwrap()),
        ..HttpConfig::default()
    });
    let open = preflight(open).await;
    assert_eq!(
        open.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://example.com"
    );
}
