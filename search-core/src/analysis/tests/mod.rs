//! Table-driven analyzer tests: text → tokens with offsets, kinds, positions.

use proptest::prelude::*;

use super::*;

/// A token as a table row: (token text, original slice, kind).
type Row = (String, String, TokenKind);

/// The rows of every token of `text`.
fn rows(text: &str) -> Vec<Row> {
    Analyzer::default()
        .analyze(text)
        .into_iter()
        .map(|t| (t.text, text[t.offset_from..t.offset_to].to_string(), t.kind))
        .collect()
}

fn words(text: &str) -> Vec<String> {
    Analyzer::default()
        .analyze(text)
        .into_iter()
        .filter(|t| t.kind.is_word())
        .map(|t| t.text)
        .collect()
}

use TokenKind::{Han, HanSubWord as Sub, Number, Word};

fn r(text: &str, orig: &str, kind: TokenKind) -> Row {
    (text.to_string(), orig.to_string(), kind)
}

#[test]
fn token_table() {
    let table: Vec<(&str, Vec<Row>)> = vec![
        // English: lowercase, stop words dropped, stemmed.
        (
            "The Clouds are Running",
            vec![r("cloud", "Clouds", Word), r("run", "Running", Word)],
        ),
        // Possessive: the "s" piece is a stop word.
        (
            "NFL's defense",
            vec![r("nfl", "NFL", Word), r("defens", "defense", Word)],
        ),
        // English inside Chinese stays one word.
        (
            "AWS在中国",
            vec![
                r("aw", "AWS", Word),
                r("在", "在", Han),
                r("在中", "在中", Sub),
                r("中国", "中国", Han),
                r("中", "中", Sub),
                r("国", "国", Sub),
            ],
        ),
        // Full-width: normalised, offsets on the full-width characters.
        ("ＧＰＵ２０２６", vec![r("gpu2026", "ＧＰＵ２０２６", Word)]),
        (
            "２０２６年",
            vec![r("2026", "２０２６", Number), r("年", "年", Han)],
        ),
        // Traditional: converted before segmentation, offsets on the original.
        (
            "雲端運算",
            vec![
                r("云端", "雲端", Han),
                r("云", "雲", Sub),
                r("端", "端", Sub),
                r("端运", "端運", Sub),
                r("运算", "運算", Han),
                r("运", "運", Sub),
                r("算", "算", Sub),
            ],
        ),
        // The bigram across a cut jieba makes in native traditional text,
        // offsets on the original characters.
        (
            "島原之亂",
            vec![
                r("岛", "島", Han),
                r("岛原", "島原", Sub),
                r("原之乱", "原之亂", Han),
                r("原", "原", Sub),
                r("之", "之", Sub),
                r("乱", "亂", Sub),
            ],
        ),
        // Diacritics folded.
        ("Café", vec![r("cafe", "Café", Word)]),
        // Sub-words stacked after their word.
        (
            "清华大学",
            vec![
                r("清华大学", "清华大学", Han),
                r("清华", "清华", Sub),
                r("华大", "华大", Sub),
                r("大学", "大学", Sub),
                r("清", "清", Sub),
                r("华", "华", Sub),
                r("大", "大", Sub),
                r("学", "学", Sub),
            ],
        ),
        // Separators, emoji and control characters give nothing.
        ("🙂 \u{0}\t!!", vec![]),
    ];
    for (text, expected) in table {
        assert_eq!(rows(text), expected, "analysing {text:?}");
    }
}

#[test]
fn traditional_and_simplified_give_the_same_words() {
    assert_eq!(words("雲端運算資料中心"), words("云端运算资料中心"));
    assert_eq!(words("伺服器軟體"), words("伺服器软体"));
}

#[test]
fn sub_words_give_recall_inside_long_words() {
    let has = |text: &str, term: &str| {
        Analyzer::default()
            .analyze(text)
            .iter()
            .any(|t| t.text == term)
    };
    assert!(has("云计算", "计算"), "计算 in 云计算");
    assert!(has("清华大学", "清华"), "清华 in 清华大学");
    assert!(has("人工智能", "智能"), "智能 in 人工智能");
}

#[test]
fn positions_count_words_and_stack_sub_words() {
    let tokens = Analyzer::default().analyze("the 清华大学市场 grows");
    let pos: Vec<(&str, usize)> = tokens
        .iter()
        .map(|t| (t.text.as_str(), t.position))
        .collect();
    // "the" is a stop word but keeps its position slot.
    assert_eq!(pos.first(), Some(&("清华大学", 1)));
    assert!(pos.contains(&("清华", 1)), "{pos:?}");
    assert!(pos.contains(&("市场", 2)), "{pos:?}");
    assert!(pos.contains(&("grow", 3)), "{pos:?}");
}

#[test]
fn replaced_stop_words_apply() {
    let analyzer = Analyzer::new(&AnalyzerConfig {
        user_dict: None,
        stop_words: Some(vec!["的".into(), "cloud".into()]),
    })
    .unwrap();
    let texts: Vec<String> = analyzer
        .analyze("the cloud 的 服务")
        .into_iter()
        .map(|t| t.text)
        .collect();
    assert_eq!(texts, vec!["the", "服务", "服", "务"]);
}

#[test]
fn fingerprint_changes_with_configuration() {
    let default = Analyzer::default();
    let same = Analyzer::new(&AnalyzerConfig::default()).unwrap();
    assert_eq!(default.fingerprint(), same.fingerprint());
    let other = Analyzer::new(&AnalyzerConfig {
        user_dict: Some(("阿里云".into(), "inline".into())),
        stop_words: None,
    })
    .unwrap();
    assert_ne!(default.fingerprint(), other.fingerprint());
}

proptest! {
    #[test]
    fn analysis_never_panics_and_offsets_slice_the_original(text in "\\PC{0,80}") {
        let analyzer = Analyzer::default();
        let mut last_position = 0;
        for t in analyzer.analyze(&text) {
            prop_assert!(text.is_char_boundary(t.offset_from));
            prop_assert!(text.is_char_boundary(t.offset_to));
            prop_assert!(t.offset_from < t.offset_to && t.offset_to <= text.len());
            prop_assert!(!t.text.is_empty());
            prop_assert!(t.position >= last_position);
            last_position = t.position;
        }
    }

    #[test]
    fn mixed_scripts_keep_offsets_on_char_boundaries(
        parts in proptest::collection::vec(
            prop_oneof![
                "[a-zA-Z]{1,8}",
                "[０-９Ａ-Ｚ]{1,4}",
                "[\u{4e00}-\u{9fa5}]{1,6}",
                "[雲端運算資料軟體伺服器]{1,4}",
                "[àéüßæŒ]{1,3}",
                "[ ,.!?，。、🙂]{1,2}",
            ],
            0..12,
        )
    ) {
        let text: String = parts.concat();
        for t in Analyzer::default().analyze(&text) {
            prop_assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
            prop_assert!(t.offset_from < t.offset_to && t.offset_to <= text.len());
        }
    }

    #[test]
    fn ascii_text_analyses_like_the_english_pipeline(text in "[a-zA-Z0-9 ,.'-]{0,60}") {
        // ASCII-only text never reaches jieba: every token is a word or number
        // whose offsets slice a lowercase-equal source.
        for t in Analyzer::default().analyze(&text) {
            prop_assert!(matches!(t.kind, TokenKind::Word | TokenKind::Number));
            let source = text[t.offset_from..t.offset_to].to_ascii_lowercase();
            prop_assert!(source.starts_with(&t.text[..1]));
        }
    }
}
