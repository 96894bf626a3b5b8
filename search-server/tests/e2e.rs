//! End to end: the real binary over a real socket and a real index
//! directory, including a restart after SIGTERM.

use serde_json::json;
use test_kit::server::run;
use test_kit::{encode as enc, Client, Launch, Request};

const BIN: &str = env!("CARGO_BIN_EXE_search-server");

#[test]
fn serve_index_search_delete_stop_and_restart() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let http = Client::new().unwrap();
    let bundled = search_server::corpus::documents().unwrap().len() as u64;

    // A fresh directory gets the bundled articles.
    let server = Launch::new(BIN, &dir)
        .args(["--api-key", "e2e-key"])
        .start()
        .unwrap();
    let (status, health) = http
        .get(format!("{}/health", server.url))
        .unwrap()
        .status_json();
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));
    let (_, stats) = http
        .get(format!("{}/stats", server.url))
        .unwrap()
        .status_json();
    assert_eq!(stats["documents"], bundled);

    let (status, found) = http
        .get(format!("{}/search?q={}", server.url, enc("云计算")))
        .unwrap()
        .status_json();
    assert_eq!(status, 200);
    assert!(found["total"].as_u64().unwrap() > 0);
    assert!(found["hits"][0].to_string().contains("<mark>"));

    // Writes need the key; with it they are committed before the answer.
    let docs = json!([
        {"id": "e2e/keep", "title": "持久化测试 durable", "body": "这篇文章应当在重启后仍然存在。"},
        {"id": "e2e/drop", "title": "删除测试 deleted", "body": "This one is deleted before the restart."}
    ]);
    let (status, _) = http
        .post_json(format!("{}/documents", server.url), &docs)
        .unwrap()
        .status_json();
    assert_eq!(status, 401);
    let (status, added) = http
        .send(
            &Request::post(format!("{}/documents", server.url))
                .header("Authorization", "Bearer e2e-key")
                .json(&docs),
        )
        .unwrap()
        .status_json();
    assert_eq!((status, added["indexed"].as_u64()), (200, Some(2)));
    let (_, found) = http
        .get(format!("{}/search?q={}", server.url, enc("持久化")))
        .unwrap()
        .status_json();
    assert_eq!(found["hits"][0]["id"], "e2e/keep");
    let (status, _) = http
        .send(
            &Request::delete(format!("{}/documents/e2e/drop", server.url))
                .header("Authorization", "Bearer e2e-key"),
        )
        .unwrap()
        .status_json();
    assert_eq!(status, 200);

    // Reading commands open the index read-only beside the running server...
    let (status, out, err) = run(BIN, &["stats", "--index-dir", dir.to_str().unwrap()]).unwrap();
    assert!(status.success(), "{err}");
    assert!(out.contains("documents"), "{out}");
    // ...while a second writer is told that the server holds the index.
    let extra = dir.with_extension("extra.jsonl");
    std::fs::write(&extra, "{\"id\": \"x\"}\n").unwrap();
    let (status, _, err) = run(
        BIN,
        &[
            "index",
            "--index-dir",
            dir.to_str().unwrap(),
            extra.to_str().unwrap(),
        ],
    )
    .unwrap();
    assert!(!status.success());
    assert!(err.contains("in use by another process"), "{err}");

    let exit = server.stop().unwrap();
    assert!(exit.success(), "exit status {exit:?}");

    // Restart on the same directory: no second bootstrap, writes survived.
    let server = Launch::new(BIN, &dir).start().unwrap();
    let (_, stats) = http
        .get(format!("{}/stats", server.url))
        .unwrap()
        .status_json();
    assert_eq!(stats["documents"], bundled + 1, "{stats}");
    let (status, kept) = http
        .get(format!("{}/documents/e2e/keep", server.url))
        .unwrap()
        .status_json();
    assert_eq!(
        (status, kept["title"].as_str()),
        (200, Some("持久化测试 durable"))
    );
    let (status, gone) = http
        .get(format!("{}/documents/e2e/drop", server.url))
        .unwrap()
        .status_json();
    assert_eq!(
        (status, gone["error"]["code"].as_str()),
        (404, Some("document_not_found"))
    );
    let log = server.log_text();
    let exit = server.stop().unwrap();
    assert!(exit.success(), "exit status {exit:?}");
    assert!(!log.contains("e2e-key"), "the API key leaked into the log");
}

#[test]
fn index_query_and_stats_commands() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("input");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("news.jsonl"),
        "{\"id\":\"n1\",\"title\":\"阿里云扩大数据中心\",\"body\":\"阿里云在东南亚新建云计算数据中心 &amp; more.\"}\nnot json\n{\"id\":\"n2\",\"title\":\"Cloud prices fall\",\"body\":\"Cloud computing got cheaper.\"}\n",
    )
    .unwrap();
    std::fs::write(
        input.join("note.md"),
        "# Kubernetes notes\n\nKubernetes everywhere.\n",
    )
    .unwrap();
    let index = tmp.path().join("index");
    let index_dir = index.to_str().unwrap();
    let input_dir = input.to_str().unwrap();

    let (status, out, err) = run(BIN, &["index", "--index-dir", index_dir, input_dir]).unwrap();
    assert!(status.success(), "{out}\n{err}");
    assert!(out.contains("indexed 3 documents"), "{out}");
    assert!(out.contains("skipped 1"), "{out}");
    assert!(out.contains("news.jsonl:2: malformed JSON"), "{out}");

    let (status, out, err) = run(
        BIN,
        &["index", "--strict", "--index-dir", index_dir, input_dir],
    )
    .unwrap();
    assert!(!status.success(), "--strict should fail: {out}");
    assert!(err.contains("news.jsonl:2"), "{err}");

    // Not a terminal: no colour, no <mark>, entities decoded.
    let (status, out, err) = run(BIN, &["query", "--index-dir", index_dir, "云计算"]).unwrap();
    assert!(status.success(), "{err}");
    assert!(out.contains("阿里云扩大数据中心"), "{out}");
    assert!(out.contains("云计算数据中心 &amp; more"), "{out}");
    assert!(!out.contains("<mark>") && !out.contains('\x1b'), "{out}");

    let (status, out, _) = run(
        BIN,
        &[
            "query",
            "--index-dir",
            index_dir,
            "--json",
            "--lang",
            "en",
            "cloud",
        ],
    )
    .unwrap();
    assert!(status.success());
    let response: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(response["hits"][0]["id"], "n2");

    let (status, out, _) = run(BIN, &["stats", "--index-dir", index_dir]).unwrap();
    assert!(status.success());
    assert!(out.contains("documents:  3"), "{out}");

    let missing = tmp.path().join("nothing-here");
    let (status, _, err) = run(
        BIN,
        &["query", "--index-dir", missing.to_str().unwrap(), "x"],
    )
    .unwrap();
    assert!(!status.success());
    assert!(err.contains("no index at"), "{err}");
}

#[test]
fn every_subcommand_has_help() {
    for (command, mentions) in [
        ("index", "--strict"),
        ("serve", "127.0.0.1:7700"),
        ("query", "--limit"),
        ("stats", "--index-dir"),
    ] {
        let (status, out, _) = run(BIN, &[command, "--help"]).unwrap();
        assert!(status.success());
        assert!(
            out.contains(mentions),
            "{command} --help lacks {mentions}:\n{out}"
        );
        assert!(
            out.contains("./data"),
            "{command} --help lacks the default directory"
        );
    }
}
