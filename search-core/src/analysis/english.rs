//! Words of Latin and other alphabetic scripts: stop words and the Snowball
//! English stemmer.

use std::collections::HashSet;

use rust_stemmers::{Algorithm, Stemmer};

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
pub struct StopWords(HashSet<String>);

impl StopWords {
    /// Builds a stop-word set from words, normalising each.
    pub fn new<I, S>(words: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        StopWords(
            words
                .into_iter()
                .map(|w| super::normalize::normalize(w.as_ref().trim()).text)
                .filter(|w| !w.is_empty())
                .collect(),
        )
    }

    /// Whether a normalised word is a stop word.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }

    /// The number of stop words.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
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
pub fn stem(word: &str) -> std::borrow::Cow<'_, str> {
    thread_local! {
        static STEMMER: Stemmer = Stemmer::create(Algorithm::English);
    }
    if word.len() > 2 && word.bytes().all(|b| b.is_ascii_lowercase()) {
        let stemmed = STEMMER.with(|s| s.stem(word).into_owned());
        std::borrow::Cow::Owned(stemmed)
    } else {
        std::borrow::Cow::Borrowed(word)
    }
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
