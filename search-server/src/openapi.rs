//! The OpenAPI document served at `GET /openapi.json`.
//!
//! Its paths come from the handlers' `#[utoipa::path]` attributes, added by
//! [`crate::http::routes`] from the same list that builds the router; its
//! schemas are derived from search-core's own types (the `openapi`
//! feature), so neither can drift from what the server does.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use serde_json::{json, Value};

use crate::http::error::{ErrorBody, ErrorDetail};
use crate::http::HttpConfig;

/// What the spec holds besides its paths: the description, the shared
/// schemas and the `api_key` scheme.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "search-server",
        description = "Bilingual English/Chinese full-text search. When the server has an API key, writes need `Authorization: Bearer KEY`, and reads too with --protect-search; without a key no operation needs one. Errors are `{\"error\": {\"code\", \"message\"}}`."
    ),
    components(schemas(ErrorBody, ErrorDetail)),
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

/// `spec` as a server with `config` answers it: an operation requires the
/// key only where that server asks for it (writes when it has a key, reads
/// too with `protect_search`); elsewhere it declares no security at all.
/// The handlers mark their operations `api_key` with the role `read` or
/// `write`.
///
/// ```
/// use search_server::http::{ApiKey, HttpConfig};
/// use search_server::openapi::{for_config, spec};
/// let open = for_config(spec(), &HttpConfig::default());
/// assert!(open["paths"]["/documents"]["post"]["security"].is_null());
/// let keyed = HttpConfig { api_key: Some(ApiKey::new("k")), ..HttpConfig::default() };
/// let keyed = for_config(spec(), &keyed);
/// assert_eq!(keyed["paths"]["/documents"]["post"]["security"][0]["api_key"], serde_json::json!([]));
/// assert!(keyed["paths"]["/search"]["get"]["security"].is_null());
/// ```
pub fn for_config(spec: utoipa::openapi::OpenApi, config: &HttpConfig) -> Value {
    let mut doc = serde_json::to_value(spec).unwrap_or(Value::Null);
    let keyed = config.api_key.is_some();
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return doc;
    };
    for operation in paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
    {
        let Some(operation) = operation.as_object_mut() else {
            continue;
        };
        let Some(security) = operation.remove("security") else {
            continue;
        };
        let roles = security.to_string();
        let needed = keyed && (roles.contains("\"write\"") || config.protect_search);
        if needed {
            operation.insert("security".into(), json!([{"api_key": []}]));
        }
    }
    doc
}

/// The whole spec: [`ApiDoc`] with every route's path, each operation
/// marked with the role it needs (see [`for_config`]).
///
/// ```
/// let spec = search_server::openapi::spec();
/// assert!(spec.paths.paths.contains_key("/search"));
/// ```
pub fn spec() -> utoipa::openapi::OpenApi {
    crate::http::routes().1
}

#[cfg(test)]
mod tests {
    use super::*;
    use search_core::{MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS};
    use serde_json::Value;

    fn doc() -> Value {
        serde_json::to_value(spec()).unwrap()
    }

    #[test]
    fn limits_in_the_schemas_are_the_library_constants() {
        let doc = doc();
        let request = &doc["components"]["schemas"]["SearchRequest"]["properties"];
        assert_eq!(request["limit"]["maximum"], MAX_LIMIT as u64);
        assert_eq!(request["offset"]["maximum"], MAX_OFFSET as u64);
        assert_eq!(request["q"]["maxLength"], MAX_QUERY_CHARS as u64);
        let params = doc["paths"]["/search"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .clone();
        let param = |name: &str| {
            params
                .iter()
                .find(|p| p["name"] == name)
                .unwrap_or_else(|| panic!("no parameter {name}"))
                .clone()
        };
        assert_eq!(param("limit")["schema"]["maximum"], MAX_LIMIT as u64);
        assert_eq!(param("offset")["schema"]["maximum"], MAX_OFFSET as u64);
        assert_eq!(param("q")["schema"]["maxLength"], MAX_QUERY_CHARS as u64);
    }

    #[test]
    fn defaulted_fields_are_not_required() {
        let doc = doc();
        let required = &doc["components"]["schemas"]["SearchRequest"]["required"];
        assert!(required.is_null(), "{required}");
    }
}
