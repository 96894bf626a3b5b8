//! Cross-lingual search: an English query finds Chinese articles and a
//! Chinese query finds English ones, offline, with the CC-CEDICT dictionary.
//!
//! Each source-language word of the query is expanded with its translations
//! (Chinese words to the English stems of their definitions; English stems
//! to the Chinese words whose definitions hold them). The translations of one
//! word form a group whose weights sum to one, so a word with many
//! translations does not outweigh a word with one (structured query
//! translation). The original terms stay in the query, so numbers and Latin
//! names still match as written.

mod dictionary;

use std::sync::LazyLock;

pub use dictionary::{Dictionary, Translation};

use crate::analysis::{Token, TokenKind};

/// The bundled dictionary, read on first use (or by [`warm_up`]).
static DICTIONARY: LazyLock<Option<Dictionary>> = LazyLock::new(|| Dictionary::bundled().ok());

/// The bundled dictionary, or `None` if it could not be read.
pub fn dictionary() -> Option<&'static Dictionary> {
    DICTIONARY.as_ref()
}

/// Reads the dictionary now rather than on the first cross-lingual query.
pub fn warm_up() {
    LazyLock::force(&DICTIONARY);
}

/// Chinese function and question words: they carry the structure of a
/// question (什么, 多少, 哪个) rather than its topic, and their translations
/// ("what", "how many") would only add noise on the English side.
pub const CHINESE_STOP_WORDS: &[&str] = &[
    "的",
    "了",
    "是",
    "在",
    "和",
    "与",
    "及",
    "或",
    "也",
    "都",
    "而",
    "被",
    "把",
    "对",
    "从",
    "这",
    "那",
    "些",
    "个",
    "之",
    "其",
    "于",
    "以",
    "为",
    "等",
    "着",
    "过",
    "吗",
    "呢",
    "吧",
    "啊",
    "呀",
    "么",
    "什么",
    "哪",
    "哪个",
    "哪些",
    "哪里",
    "哪儿",
    "哪种",
    "哪位",
    "哪一",
    "哪年",
    "谁",
    "多少",
    "几",
    "几个",
    "怎么",
    "怎样",
    "如何",
    "为什么",
    "为何",
    "何时",
    "何地",
    "何",
    "是否",
    "有",
    "有没有",
    "什么样",
    "什么时候",
    "多久",
    "多长",
    "多大",
    "多远",
    "第几",
    "一个",
    "这个",
    "那个",
    "这些",
    "那些",
    "他",
    "她",
    "它",
    "他们",
    "她们",
    "它们",
    "我",
    "我们",
    "你",
    "你们",
    "自己",
    "该",
    "此",
    "所",
    "就",
    "还",
    "又",
    "再",
    "很",
    "最",
    "更",
    "已",
    "已经",
    "曾",
    "曾经",
    "将",
    "会",
    "能",
    "可以",
    "可",
    "要",
    "没有",
    "没",
    "不",
    "并",
    "且",
    "但",
    "但是",
    "因为",
    "所以",
    "如果",
    "虽然",
    "由",
    "向",
    "到",
    "给",
    "让",
    "使",
    "用",
    "通过",
    "根据",
    "关于",
    "叫",
    "称为",
    "被称为",
    "做",
    "得",
    "地",
    "上",
    "下",
    "中",
    "里",
    "后",
    "前",
    "时",
    "年",
];

/// Which way a group translates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A Chinese word to English stems.
    ToEnglish,
    /// An English stem to Chinese words.
    ToChinese,
}

/// The translations of one query term.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The query term (as analysed: a Chinese word, or an English stem).
    pub source: String,
    /// The query term as the user wrote it.
    pub written: String,
    /// Which way it was translated.
    pub direction: Direction,
    /// Its translations; their weights sum to one.
    pub translations: Vec<Translation>,
}

/// Translates the tokens of one query clause (as produced by the analyzer
/// from `text`). Chinese words missing from the dictionary fall back to their
/// dictionary sub-words, then to their characters.
///
/// ```
/// use search_core::analysis::Analyzer;
/// use search_core::crosslingual::{dictionary, translate};
/// let text = "cloud computing";
/// let tokens = Analyzer::default().analyze(text);
/// let groups = translate(dictionary().unwrap(), text, &tokens);
/// assert_eq!(groups.len(), 2);
/// assert!(groups[0].translations.iter().any(|t| t.text == "云"  || t.text.starts_with("云")));
/// ```
pub fn translate(dictionary: &Dictionary, text: &str, tokens: &[Token]) -> Vec<Group> {
    let mut groups = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        // The sub-words stacked after this word.
        let mut end = i + 1;
        while end < tokens.len() && tokens[end].kind == TokenKind::HanSubWord {
            end += 1;
        }
        let written = |t: &Token| {
            text.get(t.offset_from..t.offset_to)
                .unwrap_or(&t.text)
                .to_string()
        };
        match token.kind {
            TokenKind::Word => {
                let translations = dictionary.to_chinese(&token.text);
                if !translations.is_empty() {
                    groups.push(Group {
                        source: token.text.clone(),
                        written: written(token),
                        direction: Direction::ToChinese,
                        translations: translations.to_vec(),
                    });
                }
            }
            TokenKind::Han if !CHINESE_STOP_WORDS.contains(&token.text.as_str()) => {
                let subs = &tokens[i + 1..end];
                let whole = std::iter::once(token);
                let longer = subs.iter().filter(|t| t.text.chars().count() > 1);
                let chars = subs.iter().filter(|t| t.text.chars().count() == 1);
                // The word itself; failing that its sub-words; failing that its characters.
                for candidates in [whole.collect::<Vec<_>>(), longer.collect(), chars.collect()] {
                    let found: Vec<Group> = candidates
                        .into_iter()
                        .filter(|t| !CHINESE_STOP_WORDS.contains(&t.text.as_str()))
                        .filter_map(|t| {
                            let translations = dictionary.to_english(&t.text);
                            (!translations.is_empty()).then(|| Group {
                                source: t.text.clone(),
                                written: written(t),
                                direction: Direction::ToEnglish,
                                translations: translations.to_vec(),
                            })
                        })
                        .collect();
                    if !found.is_empty() {
                        groups.extend(found);
                        break;
                    }
                }
            }
            _ => {}
        }
        i = end;
    }
    groups
}
