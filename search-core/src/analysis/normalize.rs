//! Character normalisation with an offset map back to the original text.
//!
//! Every character is normalised on its own (full-width ASCII to half-width,
//! lowercase, Latin diacritics folded, traditional Han to simplified), so a
//! normalised byte range always maps back to whole characters of the original.
//! Runs of traditional Han are then re-converted as phrases by OpenCC when that
//! keeps the character count, which fixes the few characters whose simplified
//! form depends on the word (乾隆 vs 乾燥).

use std::sync::LazyLock;

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use unicode_normalization::char::decompose_canonical;

use super::script::is_han;

/// First and one-past-last code point of the dense traditional→simplified table.
const T2S_FIRST: u32 = 0x3400;
const T2S_END: u32 = 0xA000;

/// OpenCC's traditional-to-simplified converter, loaded once per process.
static OPENCC: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2s).ok());

/// Dense per-character table for U+3400..U+A000: 0 where the character is
/// already simplified (or has no single-character simplified form).
static T2S_TABLE: LazyLock<Vec<u32>> = LazyLock::new(|| {
    let mut table = vec![0u32; (T2S_END - T2S_FIRST) as usize];
    let Some(cc) = OPENCC.as_ref() else {
        return table;
    };
    let mut buf = [0u8; 4];
    for cp in T2S_FIRST..T2S_END {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        let converted = cc.convert(c.encode_utf8(&mut buf));
        let mut chars = converted.chars();
        if let (Some(s), None) = (chars.next(), chars.next()) {
            if s != c && s.len_utf8() == c.len_utf8() {
                table[(cp - T2S_FIRST) as usize] = s as u32;
            }
        }
    }
    table
});

/// Forces the lazily built conversion tables, so the first document or query
/// does not pay for them.
pub fn warm_up() {
    LazyLock::force(&T2S_TABLE);
}

/// The simplified form of one Han character, if it is traditional.
#[inline]
fn t2s_char(c: char) -> Option<char> {
    let cp = c as u32;
    if !(T2S_FIRST..T2S_END).contains(&cp) {
        return None;
    }
    match T2S_TABLE[(cp - T2S_FIRST) as usize] {
        0 => None,
        s => char::from_u32(s),
    }
}

/// A place where the normalised text and the original differ in byte length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Anchor {
    norm_start: u32,
    norm_end: u32,
    orig_start: u32,
    orig_end: u32,
}

/// Normalised text plus what is needed to map its byte offsets back to the
/// original text.
#[derive(Debug, Default, Clone)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    anchors: Vec<Anchor>,
    orig_len: usize,
}

impl Normalized {
    /// The number of anchors with `norm_start <= norm` (`strict`: `<`),
    /// searched forward from `hint` (tokens come mostly in order, so this is
    /// usually a step or two) and remembered there.
    fn anchors_before(&self, norm: u32, strict: bool, hint: &mut usize) -> usize {
        let before = |a: &Anchor| {
            if strict {
                a.norm_start < norm
            } else {
                a.norm_start <= norm
            }
        };
        let mut i = (*hint).min(self.anchors.len());
        if i > 0 && !before(&self.anchors[i - 1]) {
            i = self.anchors[..i].partition_point(before);
        } else {
            while i < self.anchors.len() && before(&self.anchors[i]) {
                i += 1;
            }
        }
        *hint = i;
        i
    }

    /// [`Normalized::orig_start`] for offsets that mostly increase, with a
    /// cursor kept by the caller.
    pub fn orig_start_from(&self, norm: usize, hint: &mut usize) -> usize {
        let i = self.anchors_before(norm as u32, false, hint);
        self.start_with(norm as u32, i)
    }

    /// [`Normalized::orig_end`] for offsets that mostly increase, with a
    /// cursor kept by the caller.
    pub fn orig_end_from(&self, norm: usize, hint: &mut usize) -> usize {
        let i = self.anchors_before(norm as u32, true, hint);
        self.end_with(norm as u32, i)
    }

    /// Maps a normalised byte offset where a token starts to the original text.
    pub fn orig_start(&self, norm: usize) -> usize {
        let norm = norm as u32;
        let i = self.anchors.partition_point(|a| a.norm_start <= norm);
        self.start_with(norm, i)
    }

    fn start_with(&self, norm: u32, i: usize) -> usize {
        if i == 0 {
            return norm as usize;
        }
        let a = self.anchors[i - 1];
        if norm < a.norm_end {
            a.orig_start as usize
        } else {
            (a.orig_end + (norm - a.norm_end)) as usize
        }
    }

    /// Maps a normalised byte offset where a token ends to the original text.
    pub fn orig_end(&self, norm: usize) -> usize {
        let norm = norm as u32;
        let i = self.anchors.partition_point(|a| a.norm_start < norm);
        self.end_with(norm, i)
    }

    fn end_with(&self, norm: u32, i: usize) -> usize {
        let orig = if i == 0 {
            norm
        } else {
            let a = self.anchors[i - 1];
            if norm <= a.norm_end {
                a.orig_end
            } else {
                a.orig_end + (norm - a.norm_end)
            }
        };
        (orig as usize).min(self.orig_len)
    }
}

/// Normalises `text` for analysis; see the module documentation.
pub fn normalize(text: &str) -> Normalized {
    let mut out = Normalized {
        text: String::with_capacity(text.len()),
        anchors: Vec::new(),
        orig_len: text.len(),
    };
    // Start (in the original and in the output) of the current Han run, and
    // whether it held a traditional character.
    let mut han_run: Option<(usize, usize)> = None;
    let mut han_run_traditional = false;
    for (orig_start, c) in text.char_indices() {
        let norm_start = out.text.len();
        if is_han(c) {
            if han_run.is_none() {
                han_run = Some((orig_start, norm_start));
                han_run_traditional = false;
            }
            match t2s_char(c) {
                Some(s) => {
                    han_run_traditional = true;
                    out.text.push(s);
                }
                None => out.text.push(c),
            }
        } else {
            if let Some((run_orig, run_norm)) = han_run.take() {
                if han_run_traditional {
                    reconvert_phrases(&text[run_orig..orig_start], &mut out.text, run_norm);
                }
            }
            push_normalized_char(c, &mut out.text);
        }
        let orig_len = c.len_utf8();
        let norm_len = out.text.len() - norm_start;
        // An anchor wherever byte offsets stop mapping one to one: a size
        // change, or one character becoming several of the same total size
        // (ß → ss).
        let reshaped = norm_len != orig_len
            || (orig_len > 1 && out.text[norm_start..].chars().nth(1).is_some());
        if reshaped {
            out.anchors.push(Anchor {
                norm_start: norm_start as u32,
                norm_end: out.text.len() as u32,
                orig_start: orig_start as u32,
                orig_end: (orig_start + orig_len) as u32,
            });
        }
    }
    if let Some((run_orig, run_norm)) = han_run {
        if han_run_traditional {
            reconvert_phrases(&text[run_orig..], &mut out.text, run_norm);
        }
    }
    out
}

/// Replaces the per-character conversion of a traditional Han run with
/// OpenCC's phrase-aware one when both agree character for character in size.
fn reconvert_phrases(orig_run: &str, out: &mut String, norm_start: usize) {
    let Some(cc) = OPENCC.as_ref() else { return };
    let phrase = cc.convert(orig_run);
    let current = &out[norm_start..];
    let same_shape = phrase.len() == current.len()
        && phrase.chars().count() == current.chars().count()
        && phrase
            .chars()
            .zip(current.chars())
            .all(|(a, b)| a.len_utf8() == b.len_utf8());
    if same_shape && phrase != current {
        out.truncate(norm_start);
        out.push_str(&phrase);
    }
}

/// Pushes the normalised form of one non-Han character.
#[inline]
fn push_normalized_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let cp = c as u32;
    // Full-width ASCII variants and the ideographic space.
    if (0xFF01..=0xFF5E).contains(&cp) {
        if let Some(h) = char::from_u32(cp - 0xFEE0) {
            out.push(h.to_ascii_lowercase());
            return;
        }
    }
    if cp == 0x3000 {
        out.push(' ');
        return;
    }
    for lower in c.to_lowercase() {
        push_folded(lower, out);
    }
}

/// Folds Latin diacritics and ligatures to plain ASCII letters.
#[inline]
fn push_folded(c: char, out: &mut String) {
    let cp = c as u32;
    let latin = (0xC0..=0x24F).contains(&cp) || (0x1E00..=0x1EFF).contains(&cp);
    if !latin {
        out.push(c);
        return;
    }
    match c {
        'ß' => out.push_str("ss"),
        'æ' => out.push_str("ae"),
        'œ' => out.push_str("oe"),
        'ø' => out.push('o'),
        'đ' | 'ð' => out.push('d'),
        'ł' => out.push('l'),
        'þ' => out.push_str("th"),
        'ı' => out.push('i'),
        _ => {
            let mut base = None;
            decompose_canonical(c, |d| {
                if base.is_none() {
                    base = Some(d);
                }
            });
            match base {
                Some(b) if b.is_ascii() => out.push(b),
                _ => out.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        let n = normalize(input);
        assert_eq!(n.text, expected, "normalising {input:?}");
    }

    #[test]
    fn normalises_each_kind_of_character() {
        for (input, expected) in [
            ("ＡＷＳ", "aws"),
            ("Hello World", "hello world"),
            ("Café Zürich", "cafe zurich"),
            ("Straße", "strasse"),
            ("雲端運算", "云端运算"),
            ("云计算", "云计算"),
            ("乾燥", "干燥"),
            ("ＧＰＵ伺服器", "gpu伺服器"),
            ("\u{3000}x", " x"),
            ("ÉCOLE", "ecole"),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn offsets_map_back_to_whole_characters() {
        let input = "ＡＷＳ在雲端 Café";
        let n = normalize(input);
        assert_eq!(n.text, "aws在云端 cafe");
        // "aws" -> "ＡＷＳ"
        assert_eq!(&input[n.orig_start(0)..n.orig_end(3)], "ＡＷＳ");
        // "云端" -> "雲端"
        let s = n.text.find("云端").unwrap();
        assert_eq!(
            &input[n.orig_start(s)..n.orig_end(s + "云端".len())],
            "雲端"
        );
        // "cafe" -> "Café"
        let s = n.text.find("cafe").unwrap();
        assert_eq!(&input[n.orig_start(s)..n.orig_end(s + 4)], "Café");
    }

    #[test]
    fn cursors_agree_with_binary_search_in_any_order() {
        let n = normalize("ＡＢ，云。ｃ  Straße，雲端！x");
        let mut offsets: Vec<usize> = (0..=n.text.len()).collect();
        // Forward, backward and jumping around.
        let mut order = offsets.clone();
        order.reverse();
        offsets.extend(order);
        offsets.extend([3, 0, 17, 5, 5, 30, 1]);
        let (mut hs, mut he) = (0, 0);
        for &o in offsets.iter().filter(|&&o| o <= n.text.len()) {
            assert_eq!(n.orig_start_from(o, &mut hs), n.orig_start(o), "start {o}");
            assert_eq!(n.orig_end_from(o, &mut he), n.orig_end(o), "end {o}");
        }
    }

    #[test]
    fn expansions_map_to_the_whole_source_character() {
        let input = "Straße";
        let n = normalize(input);
        assert_eq!(&input[n.orig_start(0)..n.orig_end(n.text.len())], "Straße");
        // An end inside an expansion snaps to the end of its source character.
        assert_eq!(n.orig_end(5), "Straß".len());
    }
}
