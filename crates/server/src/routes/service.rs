//! The server's own routes: `/health`, `/openapi.json`, `/docs`, and the
//! answer for paths that name nothing.

use axum::extract::{Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::config::Taste;
use crate::error::ApiError;
use crate::respond::{json_of, json_ok, AppState};

/// `/health`'s body.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// Always `ok` when the server answers.
    status: &'static str,
    /// Titles in the loaded catalog.
    titles: usize,
    /// Whether `/predict` and `/recommend?user=` have a model.
    model: bool,
    /// Whether `/recommend?picks=` and `/similar` have the taste model.
    taste: bool,
}

/// Liveness and what was loaded.
#[utoipa::path(get, path = "/health", tag = "service",
    responses((status = 200, description = "The server is up", body = Health)))]
pub async fn health(State(state): State<AppState>) -> Response {
    json_of(&Health {
        status: "ok",
        titles: state.catalog.len(),
        model: state.recommender.is_some(),
        taste: matches!(state.taste, Taste::Loaded(_)),
    })
}

/// The OpenAPI document (serialised once, at start).
pub async fn openapi_json(State(state): State<AppState>) -> Response {
    json_ok(state.openapi.clone())
}

/// The interactive API page: plain HTML and script, no CDN; it reads
/// `/openapi.json` and builds a form per route.
pub const DOCS_PAGE: &str = include_str!("../docs.html");

/// `/docs`.
pub async fn docs() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        DOCS_PAGE,
    )
        .into_response()
}

/// 404 for a path with no route (and no file, when a folder is served),
/// whatever the method.
pub async fn not_found(request: Request) -> Response {
    ApiError::not_found(request.uri().path()).into_response()
}
