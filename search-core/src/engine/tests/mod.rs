use std::sync::Arc;

use serde_json::json;

use super::*;
use crate::document::Document;
use crate::error::{Error, UserError};
use crate::schema;
use crate::search::{Facet, Filter, SearchRequest, MAX_LIMIT};
use std::time::Instant;

fn doc(value: serde_json::Value) -> Document {
    Document::from_json(value).unwrap()
}

fn engine() -> Engine {
    let engine = Engine::in_memory(EngineConfig::default()).unwrap();
    engine
        .add_documents([
            doc(json!({"id": "zh-market", "title": "云计算市场报告", "body": "中国云计算市场今年增长迅速，阿里云份额领先。",
                "source": "科技日报", "tags": ["cloud", "market"], "published": "2026-03-01"})),
            doc(json!({"id": "zh-scattered", "title": "云计算与零售", "body": "云计算改变了零售。传统市场面临压力。",
                "source": "科技日报", "tags": ["retail"], "published": "2026-05-10T10:00:00+08:00"})),
            doc(json!({"id": "en-outage", "title": "AWS outage in Singapore", "body": "An outage hit one availability zone. Cloud customers saw errors.",
                "source": "Cloud Weekly", "tags": ["cloud", "outage"], "published": "2026-04-02T08:00:00Z", "author": "Kim"})),
            doc(json!({"id": "bi-1", "title": "Data centres go green 数据中心转向绿色能源",
                "body": "Operators are buying more solar power for their data centres.\n\n运营商正在为数据中心购买更多太阳能电力。",
                "source": "China Daily Bilingual", "tags": ["energy"]})),
            doc(json!({"id": "tw-1", "title": "雲端運算新聞", "body": "台灣的資料中心與雲端運算服務持續成長。", "source": "港島科技報"})),
            doc(json!({"id": "thu", "title": "清华大学发布新芯片", "body": "清华大学团队公布了新的人工智能芯片。"})),
        ])
        .unwrap();
    engine.commit().unwrap();
    engine
}

fn ids(engine: &Engine, request: &SearchRequest) -> Vec<String> {
    engine
        .search(request)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

fn q(text: &str) -> SearchRequest {
    SearchRequest::new(text)
}

#[test]
fn detects_languages_and_keeps_unknown_fields() {
    let e = engine();
    assert_eq!(e.get("bi-1").unwrap().unwrap().lang, vec!["en", "zh"]);
    assert_eq!(e.get("zh-market").unwrap().unwrap().lang, vec!["zh"]);
    assert_eq!(e.get("en-outage").unwrap().unwrap().extra["author"], "Kim");
    let hit = &e.search(&q("outage")).unwrap().hits[0];
    assert_eq!(hit.fields["author"], "Kim");
    assert_eq!(hit.fields["source"], "Cloud Weekly");
    assert!(!hit.fields.contains_key("body"));
}

#[test]
fn sub_words_find_long_words() {
    let e = engine();
    assert!(ids(&e, &q("计算")).contains(&"zh-market".to_string()));
    assert_eq!(ids(&e, &q("清华"))[0], "thu");
}

#[test]
fn chinese_phrases_match_only_adjacent_words() {
    let e = engine();
    assert_eq!(ids(&e, &q("\"云计算市场\"")), vec!["zh-market"]);
    // Unquoted, both articles match.
    let plain = ids(&e, &q("云计算市场"));
    assert!(
        plain.contains(&"zh-scattered".to_string()) && plain.contains(&"zh-market".to_string())
    );
}

#[test]
fn must_exclude_and_title_scopes() {
    let e = engine();
    assert_eq!(ids(&e, &q("+outage cloud")), vec!["en-outage"]);
    let excluded = ids(&e, &q("云计算 -零售"));
    assert!(
        excluded.contains(&"zh-market".to_string())
            && !excluded.contains(&"zh-scattered".to_string())
    );
    assert_eq!(ids(&e, &q("title:singapore")), vec!["en-outage"]);
    assert!(ids(&e, &q("title:availability")).is_empty());
    // Only exclusions: everything else.
    assert_eq!(e.search(&q("-outage")).unwrap().total, 5);
}

#[test]
fn traditional_queries_find_simplified_text_and_back() {
    let e = engine();
    assert!(ids(&e, &q("雲計算")).contains(&"zh-market".to_string()));
    assert!(ids(&e, &q("资料中心")).contains(&"tw-1".to_string()));
    let hit = &e.search(&q("云端运算")).unwrap().hits[0];
    assert_eq!(hit.id, "tw-1");
    assert_eq!(hit.title.to_html(), "<mark>雲端運算</mark>新聞");
}

#[test]
fn any_string_is_a_valid_query() {
    let e = engine();
    for text in [
        "",
        " ",
        "\"",
        "\"\"",
        "+",
        "-",
        "+-",
        "--x",
        "title:",
        "title:\"",
        "AND OR NOT",
        "(((",
        "a:b:c",
        "🙂🙂",
        "\u{0}\u{1}\u{7f}",
        "\\",
        "*?~^",
        "[1 TO 2]",
        "ＡＷＳ",
        "\u{200b}",
        "雲端運算\"",
        "\u{feff}cloud",
    ] {
        assert!(e.search(&q(text)).is_ok(), "query {text:?}");
    }
    assert_eq!(
        e.search(&q("")).unwrap().total,
        6,
        "empty query browses everything"
    );
    assert_eq!(
        e.search(&q("🙂")).unwrap().total,
        0,
        "no searchable term, no hits"
    );
    let long = "云".repeat(MAX_QUERY + 1);
    assert!(matches!(
        e.search(&q(&long)),
        Err(Error::User(UserError::QueryTooLong { .. }))
    ));
}

const MAX_QUERY: usize = crate::search::MAX_QUERY_CHARS;

#[test]
fn filters_and_facets() {
    let e = engine();
    let by_lang = |lang: &str| {
        let mut r = q("");
        r.lang = Some(lang.into());
        r.limit = 100;
        let mut v = ids(&e, &r);
        v.sort();
        v
    };
    assert_eq!(by_lang("en"), vec!["bi-1", "en-outage"]);
    assert!(by_lang("zh").contains(&"bi-1".to_string()));
    assert!(!by_lang("zh").contains(&"en-outage".to_string()));

    let mut r = q("");
    r.filter = Filter {
        source: Some("科技日报".into()),
        ..Filter::default()
    };
    assert_eq!(e.search(&r).unwrap().total, 2);
    r.filter = Filter {
        tags: vec!["outage".into(), "energy".into()],
        ..Filter::default()
    };
    assert_eq!(e.search(&r).unwrap().total, 2);
    r.filter = Filter {
        published_from: Some("2026-03-01".into()),
        published_to: Some("2026-04-02".into()),
        ..Filter::default()
    };
    let mut got = ids(&e, &r);
    got.sort();
    assert_eq!(got, vec!["en-outage", "zh-market"]);

    let mut r = q("");
    r.facets = vec![Facet::Lang, Facet::Tags, Facet::Source];
    let facets = e.search(&r).unwrap().facets;
    assert_eq!(facets["lang"]["zh"], 5);
    assert_eq!(facets["lang"]["en"], 2);
    assert_eq!(facets["tags"]["cloud"], 2);
    assert_eq!(facets["source"]["科技日报"], 2);

    let mut bad = q("x");
    bad.filter.published_from = Some("last week".into());
    assert!(
        matches!(e.search(&bad), Err(Error::User(UserError::InvalidParameter { ref parameter, .. })) if parameter == "filter.published_from")
    );
}

#[test]
fn paging_and_totals() {
    let e = engine();
    let all = ids(
        &e,
        &SearchRequest {
            limit: 100,
            ..q("")
        },
    );
    let page = ids(
        &e,
        &SearchRequest {
            limit: 2,
            offset: 2,
            ..q("")
        },
    );
    assert_eq!(page, all[2..4].to_vec());
    let beyond = e
        .search(&SearchRequest {
            offset: 50,
            ..q("")
        })
        .unwrap();
    assert!(beyond.hits.is_empty());
    assert_eq!(beyond.total, 6);
    let counted = e
        .search(&SearchRequest {
            limit: 0,
            ..q("云计算")
        })
        .unwrap();
    assert!(counted.hits.is_empty() && counted.total >= 2);
    assert!(e
        .search(&SearchRequest {
            limit: MAX_LIMIT + 1,
            ..q("")
        })
        .is_err());
}

#[test]
fn bilingual_snippets_follow_the_query_language() {
    let e = engine();
    let en = &e.search(&q("data centres")).unwrap().hits[0];
    assert_eq!(en.id, "bi-1");
    assert!(
        en.snippet.as_ref().unwrap().text.starts_with("Operators"),
        "{:?}",
        en.snippet
    );
    let zh = &e.search(&q("数据中心")).unwrap().hits[0];
    assert_eq!(zh.id, "bi-1");
    assert!(
        zh.snippet
            .as_ref()
            .unwrap()
            .to_html()
            .contains("<mark>数据中心</mark>"),
        "{:?}",
        zh.snippet
    );
}

#[test]
fn replace_and_delete_by_id() {
    let e = engine();
    e.add(Document::new(
        "en-outage",
        "Replaced",
        "Nothing about it now.",
    ))
    .unwrap();
    e.commit().unwrap();
    assert_eq!(e.get("en-outage").unwrap().unwrap().title, "Replaced");
    assert!(ids(&e, &q("singapore")).is_empty());
    assert_eq!(e.search(&q("")).unwrap().total, 6);
    assert!(e.delete("en-outage").unwrap());
    assert!(!e.delete("missing").unwrap());
    e.commit().unwrap();
    assert!(e.get("en-outage").unwrap().is_none());
    assert_eq!(e.stats().unwrap().documents, 5);
}

#[test]
fn an_invalid_document_adds_nothing() {
    let e = engine();
    let bad = Document {
        published: Some("soon".into()),
        ..Document::new("new", "t", "b")
    };
    assert!(e
        .add_documents([Document::new("ok", "t", "b"), bad])
        .is_err());
    e.commit().unwrap();
    assert!(e.get("ok").unwrap().is_none());
}

#[test]
fn searches_run_while_documents_are_added() {
    let e = Arc::new(engine());
    let writer = {
        let e = Arc::clone(&e);
        std::thread::spawn(move || {
            for i in 0..20 {
                e.add(Document::new(format!("n{i}"), "云计算", "新的云计算文章"))
                    .unwrap();
                if i % 5 == 4 {
                    e.commit().unwrap();
                }
            }
        })
    };
    for _ in 0..50 {
        assert!(e.search(&q("云计算")).is_ok());
    }
    writer.join().unwrap();
    assert_eq!(e.search(&q("")).unwrap().total, 26);
}

#[test]
fn reopens_and_refuses_incompatible_indexes() {
    let dir = tempfile::tempdir().unwrap();
    {
        let e = Engine::open_or_create(dir.path(), EngineConfig::default()).unwrap();
        e.add(Document::new("a", "云计算", "内容")).unwrap();
        e.commit().unwrap();
    }
    let e = Engine::open_or_create(dir.path(), EngineConfig::default()).unwrap();
    assert_eq!(e.search(&q("计算")).unwrap().total, 1);
    assert!(e.stats().unwrap().size_bytes > 0);
    drop(e);

    let mut other = EngineConfig::default();
    other.analyzer.stop_words = Some(vec!["the".into()]);
    let err = Engine::open_or_create(dir.path(), other).unwrap_err();
    assert!(
        matches!(err, Error::User(UserError::IncompatibleIndex { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("stop-word"), "{err}");

    std::fs::write(
        dir.path().join(schema::MARKER_FILE),
        r#"{"schema_version": 999, "analyzer": "x"}"#,
    )
    .unwrap();
    let err = Engine::open_or_create(dir.path(), EngineConfig::default()).unwrap_err();
    assert!(err.to_string().contains("schema version 999"), "{err}");

    std::fs::remove_file(dir.path().join(schema::MARKER_FILE)).unwrap();
    let err = Engine::open_or_create(dir.path(), EngineConfig::default()).unwrap_err();
    assert!(
        err.to_string().contains("not written by this engine"),
        "{err}"
    );
}

#[test]
fn a_second_writer_is_refused_but_readers_follow_commits() {
    let dir = tempfile::tempdir().unwrap();
    let writer = Engine::open_or_create(dir.path(), EngineConfig::default()).unwrap();
    let err = Engine::open_or_create(dir.path(), EngineConfig::default()).unwrap_err();
    assert!(
        matches!(err, Error::User(UserError::IndexLocked(_))),
        "{err}"
    );
    let reader = Engine::open_read_only(dir.path(), EngineConfig::default()).unwrap();
    assert!(!reader.is_writable());
    assert!(matches!(
        reader.commit(),
        Err(Error::User(UserError::ReadOnly))
    ));
    writer.add(Document::new("a", "云计算", "")).unwrap();
    writer.commit().unwrap();
    // The read-only engine reloads on its own shortly after a commit.
    let deadline = Instant::now() + std::time::Duration::from_secs(10);
    while reader.search(&q("云计算")).unwrap().total == 0 {
        assert!(Instant::now() < deadline, "the reader never saw the commit");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let missing = dir.path().join("nothing-here");
    assert!(matches!(
        Engine::open_read_only(&missing, EngineConfig::default()),
        Err(Error::User(UserError::NoIndex(_)))
    ));
}
