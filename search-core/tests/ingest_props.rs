//! Any bytes given as a page, a feed or a text dump give a document or a
//! clear error, never a panic.

use proptest::prelude::*;
use search_core::ingest::{feed::parse_feed, html::parse_html, text::read_dump};

/// Pieces that make random input look like pages and feeds, so the
/// parsers get past their first byte.
fn markup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<html lang=\"zh\">".to_string()),
        Just("<meta charset=\"gb18030\">".to_string()),
        Just("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\">".to_string()),
        Just("<title>".to_string()),
        Just("</title>".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<article><h1>".to_string()),
        Just("<link rel=\"alternate\" hreflang=\"zh\" href=\"/zh\">".to_string()),
        Just("<link rel=canonical href=\"https://example.com/a\">".to_string()),
        Just(
            "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":"
                .to_string()
        ),
        Just("<meta property=\"article:published_time\" content=\"9999-99-99\">".to_string()),
        Just("<rss version=\"2.0\"><channel><item><title>".to_string()),
        Just("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>".to_string()),
        Just("<pubDate>".to_string()),
        Just("{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{".to_string()),
        Just("&amp;&#xD800;&nbsp;".to_string()),
        "[^<>]{0,40}",
        "\\PC{0,20}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_as_html(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        if let Err(reason) = parse_html(&bytes, Some("x.html")) {
            prop_assert!(!reason.is_empty());
        }
        let _ = parse_html(&bytes, None);
    }

    #[test]
    fn any_markup_as_html(text in markup()) {
        match parse_html(text.as_bytes(), Some("x.html")) {
            Ok(doc) => prop_assert!(doc.validate().is_ok()),
            Err(reason) => prop_assert!(!reason.is_empty()),
        }
    }

    #[test]
    fn any_bytes_as_a_feed(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(items) = parse_feed(&bytes, "x.rss") {
            for item in items {
                if let Err((n, reason)) = item {
                    prop_assert!(n >= 1 && !reason.is_empty());
                }
            }
        }
    }

    #[test]
    fn any_markup_as_a_feed(text in markup()) {
        match parse_feed(text.as_bytes(), "x.rss") {
            Ok(items) => for item in items {
                match item {
                    Ok(doc) => prop_assert!(doc.validate().is_ok()),
                    Err((n, reason)) => prop_assert!(n >= 1 && !reason.is_empty()),
                }
            },
            Err(reason) => prop_assert!(reason.starts_with("not a readable")),
        }
    }

    #[test]
    fn any_text_as_a_dump(text in "\\PC{0,400}(\n\\PC{0,80}){0,30}") {
        let dump = read_dump(&text);
        // Nothing is made up: every paragraph is a line of the input.
        for paragraph in dump.body.split("\n\n").filter(|p| !p.is_empty()) {
            prop_assert!(text.lines().any(|l| l.trim() == paragraph));
        }
    }
}
