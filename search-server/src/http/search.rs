//! `GET /search` and `POST /search`.

use std::sync::LazyLock;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::Json;
use search_core::{Facet, Filter, MatchingStrategy, SearchRequest, SearchResponse, Sort};
use serde::Deserialize;
use serde_json::Value;
use utoipa::IntoParams;

use super::auth::Read;
use super::body;
use super::error::{ApiError, Code, ErrorBody};
use super::AppState;

/// Query-string parameters of `GET /search`. All are read as text and
/// converted here so that a bad value is reported by name.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The query text (empty matches everything). Supports "phrases",
    /// +required and -excluded words, `title:` and `body:` scopes. At most
    /// 1000 characters.
    #[param(max_length = 1000)]
    q: Option<String>,
    /// Only documents in this language: `en`, `zh`, or `all`.
    lang: Option<String>,
    /// Hits to return, 0 to 1000 (default 10).
    #[param(value_type = Option<u32>, minimum = 0, maximum = 1000)]
    limit: Option<String>,
    /// Hits to skip, 0 to 100000 (default 0).
    #[param(value_type = Option<u32>, minimum = 0, maximum = 100000)]
    offset: Option<String>,
    /// Only documents from this source (exact).
    source: Option<String>,
    /// Only documents with any of these tags (comma-separated, exact).
    #[param(value_type = Option<Vec<String>>, style = Form, explode = false)]
    tags: Option<String>,
    /// Only documents published on or after this RFC 3339 date or datetime.
    #[param(schema_with = search_core::openapi::date_or_blank)]
    published_from: Option<String>,
    /// Only documents published on or before this date or datetime.
    #[param(schema_with = search_core::openapi::date_or_blank)]
    published_to: Option<String>,
    /// Facets to count, comma-separated: `lang`, `source`, `tags`.
    #[param(value_type = Option<Vec<Facet>>, style = Form, explode = false, min_items = 1)]
    facets: Option<String>,
    /// Whether to highlight titles and snippets (`true`/`false`, default true).
    #[param(value_type = Option<bool>)]
    highlight: Option<String>,
    /// Also search with the query's English⇄Chinese translations
    /// (`true`/`false`, default false).
    #[param(value_type = Option<bool>)]
    cross_lingual: Option<String>,
    /// How many query words a hit must match (default `relaxed`).
    #[param(value_type = Option<MatchingStrategy>)]
    matching_strategy: Option<String>,
    /// The order of hits: `relevance` (default), `published:desc`,
    /// `published:asc`.
    #[param(value_type = Option<Sort>)]
    sort: Option<String>,
}

impl SearchParams {
    /// The engine request these parameters describe.
    fn into_request(self) -> Result<SearchRequest, ApiError> {
        let defaults = SearchRequest::default();
        Ok(SearchRequest {
            q: self.q.unwrap_or_default(),
            lang: non_empty(self.lang),
            filter: Filter {
                source: non_empty(self.source),
                tags: list(self.tags),
                published_from: non_empty(self.published_from),
                published_to: non_empty(self.published_to),
            },
            facets: facets(self.facets)?,
            limit: number("limit", self.limit)?.unwrap_or(defaults.limit),
            offset: number("offset", self.offset)?.unwrap_or(defaults.offset),
            highlight: boolean("highlight", self.highlight)?.unwrap_or(defaults.highlight),
            cross_lingual: boolean("cross_lingual", self.cross_lingual)?
                .unwrap_or(defaults.cross_lingual),
            matching_strategy: named("matching_strategy", self.matching_strategy)?
                .unwrap_or(defaults.matching_strategy),
            sort: named("sort", self.sort)?.unwrap_or(defaults.sort),
        })
    }
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

fn list(value: Option<String>) -> Vec<String> {
    value
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// `facets=lang,tags`: every item a facet name.
fn facets(value: Option<String>) -> Result<Vec<Facet>, ApiError> {
    let Some(text) = value else {
        return Ok(Vec::new());
    };
    text.split(',')
        .map(|name| {
            name.parse()
                .map_err(|e| ApiError::invalid_parameter("facets", e))
        })
        .collect()
}

/// A count: ASCII digits only, as the spec's `integer` says.
fn number(name: &str, value: Option<String>) -> Result<Option<usize>, ApiError> {
    match value {
        None => Ok(None),
        Some(text) => text
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| text.parse().ok())
            .flatten()
            .map(Some)
            .ok_or_else(|| {
                ApiError::invalid_parameter(
                    name,
                    format!("expected a non-negative integer, got {text:?}"),
                )
            }),
    }
}

fn named<T: std::str::FromStr<Err = String>>(
    name: &str,
    value: Option<String>,
) -> Result<Option<T>, ApiError> {
    value
        .map(|text| {
            text.parse()
                .map_err(|e| ApiError::invalid_parameter(name, e))
        })
        .transpose()
}

fn boolean(name: &str, value: Option<String>) -> Result<Option<bool>, ApiError> {
    match value.as_deref() {
        None => Ok(None),
        Some("true" | "1" | "yes" | "on") => Ok(Some(true)),
        Some("false" | "0" | "no" | "off") => Ok(Some(false)),
        Some(other) => Err(ApiError::invalid_parameter(
            name,
            format!("expected true or false, got {other:?}"),
        )),
    }
}

/// The fields a `POST /search` body may have, from the engine's own type, so
/// the check cannot drift from it.
static KNOWN_FIELDS: LazyLock<Value> =
    LazyLock::new(|| serde_json::to_value(SearchRequest::default()).unwrap_or(Value::Null));

/// Parses a `POST /search` body.
fn parse_body(bytes: &[u8]) -> Result<SearchRequest, ApiError> {
    let text = body::utf8(bytes)?;
    if text.trim().is_empty() {
        return Err(ApiError::new(
            Code::MalformedJson,
            "empty body: expected a JSON object such as {\"q\": \"云计算\"}",
        ));
    }
    let value = body::json_value(text)?;
    if !value.is_object() {
        return Err(ApiError::new(
            Code::MalformedJson,
            "expected a JSON object such as {\"q\": \"云计算\"}",
        ));
    }
    body::reject_unknown_fields(&value, &KNOWN_FIELDS, "")?;
    let mut value = value;
    // JSON has one kind of number: 20.0 is the count 20 (as OpenAPI 3.1
    // clients send it).
    for field in ["limit", "offset"] {
        if let Some(n) = value.get(field).and_then(Value::as_f64) {
            if n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n) {
                value[field] = Value::from(n as u64);
            }
        }
    }
    body::typed(value)
}

async fn run(state: AppState, request: SearchRequest) -> Result<Json<SearchResponse>, ApiError> {
    // Check the limits here too so a bad request never takes a blocking thread.
    request.validate()?;
    // Wait for a search slot on the async side, so a queued search holds no
    // thread (the semaphore is fair: searches start in arrival order), and
    // give the slot back on the search's thread the moment it is done.
    // The semaphore is never closed, so acquiring cannot fail.
    let slot = state
        .searches
        .clone()
        .acquire_owned()
        .await
        .map_err(ApiError::internal)?;
    let engine = state.engine.clone();
    let response = tokio::task::spawn_blocking(move || {
        let response = engine.search(&request);
        drop(slot);
        response
    })
    .await??;
    Ok(Json(response))
}

/// Searches with query-string parameters.
#[utoipa::path(
    get,
    path = "/search",
    tag = "search",
    params(SearchParams),
    responses(
        (status = 200, description = "Ranked hits", body = SearchResponse),
        (status = 400, description = "A bad parameter, a query over 1000 characters, a limit over 1000", body = ErrorBody),
        (status = 401, description = "No API key (with --protect-search)", body = ErrorBody),
        (status = 403, description = "Wrong API key (with --protect-search)", body = ErrorBody),
    ),
    security(("api_key" = ["read"]))
)]
pub async fn get_search(
    _: Read,
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<SearchResponse>, ApiError> {
    let Query(params) = params?;
    run(state, params.into_request()?).await
}

/// Searches with a JSON body.
#[utoipa::path(
    post,
    path = "/search",
    tag = "search",
    request_body = SearchRequest,
    responses(
        (status = 200, description = "Ranked hits", body = SearchResponse),
        (status = 400, description = "Malformed JSON, a bad or unknown field, a query over 1000 characters, a limit over 1000", body = ErrorBody),
        (status = 401, description = "No API key (with --protect-search)", body = ErrorBody),
        (status = 403, description = "Wrong API key (with --protect-search)", body = ErrorBody),
        (status = 413, description = "Body over the limit", body = ErrorBody),
    ),
    security(("api_key" = ["read"]))
)]
pub async fn post_search(
    _: Read,
    State(state): State<AppState>,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Json<SearchResponse>, ApiError> {
    let request = parse_body(&bytes?)?;
    run(state, request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_parameters_convert() {
        let params = SearchParams {
            q: Some("云".into()),
            tags: Some("a, b,,".into()),
            facets: Some("lang,source".into()),
            limit: Some("5".into()),
            highlight: Some("false".into()),
            lang: Some("".into()),
            ..SearchParams::default()
        };
        let r = params.into_request().unwrap();
        assert_eq!(r.filter.tags, ["a", "b"]);
        assert_eq!(r.facets, [Facet::Lang, Facet::Source]);
        assert_eq!(
            (r.limit, r.offset, r.highlight, r.lang),
            (5, 0, false, None)
        );
    }

    #[test]
    fn bad_values_name_the_parameter() {
        let bad = [
            SearchParams {
                limit: Some("ten".into()),
                ..SearchParams::default()
            },
            SearchParams {
                offset: Some("-1".into()),
                ..SearchParams::default()
            },
            SearchParams {
                highlight: Some("maybe".into()),
                ..SearchParams::default()
            },
        ];
        for (params, name) in bad.into_iter().zip(["limit", "offset", "highlight"]) {
            let err = params.into_request().unwrap_err();
            assert!(err.message.contains(name), "{}", err.message);
        }
    }

    #[test]
    fn bodies_parse_with_named_errors() {
        assert_eq!(parse_body(br#"{"q":"x","limit":3}"#).unwrap().limit, 3);
        let err = parse_body(br#"{"limit":"x"}"#).unwrap_err();
        assert_eq!(err.code, Code::InvalidParameter);
        assert!(err.message.contains("limit"), "{}", err.message);
        let err = parse_body(b"{\n\"q\": }").unwrap_err();
        assert_eq!(err.code, Code::MalformedJson);
        assert!(err.message.contains("line 2"), "{}", err.message);
        let err = parse_body(br#"{"filter":{"tag":["x"]}}"#).unwrap_err();
        assert!(err.message.contains("filter.tag"), "{}", err.message);
    }
}
