//! The built web app (`dist/`) at `/`: files only from inside the folder
//! (`ServeDir` refuses `..` and other non-normal path parts, decoded or
//! not, and [`escapes`] refuses any path that a symbolic link resolves to
//! outside the folder), precompressed `.br`/`.gz` siblings when the client accepts them,
//! and the cache rules the app's updates rely on. A path with no file is
//! 404 whatever the method; another method than GET or HEAD on a file that
//! exists is 405 (both JSON, through [`ApiError`]).

use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use tower::util::BoxCloneSyncService;
use tower::{ServiceBuilder, ServiceExt as _};
use tower_http::services::ServeDir;

use crate::error::ApiError;

/// The `Cache-Control` for a file of the site. A file whose name carries
/// a content hash (`name.0123456789abcdef.ext`, as `cargo xtask dist`
/// names the page's code and style) never changes under that name: a year,
/// immutable. Everything else (`index.html`, which names the current
/// hashes, `sw.js`, the manifest, the data) is revalidated on every load
/// (`no-cache`: the browser may keep it, but asks first; an unchanged file
/// costs a 304). `public/_headers` says the same for static hosts; the
/// integration test `the_headers_file_matches_what_serve_sends` checks it.
pub fn cache_control(path: &str) -> &'static str {
    if is_content_hashed(path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// Whether the file name's next-to-last dot-separated part is 16
/// lowercase hex digits.
fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3 && {
        let hash = parts[parts.len() - 2];
        hash.len() == 16 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    }
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
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control(&path)),
    );
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

/// The file `ServeDir` would look up for `request_path` under `root`, built
/// the way it builds it (percent-decoded, only normal parts); `None` when
/// it would refuse the path itself.
fn file_of(root: &Path, request_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode_str(request_path.trim_start_matches('/'))
        .decode_utf8()
        .ok()?;
    let mut file = root.to_path_buf();
    for part in Path::new(&*decoded).components() {
        match part {
            Component::Normal(name) => file.push(name),
            Component::CurDir => {}
            Component::Prefix(_) | Component::RootDir | Component::ParentDir => return None,
        }
    }
    Some(file)
}

/// Whether serving `request_path` could read something outside `root` (a
/// canonical path): the file, its index.html when it is a folder, or a
/// precompressed sibling resolves (through a symbolic link anywhere on the
/// way) to a place not under `root`. What does not exist cannot escape:
/// `ServeDir` answers 404 for it. A link swapped between this check and
/// the read is not caught; the folder is the user's own build output.
pub fn escapes(root: &Path, request_path: &str) -> bool {
    let Some(file) = file_of(root, request_path) else {
        return false;
    };
    let mut candidates = vec![file.clone()];
    if file.is_dir() {
        candidates.push(file.join("index.html"));
    }
    for plain in candidates.clone() {
        for ext in ["br", "gz"] {
            let mut sibling = plain.clone().into_os_string();
            sibling.push(".");
            sibling.push(ext);
            candidates.push(PathBuf::from(sibling));
        }
    }
    candidates.iter().any(|c| match c.canonicalize() {
        Ok(real) => !real.starts_with(root),
        Err(e) => e.kind() != std::io::ErrorKind::NotFound,
    })
}

/// Refuses (404) a request whose file resolves outside `root`.
async fn stay_inside(root: Arc<PathBuf>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let checked = path.clone();
    let outside = tokio::task::spawn_blocking(move || escapes(&root, &checked))
        .await
        .unwrap_or(true);
    if outside {
        return ApiError::not_found(&path).into_response();
    }
    next.run(request).await
}

/// The static-file service for `dir`.
pub fn service(dir: &Path) -> BoxCloneSyncService<Request, Response, Infallible> {
    // Compared against resolved paths, so resolved itself; a folder that
    // cannot be resolved has no files to serve, and every check fails
    // closed against the path as given.
    let root = Arc::new(dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()));
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
        .layer(middleware::from_fn(move |request: Request, next: Next| {
            stay_inside(Arc::clone(&root), request, next)
        }))
        .layer(middleware::from_fn(cache_rules))
        .service(files);
    BoxCloneSyncService::new(service.map_response(|r| r.map(Body::new)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_immutable_and_the_rest_revalidated() {
        for path in [
            "/",
            "/index.html",
            "/sw.js",
            "/style/main.css",
            "/data/titles.parquet",
        ] {
            assert_eq!(cache_control(path), "no-cache", "{path}");
        }
        for path in [
            "/pkg/cartelera_web_bg.0123456789abcdef.wasm",
            "/style/main.fedcba9876543210.css",
            "/sub/path/pkg/boot.00000000000000ff.js",
        ] {
            assert_eq!(
                cache_control(path),
                "public, max-age=31536000, immutable",
                "{path}"
            );
        }
        // Not 16 lowercase hex digits: not a content hash.
        for path in [
            "/app.0123456789ABCDEF.js",
            "/app.0123.js",
            "/0123456789abcdef.js",
        ] {
            assert_eq!(cache_control(path), "no-cache", "{path}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_folder_escapes_and_one_inside_does_not() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "s").unwrap();
        let dist = tempfile::tempdir().unwrap();
        let root = dist.path().canonicalize().unwrap();
        std::fs::write(root.join("app.js"), "js").unwrap();
        symlink("/", root.join("root")).unwrap();
        symlink(outside.path().join("secret.txt"), root.join("leak.txt")).unwrap();
        symlink(outside.path().join("secret.txt"), root.join("app.js.br")).unwrap();
        symlink(outside.path(), root.join("out")).unwrap();
        symlink(root.join("app.js"), root.join("alias.js")).unwrap();
        for path in [
            "/root/etc/passwd",
            "/root",
            "/root/",
            "/%72oot/etc/passwd",
            "/leak.txt",
            "/out/secret.txt",
            "/app.js",
        ] {
            assert!(escapes(&root, path), "{path} was let through");
        }
        std::fs::remove_file(root.join("app.js.br")).unwrap();
        for path in ["/app.js", "/alias.js", "/missing.js", "/", "/../x"] {
            assert!(!escapes(&root, path), "{path} was refused");
        }
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
