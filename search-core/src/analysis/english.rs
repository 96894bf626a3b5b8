//! Words of Latin and other alphabetic scripts: stop words and the Snowball
//! English stemmer.

use std::cell::RefCell;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};

/// The default English stop words: the widely used NLTK English list (it
/// includes the question words, what/which/who/how/did, that carry little in
/// a query), plus the pieces apostrophes leave ("nfl's" → "nfl", "s").
pub const DEFAULT_STOP_WORDS: &[&str] = &[
    "i",
    "me",
    "my",
    "myself",
    "we",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "what",
    "which",
    "who",
    "whom",
    "this",
    "that",
    "these",
    "those",
    "am",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "have",
    "has",
    "had",
    "having",
    "do",
    "does",
    "did",
    "doing",
    "a",
    "an",
    "the",
    "and",
    "but",
    "if",
    "or",
    "because",
    "as",
    "until",
    "while",
    "of",
    "at",
    "by",
    "for",
    "with",
    "about",
    "against",
    "between",
    "into",
    "through",
    "during",
    "before",
    "after",
    "above",
    "below",
    "to",
    "from",
    "up",
    "down",
    "in",
    "out",
    "on",
    "off",
    "over",
    "under",
    "again",
    "further",
    "then",
    "once",
    "here",
    "there",
    "when",
    "where",
    "why",
    "how",
    "all",
    "any",
    "both",
    "each",
    "few",
    "more",
    "most",
    "other",
    "some",
    "such",
    "no",
    "nor",
    "not",
    "only",
    "own",
    "same",
    "so",
    "than",
    "too",
    "very",
    "s",
    "t",
    "can",
    "will",
    "just",
    "don",
    "should",
    "now",
];

/// The set of stop words, compared against normalised (lowercased) words.
#[derive(Debug, Clone)]
pub struct StopWords {
    words: FxHashSet<String>,
    /// Whether any stop word is Chinese: when none is, Chinese words need no
    /// lookup at all.
    has_han: bool,
}

impl StopWords {
    /// Builds a stop-word set from words, normalising each.
    pub fn new<I, S>(words: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let words: FxHashSet<String> = words
            .into_iter()
            .map(|w| super::normalize::normalize(w.as_ref().trim()).text)
            .filter(|w| !w.is_empty())
            .collect();
        let has_han = words.iter().any(|w| w.chars().any(super::is_han));
        StopWords { words, has_han }
    }

    /// Whether a normalised word is a stop word.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Whether a normalised Chinese word is a stop word.
    #[inline]
    pub fn contains_han(&self, word: &str) -> bool {
        self.has_han && self.words.contains(word)
    }

    /// The number of stop words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

impl Default for StopWords {
    fn default() -> Self {
        StopWords::new(DEFAULT_STOP_WORDS)
    }
}

/// Stems a normalised word with the Snowball English stemmer. Only purely
/// alphabetic ASCII words are stemmed: numbers, codes such as `x86` and words
/// of other scripts are kept as they are.
///
/// ```
/// use search_core::analysis::english::stem;
/// assert_eq!(stem("computing"), "comput");
/// assert_eq!(stem("x86"), "x86");
/// ```
pub fn stem(word: &str) -> String {
    with_stem(word, str::to_string)
}

/// Calls `f` with the stem of `word` (see [`stem`]) without allocating
/// when the stem is cached.
pub fn with_stem<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    /// Stems remembered per thread: text repeats its words, and stemming
    /// took a fifth of indexing time without this. Small, because a server
    /// has many threads: the most frequent words cover most tokens.
    const CACHE_LIMIT: usize = 8_192;
    thread_local! {
        static STEMMER: Stemmer = Stemmer::create(Algorithm::English);
        static CACHE: RefCell<FxHashMap<String, String>> = RefCell::new(FxHashMap::default());
    }
    if word.len() <= 2 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return f(word);
    }
    CACHE.with(|cache| {
        let Ok(mut cache) = cache.try_borrow_mut() else {
            // Re-entered from inside `f`: stem without the cache.
            return f(&STEMMER.with(|s| s.stem(word).into_owned()));
        };
        if !cache.contains_key(word) {
            if cache.len() >= CACHE_LIMIT {
                cache.clear();
            }
            let stemmed = STEMMER.with(|s| s.stem(word).into_owned());
            cache.insert(word.to_string(), stemmed);
        }
        match cache.get(word) {
            Some(stemmed) => f(stemmed),
            None => f(word),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_english_words_only() {
        for (word, expected) in [
            ("computing", "comput"),
            ("clouds", "cloud"),
            ("running", "run"),
            ("x86", "x86"),
            ("2026", "2026"),
            ("go", "go"),
        ] {
            assert_eq!(stem(word), expected, "stemming {word}");
        }
    }

    #[test]
    fn stop_words_are_normalised() {
        let stop = StopWords::new(["The", "ＡＮＤ"]);
        assert!(stop.contains("the"));
        assert!(stop.contains("and"));
        assert!(!stop.contains("cloud"));
    }
}
