//! Reading: a document by id, and searches: the query built from the
//! analyzer's tokens, the filters, ranking and paging, then hits.

use std::time::Instant;

use rustc_hash::FxHashSet;
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value as _};
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

use super::Engine;
use crate::analysis::is_chinese_text;
use crate::document::Document;
use crate::error::{Error, Result};
use crate::query::{self, When};
use crate::search::{SearchRequest, SearchResponse, Sort};

/// The fast field dates are sorted by.
const PUBLISHED: &str = "published";

/// `query` restricted by `filters`, which do not change scores.
fn filtered(query: Box<dyn Query>, filters: &[Box<dyn Query>]) -> Box<dyn Query> {
    if filters.is_empty() {
        return query;
    }
    let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
    for filter in filters {
        parts.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0)),
        ));
    }
    Box::new(BooleanQuery::new(parts))
}

impl Engine {
    /// The committed document with this id.
    ///
    /// ```
    /// use search_core::{Document, Engine, EngineConfig};
    /// let engine = Engine::in_memory(EngineConfig::default())?;
    /// engine.add(Document::new("a", "云计算", "正文"))?;
    /// engine.commit()?;
    /// assert_eq!(engine.get("a")?.map(|d| d.body).as_deref(), Some("正文"));
    /// assert!(engine.get("b")?.is_none());
    /// # Ok::<(), search_core::Error>(())
    /// ```
    pub fn get(&self, id: &str) -> Result<Option<Document>> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        match top.first() {
            Some((_, address)) => {
                let doc: TantivyDocument = searcher.doc(*address)?;
                Ok(Some(self.stored_document(&doc)?))
            }
            None => Ok(None),
        }
    }

    pub(super) fn stored_document(&self, doc: &TantivyDocument) -> Result<Document> {
        let json = doc
            .get_first(self.fields.stored)
            .and_then(|v| v.as_str())
            .ok_or_else(|| Error::bug("a document has no stored source"))?;
        serde_json::from_str(json)
            .map_err(|e| Error::bug(format!("stored document unreadable: {e}")))
    }

    /// The first `n` documents of `query` in the requested order, each with
    /// its score.
    fn top(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        sort: Sort,
        n: usize,
    ) -> Result<Vec<(f32, DocAddress)>> {
        let top = TopDocs::with_limit(n.max(1));
        let order = match sort {
            // The page alone, so tantivy can skip blocks that cannot reach
            // it (block-max WAND).
            Sort::Relevance => return Ok(searcher.search(query, &top.order_by_score())?),
            Sort::PublishedDesc => Order::Desc,
            Sort::PublishedAsc => Order::Asc,
        };
        let by_date = (
            (
                SortByStaticFastValue::<tantivy::DateTime>::for_field(PUBLISHED),
                order,
            ),
            (SortBySimilarityScore, Order::Desc),
        );
        let found = searcher.search(query, &top.order_by(by_date))?;
        Ok(found
            .into_iter()
            .map(|((_, score), address)| (score, address))
            .collect())
    }

    /// Answers a search request: the requested page of hits, best first,
    /// the total, the facets asked for and the translations used.
    ///
    /// ```
    /// use search_core::{Document, Engine, EngineConfig, SearchRequest};
    /// let engine = Engine::in_memory(EngineConfig::default())?;
    /// engine.add(Document::new("1", "AWS outage", "An outage hit Singapore."))?;
    /// engine.commit()?;
    /// let response = engine.search(&SearchRequest::new("outages"))?;
    /// assert_eq!((response.total, response.hits[0].id.as_str()), (1, "1"));
    /// assert_eq!(response.hits[0].title.to_html(), "AWS <mark>outage</mark>");
    /// # Ok::<(), search_core::Error>(())
    /// ```
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse> {
        let started = Instant::now();
        request.validate()?;
        let dictionary = if request.cross_lingual {
            let dictionary = self.translations.get()?.ok_or_else(|| {
                Error::invalid_parameter(
                    "cross_lingual",
                    "this engine has no dictionary to translate with",
                )
            })?;
            Some(dictionary)
        } else {
            None
        };
        let nodes = query::parse(&request.q);
        let searcher = self.reader.searcher();
        let doc_freq = |term: &Term| searcher.doc_freq(term).unwrap_or(0);
        let built = query::build(
            &nodes,
            &query::Context {
                analyzer: &self.analyzer,
                fields: &self.fields,
                weights: &self.config.weights,
                synonyms: &self.synonyms,
                dictionary,
                doc_freq: &doc_freq,
                strategy: request.matching_strategy,
            },
        );
        let filters = self.filters(request)?;
        let prefer_chinese = (!request.q.trim().is_empty()).then(|| is_chinese_text(&request.q));

        // Tier after tier: each holds the one before and ranks what it adds
        // below it; a tier is searched only when its condition holds, and
        // the page is cut from the tiers in order.
        let page_end = request.offset + request.limit;
        let mut total = 0;
        let mut hits = Vec::with_capacity(request.limit);
        let mut last: Option<Box<dyn Query>> = None;
        for tier in built.tiers {
            let wanted = match tier.when {
                When::Always => true,
                When::FewerThanPage => total < page_end,
                When::NothingFound => total == 0,
            };
            if !wanted {
                continue;
            }
            let query = filtered(tier.query, &filters);
            let count = query.count(&searcher)?;
            let added = count.saturating_sub(total);
            let skip = request.offset.saturating_sub(total);
            let take = page_end.saturating_sub(total.max(request.offset));
            if added > 0 && take > 0 && skip < added {
                // The documents of the tiers before, to leave out: fewer
                // than a page's end, since this tier was needed.
                let before: FxHashSet<DocAddress> = match (&last, total) {
                    (Some(previous), 1..) => searcher
                        .search(&**previous, &DocSetCollector)?
                        .into_iter()
                        .collect(),
                    _ => FxHashSet::default(),
                };
                let found =
                    self.top(&searcher, &*query, request.sort, skip + take + before.len())?;
                let page = found
                    .into_iter()
                    .filter(|(_, address)| !before.contains(address))
                    .skip(skip)
                    .take(take);
                for (score, address) in page {
                    let stored: TantivyDocument = searcher.doc(address)?;
                    let doc = self.stored_document(&stored)?;
                    hits.push(self.hit(
                        &searcher,
                        doc,
                        score,
                        request.highlight,
                        &tier.marks,
                        prefer_chinese,
                    ));
                }
            }
            if count > 0 {
                total = count;
                last = Some(query);
            }
        }
        let facets = match &last {
            Some(query) => self.count_facets(&searcher, &**query, &request.facets)?,
            None => request
                .facets
                .iter()
                .map(|f| (f.as_str().to_string(), Default::default()))
                .collect(),
        };
        Ok(SearchResponse {
            hits,
            total,
            facets,
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            expanded: built.expanded,
        })
    }
}
