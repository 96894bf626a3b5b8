//! Counting facet values (`lang`, `source`, `tags`) over the documents a
//! query matches.

use std::collections::BTreeMap;

use tantivy::collector::{FacetCollector, FacetCounts};
use tantivy::query::Query;
use tantivy::Searcher;

use super::Engine;
use crate::error::Result;
use crate::search::Facet;

/// Counts per value of each facet.
pub(super) type Counts = BTreeMap<String, BTreeMap<String, u64>>;

impl Engine {
    /// For each of `facets`, the documents matching `query` per value;
    /// nothing is collected when none is asked for.
    pub(super) fn count_facets(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        facets: &[Facet],
    ) -> Result<Counts> {
        if facets.is_empty() {
            return Ok(Counts::new());
        }
        let mut collector = FacetCollector::for_field("facets");
        for facet in facets {
            collector.add_facet(tantivy::schema::Facet::from_path([facet.as_str()]));
        }
        let counts = searcher.search(query, &collector)?;
        Ok(facets
            .iter()
            .map(|facet| (facet.as_str().to_string(), values(&counts, facet.as_str())))
            .collect())
    }
}

/// The counts of `facet`'s values, by value.
pub(super) fn values(counts: &FacetCounts, facet: &str) -> BTreeMap<String, u64> {
    counts
        .get(&format!("/{facet}"))
        .map(|(f, count)| {
            let value = f
                .to_path()
                .last()
                .map(|s| s.to_string())
                .unwrap_or_default();
            (value, count)
        })
        .collect()
}
