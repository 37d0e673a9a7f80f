//! The built web app (`dist/`) at `/`: files only from inside the folder
//! (`ServeDir` refuses `..` and other non-normal path parts, decoded or
//! not), precompressed `.br`/`.gz` siblings when the client accepts them,
//! and the cache rules the app's updates rely on.

use std::convert::Infallible;
use std::path::Path;

use axum::extract::Request;
use axum::handler::{Handler, HandlerWithoutStateExt};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower::util::BoxCloneSyncService;
use tower::ServiceBuilder;
use tower_http::services::ServeDir;

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

/// The static-file service for `dir`; a missing file is answered by
/// `not_found`.
pub fn service<H, T>(dir: &Path, not_found: H) -> BoxCloneSyncService<Request, Response, Infallible>
where
    H: Handler<T, ()> + Clone + Send + Sync + 'static,
    T: 'static,
{
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .not_found_service(not_found.into_service());
    let service = ServiceBuilder::new()
        .layer(middleware::from_fn(cache_rules))
        .service(files);
    BoxCloneSyncService::new(tower::ServiceExt::map_response(service, |r| {
        r.map(axum::body::Body::new)
    }))
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
