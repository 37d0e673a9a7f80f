//! The built web app (`dist/`) at `/`: files only from inside the folder
//! (`ServeDir` refuses `..` and other non-normal path parts, decoded or
//! not), precompressed `.br`/`.gz` siblings when the client accepts them,
//! and the cache rules the app's updates rely on. A path with no file is
//! 404 whatever the method; another method than GET or HEAD on a file that
//! exists is 405 (both JSON, through [`ApiError`]).

use std::convert::Infallible;
use std::path::Path;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower::util::BoxCloneSyncService;
use tower::{ServiceBuilder, ServiceExt as _};
use tower_http::services::ServeDir;

use crate::error::ApiError;

/// Files that must be revalidated on every load: the page that names the
/// current asset versions and the service worker that caches them.
fn must_revalidate(path: &str) -> bool {
    path.ends_with('/') || path.ends_with("/index.html") || path.ends_with("/sw.js")
}

/// Content types that the generic table may lack or get wrong.
fn content_type_of(path: &str) -> Option<&'static str> {
    if path.ends_with(".wasm") {
        Some("application/wasm")
    } else if path.ends_with(".webmanifest") {
        Some("application/manifest+json")
    } else {
        None
    }
}

async fn cache_rules(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    if !response.status().is_success() {
        return response;
    }
    let headers = response.headers_mut();
    if must_revalidate(&path) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    if let Some(kind) = content_type_of(&path) {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    }
    response
}

/// What `ServeDir` could not answer: no such file (404), or a method other
/// than GET or HEAD, which is 405 when `probe` finds a file there and 404
/// when it does not (so `POST /nope` is 404, as it is without a folder).
async fn no_file(probe: ServeDir, request: Request) -> Response {
    let path = request.uri().path();
    let method = request.method();
    if method == Method::GET || method == Method::HEAD {
        return ApiError::not_found(path).into_response();
    }
    let mut head = Request::new(Body::empty());
    *head.method_mut() = Method::HEAD;
    *head.uri_mut() = request.uri().clone();
    let found = match probe.oneshot(head).await {
        Ok(answer) => answer.status().is_success() || answer.status().is_redirection(),
        Err(never) => match never {},
    };
    if found {
        ApiError::method_not_allowed(method, path).into_response()
    } else {
        ApiError::not_found(path).into_response()
    }
}

/// The static-file service for `dir`.
pub fn service(dir: &Path) -> BoxCloneSyncService<Request, Response, Infallible> {
    let probe = ServeDir::new(dir).append_index_html_on_directories(true);
    let fallback = tower::service_fn(move |request: Request| {
        let probe = probe.clone();
        async move { Ok::<_, Infallible>(no_file(probe, request).await) }
    });
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .call_fallback_on_method_not_allowed(true)
        .fallback(fallback);
    let service = ServiceBuilder::new()
        .layer(middleware::from_fn(cache_rules))
        .service(files);
    BoxCloneSyncService::new(service.map_response(|r| r.map(Body::new)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_and_service_worker_are_revalidated() {
        assert!(must_revalidate("/"));
        assert!(must_revalidate("/index.html"));
        assert!(must_revalidate("/sw.js"));
        assert!(!must_revalidate("/app-3f2a.wasm"));
        assert!(!must_revalidate("/style.css"));
    }

    #[test]
    fn wasm_and_manifest_get_their_types() {
        assert_eq!(content_type_of("/a/app.wasm"), Some("application/wasm"));
        assert_eq!(
            content_type_of("/site.webmanifest"),
            Some("application/manifest+json")
        );
        assert_eq!(content_type_of("/index.html"), None);
    }
}
