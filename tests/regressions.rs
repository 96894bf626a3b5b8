//! Failures found by fuzzing whose fix is in search-core; each input is also
//! in the fuzz corpus.

use search_core::{Document, Engine, EngineConfig, SearchRequest, UserError};

fn engine() -> Engine {
    Engine::in_memory(EngineConfig {
        writer_threads: 1,
        writer_memory_per_thread: 15 << 20,
        ..EngineConfig::default()
    })
    .unwrap()
}

fn published(id: &str, date: &str) -> Document {
    let mut doc = Document::new(id, "dated", "dated document");
    doc.published = Some(date.into());
    doc
}

fn dated_search(from: &str, to: &str) -> SearchRequest {
    let mut request = SearchRequest::default();
    request.filter.published_from = Some(from.into());
    request.filter.published_to = Some(to.into());
    request
}

/// Found by the `documents` fuzz target (fuzz/corpus/documents/
/// crash-published-year-4052): `"published": "4052-03-14T08:30:00+08:00"`
/// is accepted, but tantivy keeps dates as i64 nanoseconds (1677-09-21 to
/// 2262-04-11) and `DateTime::from_utc` clamps anything outside, so every
/// later date is indexed as the same instant: a filter on the document's
/// own date misses it, and a filter on another far-future date finds it.
///
/// Fixed in `document::parse_date`: dates outside the years 1678 to 2261
/// are refused, a document with `invalid_document` (`published`) and a
/// filter with `invalid_parameter` (`filter.published_from`/`_to`).
#[test]

fn dates_outside_the_index_range_are_refused() {
    let engine = engine();
    engine.add(published("in-range", "2261-12-31")).unwrap();
    engine.commit().unwrap();
    assert_eq!(
        engine
            .search(&dated_search("2261-12-31", "2261-12-31"))
            .unwrap()
            .total,
        1,
        "a date inside the range is found"
    );

    let far = Document::from_json_str(r#"{"id": "far", "published": "4052-03-14T08:30:00+08:00"}"#);
    let err = far.expect_err("a date tantivy cannot hold must be refused");
    assert!(
        matches!(err, UserError::InvalidDocument { ref field, .. } if field == "published"),
        "{err}"
    );
    assert!(err.to_string().contains("published"), "{err}");

    let err = engine
        .search(&dated_search("4052-03-14", "4052-03-14"))
        .expect_err("a filter date tantivy cannot hold must be refused");
    assert!(
        matches!(err.user(), Some(UserError::InvalidParameter { .. })),
        "{err}"
    );
}

/// Found by the `documents_with_any_fields` property of
/// `tests/fuzz_inputs.rs`: a document published at
/// `2026-03-14T08:30:00.123+08:00` is not found by a filter from and to
/// that same instant. The `published` field keeps seconds (tantivy's
/// default date precision) but `engine::date_bound` passes the filter's
/// bounds on with their fraction, so the stored 08:30:00 falls below the
/// lower bound 08:30:00.123.
///
/// Fixed in `engine::date_bound`: both bounds are cut to whole seconds, as
/// the index keeps them.
#[test]

fn a_filter_on_a_document_s_own_subsecond_date_finds_it() {
    let engine = engine();
    let at = "2026-03-14T08:30:00.123+08:00";
    engine.add(published("subsecond", at)).unwrap();
    engine.commit().unwrap();
    assert_eq!(engine.search(&dated_search(at, at)).unwrap().total, 1);
    let around = dated_search("2026-03-14T00:30:00.100Z", "2026-03-14T00:30:00.200Z");
    assert_eq!(engine.search(&around).unwrap().total, 1);
}
