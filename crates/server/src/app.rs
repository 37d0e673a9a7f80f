//! The router: every route, its shared state and the layers around them
//! (CORS, request bounds, JSON error bodies, access log, static files).
//! The top of the crate's module graph: it joins the handlers
//! ([`crate::routes`]) and the document ([`crate::openapi`]).

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use bytes::Bytes;
use tower_http::cors::{Any, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;

use crate::answer_cache::AnswerCache;
use crate::config::{Limits, ServerConfig};
use crate::error::ApiError;
use crate::respond::AppState;
use crate::routes::{history, model, query, service};
use crate::security;

/// Most distinct query answers kept (each is a few hundred bytes).
const CACHED_ANSWERS: usize = 16_384;

/// Refuses query strings longer than the limit before any handler runs.
async fn bound_query(limits: Limits, request: Request, next: Next) -> Response {
    let len = request.uri().query().map_or(0, str::len);
    if len > limits.max_query_bytes {
        return ApiError::query_too_long(len, limits.max_query_bytes).into_response();
    }
    next.run(request).await
}

/// Refuses a body over [`Limits::max_body_bytes`] on every route but the
/// history ones (their own, larger limit is on the route), by its declared
/// length before anything reads it.
async fn bound_body(limits: Limits, request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    let history = crate::config::HISTORY_ROUTES.contains(&request.uri().path());
    if !history && declared.is_some_and(|n| n > limits.max_body_bytes) {
        return ApiError::body_too_large(limits.max_body_bytes).into_response();
    }
    next.run(request).await
}

/// Whether a response already carries a JSON body.
fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"))
}

/// Gives every error response the `{error, detail}` body: layers below
/// (axum's method routing, the body limit, the static files) answer some
/// errors with an empty or plain-text body; those are replaced, keeping
/// their status and headers (`Allow` on a 405).
async fn json_errors(limits: Limits, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let uri = request.uri().clone();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || is_json(&response) {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let error = ApiError::for_status(status, &method, uri.path(), limits).into_response();
    let (error_parts, body) = error.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    for (name, value) in &error_parts.headers {
        parts.headers.insert(name, value.clone());
    }
    Response::from_parts(parts, body)
}

/// The Content-Security-Policy values: the `/docs` page's (its inline
/// script and style by hash) and everything else's (the web app's).
#[derive(Clone)]
struct Policies {
    docs: HeaderValue,
    page: HeaderValue,
}

/// Adds the security headers ([`crate::security`]) to every response,
/// errors included.
async fn security_headers(policies: Policies, request: Request, next: Next) -> Response {
    let docs = request.uri().path() == "/docs";
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let csp = if docs { policies.docs } else { policies.page };
    headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    for (name, value) in security::FIXED_HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// The whole application for `config`.
pub fn router(config: &ServerConfig) -> Router {
    // The catalog builds its cast index on first use; a server builds it
    // now, so no request waits for it.
    config.catalog.cast();
    let state = AppState {
        catalog: Arc::clone(&config.catalog),
        recommender: config.recommender.clone(),
        taste: config.taste.clone(),
        cache: Arc::new(AnswerCache::new(CACHED_ANSWERS)),
        openapi: Bytes::from(crate::openapi::document_json()),
    };
    // A history export is the body of its routes; every other route takes
    // none, so the small limit applies everywhere else.
    let history_limit = (
        DefaultBodyLimit::disable(),
        RequestBodyLimitLayer::new(config.limits.max_history_bytes),
    );
    let api = Router::new()
        .route("/get_max_duration", get(query::get_max_duration))
        .route("/get_score_count", get(query::get_score_count))
        .route("/get_count_platform", get(query::get_count_platform))
        .route("/get_actor", get(query::get_actor))
        .route("/predict", get(model::predict))
        .route("/recommend", get(model::recommend))
        .route("/similar", get(model::similar))
        .route("/history", post(history::report).layer(history_limit))
        .route(
            "/recommend/history",
            post(history::recommend).layer(history_limit),
        )
        .route(
            "/platform-fit",
            post(history::platform_fit).layer(history_limit),
        )
        .route("/health", get(service::health))
        .route("/openapi.json", get(service::openapi_json))
        .route("/docs", get(service::docs))
        .with_state(state);
    let app = match &config.dist {
        Some(dir) => api.fallback_service(crate::static_files::service(dir)),
        None => api.fallback(service::not_found),
    };
    let limits = config.limits;
    let app = app
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            bound_query(limits, req, next)
        }))
        .layer(RequestBodyLimitLayer::new(
            limits.max_body_bytes.max(limits.max_history_bytes),
        ))
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            bound_body(limits, req, next)
        }))
        .layer(CorsLayer::new().allow_origin(Any).allow_methods([
            Method::GET,
            Method::HEAD,
            Method::POST,
        ]))
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            json_errors(limits, req, next)
        }));
    let policies = Policies {
        // Hashes are base64 and the rest is ASCII: always a valid value.
        docs: HeaderValue::from_str(&security::inline_csp(service::DOCS_PAGE))
            .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'")),
        page: HeaderValue::from_static(security::PAGE_CSP),
    };
    let app = app.layer(middleware::from_fn(move |req: Request, next: Next| {
        security_headers(policies.clone(), req, next)
    }));
    match &config.access_log {
        Some(sink) => app.layer(middleware::from_fn_with_state(
            sink.clone(),
            crate::access_log::log_request,
        )),
        None => app,
    }
}

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, SocketAddr};
    use std::path::PathBuf;

    use axum::body::Body;
    use axum::http::{header, Method, StatusCode};
    use cartelera_core::Catalog;
    use serde_json::Value;
    use tower::ServiceExt as _;

    use super::*;

    fn app(dist: Option<PathBuf>) -> Router {
        router(&ServerConfig {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            catalog: Arc::new(Catalog::new(Vec::new()).unwrap()),
            recommender: None,
            taste: crate::config::Taste::Missing(PathBuf::from("data/build/taste")),
            dist,
            limits: Limits::default(),
            access_log: None,
        })
    }

    /// Status, `Allow` header and the body as JSON (which it must be).
    async fn send(app: Router, request: Request) -> (StatusCode, Option<String>, Value) {
        let response = app.oneshot(request).await.unwrap();
        let status = response.status();
        let content_type = response.headers().get(header::CONTENT_TYPE).cloned();
        let allow = response
            .headers()
            .get(header::ALLOW)
            .map(|v| v.to_str().unwrap().to_string());
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        assert_eq!(
            content_type.as_ref().map(|v| v.to_str().unwrap()),
            Some("application/json"),
            "{status}: {body:?}"
        );
        let json: Value = serde_json::from_slice(&body).unwrap();
        assert!(
            json["error"].is_string() && json["detail"].is_string(),
            "{json}"
        );
        (status, allow, json)
    }

    fn request(method: Method, uri: &str) -> Request {
        Request::builder()
            .method(method)
            .uri(uri)
            .body(Body::empty())
            .unwrap()
    }

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<!doctype html>").unwrap();
        dir
    }

    #[tokio::test]
    async fn another_method_on_a_route_is_a_json_405() {
        let (status, allow, body) = send(app(None), request(Method::POST, "/health")).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(body["error"], "method not allowed");
        assert!(allow.is_some_and(|a| a.contains("GET")));
        let (status, _, _) = send(app(None), request(Method::DELETE, "/get_actor")).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    }

    #[tokio::test]
    async fn another_method_on_no_path_is_404_with_or_without_a_site() {
        let dir = site();
        for dist in [None, Some(dir.path().to_path_buf())] {
            let (status, _, body) = send(app(dist), request(Method::POST, "/nope")).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            assert_eq!(body["error"], "not found");
        }
    }

    #[tokio::test]
    async fn another_method_on_a_file_of_the_site_is_a_json_405() {
        let dir = site();
        let app = app(Some(dir.path().to_path_buf()));
        let (status, allow, _) = send(app.clone(), request(Method::POST, "/index.html")).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(allow.as_deref(), Some("GET, HEAD"));
        let (status, _, _) = send(app, request(Method::GET, "/missing.js")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn a_body_past_the_limit_is_a_json_413() {
        let body = vec![b'x'; Limits::default().max_body_bytes + 1];
        let request = Request::builder()
            .method(Method::GET)
            .uri("/health")
            .header(header::CONTENT_LENGTH, body.len())
            .body(Body::from(body))
            .unwrap();
        let (status, _, json) = send(app(None), request).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(json["error"], "body too large");
    }

    #[tokio::test]
    async fn no_model_and_a_long_query_stay_json() {
        let (status, _, _) = send(app(None), request(Method::GET, "/predict?user=1&title=x")).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        for uri in ["/recommend?picks=ds1:5", "/similar?id=ds1"] {
            let (status, _, body) = send(app(None), request(Method::GET, uri)).await;
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{uri}");
            assert_eq!(body["error"], "no taste model", "{uri}");
            let detail = body["detail"].as_str().unwrap();
            assert!(
                detail.contains("data/build/taste") && detail.contains("cartelera taste"),
                "{uri}: {detail}"
            );
        }
        // A bad request is refused as such before any model is asked for.
        let (status, _, body) = send(app(None), request(Method::GET, "/recommend?picks=ds1")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            body["detail"].as_str().unwrap().contains("`picks`"),
            "{body}"
        );
        let long = format!("/get_actor?platform={}", "a".repeat(3000));
        let (status, _, _) = send(app(None), request(Method::GET, &long)).await;
        assert_eq!(status, StatusCode::URI_TOO_LONG);
    }
}
