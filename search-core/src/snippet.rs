//! Snippets: the best passage of a text for a query, with matched terms
//! wrapped in `<mark>`…`</mark>` and everything else HTML-escaped.
//!
//! Matches are found by analysing the text with the same analyzer as the
//! index, so highlights wrap exactly the characters the user sees
//! (traditional or full-width included). In a bilingual article the passage
//! comes from a paragraph in the query's language when one matches.

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::ops::Range;

use crate::analysis::{is_chinese_text, Analyzer};

/// Default snippet length, in characters.
pub const DEFAULT_SNIPPET_CHARS: usize = 160;

/// How much of a body is searched for the passage, in bytes: a match
/// beyond this in a very long body still finds the document, but its
/// snippet comes from the part read (the cost of a snippet is bounded).
pub const MAX_SCAN_BYTES: usize = 64 * 1024;

/// `text` cut to at most `MAX_SCAN_BYTES`, on a character boundary.
fn scanned(text: &str) -> &str {
    let mut end = text.len().min(MAX_SCAN_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Byte ranges of the tokens of `text` whose analysed form is in `terms`,
/// sorted and merged where they overlap.
pub fn matched_spans<S: BuildHasher>(
    text: &str,
    analyzer: &Analyzer,
    terms: &HashSet<String, S>,
) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = Vec::new();
    if terms.is_empty() {
        return spans;
    }
    analyzer.for_each_token(text, |t, from, to, _, _| {
        if terms.contains(t) {
            spans.push(from..to);
        }
    });
    spans.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// Escapes `text` for HTML.
pub fn escape_html(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Renders `text[window]` with `spans` marked, HTML-escaped.
fn render(text: &str, window: Range<usize>, spans: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(window.len() + 32);
    let mut at = window.start;
    for span in spans {
        let start = span.start.max(window.start);
        let end = span.end.min(window.end);
        if start >= end {
            continue;
        }
        escape_html(&text[at..start], &mut out);
        out.push_str("<mark>");
        escape_html(&text[start..end], &mut out);
        out.push_str("</mark>");
        at = end;
    }
    escape_html(&text[at..window.end], &mut out);
    out
}

/// The whole of `text` with the query's terms marked (for titles).
///
/// ```
/// use std::collections::HashSet;
/// use search_core::analysis::Analyzer;
/// use search_core::snippet::highlight;
/// let terms: HashSet<String> = ["cloud".to_string(), "云端".to_string()].into();
/// let html = highlight("Clouds & 雲端", &Analyzer::default(), &terms);
/// assert_eq!(html, "<mark>Clouds</mark> &amp; <mark>雲端</mark>");
/// ```
pub fn highlight<S: BuildHasher>(
    text: &str,
    analyzer: &Analyzer,
    terms: &HashSet<String, S>,
) -> String {
    let spans = matched_spans(text, analyzer, terms);
    render(text, 0..text.len(), &spans)
}

/// Paragraphs of `text` as byte ranges, without their surrounding blanks.
fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text
        .match_indices('\n')
        .chain(std::iter::once((text.len(), "")))
    {
        let piece = &text[start..i];
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            let lead = piece.len() - piece.trim_start().len();
            out.push(start + lead..start + lead + trimmed.len());
        }
        start = (i + 1).min(text.len());
    }
    out
}

/// Moves `at` back to a char boundary at most `max_chars` before it, stopping
/// early at a paragraph start or after a space/sentence end.
fn extend_left(text: &str, floor: usize, at: usize, max_chars: usize) -> usize {
    let mut start = at;
    for (n, (i, c)) in text[floor..at].char_indices().rev().enumerate() {
        if n >= max_chars {
            break;
        }
        if matches!(c, '。' | '！' | '？' | '.' | '!' | '?') && n > 0 {
            break;
        }
        start = floor + i;
    }
    // Do not cut a Latin word in half.
    if start > floor {
        if let Some(p) = text[start..at].find(char::is_whitespace) {
            if text[floor..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            {
                start += p + 1;
            }
        }
    }
    start.min(at)
}

/// The end of a window starting at `start` of at most `max_chars`, within `ceil`.
fn window_end(text: &str, start: usize, ceil: usize, max_chars: usize) -> usize {
    let mut end = ceil;
    if let Some((i, _)) = text[start..ceil].char_indices().nth(max_chars) {
        end = start + i;
        // Do not cut a Latin word in half.
        let cut = &text[start..end];
        if text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
        {
            if let Some(p) = cut.rfind(char::is_whitespace) {
                if p > cut.len() / 2 {
                    end = start + p;
                }
            }
        }
    }
    end
}

/// The best passage of `text` for the query terms, about `max_chars` long,
/// marked and escaped, with `…` where it was cut. `prefer_chinese` says the
/// query's language, to choose the paragraph of a bilingual article.
///
/// ```
/// use std::collections::HashSet;
/// use search_core::analysis::Analyzer;
/// use search_core::snippet::snippet;
/// let body = "Cloud prices fell again this quarter.\n\n本季度云计算价格再次下降。";
/// let terms: HashSet<String> = ["计算".to_string(), "price".to_string()].into();
/// let zh = snippet(body, &Analyzer::default(), &terms, Some(true), 60);
/// assert_eq!(zh, "本季度云<mark>计算</mark>价格再次下降。");
/// let en = snippet(body, &Analyzer::default(), &terms, Some(false), 60);
/// assert_eq!(en, "Cloud <mark>prices</mark> fell again this quarter.");
/// ```
pub fn snippet<S: BuildHasher>(
    text: &str,
    analyzer: &Analyzer,
    terms: &HashSet<String, S>,
    prefer_chinese: Option<bool>,
    max_chars: usize,
) -> String {
    let text = scanned(text);
    let spans = matched_spans(text, analyzer, terms);
    let paras = paragraphs(text);
    if paras.is_empty() {
        return String::new();
    }
    let in_language = |p: &Range<usize>| match prefer_chinese {
        Some(zh) => is_chinese_text(&text[p.clone()]) == zh,
        None => true,
    };
    // Candidate windows: one starting at each match, within its paragraph.
    let mut best: Option<(f32, usize, Range<usize>)> = None;
    for (pi, para) in paras.iter().enumerate() {
        let language_bonus = if in_language(para) { 100.0 } else { 0.0 };
        let in_para: Vec<&Range<usize>> = spans
            .iter()
            .filter(|s| s.start >= para.start && s.end <= para.end)
            .collect();
        for (k, first) in in_para.iter().enumerate() {
            let end = window_end(text, first.start, para.end, max_chars);
            let mut distinct = HashSet::new();
            let mut count = 0usize;
            for s in &in_para[k..] {
                if s.end > end {
                    break;
                }
                distinct.insert(analyzer_key(&text[(*s).clone()]));
                count += 1;
            }
            let score = language_bonus + distinct.len() as f32 * 10.0 + count as f32;
            if best.as_ref().is_none_or(|(b, _, _)| score > *b) {
                best = Some((score, pi, first.start..end));
            }
        }
    }
    let (para, window) = match best {
        Some((_, pi, w)) => (paras[pi].clone(), w),
        None => {
            // No match: the start of the first paragraph in the query's language.
            let para = paras
                .iter()
                .find(|p| in_language(p))
                .unwrap_or(&paras[0])
                .clone();
            let end = window_end(text, para.start, para.end, max_chars);
            (para.clone(), para.start..end)
        }
    };
    // Give the first match some context before it: the paragraph's start
    // when it fits, otherwise part of the budget left.
    let used = text[window.clone()].chars().count();
    let before = text[para.start..window.start].chars().count();
    let start = if used + before <= max_chars {
        para.start
    } else {
        let slack = max_chars.saturating_sub(used).min(max_chars / 3);
        extend_left(text, para.start, window.start, slack.max(1))
    };
    let end = window_end(text, start, para.end, max_chars).max(window.end.min(para.end));
    let mut out = String::new();
    if start > para.start {
        out.push('…');
    }
    out.push_str(&render(text, start..end, &spans));
    if end < para.end {
        out.push('…');
    }
    out
}

/// Case-insensitive key of a matched span, so "Cloud" and "cloud" count once.
fn analyzer_key(span: &str) -> String {
    span.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> HashSet<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn marks_traditional_and_full_width_as_written() {
        let a = Analyzer::default();
        let html = highlight("ＡＷＳ的雲端運算<b>", &a, &terms(&["aw", "云端"]));
        assert_eq!(html, "<mark>ＡＷＳ</mark>的<mark>雲端</mark>運算&lt;b&gt;");
    }

    #[test]
    fn sub_word_matches_mark_only_the_sub_word() {
        let a = Analyzer::default();
        assert_eq!(
            highlight("清华大学", &a, &terms(&["清华"])),
            "<mark>清华</mark>大学"
        );
    }

    #[test]
    fn long_text_is_cut_around_the_match() {
        let a = Analyzer::default();
        let body = format!(
            "{} The outage hit Singapore. {}",
            "filler words here. ".repeat(20),
            "more text. ".repeat(20)
        );
        let s = snippet(&body, &a, &terms(&["outag"]), Some(false), 80);
        assert!(s.contains("<mark>outage</mark>"), "{s}");
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.chars().count() < 120, "{s}");
    }

    #[test]
    fn no_match_gives_the_start() {
        let a = Analyzer::default();
        assert_eq!(
            snippet("Hello world.", &a, &terms(&["zzz"]), None, 50),
            "Hello world."
        );
        assert_eq!(snippet("", &a, &terms(&["zzz"]), None, 50), "");
    }
}
