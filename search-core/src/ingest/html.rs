//! Saved web pages: the article's text and its metadata.
//!
//! The body is found by [dom_smoothie], a port of Mozilla's Readability
//! over html5ever (through dom_query), chosen by running it and the
//! `readability` crate (0.3, an older arc90 port) on this project's ten test
//! pages: both kept every article paragraph and dropped the menus, cookie
//! banners, footers, comments and related lists; `readability` ran the
//! paragraphs together ("months.The company") and knew no JSON-LD (no title
//! on the JSON-LD-only page), while dom_smoothie kept paragraphs apart and
//! read JSON-LD, but left a byline and share bar on one page and a
//! newsletter prompt on another. Those edges are cut here with the same
//! furniture rules as text dumps ([`super::furniture`]).
//!
//! Metadata is read from the page itself: `og:title`, JSON-LD `headline`,
//! `<title>` or the `<h1>` for the title, with the site name cut;
//! `article:published_time`, JSON-LD `datePublished` or `<time datetime>`
//! for the date; the canonical link, `og:url` or JSON-LD `url`; `og:site_name`
//! or the JSON-LD publisher for the source; `article:tag`, `keywords` or
//! JSON-LD `keywords` for tags; `<html lang>` for the language when the
//! text agrees; `<link rel="alternate" hreflang>` (or a link marked
//! `hreflang`) for the other-language versions.

use std::collections::BTreeMap;

use dom_query::Document as Dom;
use dom_smoothie::{Config, Readability, TextMode};
use serde_json::Value;

use super::charset::decode_html;
use super::dates::metadata_date;
use super::furniture::{article_lines, size};
use super::title::trim_site_name;
use crate::analysis::detect_languages;
use crate::document::Document;

/// Reads a saved web page (any charset, see [`super::charset`]) as a
/// document with this id; `None` takes the page's own URL as the id.
///
/// ```
/// use search_core::ingest::html::parse_html;
/// let page = r#"<html lang="en"><head><title>Spot prices fall | Cloud Ledger</title>
///   <meta property="og:site_name" content="Cloud Ledger">
///   <link rel="canonical" href="https://cloudledger.example/spot">
///   <link rel="alternate" hreflang="zh" href="https://cloudledger.example/zh/spot"></head>
///   <body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
///   <article><h1>Spot prices fall</h1><p>Spot instance prices fell by a tenth in March, the third fall this year.</p>
///   <p>Analysts expect the trend to continue.</p></article></body></html>"#;
/// let doc = parse_html(page.as_bytes(), None)?;
/// assert_eq!(doc.id, "https://cloudledger.example/spot");
/// assert_eq!(doc.title, "Spot prices fall");
/// assert_eq!(doc.source.as_deref(), Some("Cloud Ledger"));
/// assert_eq!(doc.lang, vec!["en"]);
/// assert_eq!(doc.translations["zh"], "https://cloudledger.example/zh/spot");
/// assert!(doc.body.starts_with("Spot instance prices fell") && !doc.body.contains("Home"));
/// # Ok::<(), String>(())
/// ```
pub fn parse_html(bytes: &[u8], id: Option<&str>) -> Result<Document, String> {
    let (text, _) = decode_html(bytes);
    let dom = Dom::from(text.as_str());
    let meta = Meta::of(&dom);
    let url = meta.url();
    let body = article_text(&text, url.as_deref()).unwrap_or_else(|| fallback_text(&dom));
    let title = meta.title();
    let paragraphs: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut paragraphs = article_lines(&paragraphs);
    // Readability keeps the headline when it sits inside the article.
    if paragraphs.first().is_some_and(|p| *p == title) {
        paragraphs.remove(0);
    }
    let body = paragraphs.join("\n\n");
    if title.is_empty() && body.is_empty() {
        return Err("no title or article text found in the page".into());
    }
    let id = match id {
        Some(id) => id.to_string(),
        None => url
            .clone()
            .ok_or("the page names no URL (canonical link or og:url) to use as its id")?,
    };
    let lang = languages(meta.declared_lang().as_deref(), &title, &body);
    let own_lang = lang.first().cloned();
    let doc = Document {
        id,
        source: meta.site_name(),
        published: meta.published(),
        tags: meta.tags(),
        translations: meta.translations(url.as_deref(), own_lang.as_deref()),
        url,
        lang,
        title,
        body,
        ..Document::default()
    };
    doc.validate().map_err(|e| e.to_string())?;
    Ok(doc)
}

/// The text of an HTML fragment (a feed item's content), one block a line:
/// paragraphs, list items and headings apart, scripts and styles dropped.
///
/// ```
/// use search_core::ingest::html::fragment_text;
/// assert_eq!(fragment_text("<p>One &amp; two.</p><ul><li>three</li><li>four</li></ul><script>x()</script>"), "One & two.\n\nthree\n\nfour");
/// ```
pub fn fragment_text(html: &str) -> String {
    let dom = Dom::fragment(html);
    dom.select("script, style, noscript, template").remove();
    let text = dom.formatted_text();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    article_lines(&lines).join("\n\n")
}

/// The article by Readability, one block a line; `None` when it finds none.
fn article_text(html: &str, url: Option<&str>) -> Option<String> {
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    // Readability wants an absolute http(s) URL or none.
    let url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let mut readability = Readability::new(html, url, Some(config.clone()))
        .or_else(|_| Readability::new(html, None, Some(config)))
        .ok()?;
    let article = readability.parse().ok()?;
    let text = article.text_content.to_string();
    (!text.trim().is_empty()).then_some(text)
}

/// The page's text without the parts that are never the article, for
/// pages Readability gives up on (too short, no clear article).
fn fallback_text(dom: &Dom) -> String {
    dom.select(
        "script, style, noscript, template, nav, header, footer, aside, form, button, iframe, svg, \
         [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true]",
    )
    .remove();
    dom.select("body").formatted_text().to_string()
}

/// A page's language: `<html lang>` (its primary subtag) when the text
/// agrees, else what the text says. Chinese is told by its script, so the
/// text decides whether a page is Chinese; between Latin-script languages
/// the page's own word beats a guess from the letters.
pub(crate) fn languages(declared: Option<&str>, title: &str, body: &str) -> Vec<String> {
    let mut text = String::with_capacity(title.len() + body.len() + 1);
    text.push_str(title);
    text.push('\n');
    text.push_str(body);
    let detected = detect_languages(&text);
    let Some(declared) = declared else {
        return detected;
    };
    if detected.is_empty() {
        return vec![declared.to_string()];
    }
    if declared == "zh" {
        return detected;
    }
    detected
        .into_iter()
        .map(|l| if l == "zh" { l } else { declared.to_string() })
        .fold(Vec::new(), |mut all, l| {
            if !all.contains(&l) {
                all.push(l);
            }
            all
        })
}

/// What the page says about itself.
struct Meta {
    /// `<meta property|name=... content=...>`, lower-cased keys, in order.
    tags: Vec<(String, String)>,
    json_ld: Vec<serde_json::Map<String, Value>>,
    html_lang: Option<String>,
    canonical: Option<String>,
    alternates: Vec<(String, String)>,
    doc_title: String,
    h1: String,
    time: Option<String>,
}

impl Meta {
    fn of(dom: &Dom) -> Meta {
        let mut tags = Vec::new();
        for node in dom.select("meta[content]").nodes() {
            let key = node
                .attr("property")
                .or_else(|| node.attr("name"))
                .or_else(|| node.attr("itemprop"));
            if let (Some(key), Some(content)) = (key, node.attr("content")) {
                let content = content.trim();
                if !content.is_empty() {
                    tags.push((key.trim().to_ascii_lowercase(), content.to_string()));
                }
            }
        }
        let mut json_ld = Vec::new();
        for node in dom.select(r#"script[type="application/ld+json"]"#).nodes() {
            if let Ok(value) = serde_json::from_str::<Value>(node.text().trim()) {
                collect_json_ld(value, &mut json_ld, 0);
            }
        }
        let mut alternates = Vec::new();
        for node in dom
            .select("link[hreflang][href], a[hreflang][href]")
            .nodes()
        {
            let rel = node.attr("rel").map(|r| r.to_ascii_lowercase());
            let is_link = node.node_name().is_some_and(|n| n.as_ref() == "link");
            if is_link && !rel.is_some_and(|r| r.split_whitespace().any(|r| r == "alternate")) {
                continue;
            }
            if let (Some(lang), Some(href)) = (node.attr("hreflang"), node.attr("href")) {
                alternates.push((lang.trim().to_string(), href.trim().to_string()));
            }
        }
        let scope = dom.select("article, main, [role=main]");
        let in_article = |selector: &str| {
            let inside = scope.select(selector).first();
            if inside.exists() {
                inside
            } else {
                dom.select(selector).first()
            }
        };
        Meta {
            tags,
            json_ld,
            html_lang: dom.select("html[lang]").attr("lang").map(|l| l.to_string()),
            canonical: dom
                .select(r#"link[rel~="canonical"][href]"#)
                .first()
                .attr("href")
                .map(|h| h.trim().to_string()),
            alternates,
            doc_title: dom.select("head title").first().text().trim().to_string(),
            h1: collapse(&in_article("h1").text()),
            time: in_article("time[datetime]")
                .attr("datetime")
                .map(|t| t.to_string()),
        }
    }

    fn meta(&self, key: &str) -> Option<&str> {
        self.tags
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn json_ld(&self, key: &str) -> Option<&Value> {
        self.json_ld.iter().find_map(|o| o.get(key))
    }

    fn json_ld_str(&self, key: &str) -> Option<String> {
        self.json_ld.iter().find_map(|o| match o.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::Object(m)) => m
                .get("@id")
                .or_else(|| m.get("url"))
                .and_then(Value::as_str)
                .map(str::to_string),
            _ => None,
        })
    }

    fn site_name(&self) -> Option<String> {
        self.meta("og:site_name")
            .map(str::to_string)
            .or_else(|| {
                self.json_ld("publisher")
                    .and_then(|p| p.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .or_else(|| self.meta("application-name").map(str::to_string))
    }

    fn title(&self) -> String {
        let site = self.site_name();
        let raw = self
            .meta("og:title")
            .or_else(|| self.meta("twitter:title"))
            .map(str::to_string)
            .or_else(|| self.json_ld_str("headline"))
            .or_else(|| (!self.doc_title.is_empty()).then(|| self.doc_title.clone()));
        match raw {
            // The page's own headline, when the title is it with decoration.
            Some(raw) if !self.h1.is_empty() && raw.contains(&self.h1) && size(&self.h1) >= 2.0 => {
                self.h1.clone()
            }
            Some(raw) => trim_site_name(&collapse(&raw), site.as_deref()),
            None => self.h1.clone(),
        }
    }

    fn published(&self) -> Option<String> {
        [
            self.meta("article:published_time").map(str::to_string),
            self.json_ld_str("datePublished"),
            self.time.clone(),
            self.meta("pubdate").map(str::to_string),
            self.meta("publishdate").map(str::to_string),
            self.meta("date").map(str::to_string),
            self.meta("dc.date").map(str::to_string),
        ]
        .into_iter()
        .flatten()
        .find_map(|d| metadata_date(&d))
    }

    fn url(&self) -> Option<String> {
        [
            self.canonical.clone(),
            self.meta("og:url").map(str::to_string),
            self.json_ld_str("url"),
            self.json_ld_str("mainEntityOfPage"),
        ]
        .into_iter()
        .flatten()
        .find(|u| is_absolute(u))
    }

    fn declared_lang(&self) -> Option<String> {
        self.html_lang
            .clone()
            .or_else(|| self.json_ld_str("inLanguage"))
            .or_else(|| self.meta("og:locale").map(str::to_string))
            .and_then(|l| primary_language(&l))
    }

    fn tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = self
            .tags
            .iter()
            .filter(|(k, _)| k == "article:tag")
            .map(|(_, v)| v.clone())
            .collect();
        if tags.is_empty() {
            if let Some(keywords) = self.meta("keywords").or_else(|| self.meta("news_keywords")) {
                tags = split_keywords(keywords);
            } else {
                match self.json_ld("keywords") {
                    Some(Value::String(s)) => tags = split_keywords(s),
                    Some(Value::Array(items)) => {
                        tags = items
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    }
                    _ => {}
                }
            }
        }
        let mut unique = Vec::with_capacity(tags.len());
        for tag in tags {
            let tag = tag.trim().to_string();
            if !tag.is_empty() && !unique.contains(&tag) {
                unique.push(tag);
            }
        }
        unique
    }

    /// Language → URL of the other versions, not the page itself.
    fn translations(
        &self,
        own_url: Option<&str>,
        own_lang: Option<&str>,
    ) -> BTreeMap<String, String> {
        let mut map = BTreeMap::new();
        for (lang, href) in &self.alternates {
            let Some(lang) = primary_language(lang) else {
                continue;
            };
            let Some(href) = absolute(href, own_url) else {
                continue;
            };
            if Some(lang.as_str()) == own_lang || Some(href.as_str()) == own_url {
                continue;
            }
            map.entry(lang).or_insert(href);
        }
        map
    }
}

/// Objects of a JSON-LD block that describe the page (articles and web
/// pages, also inside `@graph`).
fn collect_json_ld(value: Value, out: &mut Vec<serde_json::Map<String, Value>>, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => items
            .into_iter()
            .for_each(|v| collect_json_ld(v, out, depth + 1)),
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                collect_json_ld(graph, out, depth + 1);
            }
            let describes_page = match map.get("@type") {
                Some(Value::String(t)) => is_page_type(t),
                Some(Value::Array(types)) => {
                    types.iter().filter_map(Value::as_str).any(is_page_type)
                }
                _ => false,
            };
            if describes_page {
                // Articles first: their fields beat the WebPage's.
                let article = map
                    .get("@type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.contains("Article") || t == "BlogPosting" || t == "Report");
                if article {
                    out.insert(0, map);
                } else {
                    out.push(map);
                }
            }
        }
        _ => {}
    }
}

fn is_page_type(t: &str) -> bool {
    t.contains("Article") || matches!(t, "BlogPosting" | "Report" | "WebPage" | "ItemPage")
}

/// `zh-Hant-TW` → `zh`, `EN_us` → `en`; `x-default` and nonsense → none.
fn primary_language(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    ((2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase()))
        .then_some(primary)
}

fn split_keywords(text: &str) -> Vec<String> {
    text.split([',', '，', ';', '；', '、'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn is_absolute(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// `href` made absolute against the page's URL (enough for the links
/// hreflang gives: absolute, `//host/...` or `/path`).
fn absolute(href: &str, base: Option<&str>) -> Option<String> {
    if is_absolute(href) {
        return Some(href.to_string());
    }
    let base = base?;
    let (scheme, rest) = base.split_once("://")?;
    if let Some(host_path) = href.strip_prefix("//") {
        return Some(format!("{scheme}://{host_path}"));
    }
    let host = rest.split('/').next()?;
    href.starts_with('/')
        .then(|| format!("{scheme}://{host}{href}"))
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_languages() {
        assert_eq!(primary_language("zh-Hant-TW").as_deref(), Some("zh"));
        assert_eq!(primary_language("en_US").as_deref(), Some("en"));
        assert_eq!(primary_language("x-default"), None);
    }

    #[test]
    fn relative_alternates_are_resolved() {
        assert_eq!(
            absolute("/zh/a", Some("https://example.com/en/a")).as_deref(),
            Some("https://example.com/zh/a")
        );
        assert_eq!(absolute("zh/a", Some("https://example.com/en/a")), None);
        assert_eq!(absolute("/zh/a", None), None);
    }

    #[test]
    fn the_text_decides_whether_a_page_is_chinese() {
        assert_eq!(
            languages(
                Some("zh"),
                "Cloud prices",
                "Prices fell again this quarter."
            ),
            vec!["en"]
        );
        assert_eq!(
            languages(Some("en"), "云计算", "本季度云计算价格再次下降。"),
            vec!["zh"]
        );
        assert_eq!(
            languages(Some("de"), "Cloud", "Cloud prices fell again this quarter."),
            vec!["de"]
        );
        assert_eq!(languages(None, "", ""), Vec::<String>::new());
    }

    #[test]
    fn a_page_with_nothing_is_an_error() {
        assert!(parse_html(b"", Some("x")).is_err());
        assert!(parse_html(b"<html><body><nav>Home</nav></body></html>", Some("x")).is_err());
    }
}
