//! Chinese word segmentation with jieba-rs, plus sub-words of each word so
//! that 计算 finds 云计算 and 清华 finds 清华大学: the dictionary words of two
//! and three characters inside a longer word, the single characters of
//! every word of two or more, and the character bigram across each boundary
//! between two words (low-weight fallbacks for words jieba cut differently
//! in the document and the query: with the words themselves, every bigram of
//! the run is then indexed, as Lucene's CJK analyzer does).

use std::sync::{Arc, LazyLock};

use jieba_rs::Jieba;

use crate::error::{Result, UserError};

/// jieba's default dictionary, loaded once per process (about 0.1 s, 30 MB).
static DEFAULT_JIEBA: LazyLock<Arc<Jieba>> = LazyLock::new(|| Arc::new(Jieba::new()));

/// The shared default segmenter.
pub fn default_jieba() -> Arc<Jieba> {
    Arc::clone(&DEFAULT_JIEBA)
}

/// Builds a segmenter with the default dictionary plus a user dictionary in
/// jieba's format: one `word [freq] [tag]` per line; blank lines and lines
/// starting with `#` are skipped.
pub fn jieba_with_user_dict(user_dict: &str, origin: &str) -> Result<Arc<Jieba>> {
    let mut jieba = Jieba::clone(&DEFAULT_JIEBA);
    for (i, line) in user_dict.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let Some(word) = parts.next() else { continue };
        let freq = match parts.next() {
            None => None,
            Some(f) => Some(f.parse::<usize>().map_err(|_| UserError::BadListFile {
                list: "user dictionary",
                origin: origin.to_string(),
                line: i + 1,
                reason: format!("frequency {f:?} is not a whole number"),
            })?),
        };
        let tag = parts.next();
        // Words are matched against normalised text, so store them normalised.
        let normalized = super::normalize::normalize(word).text;
        jieba.add_word(&normalized, freq, tag);
    }
    Ok(Arc::new(jieba))
}

/// One segmented piece of a Han run, as byte offsets into that run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Byte offset of the piece's start.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// A dictionary sub-word of the word before it in the sequence (it shares
    /// that word's position), rather than a word of the segmentation.
    pub sub_word: bool,
}

/// Segments a run of Han characters. Each word is followed by its sub-words:
/// its dictionary words of two and three characters (for words of three or
/// more), then its characters (for words of two or more), then the bigram of
/// its last character and the next word's first.
pub fn segment(jieba: &Jieba, run: &str, out: &mut Vec<Piece>) {
    let tokens = jieba.cut(run, true);
    for (i, token) in tokens.iter().enumerate() {
        out.push(Piece {
            start: token.byte_start,
            end: token.byte_end,
            sub_word: false,
        });
        let chars = token.end - token.start;
        if chars >= 3 {
            push_dictionary_sub_words(jieba, token.word, token.byte_start, chars, out);
        }
        if chars >= 2 {
            for (i, c) in token.word.char_indices() {
                out.push(Piece {
                    start: token.byte_start + i,
                    end: token.byte_start + i + c.len_utf8(),
                    sub_word: true,
                });
            }
        }
        // Native traditional text often segments differently in a question
        // and its answer (names jieba does not know, Taiwan usage): the
        // bigram across the cut still matches (drcd-test MRR@10 +0.013).
        if let (Some(last), Some(next)) = (token.word.chars().last(), tokens.get(i + 1)) {
            let first = next.word.chars().next().map_or(0, char::len_utf8);
            out.push(Piece {
                start: token.byte_end - last.len_utf8(),
                end: next.byte_start + first,
                sub_word: true,
            });
        }
    }
}

/// The dictionary words of two and three characters inside `word`.
fn push_dictionary_sub_words(
    jieba: &Jieba,
    word: &str,
    offset: usize,
    chars: usize,
    out: &mut Vec<Piece>,
) {
    // Byte offsets of each character boundary in the word.
    let bounds: Vec<usize> = word
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(word.len()))
        .collect();
    for len in 2..chars.min(4) {
        for i in 0..=chars - len {
            let gram = &word[bounds[i]..bounds[i + len]];
            if jieba.has_word(gram) {
                out.push(Piece {
                    start: offset + bounds[i],
                    end: offset + bounds[i + len],
                    sub_word: true,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        segment(&DEFAULT_JIEBA, text, &mut out);
        out.iter()
            .map(|p| (text[p.start..p.end].to_string(), p.sub_word))
            .collect()
    }

    #[test]
    fn long_words_carry_their_sub_words() {
        let got = words("清华大学");
        assert_eq!(got[0], ("清华大学".to_string(), false));
        assert!(got.contains(&("清华".to_string(), true)));
        assert!(got.contains(&("大学".to_string(), true)));
    }

    #[test]
    fn word_boundaries_carry_their_bigram() {
        // jieba cuts 岛原 apart; the bigram across the cut is stacked on 岛.
        let row = |w: &str, sub| (w.to_string(), sub);
        assert_eq!(
            words("岛原之乱"),
            [
                row("岛", false),
                row("岛原", true),
                row("原之乱", false),
                row("原", true),
                row("之", true),
                row("乱", true),
            ]
        );
    }

    #[test]
    fn user_dictionary_adds_words() {
        let jieba = jieba_with_user_dict("阿里云 5000 nz\n# comment\n\n", "test").unwrap();
        let mut out = Vec::new();
        segment(&jieba, "阿里云发布新品", &mut out);
        assert_eq!(&"阿里云发布新品"[out[0].start..out[0].end], "阿里云");
    }

    #[test]
    fn bad_user_dictionary_line_names_the_line() {
        let err = jieba_with_user_dict("阿里云 5\n云计算 many\n", "dict.txt").unwrap_err();
        assert!(err.to_string().contains("dict.txt:2"), "{err}");
    }
}
