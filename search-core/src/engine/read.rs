//! Reading: a document by id, and searches: the query built from the
//! analyzer's tokens, the filters, ranking and paging, then hits.

use std::time::Instant;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value as _};
use tantivy::{TantivyDocument, Term};

use super::Engine;
use crate::analysis::is_chinese_text;
use crate::document::Document;
use crate::error::{Error, Result};
use crate::query;
use crate::search::{SearchRequest, SearchResponse};

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
        let clauses = query::parse(&request.q);
        let searcher = self.reader.searcher();
        let doc_freq = |term: &Term| searcher.doc_freq(term).unwrap_or(0);
        let built = query::build(
            &clauses,
            &query::Context {
                analyzer: &self.analyzer,
                fields: &self.fields,
                weights: &self.config.weights,
                synonyms: &self.synonyms,
                dictionary,
                doc_freq: &doc_freq,
            },
        );
        let filters = self.filters(request)?;
        let query: Box<dyn Query> = if filters.is_empty() {
            built.query
        } else {
            let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, built.query)];
            for filter in filters {
                parts.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
            }
            Box::new(BooleanQuery::new(parts))
        };

        // The page alone, so tantivy can skip blocks that cannot reach it
        // (block-max WAND); the total counts matches without scoring them;
        // facets only when asked for.
        let top = if request.limit == 0 {
            Vec::new()
        } else {
            let top_docs = TopDocs::with_limit(request.limit)
                .and_offset(request.offset)
                .order_by_score();
            searcher.search(&query, &top_docs)?
        };
        let total = query.count(&searcher)?;
        let facets = self.count_facets(&searcher, &query, &request.facets)?;

        let prefer_chinese = (!request.q.trim().is_empty()).then(|| is_chinese_text(&request.q));
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let stored: TantivyDocument = searcher.doc(address)?;
            let doc = self.stored_document(&stored)?;
            hits.push(self.hit(
                doc,
                score,
                request.highlight,
                &built.highlight,
                prefer_chinese,
            ));
        }
        Ok(SearchResponse {
            hits,
            total,
            facets,
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            expanded: built.expanded,
        })
    }
}
