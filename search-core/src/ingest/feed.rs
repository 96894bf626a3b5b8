//! News feeds (RSS 0.9x–2.0, RSS 1.0, Atom, JSON Feed) read by
//! [feed-rs]: each item a document.
//!
//! An item's id is its guid when that is unique by its form (a URL, a
//! `urn:` or `tag:` URI), else its link, else the feed's own id and the
//! guid, so that reading a feed again replaces its items. HTML content is
//! made text as feed items' HTML is ([`super::html::fragment_text`]).

use super::html::{fragment_text, languages};
use crate::document::{parse_date, Document};

/// One document or `(item number, reason)` for each item of a feed;
/// `feed_id` (the feed file's id) makes ids of items whose guid is a bare
/// number unique. A file that is no feed at all is one error.
///
/// ```
/// use search_core::ingest::feed::parse_feed;
/// let rss = r#"<rss version="2.0"><channel><title>Cloud Ledger</title>
///   <item><title>Spot prices fall</title><link>https://cloudledger.example/spot</link>
///   <pubDate>Sat, 14 Mar 2026 08:30:00 GMT</pubDate><category>pricing</category>
///   <description>&lt;p&gt;Spot prices fell by a tenth.&lt;/p&gt;</description></item>
/// </channel></rss>"#;
/// let items = parse_feed(rss.as_bytes(), "feeds/ledger.rss")?;
/// let doc = items[0].as_ref().map_err(|e| e.1.clone())?;
/// assert_eq!(doc.id, "https://cloudledger.example/spot");
/// assert_eq!(doc.title, "Spot prices fall");
/// assert_eq!(doc.body, "Spot prices fell by a tenth.");
/// assert_eq!(doc.published.as_deref(), Some("2026-03-14T08:30:00+00:00"));
/// assert_eq!(doc.tags, vec!["pricing"]);
/// assert_eq!(doc.source.as_deref(), Some("Cloud Ledger"));
/// # Ok::<(), String>(())
/// ```
#[allow(clippy::type_complexity)]
pub fn parse_feed(
    bytes: &[u8],
    feed_id: &str,
) -> Result<Vec<Result<Document, (usize, String)>>, String> {
    let parser = feed_rs::parser::Builder::new()
        // No made-up ids: a missing one is taken from the link below.
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = parser
        .parse(bytes)
        .map_err(|e| format!("not a readable RSS, Atom or JSON feed: {e}"))?;
    let source = feed
        .title
        .as_ref()
        .map(|t| text_of(&t.content))
        .filter(|t| !t.is_empty());
    let feed_lang = feed.language.clone();
    Ok(feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            item(entry, feed_id, source.as_deref(), feed_lang.as_deref())
                .map_err(|reason| (i + 1, reason))
        })
        .collect())
}

fn item(
    entry: feed_rs::model::Entry,
    feed_id: &str,
    source: Option<&str>,
    feed_lang: Option<&str>,
) -> Result<Document, String> {
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|l| !l.is_empty());
    let guid = entry.id.trim();
    let id = if guid.contains(':') {
        guid.to_string()
    } else if let Some(link) = &link {
        link.clone()
    } else if !guid.is_empty() {
        format!("{feed_id}#{guid}")
    } else {
        return Err("the item has no guid, id or link to use as its id".into());
    };
    let title = entry
        .title
        .as_ref()
        .map(|t| text_of(&t.content))
        .unwrap_or_default();
    let body = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .or(entry.summary.as_ref().map(|s| s.content.as_str()))
        .map(text_of)
        .unwrap_or_default();
    if title.is_empty() && body.is_empty() {
        return Err("the item has no title and no content".into());
    }
    let published = entry
        .published
        .or(entry.updated)
        .map(|at| at.to_rfc3339())
        .filter(|at| parse_date(at).is_ok());
    let mut tags: Vec<String> = Vec::new();
    for category in &entry.categories {
        let tag = category.term.trim();
        if !tag.is_empty() && !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_string());
        }
    }
    let declared = entry
        .language
        .as_deref()
        .or(feed_lang)
        .and_then(|l| l.split(['-', '_']).next())
        .map(str::to_ascii_lowercase)
        .filter(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase()));
    let doc = Document {
        id,
        lang: languages(declared.as_deref(), &title, &body),
        title,
        body,
        source: source.map(str::to_string),
        url: link,
        published,
        tags,
        ..Document::default()
    };
    doc.validate().map_err(|e| e.to_string())?;
    Ok(doc)
}

/// Feed text is HTML or plain; both come out as text.
fn text_of(content: &str) -> String {
    if content.contains('<') || content.contains('&') {
        fragment_text(content)
    } else {
        content
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_feed() {
        assert!(parse_feed(b"<html><body>hi</body></html>", "x")
            .unwrap_err()
            .starts_with("not a readable"));
        assert!(parse_feed(b"", "x").is_err());
    }

    #[test]
    fn items_without_ids_or_text_are_errors_of_their_own() {
        let rss = br#"<rss version="2.0"><channel><title>T</title>
            <item><description>no link, no guid</description></item>
            <item><link>https://example.com/a</link></item>
            <item><guid isPermaLink="false">17</guid><title>Bare guid</title></item>
            </channel></rss>"#;
        let items = parse_feed(rss, "feeds/t.rss").unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].as_ref().unwrap_err().0, 1);
        assert!(items[1].as_ref().unwrap_err().1.contains("no title"));
        assert_eq!(items[2].as_ref().unwrap().id, "feeds/t.rss#17");
    }
}
