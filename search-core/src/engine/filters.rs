//! The request's filters (language, source, tags, dates) as tantivy
//! queries that restrict hits without scoring them.

use std::ops::Bound;

use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DateTime, Term};

use super::Engine;
use crate::document::parse_date;
use crate::error::{Error, Result};
use crate::search::SearchRequest;

impl Engine {
    /// One query per filter of `request`, all of which a hit must match.
    pub(super) fn filters(&self, request: &SearchRequest) -> Result<Vec<Box<dyn Query>>> {
        let f = &self.fields;
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        let term = |field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::Basic,
            ))
        };
        if let Some(lang) = request
            .lang
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty() && *l != "all")
        {
            filters.push(term(f.lang, &lang.to_ascii_lowercase()));
        }
        if let Some(source) = request.filter.source.as_deref().filter(|s| !s.is_empty()) {
            filters.push(term(f.source, source));
        }
        if !request.filter.tags.is_empty() {
            let any: Vec<(Occur, Box<dyn Query>)> = request
                .filter
                .tags
                .iter()
                .map(|tag| (Occur::Should, term(f.tags, tag)))
                .collect();
            filters.push(Box::new(BooleanQuery::new(any)));
        }
        let from = date_bound(
            request.filter.published_from.as_deref(),
            "filter.published_from",
            false,
        )?;
        let to = date_bound(
            request.filter.published_to.as_deref(),
            "filter.published_to",
            true,
        )?;
        if from.is_some() || to.is_some() {
            let lower = from.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_date(f.published, d))
            });
            let upper = to.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_date(f.published, d))
            });
            filters.push(Box::new(RangeQuery::new(lower, upper)));
        }
        Ok(filters)
    }
}

/// A filter bound: a datetime as given, a plain date as the start (or, for
/// an upper bound, the end) of that day. Bounds are cut to whole seconds,
/// the precision the index keeps, so a document is found by a filter on its
/// own sub-second time.
fn date_bound(value: Option<&str>, parameter: &str, upper: bool) -> Result<Option<DateTime>> {
    let Some(text) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let at = parse_date(text).map_err(|e| Error::invalid_parameter(parameter, e.to_string()))?;
    let plain_date = !text.contains('T') && !text.contains('t');
    let at = if upper && plain_date {
        at + time::Duration::days(1) - time::Duration::seconds(1)
    } else {
        at
    };
    let at = at.replace_nanosecond(0).unwrap_or(at);
    Ok(Some(DateTime::from_utc(at)))
}
