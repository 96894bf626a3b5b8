//! The OpenAPI document served at `GET /openapi.json`, generated from the
//! handlers' `#[utoipa::path]` attributes.
//!
//! search-core's types do not derive `ToSchema` (it knows nothing of HTTP),
//! so this module holds documentation mirrors of them; unit tests check the
//! mirrors list the same fields as the real types serialise.

#![allow(dead_code)] // the mirrors are read by the derive only

use std::collections::BTreeMap;

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

use crate::http::{documents, error, search, status};

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "search-server",
        description = "Bilingual English/Chinese full-text search. Writes need `Authorization: Bearer KEY` when the server has an API key; reads too with --protect-search. Errors are `{\"error\": {\"code\", \"message\"}}`."
    ),
    paths(
        search::get_search,
        search::post_search,
        documents::add,
        documents::get,
        documents::remove,
        status::health,
        status::stats,
    ),
    components(schemas(
        SearchRequestDoc,
        FilterDoc,
        SearchResponseDoc,
        HitDoc,
        DocumentDoc,
        StatsDoc,
        documents::Indexed,
        documents::Deleted,
        status::Health,
        error::ErrorBody,
        error::ErrorDetail,
    )),
    modifiers(&BearerKey),
    tags(
        (name = "search", description = "Ranked, highlighted search"),
        (name = "documents", description = "Adding, reading and deleting documents"),
        (name = "server", description = "Health and statistics"),
    )
)]
pub struct ApiDoc;

/// Declares the `api_key` bearer scheme the paths refer to.
struct BearerKey;

impl Modify for BearerKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// A search (`POST /search` body).
#[derive(ToSchema)]
#[schema(as = SearchRequest)]
pub struct SearchRequestDoc {
    /// The query text. Empty matches every document; "quoted phrases",
    /// -exclusions and OR are supported. At most 1000 characters.
    #[schema(example = "云计算")]
    q: String,
    /// Only documents in this language (`en`, `zh`; `all` or absent for any).
    lang: Option<String>,
    /// Filters that restrict hits without changing scores.
    filter: FilterDoc,
    /// Facets to count: any of `lang`, `source`, `tags`.
    facets: Vec<String>,
    /// Hits to return, at most 1000 (default 10).
    #[schema(default = 10, maximum = 1000)]
    limit: u32,
    /// Hits to skip, at most 100000 (default 0).
    #[schema(default = 0, maximum = 100000)]
    offset: u32,
    /// Whether to highlight titles and snippets with `<mark>` (default true).
    #[schema(default = true)]
    highlight: bool,
    /// Also search with the query's English⇄Chinese translations from the
    /// bundled dictionary, so an English query finds Chinese articles and
    /// the reverse (default false).
    #[schema(default = false)]
    cross_lingual: bool,
}

/// Search filters.
#[derive(ToSchema)]
#[schema(as = Filter)]
pub struct FilterDoc {
    /// Only documents from this source (exact).
    source: Option<String>,
    /// Only documents with at least one of these tags (exact).
    tags: Vec<String>,
    /// Published on or after this RFC 3339 date or datetime.
    published_from: Option<String>,
    /// Published on or before this date (the whole day) or datetime.
    published_to: Option<String>,
}

/// Search results.
#[derive(ToSchema)]
#[schema(as = SearchResponse)]
pub struct SearchResponseDoc {
    /// The requested page of hits, best first.
    hits: Vec<HitDoc>,
    /// Matching documents in all.
    total: u64,
    /// For each requested facet, counts per value.
    facets: BTreeMap<String, BTreeMap<String, u64>>,
    /// Time taken, in milliseconds.
    took_ms: f64,
}

/// One hit. Fields of the document other than the body (`source`, `url`,
/// `published`, `tags` and any of the user's) appear at the top level.
#[derive(ToSchema)]
#[schema(as = Hit)]
pub struct HitDoc {
    /// The document id.
    id: String,
    /// Relevance score (BM25; higher is better).
    score: f32,
    /// The title: HTML-escaped, with `<mark>` around matches when highlighting.
    title: String,
    /// The best passage of the body, HTML-escaped with `<mark>`s; absent
    /// without highlighting.
    snippet: Option<String>,
    /// The document's languages.
    lang: Vec<String>,
    /// The publication.
    source: Option<String>,
    /// Where it can be read.
    url: Option<String>,
    /// Publication date (RFC 3339).
    published: Option<String>,
    /// Tags.
    tags: Option<Vec<String>>,
}

/// A document. Any other field is kept and returned as given.
#[derive(ToSchema)]
#[schema(as = Document)]
pub struct DocumentDoc {
    /// Unique id (at most 512 bytes, no control characters); adding an
    /// existing id replaces the document.
    id: String,
    /// The title.
    title: Option<String>,
    /// The body text.
    body: Option<String>,
    /// ISO 639-1 language codes; detected from the text when absent.
    lang: Option<Vec<String>>,
    /// The publication.
    source: Option<String>,
    /// Where it can be read.
    url: Option<String>,
    /// Publication date or datetime, RFC 3339 (`2026-03-14`).
    published: Option<String>,
    /// Tags, matched exactly by filters.
    tags: Option<Vec<String>>,
    /// The same article in other languages: language code → URL.
    translations: Option<BTreeMap<String, String>>,
}

/// Index statistics.
#[derive(ToSchema)]
#[schema(as = Stats)]
pub struct StatsDoc {
    /// Live documents.
    documents: u64,
    /// Live documents per language (a bilingual one counts in both).
    per_language: BTreeMap<String, u64>,
    /// Index segments.
    segments: u64,
    /// Bytes on disk (0 in memory).
    size_bytes: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use search_core::{SearchRequest, Stats};
    use serde_json::Value;

    fn schema_fields(name: &str) -> Vec<String> {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let mut fields: Vec<String> = doc["components"]["schemas"][name]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("no schema {name}"))
            .keys()
            .cloned()
            .collect();
        fields.sort();
        fields
    }

    fn keys(value: Value) -> Vec<String> {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    }

    #[test]
    fn mirrors_match_the_core_types() {
        let request = serde_json::to_value(SearchRequest::default()).unwrap();
        assert_eq!(schema_fields("SearchRequest"), keys(request.clone()));
        assert_eq!(schema_fields("Filter"), keys(request["filter"].clone()));
        let stats = Stats {
            documents: 0,
            per_language: Default::default(),
            segments: 0,
            size_bytes: 0,
        };
        assert_eq!(
            schema_fields("Stats"),
            keys(serde_json::to_value(stats).unwrap())
        );
    }

    #[test]
    fn every_route_is_described() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        for path in [
            "/search",
            "/documents",
            "/documents/{id}",
            "/health",
            "/stats",
        ] {
            assert!(doc["paths"][path].is_object(), "{path} missing");
        }
    }
}
