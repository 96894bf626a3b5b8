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

pub use dictionary::{Dictionary, DictionarySource, Translation};

use crate::analysis::{Token, TokenKind};

/// Translations searched per query term: the dictionary's best candidates
/// among those that occur in the index.
pub const MAX_TRANSLATIONS: usize = 6;

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

/// Irregular English verb forms and their base forms, whose definitions
/// CC-CEDICT gives ("won" is in no definition as "win", and stems to itself).
/// A form that is also a word of its own ("found", "left") keeps its own
/// translations too.
const IRREGULAR_FORMS: &str =
    "arose:arise arisen:arise awoke:awake was:be were:be been:be bore:bear \
born:bear beaten:beat became:become began:begin begun:begin bent:bend bound:bind bit:bite \
bitten:bite bled:bleed blew:blow blown:blow broke:break broken:break bred:breed brought:bring \
built:build burnt:burn bought:buy caught:catch chose:choose chosen:choose came:come crept:creep \
dealt:deal dug:dig did:do done:do drew:draw drawn:draw dreamt:dream drank:drink drunk:drink \
drove:drive driven:drive ate:eat eaten:eat fell:fall fallen:fall fed:feed felt:feel fought:fight \
found:find fled:flee flew:fly flown:fly forbade:forbid forgot:forget forgotten:forget \
forgave:forgive froze:freeze frozen:freeze got:get gotten:get gave:give given:give went:go \
gone:go grew:grow grown:grow hung:hang had:have heard:hear hid:hide hidden:hide held:hold \
kept:keep knelt:kneel knew:know known:know laid:lay led:lead leant:lean learnt:learn left:leave \
lent:lend lain:lie lit:light lost:lose made:make meant:mean met:meet paid:pay rode:ride \
ridden:ride rang:ring rung:ring rose:rise risen:rise ran:run said:say saw:see seen:see \
sought:seek sold:sell sent:send shook:shake shaken:shake shone:shine shot:shoot shown:show \
sang:sing sung:sing sank:sink sunk:sink sat:sit slept:sleep slid:slide spoke:speak \
spoken:speak spent:spend spun:spin sprang:spring stood:stand stole:steal stolen:steal \
stuck:stick stung:sting struck:strike swore:swear sworn:swear swept:sweep swam:swim \
swung:swing took:take taken:take taught:teach tore:tear torn:tear told:tell thought:think \
threw:throw thrown:throw understood:understand woke:wake woken:wake wore:wear worn:wear \
wept:weep won:win wound:wind wrote:write written:write men:man women:woman children:child \
people:person mice:mouse feet:foot teeth:tooth geese:goose better:good best:good worse:bad \
worst:bad";

/// The base form of an irregular English word, if it is one.
fn base_form(word: &str) -> Option<&'static str> {
    static FORMS: LazyLock<std::collections::HashMap<&'static str, &'static str>> =
        LazyLock::new(|| {
            IRREGULAR_FORMS
                .split_whitespace()
                .filter_map(|p| p.split_once(':'))
                .collect()
        });
    FORMS.get(word).copied()
}

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
    /// The index, in the tokens given to [`translate`], of the word this
    /// group translates (itself, or the word whose sub-words it is).
    pub word: usize,
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
/// use search_core::crosslingual::{translate, Dictionary};
/// let dictionary = Dictionary::parse("云 云 [yun2] /cloud/\n计算 计算 [ji4 suan4] /to count/to compute/computing/\n");
/// let text = "cloud computing";
/// let tokens = Analyzer::default().analyze(text);
/// let groups = translate(&dictionary, text, &tokens);
/// assert_eq!(groups.len(), 2);
/// assert_eq!(groups[0].translations[0].text, "云");
/// assert_eq!(groups[1].translations[0].text, "计算");
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
                let mut translations = dictionary.to_chinese(&token.text);
                let lower = written(token).to_lowercase();
                if let Some(base) = base_form(&lower) {
                    for t in dictionary.to_chinese(&crate::analysis::english::stem(base)) {
                        match translations.iter_mut().find(|c| c.text == t.text) {
                            Some(c) => c.weight = c.weight.max(t.weight),
                            None => translations.push(t),
                        }
                    }
                    translations.sort_by(|a, b| b.weight.total_cmp(&a.weight));
                }
                if !translations.is_empty() {
                    groups.push(Group {
                        word: i,
                        source: token.text.clone(),
                        written: written(token),
                        direction: Direction::ToChinese,
                        translations,
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
                                word: i,
                                source: t.text.clone(),
                                written: written(t),
                                direction: Direction::ToEnglish,
                                translations,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;

    fn groups(text: &str) -> Vec<Group> {
        let tokens = Analyzer::default().analyze(text);
        static BUNDLED: LazyLock<Dictionary> =
            LazyLock::new(|| Dictionary::bundled().expect("bundled dictionary"));
        translate(&BUNDLED, text, &tokens)
    }

    fn targets(group: &Group) -> Vec<&str> {
        group.translations.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn known_words_translate_both_ways() {
        let market = groups("market");
        assert_eq!(market.len(), 1);
        assert!(
            targets(&market[0]).contains(&"市场"),
            "{:?}",
            targets(&market[0])
        );
        let shichang = groups("市场");
        assert!(
            targets(&shichang[0]).contains(&"market"),
            "{:?}",
            targets(&shichang[0])
        );
        assert_eq!(shichang[0].direction, Direction::ToEnglish);
    }

    #[test]
    fn chinese_stop_words_and_numbers_are_not_translated() {
        let g = groups("什么 2019 市场");
        assert_eq!(g.len(), 1, "{g:?}");
        assert_eq!(g[0].source, "市场");
    }

    #[test]
    fn each_group_shares_one_unit_of_weight() {
        for g in groups("cloud computing market 计算 发现") {
            let total: f32 = g.translations.iter().map(|t| t.weight).sum();
            assert!((total - 1.0).abs() < 1e-4, "{} sums to {total}", g.source);
        }
    }

    #[test]
    fn irregular_forms_use_their_base_form() {
        let won = groups("won");
        assert!(
            targets(&won[0])
                .iter()
                .any(|t| t.contains('赢') || t.contains("胜")),
            "{:?}",
            targets(&won[0])
        );
    }

    #[test]
    fn unknown_chinese_words_fall_back_to_sub_words() {
        // jieba keeps 清华大学 whole; the dictionary may not, but its parts are.
        let g = groups("清华大学");
        assert!(!g.is_empty());
        assert!(g.iter().all(|g| g.direction == Direction::ToEnglish));
    }
}
