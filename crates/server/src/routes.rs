//! The router: every route, its shared state and the layers around them
//! (CORS, request bounds, access log, static files).

use std::borrow::Cow;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use cartelera_core::Catalog;
use cartelera_recommender::Recommender;
use serde::Serialize;
use tower_http::cors::{Any, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;

use crate::answer_cache::AnswerCache;
use crate::error::ApiError;
use crate::{Limits, ServerConfig};

pub mod model;
pub mod query;

/// Most distinct query answers kept (each is a few hundred bytes).
const CACHED_ANSWERS: usize = 16_384;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The catalog the queries run on.
    pub catalog: Arc<Catalog>,
    /// The model, when one was loaded.
    pub recommender: Option<Arc<Recommender>>,
    /// Memoised query answers.
    pub cache: Arc<AnswerCache>,
    /// The OpenAPI document, serialised once.
    pub openapi: Bytes,
}

/// The `(parameter, value)` pairs of a query string, percent-decoded.
pub fn query_pairs(raw: Option<&str>) -> Vec<(Cow<'_, str>, Cow<'_, str>)> {
    raw.map_or_else(Vec::new, |q| form_urlencoded::parse(q.as_bytes()).collect())
}

/// A 200 answer with a JSON body (the CLI's `--json` text, without its
/// trailing newline).
pub fn json_ok(body: impl Into<Bytes>) -> Response {
    json_response(StatusCode::OK, body.into())
}

/// A response with a JSON body.
pub fn json_response(status: StatusCode, body: Bytes) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// `/health`'s body.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// Always `ok` when the server answers.
    status: &'static str,
    /// Titles in the loaded catalog.
    titles: usize,
    /// Whether `/predict` and `/recommend` have a model.
    model: bool,
}

/// Liveness and what was loaded.
#[utoipa::path(get, path = "/health", tag = "service",
    responses((status = 200, description = "The server is up", body = Health)))]
pub async fn health(State(state): State<AppState>) -> Response {
    let body = Health {
        status: "ok",
        titles: state.catalog.len(),
        model: state.recommender.is_some(),
    };
    match serde_json::to_vec(&body) {
        Ok(bytes) => json_ok(bytes),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

async fn openapi_json(State(state): State<AppState>) -> Response {
    json_ok(state.openapi.clone())
}

/// The interactive API page: plain HTML and script, no CDN; it reads
/// `/openapi.json` and builds a form per route.
const DOCS_PAGE: &str = include_str!("docs.html");

async fn docs() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        DOCS_PAGE,
    )
        .into_response()
}

async fn not_found(request: Request) -> Response {
    ApiError::not_found(request.uri().path()).into_response()
}

/// Refuses query strings longer than the limit before any handler runs.
async fn bound_query(limits: Limits, request: Request, next: Next) -> Response {
    let len = request.uri().query().map_or(0, str::len);
    if len > limits.max_query_bytes {
        return ApiError::query_too_long(len, limits.max_query_bytes).into_response();
    }
    next.run(request).await
}

/// The whole application for `config`.
pub fn router(config: &ServerConfig) -> Router {
    let state = AppState {
        catalog: Arc::clone(&config.catalog),
        recommender: config.recommender.clone(),
        cache: Arc::new(AnswerCache::new(CACHED_ANSWERS)),
        openapi: Bytes::from(crate::openapi::document_json()),
    };
    let api = Router::new()
        .route("/get_max_duration", get(query::get_max_duration))
        .route("/get_score_count", get(query::get_score_count))
        .route("/get_count_platform", get(query::get_count_platform))
        .route("/get_actor", get(query::get_actor))
        .route("/predict", get(model::predict))
        .route("/recommend", get(model::recommend))
        .route("/health", get(health))
        .route("/openapi.json", get(openapi_json))
        .route("/docs", get(docs))
        .with_state(state);
    let app = match &config.dist {
        Some(dir) => api.fallback_service(crate::static_files::service(dir, not_found)),
        None => api.fallback(not_found),
    };
    let limits = config.limits;
    let app = app
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            bound_query(limits, req, next)
        }))
        .layer(RequestBodyLimitLayer::new(limits.max_body_bytes))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::HEAD]),
        );
    match &config.access_log {
        Some(sink) => app.layer(middleware::from_fn_with_state(
            sink.clone(),
            crate::access_log::log_request,
        )),
        None => app,
    }
}
