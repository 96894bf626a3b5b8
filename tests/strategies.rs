//! The matching strategies, checked against an oracle: for any query and
//! any strategy, every returned hit matches the query under that strategy,
//! the total is the number of such documents, and documents that match
//! every word rank above those that do not.

use std::collections::HashSet;

use proptest::prelude::*;
use search_core::analysis::Analyzer;
use search_core::{Document, Engine, EngineConfig, MatchingStrategy, SearchRequest};

/// Words of both languages; some are cut by jieba into several words (云计算,
/// 数据中心), some share characters or sub-words (计算, 预计, 云).
const VOCABULARY: &[&str] = &[
    "云计算",
    "计算",
    "预计",
    "云",
    "市场",
    "数据中心",
    "中心",
    "阿里云",
    "清华大学",
    "清华",
    "cloud",
    "computing",
    "market",
    "outage",
    "data",
    "centre",
    "singapore",
    "price",
];

fn engine(docs: &[String]) -> Engine {
    let config = EngineConfig {
        writer_threads: 1,
        writer_memory_per_thread: 15 << 20,
        // No synonyms: the oracle knows only words.
        synonyms: Some((String::new(), "none".into())),
        ..EngineConfig::default()
    };
    let engine = Engine::in_memory(config).unwrap();
    let docs: Vec<Document> = docs
        .iter()
        .enumerate()
        .map(|(i, body)| Document::new(i.to_string(), "", body.clone()))
        .collect();
    engine.add_documents(docs).unwrap();
    engine.commit().unwrap();
    engine
}

/// The analysed terms of a text: words and their stacked sub-words.
fn terms(analyzer: &Analyzer, text: &str) -> HashSet<String> {
    analyzer.analyze(text).into_iter().map(|t| t.text).collect()
}

/// The analysed words of each whitespace-separated clause of a query.
fn clauses(analyzer: &Analyzer, query: &str) -> Vec<Vec<String>> {
    query
        .split_whitespace()
        .map(|clause| analyzer.words(clause))
        .filter(|words| !words.is_empty())
        .collect()
}

/// What the oracle says a document matches: every clause, at least one
/// word of a clause, or any term of the query at all.
struct Matches {
    every: bool,
    some: bool,
    any: bool,
}

fn matches(
    analyzer: &Analyzer,
    doc: &str,
    query: &[Vec<String>],
    parts: &HashSet<String>,
) -> Matches {
    let have = terms(analyzer, doc);
    let clause_in_full = |words: &Vec<String>| words.iter().all(|w| have.contains(w));
    Matches {
        every: query.iter().all(clause_in_full),
        some: query.iter().flatten().any(|w| have.contains(w)),
        any: query.iter().flatten().any(|w| have.contains(w))
            || parts.iter().any(|p| have.contains(p)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn hits_match_the_strategy_and_total_counts_them(
        docs in prop::collection::vec(prop::collection::vec(prop::sample::select(VOCABULARY), 1..6), 1..12),
        query in prop::collection::vec(prop::sample::select(VOCABULARY), 1..4),
        strategy in prop::sample::select(vec![MatchingStrategy::All, MatchingStrategy::Relaxed, MatchingStrategy::Any]),
        limit in 1usize..6,
    ) {
        // Documents separate their words with punctuation, so jieba cannot
        // join neighbours into a word the oracle does not see.
        let docs: Vec<String> = docs.iter().map(|words| words.join("，")).collect();
        let query = query.join(" ");
        let engine = engine(&docs);
        let analyzer = engine.analyzer().clone();
        let clauses = clauses(&analyzer, &query);
        let parts: HashSet<String> = analyzer
            .analyze(&query)
            .into_iter()
            .filter(|t| !t.kind.is_word())
            .map(|t| t.text)
            .collect();
        let oracle: Vec<Matches> = docs.iter().map(|d| matches(&analyzer, d, &clauses, &parts)).collect();
        let every = oracle.iter().filter(|m| m.every).count();
        let some = oracle.iter().filter(|m| m.some).count();
        let any = oracle.iter().filter(|m| m.any).count();
        let expected_total = match strategy {
            MatchingStrategy::All => every,
            MatchingStrategy::Any => any,
            MatchingStrategy::Relaxed if every >= limit => every,
            MatchingStrategy::Relaxed if clauses.iter().flatten().count() >= 2 && some > 0 => some,
            MatchingStrategy::Relaxed if every > 0 => every,
            MatchingStrategy::Relaxed => any,
        };
        let mut request = SearchRequest::new(query.clone());
        request.matching_strategy = strategy;
        request.limit = limit;
        let response = engine.search(&request).unwrap();
        prop_assert_eq!(response.total, expected_total, "query {:?} over {:?}", query, docs);
        prop_assert_eq!(response.hits.len(), expected_total.min(limit));
        let mut seen_partial = false;
        for hit in &response.hits {
            let m = &oracle[hit.id.parse::<usize>().unwrap()];
            let allowed = match strategy {
                MatchingStrategy::All => m.every,
                MatchingStrategy::Any => m.any,
                MatchingStrategy::Relaxed => m.every || m.some || (every == 0 && some == 0 && m.any),
            };
            prop_assert!(allowed, "hit {} for {:?} over {:?}", hit.id, query, docs);
            // Documents matching every word come first.
            if strategy != MatchingStrategy::Any {
                if !m.every {
                    seen_partial = true;
                }
                prop_assert!(!(seen_partial && m.every), "{:?} ranks below a partial match", hit.id);
            }
        }
    }
}

#[test]
fn an_unspaced_compound_ranks_adjacent_words_first_and_never_marks_a_lone_character() {
    let engine = engine(&[
        "阿里云宣布新的计算服务".to_string(),
        "中国云计算市场增长迅速".to_string(),
        "预计明年市场回暖".to_string(),
    ]);
    let response = engine.search(&SearchRequest::new("云计算")).unwrap();
    let ids: Vec<&str> = response.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["1", "0"], "{response:?}");
    for hit in &response.hits {
        let snippet = hit.snippet.as_ref().unwrap();
        for marked in snippet.marked() {
            assert!(
                marked.chars().count() > 1,
                "lone character {marked:?} in {snippet:?}"
            );
        }
    }
}
