//! Snippets: the best passage of a text for a query, with the byte ranges of
//! the matched terms ([`Highlighted`]); HTML (`<mark>`…`</mark>` in escaped
//! text) is one rendering of them.
//!
//! Matches are found by analysing the text with the same analyzer as the
//! index, so highlights wrap exactly the characters the user sees
//! (traditional or full-width included). In a bilingual article the passage
//! comes from a paragraph in the query's language when one matches.

use std::collections::HashSet;
use std::ops::Range;

use rustc_hash::FxHashSet;

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

/// What to highlight in a text: analysed terms wherever they occur, and
/// runs of terms (the words of an unspaced Chinese query such as 云计算,
/// which jieba cuts into 云 and 计算) only where they stand together.
///
/// ```
/// use search_core::analysis::Analyzer;
/// use search_core::snippet::{highlight, Marks};
/// let marks = Marks { phrases: vec![vec!["云".into(), "计算".into()]], ..Marks::default() };
/// let title = highlight("阿里云的云计算", &Analyzer::default(), &marks);
/// assert_eq!(title.marked().collect::<Vec<_>>(), ["云计算"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    /// Terms marked wherever they occur.
    pub terms: FxHashSet<String>,
    /// Runs of terms marked where they occur at consecutive positions.
    pub phrases: Vec<Vec<String>>,
}

impl Marks {
    /// Marks for these terms, and no phrases.
    ///
    /// ```
    /// use search_core::snippet::Marks;
    /// assert!(Marks::terms(["cloud"]).terms.contains("cloud"));
    /// ```
    pub fn terms<I: IntoIterator<Item = S>, S: Into<String>>(terms: I) -> Self {
        Marks {
            terms: terms.into_iter().map(Into::into).collect(),
            phrases: Vec::new(),
        }
    }

    /// Whether nothing is to be marked.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.phrases.is_empty()
    }

    /// Adds the terms and phrases of `other`.
    pub fn extend(&mut self, other: &Marks) {
        self.terms.extend(other.terms.iter().cloned());
        for phrase in &other.phrases {
            if !self.phrases.contains(phrase) {
                self.phrases.push(phrase.clone());
            }
        }
    }
}

/// Byte ranges of the tokens of `text` that `marks` asks for, sorted and
/// merged where they overlap.
pub fn matched_spans(text: &str, analyzer: &Analyzer, marks: &Marks) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = Vec::new();
    if marks.is_empty() {
        return spans;
    }
    // (position, text, byte range) of the tokens that could start or
    // continue a phrase.
    let mut tokens: Vec<(usize, String, Range<usize>)> = Vec::new();
    let in_phrase = |t: &str| marks.phrases.iter().any(|p| p.iter().any(|w| w == t));
    analyzer.for_each_token(text, |t, from, to, position, _| {
        if marks.terms.contains(t) {
            spans.push(from..to);
        }
        if in_phrase(t) {
            tokens.push((position, t.to_string(), from..to));
        }
    });
    for phrase in &marks.phrases {
        let Some((first, rest)) = phrase.split_first() else {
            continue;
        };
        for (position, t, range) in &tokens {
            if t != first {
                continue;
            }
            let mut end = range.end;
            let whole = rest.iter().enumerate().all(|(k, word)| {
                let next = tokens
                    .iter()
                    .find(|(p, t, _)| *p == position + k + 1 && t == word);
                if let Some((_, _, r)) = next {
                    end = end.max(r.end);
                }
                next.is_some()
            });
            if whole {
                spans.push(range.start..end);
            }
        }
    }
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

/// A passage of text and the byte ranges of it that matched the query: what
/// a hit shows of a field. HTML ([`Highlighted::to_html`], the server's JSON)
/// and a terminal are two renderings of the same ranges.
///
/// In JSON it is one string: with highlights, HTML-escaped text with
/// `<mark>`s around them; without (the request did not ask for
/// highlighting), the text as it is.
///
/// ```
/// use search_core::snippet::Highlighted;
/// let h = Highlighted { text: "AWS & 阿里云".into(), highlights: Some(vec![6..15]) };
/// assert_eq!(h.to_html(), "AWS &amp; <mark>阿里云</mark>");
/// assert_eq!(h.marked().collect::<Vec<_>>(), ["阿里云"]);
/// assert_eq!(serde_json::to_string(&h)?, r#""AWS &amp; <mark>阿里云</mark>""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Highlighted {
    /// The text: the whole field, or a passage of it with `…` where it was
    /// cut.
    pub text: String,
    /// Byte ranges of `text` that matched, sorted and apart; `None` when
    /// highlighting was not asked for.
    pub highlights: Option<Vec<Range<usize>>>,
}

impl Highlighted {
    /// Text shown as it is, without highlighting.
    ///
    /// ```
    /// use search_core::snippet::Highlighted;
    /// assert_eq!(Highlighted::plain("a < b").to_html(), "a &lt; b");
    /// ```
    pub fn plain(text: impl Into<String>) -> Self {
        Highlighted {
            text: text.into(),
            highlights: None,
        }
    }

    /// The highlighted ranges (none without highlighting).
    pub fn ranges(&self) -> &[Range<usize>] {
        self.highlights.as_deref().unwrap_or_default()
    }

    /// The highlighted pieces of the text, in order.
    pub fn marked(&self) -> impl Iterator<Item = &str> {
        self.ranges()
            .iter()
            .filter_map(|r| self.text.get(r.clone()))
    }

    /// Renders the text with each highlight between `open` and `close`;
    /// `escape` writes the plain parts (and the highlighted text) to the
    /// output.
    ///
    /// ```
    /// use search_core::snippet::Highlighted;
    /// let h = Highlighted { text: "云计算市场".into(), highlights: Some(vec![0..9]) };
    /// assert_eq!(h.render("[", "]", |s, out| out.push_str(s)), "[云计算]市场");
    /// ```
    pub fn render(&self, open: &str, close: &str, escape: impl Fn(&str, &mut String)) -> String {
        let mut out = String::with_capacity(self.text.len() + 16 * self.ranges().len());
        let mut at = 0;
        for range in self.ranges() {
            let (Some(before), Some(marked)) =
                (self.text.get(at..range.start), self.text.get(range.clone()))
            else {
                continue;
            };
            escape(before, &mut out);
            out.push_str(open);
            escape(marked, &mut out);
            out.push_str(close);
            at = range.end;
        }
        escape(self.text.get(at..).unwrap_or_default(), &mut out);
        out
    }

    /// HTML: the text escaped, each highlight in `<mark>`…`</mark>`.
    pub fn to_html(&self) -> String {
        self.render("<mark>", "</mark>", escape_html)
    }

    /// Reads what [`Highlighted::to_html`] wrote: `<mark>`s become ranges
    /// and the five entities it writes are unescaped. Text without marks or
    /// entities reads back as itself.
    ///
    /// ```
    /// use search_core::snippet::Highlighted;
    /// let h = Highlighted::from_html("a &amp; <mark>b</mark>");
    /// assert_eq!((h.text.as_str(), h.ranges()), ("a & b", &[4..5][..]));
    /// ```
    pub fn from_html(html: &str) -> Self {
        let mut text = String::with_capacity(html.len());
        let mut highlights = Vec::new();
        let mut open = None;
        let mut rest = html;
        while let Some(c) = rest.chars().next() {
            let entity = [
                ("<mark>", None),
                ("</mark>", None),
                ("&lt;", Some('<')),
                ("&gt;", Some('>')),
                ("&amp;", Some('&')),
                ("&quot;", Some('"')),
                ("&#39;", Some('\'')),
            ]
            .into_iter()
            .find(|(name, _)| rest.starts_with(name));
            match entity {
                Some(("<mark>", _)) if open.is_none() => open = Some(text.len()),
                Some(("</mark>", _)) if open.is_some() => {
                    if let Some(start) = open.take() {
                        highlights.push(start..text.len());
                    }
                }
                Some((_, Some(c))) => text.push(c),
                _ => {
                    text.push(c);
                    rest = &rest[c.len_utf8()..];
                    continue;
                }
            }
            let skip = entity.map_or(c.len_utf8(), |(name, _)| name.len());
            rest = &rest[skip..];
        }
        Highlighted {
            text,
            highlights: Some(highlights),
        }
    }

    /// `text[window]` with the parts of `spans` inside it, `…` before and
    /// after where asked.
    fn cut(
        text: &str,
        window: Range<usize>,
        spans: &[Range<usize>],
        before: bool,
        after: bool,
    ) -> Self {
        const ELLIPSIS: &str = "…";
        let mut out = String::with_capacity(window.len() + 2 * ELLIPSIS.len());
        if before {
            out.push_str(ELLIPSIS);
        }
        let shift = out.len();
        let highlights = spans
            .iter()
            .map(|s| s.start.max(window.start)..s.end.min(window.end))
            .filter(|s| s.start < s.end)
            .map(|s| s.start - window.start + shift..s.end - window.start + shift)
            .collect();
        out.push_str(&text[window]);
        if after {
            out.push_str(ELLIPSIS);
        }
        Highlighted {
            text: out,
            highlights: Some(highlights),
        }
    }
}

/// The text alone, without its highlights.
impl std::fmt::Display for Highlighted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl serde::Serialize for Highlighted {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.highlights {
            Some(_) => serializer.serialize_str(&self.to_html()),
            None => serializer.serialize_str(&self.text),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Highlighted {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let html = String::deserialize(deserializer)?;
        Ok(Highlighted::from_html(&html))
    }
}

/// The whole of `text` with the query's terms marked (for titles).
///
/// ```
/// use search_core::analysis::Analyzer;
/// use search_core::snippet::{highlight, Marks};
/// let terms = Marks::terms(["cloud", "云端"]);
/// let title = highlight("Clouds & 雲端", &Analyzer::default(), &terms);
/// assert_eq!(title.marked().collect::<Vec<_>>(), ["Clouds", "雲端"]);
/// assert_eq!(title.to_html(), "<mark>Clouds</mark> &amp; <mark>雲端</mark>");
/// ```
pub fn highlight(text: &str, analyzer: &Analyzer, marks: &Marks) -> Highlighted {
    Highlighted {
        text: text.to_string(),
        highlights: Some(matched_spans(text, analyzer, marks)),
    }
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
/// with `…` where it was cut. `prefer_chinese` says the
/// query's language, to choose the paragraph of a bilingual article.
///
/// ```
/// use search_core::analysis::Analyzer;
/// use search_core::snippet::{snippet, Marks};
/// let body = "Cloud prices fell again this quarter.\n\n本季度云计算价格再次下降。";
/// let terms = Marks::terms(["计算", "price"]);
/// let zh = snippet(body, &Analyzer::default(), &terms, Some(true), 60);
/// assert_eq!(zh.to_html(), "本季度云<mark>计算</mark>价格再次下降。");
/// let en = snippet(body, &Analyzer::default(), &terms, Some(false), 60);
/// assert_eq!(en.to_html(), "Cloud <mark>prices</mark> fell again this quarter.");
/// ```
pub fn snippet(
    text: &str,
    analyzer: &Analyzer,
    marks: &Marks,
    prefer_chinese: Option<bool>,
    max_chars: usize,
) -> Highlighted {
    let text = scanned(text);
    let spans = matched_spans(text, analyzer, marks);
    let paras = paragraphs(text);
    if paras.is_empty() {
        return Highlighted {
            text: String::new(),
            highlights: Some(Vec::new()),
        };
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
    Highlighted::cut(text, start..end, &spans, start > para.start, end < para.end)
}

/// Case-insensitive key of a matched span, so "Cloud" and "cloud" count once.
fn analyzer_key(span: &str) -> String {
    span.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> Marks {
        Marks::terms(words.iter().copied())
    }

    #[test]
    fn marks_traditional_and_full_width_as_written() {
        let a = Analyzer::default();
        let html = highlight("ＡＷＳ的雲端運算<b>", &a, &terms(&["aw", "云端"])).to_html();
        assert_eq!(html, "<mark>ＡＷＳ</mark>的<mark>雲端</mark>運算&lt;b&gt;");
    }

    #[test]
    fn sub_word_matches_mark_only_the_sub_word() {
        let a = Analyzer::default();
        assert_eq!(
            highlight("清华大学", &a, &terms(&["清华"])).to_html(),
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
        let s = snippet(&body, &a, &terms(&["outag"]), Some(false), 80).to_html();
        assert!(s.contains("<mark>outage</mark>"), "{s}");
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.chars().count() < 120, "{s}");
    }

    #[test]
    fn no_match_gives_the_start() {
        let a = Analyzer::default();
        assert_eq!(
            snippet("Hello world.", &a, &terms(&["zzz"]), None, 50).to_html(),
            "Hello world."
        );
        assert_eq!(snippet("", &a, &terms(&["zzz"]), None, 50).text, "");
    }

    #[test]
    fn html_reads_back_as_the_same_ranges() {
        let a = Analyzer::default();
        let body = "A <b> & 'q' \"x\" cloud.\n\n云计算 &amp; 云";
        for prefer in [Some(true), Some(false), None] {
            let s = snippet(body, &a, &terms(&["cloud", "计算", "云"]), prefer, 40);
            assert_eq!(Highlighted::from_html(&s.to_html()), s, "{s:?}");
        }
    }
}
