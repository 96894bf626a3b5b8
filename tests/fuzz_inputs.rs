//! The fuzz targets' checks on a stable toolchain: the committed seed corpus
//! (`fuzz/corpus/TARGET/`, which holds every input that once crashed too),
//! and proptest properties over arbitrary strings and bytes. `cargo fuzz`
//! (nightly) explores further with the same checks; see fuzz/README.md.

use std::path::Path;

use proptest::prelude::*;
use search_core::{Facet, SearchRequest};
use test_kit::fuzz as checks;

/// Runs `check` on every file of `fuzz/corpus/TARGET`, naming the file that
/// fails; returns how many there were.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    for file in &files {
        let data = std::fs::read(file).unwrap();
        if let Err(panic) = std::panic::catch_unwind(|| check(&data)) {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("{} fails: {message}", file.display());
        }
    }
    files.len()
}

#[test]
fn analyzer_corpus() {
    assert!(replay("analyzer", checks::check_analyzer) > 0);
}

#[test]
fn query_corpus() {
    checks::warm_up();
    assert!(replay("query", checks::check_query) > 0);
}

#[test]
fn documents_corpus() {
    assert!(replay("documents", checks::check_documents) > 0);
}

/// The checks themselves must be able to fail.
#[test]
#[should_panic(expected = "unescaped or unbalanced markup")]
fn markup_check_catches_raw_tags() {
    checks::check_marked_html("<mark>a</mark><script>");
}

#[test]
#[should_panic(expected = "unclosed <mark>")]
fn markup_check_catches_unclosed_marks() {
    checks::check_marked_html("<mark>a");
}

/// Text that mixes the scripts and symbols the analyzer treats specially.
fn mixed_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            "\\PC{1,6}",
            "[a-zA-Z0-9]{1,8}",
            "[\u{4e00}-\u{9fa5}]{1,6}",
            "[雲端運算資料軟體伺服器乾隆]{1,4}",
            "[０-９Ａ-Ｚａ-ｚ]{1,4}",
            "[ \t\n\"“”「」＂+\\-:*()<>&']{1,3}",
            Just("title:".to_string()),
            Just("body:".to_string()),
            "[\u{300}-\u{36f}\u{200b}-\u{200f}\u{feff}🙂👍🏽]{1,3}",
        ],
        0..16,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn analyzer_on_any_bytes(data in proptest::collection::vec(any::<u8>(), 0..256)) {
        checks::check_analyzer(&data);
    }

    #[test]
    fn analyzer_on_mixed_text(text in mixed_text()) {
        checks::check_analyzer(text.as_bytes());
    }

    #[test]
    fn query_on_any_bytes(data in proptest::collection::vec(any::<u8>(), 0..128)) {
        checks::check_query(&data);
    }

    #[test]
    fn query_on_mixed_text(flags in any::<u8>(), text in mixed_text()) {
        let mut data = vec![flags];
        data.extend_from_slice(text.as_bytes());
        checks::check_query(&data);
    }

    #[test]
    fn search_requests_with_any_fields(
        q in mixed_text(),
        lang in proptest::option::of("\\PC{0,4}"),
        source in proptest::option::of("\\PC{0,6}"),
        tags in proptest::collection::vec("\\PC{0,6}", 0..3),
        from in proptest::option::of(prop_oneof!["\\PC{0,12}", Just("2026-03-14".to_string()), Just("2026-03-14T00:00:00Z".to_string())]),
        to in proptest::option::of(prop_oneof!["\\PC{0,12}", Just("2026-12-31".to_string())]),
        facets in proptest::collection::vec(prop_oneof![Just(Facet::Lang), Just(Facet::Tags), Just(Facet::Source)], 0..3),
        limit in prop_oneof![0usize..60, Just(1001usize), Just(usize::MAX)],
        offset in prop_oneof![0usize..10, Just(100_001usize), Just(usize::MAX)],
        highlight in any::<bool>(),
        cross_lingual in any::<bool>(),
    ) {
        let mut request = SearchRequest {
            q, lang, facets, limit, offset, highlight, cross_lingual,
            ..SearchRequest::default()
        };
        request.filter.source = source;
        request.filter.tags = tags;
        request.filter.published_from = from;
        request.filter.published_to = to;
        // As a value and as the JSON body a client would send.
        checks::check_search(&request);
        checks::check_query(serde_json::to_string(&request).unwrap().as_bytes());
    }

}

proptest! {
    // Each case builds an index: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn documents_with_any_fields(
        id in "\\PC{0,12}",
        title in mixed_text(),
        body in mixed_text(),
        source in proptest::option::of("\\PC{0,8}"),
        tags in proptest::collection::vec("\\PC{0,8}", 0..3),
        lang in proptest::option::of(prop_oneof![Just("en"), Just("zh"), Just("ZH"), Just("x")]),
        published in proptest::option::of(prop_oneof![Just("2026-03-14"), Just("2026-03-14T08:30:00.123+08:00"), Just("soon")]),
    ) {
        let mut doc = serde_json::json!({"id": id, "title": title, "body": body, "tags": tags});
        if let Some(source) = source { doc["source"] = source.into(); }
        if let Some(lang) = lang { doc["lang"] = lang.into(); }
        if let Some(published) = published { doc["published"] = published.into(); }
        checks::check_documents(doc.to_string().as_bytes());
    }
}
