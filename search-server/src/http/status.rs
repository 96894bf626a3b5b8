//! `GET /health`, `GET /stats` and `GET /openapi.json`.

use axum::extract::State;
use axum::Json;
use search_core::Stats;
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::Read;
use super::error::{ApiError, ErrorBody};
use super::AppState;

/// The answer to `GET /health`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the server answers.
    pub status: &'static str,
    /// The server's version.
    pub version: &'static str,
}

/// Liveness check.
#[utoipa::path(
    get,
    path = "/health",
    tag = "server",
    responses((status = 200, description = "The server is up", body = Health))
)]
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// Index statistics: documents, documents per language, segments, bytes on disk.
#[utoipa::path(
    get,
    path = "/stats",
    tag = "server",
    responses(
        (status = 200, description = "Index statistics", body = Stats),
        (status = 401, description = "No API key (with --protect-search)", body = ErrorBody),
        (status = 403, description = "Wrong API key (with --protect-search)", body = ErrorBody),
    ),
    security(("api_key" = ["read"]))
)]
pub async fn stats(_: Read, State(state): State<AppState>) -> Result<Json<Stats>, ApiError> {
    let engine = state.engine.clone();
    let stats = tokio::task::spawn_blocking(move || engine.stats()).await??;
    Ok(Json(stats))
}
