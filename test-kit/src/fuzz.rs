//! What the fuzz targets check, one function a target.
//!
//! The fuzz targets (`fuzz/fuzz_targets/`, nightly `cargo fuzz`) call these,
//! and the root package's `tests/fuzz_inputs.rs` runs the same checks as
//! proptest properties and over the committed seed corpus
//! (`fuzz/corpus/TARGET/`), so a stable-toolchain `cargo test` checks what
//! `cargo fuzz` checks. Each function panics when a property fails; the
//! fuzzer reports a panic as a crash.

use std::collections::HashSet;
use std::sync::LazyLock;

use search_core::analysis::Analyzer;
use search_core::snippet::Highlighted;
use search_core::{
    Document, Engine, Facet, Filter, MatchingStrategy, SearchRequest, SearchResponse, Sort,
};

use crate::small_engine_config;

/// Requests in the query target page through at most this many hits, so an
/// input cannot make one run slow.
const FUZZ_MAX_LIMIT: usize = 50;

static ANALYZER: LazyLock<Analyzer> = LazyLock::new(Analyzer::default);

/// The small index the query target searches: English, Chinese (simplified
/// and traditional), bilingual, with every filterable field set somewhere.
static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let engine = Engine::in_memory(small_engine_config()).expect("in-memory engine"); // ok: a fuzz check fails loudly on broken setup
    let docs = [
        r#"{"id":"en-1","title":"AWS outage in Singapore","body":"An outage hit cloud computing customers of AWS in Singapore on Monday.","source":"wire","tags":["cloud","outage"],"published":"2026-03-14"}"#,
        r#"{"id":"zh-1","title":"阿里云扩建数据中心","body":"阿里云在东南亚新建云计算数据中心，清华大学的研究人员参与。","source":"新华","tags":["云计算"],"published":"2026-03-14T08:30:00+08:00"}"#,
        r#"{"id":"zh-2","title":"雲端運算市場","body":"雲端運算市場持續成長，ＡＷＳ與微軟競爭。","lang":"zh","tags":["cloud"]}"#,
        r#"{"id":"mix/1","title":"Bilingual 双语","body":"Kubernetes is everywhere.\n\nKubernetes 无处不在，云原生技术普及。","lang":["en","zh"],"url":"https://example.com/a?b=<c>"}"#,
        r#"{"id":"esc","title":"<script>alert(1)</script> & \"quotes\"","body":"Tags <b>bold</b> & ampersands must be escaped in snippets.","author":"Li"}"#,
        r#"{"id":"num","title":"2026 numbers 12345","body":"Revenue grew 12.5% to 3,000 million in 2026."}"#,
    ];
    let docs: Vec<Document> = docs
        .iter()
        .map(|d| Document::from_json_str(d).expect("seed document")) // ok: a fuzz check fails loudly on broken setup
        .collect();
    engine.add_documents(docs).expect("add seed documents"); // ok: a fuzz check fails loudly on broken setup
    engine.commit().expect("commit seed documents"); // ok: a fuzz check fails loudly on broken setup
    engine
});

/// Builds the shared index and loads the cross-lingual dictionary, so that
/// one-off start-up work does not count against the first input's time.
pub fn warm_up() {
    let request = SearchRequest {
        q: "cloud 云".into(),
        cross_lingual: true,
        ..SearchRequest::default()
    };
    check_search(&request);
    check_analyzer("warm up 预热".as_bytes());
}

/// The ids in [`ENGINE`].
const ENGINE_IDS: &[&str] = &["en-1", "zh-1", "zh-2", "mix/1", "esc", "num"];

/// Analyzer: any bytes, read as UTF-8 (invalid sequences replaced), analyse
/// without a panic into non-empty tokens whose offsets lie on character
/// boundaries inside the text, with positions that never go back.
pub fn check_analyzer(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut last_position = 0;
    for t in ANALYZER.analyze(&text) {
        assert!(
            t.offset_from < t.offset_to && t.offset_to <= text.len(),
            "token {t:?} outside {} bytes of {text:?}",
            text.len()
        );
        assert!(
            text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to),
            "token {t:?} cuts a character of {text:?}"
        );
        assert!(!t.text.is_empty(), "empty token {t:?} in {text:?}");
        assert!(
            t.position >= last_position,
            "position went back at {t:?} in {text:?}"
        );
        last_position = t.position;
    }
}

/// Query parsing and execution. The input is read twice: as the JSON body of
/// a search request (when it is one), and as a query string whose first byte
/// picks the other settings. Every search must succeed or fail with a
/// documented user error, and its answer must be well formed.
pub fn check_query(data: &[u8]) {
    if let Ok(mut request) = serde_json::from_slice::<SearchRequest>(data) {
        request.limit = request.limit.min(FUZZ_MAX_LIMIT);
        check_search(&request);
    }
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let request = SearchRequest {
        q: String::from_utf8_lossy(rest).into_owned(),
        lang: [None, Some("zh"), Some("en"), Some("all")][usize::from(flags & 3)].map(Into::into),
        highlight: flags & 4 == 0,
        cross_lingual: flags & 8 != 0,
        facets: if flags & 16 != 0 {
            vec![Facet::Lang, Facet::Source, Facet::Tags]
        } else {
            Vec::new()
        },
        limit: [10, 0, 1, FUZZ_MAX_LIMIT][usize::from(flags >> 5 & 3)],
        offset: if flags & 128 != 0 { 2 } else { 0 },
        filter: Filter::default(),
        matching_strategy: [
            MatchingStrategy::Relaxed,
            MatchingStrategy::All,
            MatchingStrategy::Any,
        ][rest.len() % 3],
        sort: [Sort::Relevance, Sort::PublishedDesc, Sort::PublishedAsc][rest.len() / 3 % 3],
    };
    check_search(&request);
}

/// Runs one search on [`ENGINE`] and checks the answer.
pub fn check_search(request: &SearchRequest) -> Option<SearchResponse> {
    match ENGINE.search(request) {
        Ok(response) => {
            check_response(request, &response, ENGINE_IDS);
            Some(response)
        }
        Err(e) => {
            assert!(e.is_user_error(), "internal error {e} for {request:?}");
            None
        }
    }
}

/// A response holds at most `limit` hits, all distinct and known, and its
/// highlighted text is escaped HTML whose only tags are balanced `<mark>`s.
pub fn check_response(request: &SearchRequest, response: &SearchResponse, known_ids: &[&str]) {
    assert!(
        response.hits.len() <= request.limit,
        "{} hits for limit {}",
        response.hits.len(),
        request.limit
    );
    assert!(response.total >= response.hits.len());
    let mut seen = HashSet::new();
    for hit in &response.hits {
        assert!(
            known_ids.contains(&hit.id.as_str()),
            "unknown id {:?}",
            hit.id
        );
        assert!(seen.insert(hit.id.as_str()), "hit {:?} twice", hit.id);
        assert!(
            hit.score.is_finite(),
            "score {} for {:?}",
            hit.score,
            hit.id
        );
        if request.highlight {
            for text in std::iter::once(&hit.title).chain(&hit.snippet) {
                check_ranges(text);
                check_marked_html(&text.to_html());
            }
        }
    }
    if request.offset >= response.total {
        assert!(response.hits.is_empty());
    }
}

/// The quote characters of the query syntax.
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '＂' | '「' | '」')
}

/// Highlight ranges lie inside the text, on character boundaries, sorted
/// and apart.
pub fn check_ranges(text: &Highlighted) {
    let mut end = 0;
    for range in text.ranges() {
        assert!(
            range.start >= end && range.start < range.end && range.end <= text.text.len(),
            "range {range:?} after {end} in {text:?}"
        );
        assert!(
            text.text.is_char_boundary(range.start) && text.text.is_char_boundary(range.end),
            "range {range:?} cuts a character in {text:?}"
        );
        end = range.end;
    }
}

/// `html` is escaped text with balanced, unnested `<mark>`…`</mark>` and no
/// other tag.
pub fn check_marked_html(html: &str) {
    let mut open = false;
    let mut rest = html;
    while let Some(at) = rest.find(['<', '>']) {
        let tail = &rest[at..];
        if !open && tail.starts_with("<mark>") {
            open = true;
            rest = &tail["<mark>".len()..];
        } else if open && tail.starts_with("</mark>") {
            open = false;
            rest = &tail["</mark>".len()..];
        } else {
            panic!("unescaped or unbalanced markup at {tail:?} in {html:?}");
        }
    }
    assert!(!open, "unclosed <mark> in {html:?}");
}

/// Documents: any bytes as a document's JSON. Invalid ones are refused with
/// a user error; valid ones are added and committed to a fresh index, come
/// back unchanged by id, and are found by their source, tags and language
/// filters and by their title.
pub fn check_documents(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = match Document::from_json_str(text) {
        Ok(doc) => doc,
        // Refusals are user errors by their type.
        Err(_) => return,
    };
    let engine = Engine::in_memory(small_engine_config()).expect("in-memory engine"); // ok: a fuzz check fails loudly on broken setup
    engine.add(doc.clone()).expect("add a valid document"); // ok: a fuzz check fails loudly on broken setup
    engine.commit().expect("commit"); // ok: a fuzz check fails loudly on broken setup
    let stored = engine
        .get(&doc.id)
        .expect("get") // ok: a fuzz check fails loudly on broken setup
        .unwrap_or_else(|| panic!("document {:?} not found by id", doc.id));
    assert_eq!(
        (&stored.title, &stored.body, &stored.source, &stored.tags),
        (&doc.title, &doc.body, &doc.source, &doc.tags),
        "stored document differs"
    );
    assert_eq!(stored.extra, doc.extra, "extra fields differ");

    let ids = [doc.id.as_str()];
    let find = |request: SearchRequest, what: &str| {
        let response = engine
            .search(&request)
            .unwrap_or_else(|e| panic!("search by {what} failed: {e} for {text:?}"));
        check_response(&request, &response, &ids);
        assert_eq!(response.total, 1, "not found by {what}: {request:?}");
    };
    if let Some(source) = doc.source.as_ref().filter(|s| !s.is_empty()) {
        let mut request = SearchRequest::default();
        request.filter.source = Some(source.clone());
        request.facets = vec![Facet::Source, Facet::Tags, Facet::Lang];
        find(request, "source");
    }
    for tag in doc.tags.iter().filter(|t| !t.is_empty()) {
        let mut request = SearchRequest::default();
        request.filter.tags = vec![tag.clone()];
        find(request, "tag");
    }
    // A document is found by a filter on its own date (dates outside what
    // the index holds are refused, and sub-second bounds are cut to the
    // second, as tests/regressions.rs checks).
    if let Some(published) = doc.published.as_ref() {
        let mut request = SearchRequest::default();
        request.filter.published_from = Some(published.clone());
        request.filter.published_to = Some(published.clone());
        find(request, "published");
    }
    for lang in &stored.lang {
        let request = SearchRequest {
            lang: Some(lang.clone()),
            ..SearchRequest::default()
        };
        find(request, "lang");
    }
    // The title as a phrase must find the document whenever it has a
    // searchable word: analyse it with the index's own analyzer to tell. A
    // title holding a quote character cannot be written as one phrase (and
    // dropping the quote would change how jieba cuts its neighbours).
    let title = &doc.title;
    let searchable = engine
        .analyzer()
        .analyze(title)
        .iter()
        .any(|t| t.kind.is_word());
    if searchable && !title.chars().any(is_quote) && title.chars().count() < 900 {
        find(
            SearchRequest::new(format!("title:\"{title}\"")),
            "title phrase",
        );
    }
}
