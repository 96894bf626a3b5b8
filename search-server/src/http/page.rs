//! `GET /`: the search page, plain HTML/CSS/JS embedded in the binary.

use axum::http::header;
use axum::response::{Html, IntoResponse};

/// The page's source (`search-server/static/index.html`).
pub const INDEX_HTML: &str = include_str!("../../static/index.html");

/// Serves the search page.
pub async fn index() -> impl IntoResponse {
    (
        [
            (header::CACHE_CONTROL, "no-cache"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        Html(INDEX_HTML),
    )
}
