//! Turns parsed nodes into tantivy queries, using the analyzer's tokens
//! (never tantivy's query parser, which makes an unspaced Chinese query one
//! phrase).
//!
//! Each query word becomes a *member*: what a document must hold to match
//! that word in full (the word itself, also as a stacked sub-word of a
//! longer word, as 计算 inside 云计算; a synonym; a translation). The word's
//! own sub-words and characters are its *parts*: they add to the score of
//! documents that match, and match on their own only as a last resort. The
//! matching strategy decides how many members a document needs, in tiers
//! that rank one below the other.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur as TOccur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::parse::{Clause, Node, Occur, Scope};
use crate::analysis::{Analyzer, Token, TokenKind};
use crate::crosslingual::Dictionary;
use crate::schema::Fields;
use crate::search::MatchingStrategy;
use crate::snippet::Marks;
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
            title: 0.5,
            sub_word: 0.3,
            translation: 1.0,
        }
    }
}

/// What building a query needs besides the nodes.
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
    /// How many of the query's words a document must match.
    pub strategy: MatchingStrategy,
}

/// When a tier of a [`BuiltQuery`] is searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Always (the first tier).
    Always,
    /// When the tiers before it matched fewer documents than the requested
    /// page reaches (offset + limit).
    FewerThanPage,
    /// When the tiers before it matched nothing.
    NothingFound,
}

/// One tier of a query. Each tier's query matches every document of the
/// tiers before it and more; the documents it adds rank below theirs.
pub struct Tier {
    /// The tantivy query.
    pub query: Box<dyn Query>,
    /// When it is searched.
    pub when: When,
    /// What to highlight in its documents: only what matches in full,
    /// except in the last resort of parts of words and characters.
    pub marks: Marks,
}

/// A built query: its tiers, and the expansions it searched for.
pub struct BuiltQuery {
    /// The tiers to search, in order.
    pub tiers: Vec<Tier>,
    /// Whether the query had any searchable term (a query of only stop
    /// words or symbols has none, and matches nothing).
    pub has_terms: bool,
    /// Each query term as written, with the synonyms and translations
    /// searched for it.
    pub expanded: BTreeMap<String, Vec<String>>,
}

/// One requirement of a query: what a document must hold to match one
/// clause (a term, phrase, group or `OR`) in full.
struct Member {
    occur: Occur,
    /// The strict reading: the words of an unspaced clause next to each
    /// other (云计算 as 云 then 计算).
    strict: Box<dyn Query>,
    /// The loose reading, where it differs: every word of the clause,
    /// anywhere.
    loose: Option<Box<dyn Query>>,
    /// For `any`, where it differs: any word of the clause.
    any_word: Option<Box<dyn Query>>,
}

impl Member {
    fn same(occur: Occur, query: Box<dyn Query>) -> Self {
        Member {
            occur,
            strict: query,
            loose: None,
            any_word: None,
        }
    }
}

/// What building gathers besides the members.
#[derive(Default)]
struct Gathered {
    /// Sub-words and characters of the query words: they add to the score,
    /// and match on their own only when nothing matches in full.
    parts: Vec<(TOccur, Box<dyn Query>)>,
    /// What the strict readings highlight.
    strict: Marks,
    /// What the loose readings highlight.
    loose: Marks,
    /// The parts' terms.
    part_terms: FxHashSet<String>,
    expanded: BTreeMap<String, Vec<String>>,
}

/// Builds the query for `nodes` under the context's strategy. An empty
/// node list matches every document (browsing with filters); nodes with no
/// searchable term match none.
///
/// The tiers, each ranked below the one before:
/// 1. every clause in full, an unspaced clause's words next to each other;
/// 2. every word in full, anywhere (`all` and `relaxed`);
/// 3. `relaxed`, when fewer than a page matched so far: some clauses in
///    full;
/// 4. `relaxed`, when nothing matched so far, and `any`: any word, part of
///    a word or character.
///
/// ```
/// use search_core::analysis::Analyzer;
/// use search_core::query::{build, parse, Context, Weights};
/// use search_core::synonyms::Synonyms;
/// use search_core::MatchingStrategy;
/// let analyzer = Analyzer::default();
/// let (_, fields) = search_core::schema::build();
/// let synonyms = Synonyms::parse("", "none", &analyzer)?;
/// let ctx = Context {
///     analyzer: &analyzer, fields: &fields, weights: &Weights::default(), synonyms: &synonyms,
///     dictionary: None, doc_freq: &|_| 1, strategy: MatchingStrategy::Relaxed,
/// };
/// let built = build(&parse("云计算 市场"), &ctx);
/// assert_eq!(built.tiers.len(), 4);
/// // 云计算 is cut into 云 and 计算: together first, then anywhere.
/// assert_eq!(built.tiers[0].marks.phrases, [["云", "计算"]]);
/// assert!(built.tiers[1].marks.terms.contains("计算"));
/// // Characters only in the last resort.
/// assert!(!built.tiers[2].marks.terms.contains("计"));
/// assert!(built.tiers[3].marks.terms.contains("计"));
/// # Ok::<(), search_core::Error>(())
/// ```
pub fn build(nodes: &[Node], ctx: &Context<'_>) -> BuiltQuery {
    let mut gathered = Gathered::default();
    let members = members(nodes, Scope::All, ctx, &mut gathered);
    let has_terms = !members.is_empty();
    let Gathered {
        parts,
        strict,
        loose,
        part_terms,
        expanded,
    } = gathered;
    let mut partial = loose.clone();
    partial.terms.extend(part_terms);
    let tier = |query: Box<dyn Query>, when, marks: &Marks| Tier {
        query,
        when,
        marks: marks.clone(),
    };
    let two_readings = members.iter().any(|m| m.loose.is_some());
    let tiers = if nodes.is_empty() {
        vec![tier(Box::new(AllQuery), When::Always, &Marks::default())]
    } else if !has_terms {
        vec![tier(Box::new(EmptyQuery), When::Always, &Marks::default())]
    } else if ctx.strategy == MatchingStrategy::Any {
        vec![tier(any(&members, &parts), When::Always, &partial)]
    } else {
        let mut tiers = vec![tier(every(&members, &parts, true), When::Always, &strict)];
        if two_readings {
            tiers.push(tier(every(&members, &parts, false), When::Always, &loose));
        }
        if ctx.strategy == MatchingStrategy::Relaxed {
            if let Some(some) = some(&members, &parts) {
                tiers.push(tier(some, When::FewerThanPage, &loose));
            }
            tiers.push(tier(any(&members, &parts), When::NothingFound, &partial));
        }
        tiers
    };
    BuiltQuery {
        tiers,
        has_terms,
        expanded,
    }
}

/// The members of a list of nodes, in order; their parts, highlights and
/// expansions go into `gathered`.
fn members(
    nodes: &[Node],
    scope: Scope,
    ctx: &Context<'_>,
    gathered: &mut Gathered,
) -> Vec<Member> {
    let mut out = Vec::new();
    // The words of this list's plain clauses, each with its clause's member
    // and whether it is that clause's first and last word, for synonyms
    // that span clauses.
    let mut plain: Vec<PlainWord> = Vec::new();
    for node in nodes {
        match node {
            Node::Clause(clause) => {
                let scope = if clause.scope == Scope::All {
                    scope
                } else {
                    clause.scope
                };
                clause_member(clause, scope, ctx, gathered, &mut out, &mut plain);
            }
            Node::Group { occur, nodes } => {
                let inner = members(nodes, scope, ctx, gathered);
                if !inner.is_empty() {
                    let loose = inner.iter().any(|m| m.loose.is_some());
                    out.push(Member {
                        occur: *occur,
                        strict: combined(&inner, ctx.strategy, true),
                        loose: loose.then(|| combined(&inner, ctx.strategy, false)),
                        any_word: None,
                    });
                }
            }
            Node::Or {
                occur,
                alternatives,
            } => {
                let mut strict: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
                let mut loose: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
                for alternative in alternatives {
                    let inner = members(std::slice::from_ref(alternative), scope, ctx, gathered);
                    if inner.is_empty() {
                        continue;
                    }
                    for (reading, into) in [(true, &mut strict), (false, &mut loose)] {
                        // `a OR -b` (as written) is documents without b.
                        let query = if alternative.occur() == Occur::MustNot {
                            let without: Vec<(TOccur, Box<dyn Query>)> = inner
                                .iter()
                                .map(|m| (TOccur::Should, read(m, reading).box_clone()))
                                .collect();
                            Box::new(BooleanQuery::new(vec![
                                (TOccur::Must, Box::new(AllQuery) as Box<dyn Query>),
                                (TOccur::MustNot, Box::new(BooleanQuery::new(without))),
                            ])) as Box<dyn Query>
                        } else {
                            combined(&inner, ctx.strategy, reading)
                        };
                        into.push((TOccur::Should, query));
                    }
                }
                if !loose.is_empty() {
                    out.push(Member {
                        occur: *occur,
                        strict: Box::new(BooleanQuery::new(strict)),
                        loose: Some(Box::new(BooleanQuery::new(loose))),
                        any_word: None,
                    });
                }
            }
        }
    }
    if !ctx.synonyms.is_empty() && !plain.is_empty() {
        merge_synonyms(&plain, ctx, gathered, &mut out);
    }
    out
}

/// A word of a plain clause, for synonyms.
struct PlainWord {
    text: String,
    member: usize,
    first: bool,
    last: bool,
}

fn read(member: &Member, strict: bool) -> &dyn Query {
    match &member.loose {
        Some(loose) if !strict => &**loose,
        _ => &*member.strict,
    }
}

/// The member of one clause: for a plain clause, every word in full (each
/// with its translations), its words next to each other in the strict
/// reading; for a phrase, a `+term` or a `-term`, its words as a unit.
fn clause_member(
    clause: &Clause,
    scope: Scope,
    ctx: &Context<'_>,
    gathered: &mut Gathered,
    out: &mut Vec<Member>,
    plain: &mut Vec<PlainWord>,
) {
    let tokens = ctx.analyzer.analyze(&clause.text);
    let words: Vec<&Token> = tokens.iter().filter(|t| t.kind.is_word()).collect();
    if words.is_empty() {
        return;
    }
    let fields = scope_fields(scope, ctx.fields, ctx.weights);
    if clause.phrase || clause.occur != Occur::Should {
        if clause.occur != Occur::MustNot {
            let marks = unit_marks(&words);
            gathered.strict.extend(&marks);
            gathered.loose.extend(&marks);
        }
        out.push(Member::same(clause.occur, unit_query(&words, &fields)));
        return;
    }
    // Each word in full: the word, or one of its translations; the
    // sub-words stacked on it are its parts.
    let mut word_of_token: Vec<Option<usize>> = Vec::with_capacity(tokens.len());
    let mut alternatives: Vec<Vec<(TOccur, Box<dyn Query>)>> = Vec::new();
    for token in &tokens {
        if token.kind.is_word() {
            let per_field = fields
                .iter()
                .map(|&(field, boost)| {
                    (
                        TOccur::Should,
                        boosted(term_query(field, &token.text), boost),
                    )
                })
                .collect();
            alternatives.push(per_field);
            // A lone character that jieba cut from an unspaced run (云 of
            // 云计算) is marked only next to the rest of its run.
            let cut_character =
                words.len() > 1 && token.kind == TokenKind::Han && token.text.chars().count() == 1;
            if cut_character {
                gathered.part_terms.insert(token.text.clone());
            } else {
                gathered.loose.terms.insert(token.text.clone());
            }
        } else {
            for &(field, boost) in &fields {
                gathered.parts.push((
                    TOccur::Should,
                    boosted(term_query(field, &token.text), boost * ctx.weights.sub_word),
                ));
            }
            gathered.part_terms.insert(token.text.clone());
        }
        word_of_token.push(alternatives.len().checked_sub(1));
    }
    let mut translated_marks = Marks::default();
    if let Some(dictionary) = ctx.dictionary {
        let translated = translations(
            dictionary,
            &clause.text,
            &tokens,
            ctx.analyzer,
            &fields,
            ctx.weights,
            ctx.doc_freq,
        );
        for (word, written, targets, query, terms) in translated {
            if let Some(&Some(w)) = word_of_token.get(word) {
                alternatives[w].push((TOccur::Should, query));
                translated_marks.terms.extend(terms);
                gathered.expanded.entry(written).or_insert(targets);
            }
        }
    }
    gathered.loose.extend(&translated_marks);
    let member = out.len();
    for (k, word) in words.iter().enumerate() {
        plain.push(PlainWord {
            text: word.text.clone(),
            member,
            first: k == 0,
            last: k + 1 == words.len(),
        });
    }
    let per_word: Vec<Box<dyn Query>> = alternatives
        .into_iter()
        .map(|a| Box::new(BooleanQuery::new(a)) as Box<dyn Query>)
        .collect();
    if per_word.len() == 1 {
        gathered.strict.terms.insert(words[0].text.clone());
        gathered.strict.extend(&translated_marks);
        out.extend(per_word.into_iter().map(|q| Member::same(Occur::Should, q)));
        return;
    }
    let phrase: Vec<String> = words.iter().map(|t| t.text.clone()).collect();
    gathered.loose.phrases.push(phrase.clone());
    gathered.strict.phrases.push(phrase);
    out.push(Member {
        occur: Occur::Should,
        strict: unit_query(&words, &fields),
        loose: Some(Box::new(BooleanQuery::new(
            per_word
                .iter()
                .map(|q| (TOccur::Must, q.box_clone()))
                .collect(),
        ))),
        any_word: Some(Box::new(BooleanQuery::new(
            per_word.into_iter().map(|q| (TOccur::Should, q)).collect(),
        ))),
    });
}

/// Adds synonyms of runs of plain words that begin and end with clauses:
/// a run within one clause gains an alternative; a run over several
/// clauses becomes one member, matched by all of them or by a synonym.
fn merge_synonyms(
    plain: &[PlainWord],
    ctx: &Context<'_>,
    gathered: &mut Gathered,
    out: &mut Vec<Member>,
) {
    let words: Vec<String> = plain.iter().map(|w| w.text.clone()).collect();
    let fields = scope_fields(Scope::All, ctx.fields, ctx.weights);
    let mut runs: Vec<(std::ops::Range<usize>, Box<dyn Query>)> = Vec::new();
    for (span, written, others) in ctx.synonyms.find(&words) {
        if !(plain[span.start].first && plain[span.end - 1].last) {
            continue;
        }
        let mut parts: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
        for other in &others {
            let analysed = ctx.analyzer.analyze(other);
            let words: Vec<&Token> = analysed.iter().filter(|t| t.kind.is_word()).collect();
            let marks = unit_marks(&words);
            gathered.strict.extend(&marks);
            gathered.loose.extend(&marks);
            let share = 1.0 / others.len() as f32;
            parts.push((TOccur::Should, boosted(unit_query(&words, &fields), share)));
        }
        gathered.expanded.entry(written).or_insert(others);
        let members = plain[span.start].member..plain[span.end - 1].member + 1;
        runs.push((members, Box::new(BooleanQuery::new(parts))));
    }
    // Longest runs first; a run overlapping one already merged is skipped.
    runs.sort_by_key(|(members, _)| std::cmp::Reverse(members.len()));
    let mut merged_into: Vec<Option<usize>> = vec![None; out.len()];
    let mut merged: Vec<Option<Member>> = Vec::new();
    for (members, synonym) in runs {
        if members.clone().any(|m| merged_into[m].is_some()) {
            continue;
        }
        let reading = |strict: bool| -> Box<dyn Query> {
            let all: Vec<(TOccur, Box<dyn Query>)> = members
                .clone()
                .map(|m| (TOccur::Must, read(&out[m], strict).box_clone()))
                .collect();
            Box::new(BooleanQuery::new(vec![
                (
                    TOccur::Should,
                    Box::new(BooleanQuery::new(all)) as Box<dyn Query>,
                ),
                (TOccur::Should, synonym.box_clone()),
            ]))
        };
        let loose = members.clone().any(|m| out[m].loose.is_some());
        let member = Member {
            occur: Occur::Should,
            strict: reading(true),
            loose: loose.then(|| reading(false)),
            any_word: None,
        };
        for m in members {
            merged_into[m] = Some(merged.len());
        }
        merged.push(Some(member));
    }
    if merged.is_empty() {
        return;
    }
    let before = std::mem::take(out);
    for (i, member) in before.into_iter().enumerate() {
        match merged_into[i] {
            None => out.push(member),
            Some(run) => out.extend(merged[run].take()),
        }
    }
}

fn occur_of(occur: Occur, should: TOccur) -> TOccur {
    match occur {
        Occur::Should => should,
        Occur::Must => TOccur::Must,
        Occur::MustNot => TOccur::MustNot,
    }
}

/// The members' readings as clauses, plain ones with `should`; a list of
/// only exclusions matches everything else.
fn clauses(members: &[Member], should: TOccur, strict: bool) -> Vec<(TOccur, Box<dyn Query>)> {
    // Exclusions always in the loose reading, so that each tier holds the
    // one before it.
    let mut clauses: Vec<(TOccur, Box<dyn Query>)> = members
        .iter()
        .map(|m| {
            let strict = strict && m.occur != Occur::MustNot;
            (occur_of(m.occur, should), read(m, strict).box_clone())
        })
        .collect();
    if clauses.iter().all(|(o, _)| *o == TOccur::MustNot) {
        clauses.push((TOccur::Must, Box::new(AllQuery)));
    }
    clauses
}

/// Members combined as the strategy combines a query's clauses: all of
/// them (`all`, `relaxed`) or any (`any`); `+` and `-` as they say.
fn combined(members: &[Member], strategy: MatchingStrategy, strict: bool) -> Box<dyn Query> {
    if let [member] = members {
        if member.occur == Occur::Should {
            return read(member, strict).box_clone();
        }
    }
    let should = match strategy {
        MatchingStrategy::Any => TOccur::Should,
        MatchingStrategy::All | MatchingStrategy::Relaxed => TOccur::Must,
    };
    Box::new(BooleanQuery::new(clauses(members, should, strict)))
}

fn with_parts(
    mut clauses: Vec<(TOccur, Box<dyn Query>)>,
    parts: &[(TOccur, Box<dyn Query>)],
) -> Box<dyn Query> {
    clauses.extend(parts.iter().map(|(o, q)| (*o, q.box_clone())));
    Box::new(BooleanQuery::new(clauses))
}

/// Every member in full, in one reading; parts add to the score.
fn every(members: &[Member], parts: &[(TOccur, Box<dyn Query>)], strict: bool) -> Box<dyn Query> {
    with_parts(clauses(members, TOccur::Must, strict), parts)
}

/// Documents matching at least one word of a plain member in full; `None`
/// when the query has only one such word (the tiers before cover it).
fn some(members: &[Member], parts: &[(TOccur, Box<dyn Query>)]) -> Option<Box<dyn Query>> {
    let plain: Vec<&Member> = members
        .iter()
        .filter(|m| m.occur == Occur::Should)
        .collect();
    if plain.len() < 2 && !plain.iter().any(|m| m.any_word.is_some()) {
        return None;
    }
    let optional: Vec<(TOccur, Box<dyn Query>)> = plain
        .iter()
        .map(|m| {
            let query = m
                .any_word
                .as_ref()
                .map_or_else(|| read(m, false).box_clone(), |q| q.box_clone());
            (TOccur::Should, query)
        })
        .collect();
    let mut clauses: Vec<(TOccur, Box<dyn Query>)> = members
        .iter()
        .filter(|m| m.occur != Occur::Should)
        .map(|m| (occur_of(m.occur, TOccur::Must), read(m, false).box_clone()))
        .collect();
    clauses.push((TOccur::Must, Box::new(BooleanQuery::new(optional))));
    Some(with_parts(clauses, parts))
}

/// Any word of any member, or any part (`+`/`-` as they say).
fn any(members: &[Member], parts: &[(TOccur, Box<dyn Query>)]) -> Box<dyn Query> {
    let mut clauses: Vec<(TOccur, Box<dyn Query>)> = members
        .iter()
        .map(|m| {
            let query = match (&m.any_word, m.occur) {
                (Some(any), Occur::Should) => any.box_clone(),
                _ => read(m, false).box_clone(),
            };
            (occur_of(m.occur, TOccur::Should), query)
        })
        .collect();
    clauses.extend(parts.iter().map(|(o, q)| (*o, q.box_clone())));
    if clauses.iter().all(|(o, _)| *o == TOccur::MustNot) {
        clauses.push((TOccur::Must, Box::new(AllQuery)));
    }
    Box::new(BooleanQuery::new(clauses))
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

/// What a unit of words (see [`unit_query`]) highlights: a term, or a run.
fn unit_marks(words: &[&Token]) -> Marks {
    match words {
        [word] => Marks::terms([word.text.clone()]),
        _ => Marks {
            phrases: vec![words.iter().map(|t| t.text.clone()).collect()],
            ..Marks::default()
        },
    }
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

/// One query term's translations: (the index of the word it translates in
/// the clause's tokens, the term as written, the translations, their query,
/// the terms to highlight).
type Translated = (usize, String, Vec<String>, Box<dyn Query>, Vec<String>);

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
            group.word,
            group.written,
            targets,
            Box::new(BooleanQuery::new(parts)) as Box<dyn Query>,
            highlight,
        ));
    }
    out
}
