//! Text analysis: one pipeline for documents and queries alike.
//!
//! Text → [`normalize`] (full-width, case, diacritics, traditional→simplified,
//! with an offset map) → [`script`] runs → [`chinese`] segmentation with
//! dictionary sub-words, or [`english`] words with stop words and stemming →
//! [`Token`]s whose offsets point into the ORIGINAL text.
//!
//! Sub-words of long Chinese words are stacked on their word's position (as
//! synonyms are), so a query for 计算 finds 云计算 while phrase queries,
//! built from the words alone, keep exact positions.

pub mod chinese;
pub mod english;
pub mod lang;
pub mod normalize;
pub mod script;
mod tokenizer;

use std::sync::Arc;

use jieba_rs::Jieba;

pub use english::{StopWords, DEFAULT_STOP_WORDS};
pub use lang::{detect_languages, is_chinese_text};
pub use script::is_han;
pub use tokenizer::TantivyAnalyzer;

use crate::error::Result;
use script::Script;

/// What kind of text a token came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A word of an alphabetic script (stemmed when English).
    Word,
    /// A number (digits only).
    Number,
    /// A Chinese word from jieba's segmentation.
    Han,
    /// A dictionary sub-word of a longer Chinese word, at that word's position.
    HanSubWord,
}

impl TokenKind {
    /// Whether this token is a word of the text rather than a stacked
    /// sub-word; phrase queries are built from these.
    pub fn is_word(self) -> bool {
        self != TokenKind::HanSubWord
    }
}

/// One analysed token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The indexed form: normalised, and stemmed for English words.
    pub text: String,
    /// Byte offset in the original text where the token starts.
    pub offset_from: usize,
    /// Byte offset in the original text one past the token's end.
    pub offset_to: usize,
    /// Position in words; stop words leave a gap, sub-words share their
    /// word's position.
    pub position: usize,
    /// What kind of token this is.
    pub kind: TokenKind,
}

/// How to build an [`Analyzer`].
#[derive(Debug, Clone, Default)]
pub struct AnalyzerConfig {
    /// A user dictionary in jieba's format (`word [freq] [tag]` per line),
    /// added to the default dictionary, and where it came from (for errors).
    pub user_dict: Option<(String, String)>,
    /// Replaces the default English stop words when set.
    pub stop_words: Option<Vec<String>>,
}

/// The analyzer: cheap to clone, `Send + Sync`, with its dictionary shared.
///
/// ```
/// use search_core::analysis::Analyzer;
/// let analyzer = Analyzer::default();
/// let text = "ＡＷＳ在雲端運算市場 is growing";
/// let tokens = analyzer.analyze(text);
/// let words: Vec<&str> = tokens.iter().filter(|t| t.kind.is_word()).map(|t| t.text.as_str()).collect();
/// // Snowball stems "aws" like a plural; queries are stemmed the same way.
/// assert_eq!(words, ["aw", "在", "云端", "运算", "市场", "grow"]);
/// // Offsets point into the original text, full-width and traditional included.
/// assert_eq!(&text[tokens[0].offset_from..tokens[0].offset_to], "ＡＷＳ");
/// ```
#[derive(Clone)]
pub struct Analyzer {
    jieba: Arc<Jieba>,
    stop_words: Arc<StopWords>,
    fingerprint: Arc<str>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("stop_words", &self.stop_words.len())
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            jieba: chinese::default_jieba(),
            stop_words: Arc::new(StopWords::default()),
            fingerprint: Arc::from(fingerprint(None, DEFAULT_STOP_WORDS.iter().copied())),
        }
    }
}

/// Version of the analysis pipeline; bump it whenever a change alters the
/// tokens produced for some text, so that old indexes are refused.
pub const ANALYZER_VERSION: u32 = 2;

impl Analyzer {
    /// Builds an analyzer from a configuration.
    ///
    /// ```
    /// use search_core::analysis::{Analyzer, AnalyzerConfig};
    /// let config = AnalyzerConfig {
    ///     user_dict: Some(("区块链云 100 n".into(), "inline".into())),
    ///     stop_words: Some(vec!["cloud".into()]),
    /// };
    /// let analyzer = Analyzer::new(&config)?;
    /// let texts: Vec<String> = analyzer.analyze("区块链云 cloud the").into_iter().map(|t| t.text).collect();
    /// assert_eq!(texts[0], "区块链云");
    /// assert!(texts.contains(&"the".to_string()));
    /// assert!(!texts.contains(&"cloud".to_string()));
    /// # Ok::<(), search_core::Error>(())
    /// ```
    pub fn new(config: &AnalyzerConfig) -> Result<Self> {
        let jieba = match &config.user_dict {
            Some((dict, origin)) => chinese::jieba_with_user_dict(dict, origin)?,
            None => chinese::default_jieba(),
        };
        let (stop_words, fp) = match &config.stop_words {
            Some(words) => (
                StopWords::new(words),
                fingerprint(
                    config.user_dict.as_ref().map(|(d, _)| d.as_str()),
                    words.iter().map(String::as_str),
                ),
            ),
            None => (
                StopWords::default(),
                fingerprint(
                    config.user_dict.as_ref().map(|(d, _)| d.as_str()),
                    DEFAULT_STOP_WORDS.iter().copied(),
                ),
            ),
        };
        Ok(Analyzer {
            jieba,
            stop_words: Arc::new(stop_words),
            fingerprint: Arc::from(fp),
        })
    }

    /// A short text that changes whenever this analyzer's output could:
    /// the pipeline version, the user dictionary and the stop words.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Analyses `text` into tokens.
    pub fn analyze(&self, text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        self.for_each_token(text, |t, from, to, position, kind| {
            tokens.push(Token {
                text: t.to_string(),
                offset_from: from,
                offset_to: to,
                position,
                kind,
            })
        });
        tokens
    }

    /// The words of `text` as indexed (no stacked sub-words): what phrase
    /// queries and synonym entries are made of.
    ///
    /// ```
    /// use search_core::analysis::Analyzer;
    /// assert_eq!(Analyzer::default().words("The 清华大学 campus"), ["清华大学", "campus"]);
    /// ```
    pub fn words(&self, text: &str) -> Vec<String> {
        let mut words = Vec::new();
        self.for_each_token(text, |t, _, _, _, kind| {
            if kind.is_word() {
                words.push(t.to_string());
            }
        });
        words
    }

    /// Calls `f(text, offset_from, offset_to, position, kind)` for every
    /// token of `text`, without allocating a token list.
    pub fn for_each_token<F>(&self, text: &str, mut f: F)
    where
        F: FnMut(&str, usize, usize, usize, TokenKind),
    {
        let normalized = normalize::normalize(text);
        let norm = normalized.text.as_str();
        let mut position = 0usize;
        let mut pieces = Vec::new();
        // Cursors into the offset map for token starts and ends.
        let (mut start_hint, mut end_hint) = (0, 0);
        for run in script::runs(norm) {
            let run_text = &norm[run.start..run.end];
            match run.script {
                Script::Han => {
                    pieces.clear();
                    chinese::segment(&self.jieba, run_text, &mut pieces);
                    let mut word_position = position;
                    for piece in &pieces {
                        if !piece.sub_word {
                            word_position = position;
                            position += 1;
                        }
                        let word = &run_text[piece.start..piece.end];
                        if !piece.sub_word && self.stop_words.contains_han(word) {
                            continue;
                        }
                        let kind = if piece.sub_word {
                            TokenKind::HanSubWord
                        } else {
                            TokenKind::Han
                        };
                        f(
                            word,
                            normalized.orig_start_from(run.start + piece.start, &mut start_hint),
                            normalized.orig_end_from(run.start + piece.end, &mut end_hint),
                            word_position,
                            kind,
                        );
                    }
                }
                Script::Word => {
                    let this_position = position;
                    position += 1;
                    if self.stop_words.contains(run_text) {
                        continue;
                    }
                    let kind = if run_text.bytes().all(|b| b.is_ascii_digit()) {
                        TokenKind::Number
                    } else {
                        TokenKind::Word
                    };
                    let from = normalized.orig_start_from(run.start, &mut start_hint);
                    let to = normalized.orig_end_from(run.end, &mut end_hint);
                    english::with_stem(run_text, |stemmed| {
                        f(stemmed, from, to, this_position, kind)
                    });
                }
            }
        }
    }
}

/// Hashes what makes one analyzer's output differ from another's (FNV-1a:
/// stable across builds and platforms, unlike `DefaultHasher`).
fn fingerprint<'a>(user_dict: Option<&str>, stop_words: impl Iterator<Item = &'a str>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    if let Some(dict) = user_dict {
        feed(dict.as_bytes());
    }
    feed(&[0xff]);
    let mut words: Vec<&str> = stop_words.collect();
    words.sort_unstable();
    for w in words {
        feed(w.as_bytes());
        feed(&[0]);
    }
    format!("v{ANALYZER_VERSION}-{hash:016x}")
}

#[cfg(test)]
mod tests;
