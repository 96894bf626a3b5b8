//! Script classification: which characters are Han, which form words, and
//! the runs of one script that the language tokenizers receive.

/// The script of a run of text, as far as analysis cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Chinese characters (CJK Unified Ideographs and their extensions).
    Han,
    /// Letters and digits of any other script: Latin words, numbers, and
    /// words in other alphabets, split on spaces and punctuation.
    Word,
}

/// Whether `c` is a Chinese character.
///
/// ```
/// use search_core::analysis::is_han;
/// assert!(is_han('云'));
/// assert!(is_han('雲'));
/// assert!(!is_han('a'));
/// assert!(!is_han('。'));
/// ```
#[inline]
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF      // CJK Unified Ideographs
        | 0x3400..=0x4DBF    // Extension A
        | 0xF900..=0xFAFF    // Compatibility Ideographs
        | 0x20000..=0x2FA1F  // Extensions B–F and compatibility supplement
        | 0x3007             // 〇
    )
}

/// The script of one character, or `None` for separators (spaces,
/// punctuation, symbols, emoji, control characters).
#[inline]
pub fn script_of(c: char) -> Option<Script> {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric().then_some(Script::Word);
    }
    if is_han(c) {
        Some(Script::Han)
    } else if c.is_alphanumeric() {
        Some(Script::Word)
    } else {
        None
    }
}

/// A maximal run of characters of one script, as byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// The run's script.
    pub script: Script,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
}

/// Iterates over the script runs of `text`, skipping separators. Apostrophes
/// and other punctuation split words ("nfl's" gives "nfl" and "s").
pub fn runs(text: &str) -> impl Iterator<Item = Run> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, script) = loop {
            let (i, c) = chars.next()?;
            if let Some(s) = script_of(c) {
                break (i, s);
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if script_of(c) != Some(script) {
                end = i;
                break;
            }
            chars.next();
        }
        Some(Run { script, start, end })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_mixed_text_into_runs() {
        let text = "aws在中国的cloud, 2026年!";
        let got: Vec<(&str, Script)> = runs(text)
            .map(|r| (&text[r.start..r.end], r.script))
            .collect();
        assert_eq!(
            got,
            vec![
                ("aws", Script::Word),
                ("在中国的", Script::Han),
                ("cloud", Script::Word),
                ("2026", Script::Word),
                ("年", Script::Han),
            ]
        );
    }

    #[test]
    fn separators_and_emoji_make_no_runs() {
        assert_eq!(runs(" ,.!? 🙂 \u{0} \t").count(), 0);
    }
}
