//! Turns parsed clauses into a tantivy query, using the analyzer's tokens
//! (never tantivy's query parser, which makes an unspaced Chinese query one
//! phrase).

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur as TOccur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::parse::{Clause, Occur, Scope};
use crate::analysis::{Analyzer, Token};
use crate::crosslingual::Dictionary;
use crate::schema::Fields;
use crate::synonyms::Synonyms;

/// How query terms are weighted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Boost of a match in the title relative to the body.
    pub title: f32,
    /// Boost of a stacked Chinese sub-word relative to a whole word.
    pub sub_word: f32,
    /// Boost of a word's group of translations (cross-lingual search)
    /// relative to the word itself.
    pub translation: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            title: 1.5,
            sub_word: 0.3,
            translation: 1.0,
        }
    }
}

/// What building a query needs besides the clauses.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The index's analyzer.
    pub analyzer: &'a Analyzer,
    /// The schema's fields.
    pub fields: &'a Fields,
    /// Boosts.
    pub weights: &'a Weights,
    /// Synonym groups to expand with.
    pub synonyms: &'a Synonyms,
    /// The dictionary to add translations with, for cross-lingual queries.
    pub dictionary: Option<&'a Dictionary>,
    /// Documents holding a term, to drop translations absent from the index.
    pub doc_freq: &'a dyn Fn(&Term) -> u64,
}

/// A built query and what snippets need to know about it.
pub struct BuiltQuery {
    /// The tantivy query.
    pub query: Box<dyn Query>,
    /// Analysed terms of the positive clauses, to highlight.
    pub highlight: FxHashSet<String>,
    /// Whether the query had any searchable term (a query of only stop
    /// words or symbols has none, and matches nothing).
    pub has_terms: bool,
    /// For cross-lingual queries: each query term as written, with the
    /// translations added for it.
    pub expanded: BTreeMap<String, Vec<String>>,
}

fn scope_fields(scope: Scope, fields: &Fields, weights: &Weights) -> Vec<(Field, f32)> {
    match scope {
        Scope::All => vec![(fields.title, weights.title), (fields.body, 1.0)],
        Scope::Title => vec![(fields.title, weights.title)],
        Scope::Body => vec![(fields.body, 1.0)],
    }
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// The words of a clause as one query that must match as a unit: a term for
/// one word, a phrase for several; over each field of the scope.
fn unit_query(words: &[&Token], scope: &[(Field, f32)]) -> Box<dyn Query> {
    let per_field: Vec<(TOccur, Box<dyn Query>)> = scope
        .iter()
        .map(|&(field, boost)| {
            let q: Box<dyn Query> = if words.len() == 1 {
                term_query(field, &words[0].text)
            } else {
                let first = words[0].position;
                let terms = words
                    .iter()
                    .map(|t| (t.position - first, Term::from_field_text(field, &t.text)))
                    .collect();
                Box::new(PhraseQuery::new_with_offset(terms))
            };
            (TOccur::Should, boosted(q, boost))
        })
        .collect();
    if per_field.len() == 1 {
        per_field
            .into_iter()
            .next()
            .map(|(_, q)| q)
            .unwrap_or_else(|| Box::new(EmptyQuery))
    } else {
        Box::new(BooleanQuery::new(per_field))
    }
}

/// Builds the query for `clauses`. An empty clause list matches every
/// document (browsing with filters); clauses with no searchable term match
/// none. Plain words that form an entry of a synonym group also search for
/// the group's other entries; with a dictionary, plain words are expanded
/// with their translations (see [`crate::crosslingual`]).
pub fn build(clauses: &[Clause], ctx: &Context<'_>) -> BuiltQuery {
    let Context {
        analyzer,
        fields,
        weights,
        dictionary,
        doc_freq,
        ..
    } = *ctx;
    let mut subqueries: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
    let mut highlight = FxHashSet::default();
    let mut expanded = BTreeMap::new();
    let mut positive = false;
    let mut negative = false;
    for clause in clauses {
        let tokens = analyzer.analyze(&clause.text);
        let words: Vec<&Token> = tokens.iter().filter(|t| t.kind.is_word()).collect();
        if words.is_empty() {
            continue;
        }
        let scope = scope_fields(clause.scope, fields, weights);
        match clause.occur {
            Occur::Should if !clause.phrase => {
                for token in &tokens {
                    let weight = if token.kind.is_word() {
                        1.0
                    } else {
                        weights.sub_word
                    };
                    for &(field, boost) in &scope {
                        subqueries.push((
                            TOccur::Should,
                            boosted(term_query(field, &token.text), boost * weight),
                        ));
                    }
                    highlight.insert(token.text.clone());
                }
                if let Some(dictionary) = dictionary {
                    let translated = translations(
                        dictionary,
                        &clause.text,
                        &tokens,
                        analyzer,
                        &scope,
                        weights,
                        doc_freq,
                    );
                    for (written, targets, query, terms) in translated {
                        subqueries.push((TOccur::Should, query));
                        highlight.extend(terms);
                        expanded.entry(written).or_insert(targets);
                    }
                }
                positive = true;
            }
            Occur::Should | Occur::Must => {
                let occur = if clause.occur == Occur::Must {
                    TOccur::Must
                } else {
                    TOccur::Should
                };
                subqueries.push((occur, unit_query(&words, &scope)));
                highlight.extend(words.iter().map(|t| t.text.clone()));
                positive = true;
            }
            Occur::MustNot => {
                subqueries.push((TOccur::MustNot, unit_query(&words, &scope)));
                negative = true;
            }
        }
    }
    let plain: Vec<&str> = clauses
        .iter()
        .filter(|c| c.occur == Occur::Should && !c.phrase)
        .map(|c| c.text.as_str())
        .collect();
    if !plain.is_empty() && !ctx.synonyms.is_empty() {
        let tokens = analyzer.analyze(&plain.join(" "));
        for (written, others) in ctx.synonyms.find(&tokens) {
            let scope = scope_fields(Scope::All, fields, weights);
            let mut parts: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
            for other in &others {
                let analysed = analyzer.analyze(other);
                let words: Vec<&Token> = analysed.iter().filter(|t| t.kind.is_word()).collect();
                highlight.extend(words.iter().map(|t| t.text.clone()));
                let share = 1.0 / others.len() as f32;
                parts.push((TOccur::Should, boosted(unit_query(&words, &scope), share)));
            }
            subqueries.push((TOccur::Should, Box::new(BooleanQuery::new(parts))));
            expanded.entry(written).or_insert(others);
        }
    }
    let has_terms = positive || negative;
    let query: Box<dyn Query> = if clauses.is_empty() {
        Box::new(AllQuery)
    } else if !has_terms {
        Box::new(EmptyQuery)
    } else {
        if !positive {
            // Only exclusions: everything else matches.
            subqueries.push((TOccur::Must, Box::new(AllQuery)));
        }
        Box::new(BooleanQuery::new(subqueries))
    };
    BuiltQuery {
        query,
        highlight,
        has_terms,
        expanded,
    }
}

/// One query term's translations: (the term as written, the translations,
/// their query, the terms to highlight).
type Translated = (String, Vec<String>, Box<dyn Query>, Vec<String>);

/// A translation that occurs in the index.
struct Candidate {
    /// Its dictionary weight.
    weight: f32,
    /// Its analysed terms, to highlight.
    terms: Vec<String>,
    /// Its query.
    query: Box<dyn Query>,
    /// The translation as the dictionary gives it.
    target: String,
}

/// The translation groups of one clause, each as one query whose parts are
/// weighted by their share of the group. Of a term's candidate translations,
/// those absent from the index are dropped (they could only take weight from
/// the others), and the best [`MAX_TRANSLATIONS`](crate::crosslingual::MAX_TRANSLATIONS) kept.
fn translations(
    dictionary: &Dictionary,
    text: &str,
    tokens: &[Token],
    analyzer: &Analyzer,
    scope: &[(Field, f32)],
    weights: &Weights,
    doc_freq: &dyn Fn(&Term) -> u64,
) -> Vec<Translated> {
    use crate::crosslingual::{translate, Direction, MAX_TRANSLATIONS};
    let body = scope.last().map(|&(f, _)| f);
    let mut out = Vec::new();
    for group in translate(dictionary, text, tokens) {
        // The candidates found in the index.
        let mut found: Vec<Candidate> = Vec::new();
        for translation in &group.translations {
            if found.len() == MAX_TRANSLATIONS {
                break;
            }
            let (terms, query): (Vec<String>, Box<dyn Query>) = match group.direction {
                // Already an analysed English stem.
                Direction::ToEnglish => {
                    let per_field = scope
                        .iter()
                        .map(|&(field, b)| {
                            (
                                TOccur::Should,
                                boosted(term_query(field, &translation.text), b),
                            )
                        })
                        .collect();
                    (
                        vec![translation.text.clone()],
                        Box::new(BooleanQuery::new(per_field)),
                    )
                }
                // A Chinese word, cut as documents are; several words must
                // appear as a phrase.
                Direction::ToChinese => {
                    let analysed = analyzer.analyze(&translation.text);
                    let words: Vec<&Token> = analysed.iter().filter(|t| t.kind.is_word()).collect();
                    if words.is_empty() {
                        continue;
                    }
                    (
                        words.iter().map(|t| t.text.clone()).collect(),
                        unit_query(&words, scope),
                    )
                }
            };
            let present = body.is_some_and(|field| {
                terms
                    .iter()
                    .all(|t| doc_freq(&Term::from_field_text(field, t)) > 0)
            });
            if present {
                found.push(Candidate {
                    weight: translation.weight,
                    terms,
                    query,
                    target: translation.text.clone(),
                });
            }
        }
        let total: f32 = found.iter().map(|c| c.weight).sum();
        if found.is_empty() || total <= 0.0 {
            continue;
        }
        let mut parts: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
        let mut highlight = Vec::new();
        let mut targets = Vec::new();
        for c in found {
            parts.push((
                TOccur::Should,
                boosted(c.query, weights.translation * c.weight / total),
            ));
            highlight.extend(c.terms);
            targets.push(c.target);
        }
        out.push((
            group.written,
            targets,
            Box::new(BooleanQuery::new(parts)) as Box<dyn Query>,
            highlight,
        ));
    }
    out
}
