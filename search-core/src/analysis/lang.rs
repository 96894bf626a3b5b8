//! Language detection: Han script means Chinese; for Latin-script text,
//! whatlang (restricted to a few Latin-script languages, and only when there
//! is enough text to judge) tells English from the rest.

use std::sync::LazyLock;

use whatlang::{Detector, Lang};

use super::script::is_han;

/// Latin-script languages whatlang may choose between, with their ISO 639-1
/// codes. English is the default when the text is too short to judge.
const LATIN_LANGS: &[(Lang, &str)] = &[
    (Lang::Eng, "en"),
    (Lang::Fra, "fr"),
    (Lang::Deu, "de"),
    (Lang::Spa, "es"),
    (Lang::Ita, "it"),
    (Lang::Por, "pt"),
    (Lang::Nld, "nl"),
];

/// Fewer Latin letters than this and whatlang is not asked: short text is
/// taken as English (whatlang misjudges short questions).
const MIN_LETTERS_TO_JUDGE: usize = 60;

/// Bytes of a document's Latin-script text given to whatlang.
const LATIN_SAMPLE_BYTES: usize = 1024;

/// Share of a document's text a language needs to be listed among its
/// languages, so one Chinese name in an English article does not make it
/// bilingual.
const MIN_SHARE: f64 = 0.15;

static DETECTOR: LazyLock<Detector> =
    LazyLock::new(|| Detector::with_allowlist(LATIN_LANGS.iter().map(|(l, _)| *l).collect()));

/// Counts of the characters that decide a text's language.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ScriptCounts {
    /// Chinese characters.
    pub han: usize,
    /// Latin letters (ASCII or not).
    pub latin: usize,
}

impl ScriptCounts {
    /// Counts the Han characters and Latin letters of `text`.
    pub fn of(text: &str) -> Self {
        let mut counts = ScriptCounts::default();
        for c in text.chars() {
            if is_han(c) {
                counts.han += 1;
            } else if c.is_alphabetic() && (c.is_ascii() || (c as u32) < 0x0250) {
                counts.latin += 1;
            }
        }
        counts
    }

    /// Whether this text reads as Chinese: a Chinese character carries about
    /// as much as a three-letter English word, so Chinese wins when its
    /// characters, weighted so, outnumber the Latin letters.
    pub fn is_chinese(&self) -> bool {
        self.han > 0 && self.han * 3 >= self.latin
    }

    fn weight(&self) -> usize {
        self.han * 3 + self.latin
    }
}

/// Whether a piece of text (a paragraph, a query) reads as Chinese.
///
/// ```
/// use search_core::analysis::is_chinese_text;
/// assert!(is_chinese_text("AWS在中国的云计算业务"));
/// assert!(!is_chinese_text("Alibaba Cloud (阿里云) opened a new region in Bangkok."));
/// ```
pub fn is_chinese_text(text: &str) -> bool {
    ScriptCounts::of(text).is_chinese()
}

/// The languages of a document, as ISO 639-1 codes: `zh`, `en`, or another
/// Latin-script language when whatlang is sure. A bilingual article, with
/// paragraphs in both Chinese and a Latin-script language, gets both.
///
/// ```
/// use search_core::analysis::detect_languages;
/// assert_eq!(detect_languages("云计算市场持续增长"), vec!["zh"]);
/// assert_eq!(detect_languages("Cloud prices fell again this quarter."), vec!["en"]);
/// let bilingual = "Cloud prices fell again this quarter across the region.\n\n本季度云计算价格再次下降，整个地区都是如此。";
/// assert_eq!(detect_languages(bilingual), vec!["en", "zh"]);
/// ```
pub fn detect_languages(text: &str) -> Vec<String> {
    let mut zh_weight = 0usize;
    let mut latin_weight = 0usize;
    let mut latin_text = String::new();
    for paragraph in text.split('\n').filter(|p| !p.trim().is_empty()) {
        let counts = ScriptCounts::of(paragraph);
        if counts.is_chinese() {
            zh_weight += counts.weight();
        } else if counts.latin > 0 {
            latin_weight += counts.weight();
            // whatlang's cost grows with the text; a sample of this size
            // decides as well as the whole.
            if latin_text.len() < LATIN_SAMPLE_BYTES {
                let mut end = paragraph.len().min(LATIN_SAMPLE_BYTES - latin_text.len());
                while !paragraph.is_char_boundary(end) {
                    end -= 1;
                }
                latin_text.push_str(&paragraph[..end]);
                latin_text.push('\n');
            }
        }
    }
    let total = (zh_weight + latin_weight).max(1) as f64;
    let mut langs = Vec::with_capacity(2);
    if latin_weight > 0 && (zh_weight == 0 || latin_weight as f64 / total >= MIN_SHARE) {
        langs.push(latin_language(&latin_text).to_string());
    }
    if zh_weight > 0 && (latin_weight == 0 || zh_weight as f64 / total >= MIN_SHARE) {
        langs.push("zh".to_string());
    }
    langs
}

/// English unless whatlang, given enough letters, is sure of another
/// supported Latin-script language.
fn latin_language(text: &str) -> &'static str {
    if ScriptCounts::of(text).latin < MIN_LETTERS_TO_JUDGE {
        return "en";
    }
    match DETECTOR.detect(text) {
        Some(info) if info.is_reliable() => LATIN_LANGS
            .iter()
            .find(|(l, _)| *l == info.lang())
            .map(|(_, code)| *code)
            .unwrap_or("en"),
        _ => "en",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_document_languages() {
        for (text, expected) in [
            ("AWS在中国的云计算业务持续扩张", vec!["zh"]),
            ("雲端運算市場", vec!["zh"]),
            ("Short", vec!["en"]),
            (
                "Le marché du cloud continue de croître en Europe, selon les analystes du secteur qui suivent les fournisseurs.",
                vec!["fr"],
            ),
            ("", vec![]),
            ("🙂 !!!", vec![]),
        ] {
            assert_eq!(detect_languages(text), expected, "detecting {text:?}");
        }
    }

    #[test]
    fn a_latin_heavy_chinese_paragraph_stays_chinese() {
        assert!(is_chinese_text(
            "Kubernetes 和 Docker 让 DevOps 团队在 AWS、Azure 与 GCP 之间迁移工作负载"
        ));
    }
}
