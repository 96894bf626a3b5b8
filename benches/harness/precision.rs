//! `precision`: keyword queries as people type them into a news search box,
//! one to two words, built from the collection with a fixed seed, and
//! judged by what the words say: a paragraph is relevant when it holds
//! every query word as written.
//!
//! - `zh1`: one Chinese dictionary word (a jieba word of 2+ characters)
//!   found in 2 to 40 paragraphs;
//! - `zh2`: two such words found together in 1 to 20 paragraphs;
//! - `en2`: two English words of 5+ letters found together in 1 to 20
//!   paragraphs.
//!
//! For each matching strategy: precision at k = min(10, relevant), the
//! share of highlighted spans that are one lone Han character, and `total`
//! over the relevant count.

use std::collections::{BTreeSet, HashMap, HashSet};

use search_core::analysis::TokenKind;
use search_core::{Document, Engine, EngineConfig, MatchingStrategy, SearchRequest};
use test_kit::data;

use crate::report::{Cell, Report, Table};

/// Options of the `precision` mode.
#[derive(clap::Args, Debug)]
pub struct PrecisionArgs {
    /// Queries built per set.
    #[arg(long, default_value_t = 300)]
    queries: usize,
    /// Seed of the query sets.
    #[arg(long, default_value_t = 20261201)]
    seed: u64,
    /// Fail when a figure of the default strategy is out of bounds
    /// (repeatable): `SET/p=MIN` for precision at k, `SET/lone=MAX` for
    /// the lone-character highlight share, `SET/total=MAX` for total over
    /// relevant; SET is zh1, zh2 or en2.
    #[arg(long, value_name = "KEY=LIMIT", value_parser = parse_gate)]
    gate: Vec<(String, String, f64)>,
}

fn parse_gate(v: &str) -> Result<(String, String, f64), String> {
    let (key, limit) = v
        .split_once('=')
        .ok_or(format!("{v}: expected SET/METRIC=LIMIT"))?;
    let (set, metric) = key
        .split_once('/')
        .ok_or(format!("{v}: expected SET/METRIC"))?;
    if !SETS.contains(&set) || !["p", "lone", "total"].contains(&metric) {
        return Err(format!(
            "{v}: SET is one of {SETS:?}, METRIC one of p, lone, total"
        ));
    }
    let limit = limit
        .parse()
        .map_err(|_| format!("{v}: {limit} is not a number"))?;
    Ok((set.to_string(), metric.to_string(), limit))
}

const SETS: &[&str] = &["zh1", "zh2", "en2"];
const K: usize = 10;

/// A query and the paragraphs that hold all its words.
struct Keyword {
    text: String,
    lang: &'static str,
    relevant: HashSet<String>,
}

/// A small deterministic generator (xorshift), so the sets are the same on
/// every machine.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// The text a paragraph is judged on: its title and body, lowercased.
fn text(doc: &Document) -> String {
    format!("{}\n{}", doc.title, doc.body).to_lowercase()
}

/// Whole English words of 5+ letters.
fn english_words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 5)
        .map(str::to_string)
        .collect()
}

/// Chinese dictionary words of 2+ characters, as the analyzer cuts them.
fn chinese_words(engine: &Engine, text: &str) -> BTreeSet<String> {
    engine
        .analyzer()
        .analyze(text)
        .into_iter()
        .filter(|t| t.kind == TokenKind::Han && t.text.chars().count() >= 2)
        .map(|t| t.text)
        .collect()
}

/// The query sets, from the collection's paragraphs.
fn keyword_sets(
    engine: &Engine,
    docs: &[Document],
    args: &PrecisionArgs,
) -> Vec<(&'static str, Vec<Keyword>)> {
    let mut rng = Rng(args.seed.max(1));
    let mut sets = Vec::new();
    for (set, lang) in [("zh1", "zh"), ("zh2", "zh"), ("en2", "en")] {
        let paragraphs: Vec<(&Document, String)> = docs
            .iter()
            .filter(|d| d.lang.iter().any(|l| l == lang))
            .map(|d| (d, text(d)))
            .collect();
        let words: Vec<BTreeSet<String>> = paragraphs
            .iter()
            .map(|(_, t)| {
                if lang == "zh" {
                    chinese_words(engine, t)
                } else {
                    english_words(t)
                }
            })
            .collect();
        let holding = |word: &str| -> HashSet<String> {
            paragraphs
                .iter()
                .filter(|(_, t)| {
                    if lang == "zh" {
                        t.contains(word)
                    } else {
                        english_words(t).contains(word)
                    }
                })
                .map(|(d, _)| d.id.clone())
                .collect()
        };
        let mut cache: HashMap<String, HashSet<String>> = HashMap::new();
        let mut found = Vec::new();
        let mut seen = HashSet::new();
        let mut tries = 0;
        while found.len() < args.queries && tries < args.queries * 200 && !paragraphs.is_empty() {
            tries += 1;
            let list: Vec<&String> = words[rng.below(words.len())].iter().collect();
            if list.is_empty() {
                continue;
            }
            let first = list[rng.below(list.len())].clone();
            let query: Vec<String> = if set == "zh1" {
                vec![first]
            } else {
                let second = list[rng.below(list.len())].clone();
                if second == first
                    || first.contains(second.as_str())
                    || second.contains(first.as_str())
                {
                    continue;
                }
                vec![first, second]
            };
            let text = query.join(" ");
            if !seen.insert(text.clone()) {
                continue;
            }
            let mut relevant: Option<HashSet<String>> = None;
            for word in &query {
                let docs = cache
                    .entry(word.clone())
                    .or_insert_with(|| holding(word))
                    .clone();
                relevant = Some(match relevant {
                    None => docs,
                    Some(r) => r.intersection(&docs).cloned().collect(),
                });
            }
            let relevant = relevant.unwrap_or_default();
            let bounds = if set == "zh1" { 2..=40 } else { 1..=20 };
            if bounds.contains(&relevant.len()) {
                found.push(Keyword {
                    text,
                    lang,
                    relevant,
                });
            }
        }
        sets.push((set, found));
    }
    sets
}

/// Figures of one set under one strategy.
#[derive(Default)]
struct Figures {
    queries: usize,
    precision: f64,
    lone: usize,
    marks: usize,
    total_ratio: f64,
}

fn measure(
    engine: &Engine,
    keywords: &[Keyword],
    strategy: MatchingStrategy,
) -> Result<Figures, String> {
    let mut f = Figures::default();
    for keyword in keywords {
        let mut request = SearchRequest::new(keyword.text.clone());
        request.lang = Some(keyword.lang.into());
        request.matching_strategy = strategy;
        request.limit = K;
        let response = engine.search(&request).map_err(|e| e.to_string())?;
        let k = keyword.relevant.len().min(K);
        let good = response
            .hits
            .iter()
            .take(k)
            .filter(|h| keyword.relevant.contains(&h.id))
            .count();
        f.queries += 1;
        f.precision += good as f64 / k as f64;
        f.total_ratio += response.total as f64 / keyword.relevant.len() as f64;
        for hit in &response.hits {
            for marked in std::iter::once(&hit.title)
                .chain(&hit.snippet)
                .flat_map(|h| h.marked())
            {
                f.marks += 1;
                let mut chars = marked.chars();
                let lone = matches!((chars.next(), chars.next()), (Some(c), None) if search_core::analysis::is_han(c));
                f.lone += usize::from(lone);
            }
        }
    }
    Ok(f)
}

impl Figures {
    fn get(&self, metric: &str) -> f64 {
        let n = self.queries.max(1) as f64;
        match metric {
            "p" => self.precision / n,
            "lone" => self.lone as f64 / self.marks.max(1) as f64,
            _ => self.total_ratio / n,
        }
    }
}

/// Runs the mode; `Ok(false)` when a `--gate` failed.
pub fn run(
    data_dir: &std::path::Path,
    args: &PrecisionArgs,
    report: &mut Report,
) -> Result<bool, String> {
    let Some(collection) = data::load(data_dir, None, "precision").map_err(|e| e.to_string())?
    else {
        return Ok(true);
    };
    let engine = Engine::in_memory(EngineConfig::default()).map_err(|e| e.to_string())?;
    engine
        .add_documents(collection.docs.iter().cloned())
        .map_err(|e| e.to_string())?;
    engine.commit().map_err(|e| e.to_string())?;
    let sets = keyword_sets(&engine, &collection.docs, args);
    let mut table = Table::new(
        "Keyword queries: precision at k, lone-character highlights, total over relevant",
        &[
            "set",
            "strategy",
            "queries",
            "P@k",
            "lone-char marks",
            "total / relevant",
        ],
    );
    table.note(format!(
        "{} ({} paragraphs). Sets built with seed {}: zh1 one Chinese dictionary word in 2-40 paragraphs, zh2 two words together in 1-20, en2 two English words of 5+ letters together in 1-20; relevant = holds every word as written. k = min(10, relevant). The default strategy is {:?}.",
        collection.dir.display(),
        collection.docs.len(),
        args.seed,
        MatchingStrategy::default()
    ));
    let mut defaults: HashMap<&str, Figures> = HashMap::new();
    for (set, keywords) in &sets {
        for strategy in [
            MatchingStrategy::All,
            MatchingStrategy::Relaxed,
            MatchingStrategy::Any,
        ] {
            let f = measure(&engine, keywords, strategy)?;
            table.row(vec![
                Cell::text(*set),
                Cell::text(format!("{strategy:?}").to_lowercase()),
                Cell::text(f.queries.to_string()),
                Cell::maybe(Some(f.get("p")), 3),
                Cell::maybe(Some(f.get("lone")), 3),
                Cell::maybe(Some(f.get("total")), 2),
            ]);
            if strategy == MatchingStrategy::default() {
                defaults.insert(set, f);
            }
        }
    }
    report.table(table);
    let mut passed = true;
    for (set, metric, limit) in &args.gate {
        let got = defaults
            .get(set.as_str())
            .map(|f| f.get(metric))
            .unwrap_or(f64::NAN);
        let ok = if metric == "p" {
            got >= *limit
        } else {
            got <= *limit
        };
        eprintln!(
            "gate {set}/{metric}: {got:.4} {} {limit}: {}",
            if metric == "p" { ">=" } else { "<=" },
            if ok { "pass" } else { "FAIL" }
        );
        passed &= ok;
    }
    Ok(passed)
}
