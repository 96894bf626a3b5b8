//! End-to-end through search-core's public API, over the bundled sample
//! articles in `index/`.

use std::path::PathBuf;

use search_core::ingest::IngestOptions;
use search_core::{Engine, EngineConfig, Facet, Filter, SearchRequest};

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("index/articles.jsonl")
}

fn engine() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open_or_create(dir.path(), EngineConfig::default()).unwrap();
    let summary = engine
        .ingest(
            &[corpus()],
            &IngestOptions {
                strict: true,
                ..IngestOptions::default()
            },
            |_| {},
        )
        .unwrap();
    assert_eq!(summary.skipped, vec![]);
    assert!(
        summary.indexed >= 30,
        "only {} sample articles",
        summary.indexed
    );
    (dir, engine)
}

fn top(engine: &Engine, q: &str, lang: Option<&str>) -> Vec<String> {
    let request = SearchRequest {
        q: q.into(),
        lang: lang.map(str::to_string),
        ..SearchRequest::default()
    };
    engine
        .search(&request)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

#[test]
fn sample_corpus_covers_both_languages_and_every_field() {
    let (_dir, engine) = engine();
    let stats = engine.stats().unwrap();
    assert!(
        stats.per_language["en"] >= 10 && stats.per_language["zh"] >= 10,
        "{stats:?}"
    );
    let request = SearchRequest {
        facets: vec![Facet::Lang, Facet::Source, Facet::Tags],
        ..SearchRequest::default()
    };
    let facets = engine.search(&request).unwrap().facets;
    assert!(facets["source"].len() > 3 && facets["tags"].len() > 3);
    // Bilingual articles count in both languages.
    let both = facets["lang"]["en"] + facets["lang"]["zh"];
    assert!(both > stats.documents, "{facets:?}");
}

#[test]
fn known_queries_find_their_articles() {
    let (_dir, engine) = engine();
    assert_eq!(top(&engine, "阿里云 东南亚", None)[0], "cloud-002");
    assert_eq!(top(&engine, "清华", None)[0], "cloud-005");
    assert_eq!(top(&engine, "\"云计算市场\"", None), vec!["cloud-008"]);
    assert!(top(&engine, "outage", Some("en")).contains(&"cloud-001".to_string()));
    // Traditional and simplified meet in the middle.
    assert!(top(&engine, "香港数据中心", Some("zh")).contains(&"cloud-006".to_string()));
    assert!(top(&engine, "資料中心", None).contains(&"cloud-006".to_string()));
    // Full-width text is found with plain ASCII.
    assert!(top(&engine, "GPU", Some("zh")).contains(&"cloud-017".to_string()));
}

#[test]
fn filters_narrow_the_sample_corpus() {
    let (_dir, engine) = engine();
    let request = SearchRequest {
        filter: Filter {
            source: Some("Cloud Weekly".into()),
            ..Filter::default()
        },
        limit: 100,
        ..SearchRequest::default()
    };
    let response = engine.search(&request).unwrap();
    assert!(response.total >= 2);
    assert!(response
        .hits
        .iter()
        .all(|h| h.fields["source"] == "Cloud Weekly"));
}

#[test]
fn highlights_are_escaped_html_around_marks() {
    let (_dir, engine) = engine();
    for hit in engine
        .search(&SearchRequest::new("cloud 云计算"))
        .unwrap()
        .hits
    {
        let snippet = hit.snippet.unwrap().to_html();
        let title = hit.title.to_html();
        let stripped = snippet.replace("<mark>", "").replace("</mark>", "");
        assert!(
            !stripped.contains('<') && !stripped.contains('>'),
            "{snippet}"
        );
        assert!(
            title.contains("<mark>") || snippet.contains("<mark>"),
            "{} {snippet}",
            hit.id
        );
    }
}

#[test]
fn cross_lingual_queries_cross_the_language_barrier() {
    let (_dir, engine) = engine();
    // An English query finds a Chinese-only article...
    let request = SearchRequest {
        q: "Alibaba Cloud data centre Southeast Asia".into(),
        lang: Some("zh".into()),
        cross_lingual: true,
        ..SearchRequest::default()
    };
    let response = engine.search(&request).unwrap();
    let ids: Vec<&str> = response.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids.first(), Some(&"cloud-002"), "{ids:?}");
    assert!(
        response.expanded.contains_key("Asia"),
        "{:?}",
        response.expanded
    );
    // ...and a Chinese query an English-only one.
    let request = SearchRequest {
        q: "新加坡 网络 故障".into(),
        lang: Some("en".into()),
        cross_lingual: true,
        ..SearchRequest::default()
    };
    let ids: Vec<String> = engine
        .search(&request)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(
        ids.first().map(String::as_str),
        Some("cloud-001"),
        "{ids:?}"
    );
    // Without the option, neither crosses.
    let plain = SearchRequest {
        q: "新加坡 网络 故障".into(),
        lang: Some("en".into()),
        ..SearchRequest::default()
    };
    assert!(engine
        .search(&plain)
        .unwrap()
        .hits
        .iter()
        .all(|h| h.id != "cloud-001"));
}

#[test]
fn domain_synonyms_apply_to_every_query() {
    let (_dir, engine) = engine();
    let response = engine.search(&SearchRequest::new("aliyun")).unwrap();
    assert!(response.hits.iter().any(|h| h.id == "cloud-002"));
    assert_eq!(response.expanded["aliyun"], vec!["alibaba cloud", "阿里云"]);
}

#[test]
fn a_story_knows_its_other_language_version_when_it_is_indexed() {
    let (_dir, engine) = engine();
    let hit = |q: &str, lang: &str| {
        let mut request = SearchRequest::new(q);
        request.lang = Some(lang.into());
        engine.search(&request).unwrap().hits.remove(0)
    };
    let en = hit("seawater cooling", "en");
    assert_eq!(en.id, "cloud-037");
    assert_eq!(en.counterparts["zh"], "cloud-038");
    let zh = hit("海水 降温", "zh");
    assert_eq!(zh.id, "cloud-038");
    assert_eq!(zh.counterparts["en"], "cloud-037");
    // A translation that is not in the index is not a counterpart.
    let other = hit("AWS Singapore", "en");
    assert!(other.counterparts.is_empty(), "{:?}", other.counterparts);
}
