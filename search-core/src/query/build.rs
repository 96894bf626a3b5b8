//! Turns parsed clauses into a tantivy query, using the analyzer's tokens
//! (never tantivy's query parser, which makes an unspaced Chinese query one
//! phrase).

use std::collections::{BTreeMap, HashSet};

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur as TOccur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::parse::{Clause, Occur, Scope};
use crate::analysis::{Analyzer, Token};
use crate::schema::Fields;

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

/// A built query and what snippets need to know about it.
pub struct BuiltQuery {
    /// The tantivy query.
    pub query: Box<dyn Query>,
    /// Analysed terms of the positive clauses, to highlight.
    pub highlight: HashSet<String>,
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
/// none. With `cross_lingual`, plain words are expanded with their
/// translations (see [`crate::crosslingual`]).
pub fn build(
    clauses: &[Clause],
    analyzer: &Analyzer,
    fields: &Fields,
    weights: &Weights,
    cross_lingual: bool,
) -> BuiltQuery {
    let mut subqueries: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
    let mut highlight = HashSet::new();
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
                if cross_lingual {
                    let translated = translations(&clause.text, &tokens, analyzer, &scope, weights);
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

/// The translation groups of one clause, each as one query whose parts are
/// weighted by their share of the group.
#[cfg(feature = "cross-lingual")]
fn translations(
    text: &str,
    tokens: &[Token],
    analyzer: &Analyzer,
    scope: &[(Field, f32)],
    weights: &Weights,
) -> Vec<Translated> {
    use crate::crosslingual::{dictionary, translate, Direction};
    let Some(dictionary) = dictionary() else {
        return Vec::new();
    };
    translate(dictionary, text, tokens)
        .into_iter()
        .map(|group| {
            let mut parts: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
            let mut terms = Vec::new();
            for translation in &group.translations {
                let boost = weights.translation * translation.weight;
                let query = match group.direction {
                    // Already an analysed English stem.
                    Direction::ToEnglish => {
                        terms.push(translation.text.clone());
                        let per_field = scope
                            .iter()
                            .map(|&(field, b)| {
                                (
                                    TOccur::Should,
                                    boosted(term_query(field, &translation.text), b),
                                )
                            })
                            .collect();
                        Box::new(BooleanQuery::new(per_field)) as Box<dyn Query>
                    }
                    // A Chinese word, cut as documents are; several words
                    // must appear as a phrase.
                    Direction::ToChinese => {
                        let analysed = analyzer.analyze(&translation.text);
                        let words: Vec<&Token> =
                            analysed.iter().filter(|t| t.kind.is_word()).collect();
                        if words.is_empty() {
                            continue;
                        }
                        terms.extend(words.iter().map(|t| t.text.clone()));
                        unit_query(&words, scope)
                    }
                };
                parts.push((TOccur::Should, boosted(query, boost)));
            }
            let targets = group.translations.iter().map(|t| t.text.clone()).collect();
            (
                group.written,
                targets,
                Box::new(BooleanQuery::new(parts)) as Box<dyn Query>,
                terms,
            )
        })
        .collect()
}

/// Without the dictionary there is nothing to translate with.
#[cfg(not(feature = "cross-lingual"))]
fn translations(
    _text: &str,
    _tokens: &[Token],
    _analyzer: &Analyzer,
    _scope: &[(Field, f32)],
    _weights: &Weights,
) -> Vec<Translated> {
    Vec::new()
}
