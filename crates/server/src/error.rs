//! The API's errors: a status and a JSON body `{"error": …, "detail": …}`,
//! where `error` is a short fixed phrase per class (programs can match on
//! it) and `detail` says what exactly was wrong and what is accepted.
//!
//! Every error a client can get from this crate goes through [`ApiError`]:
//! the handlers build one directly, and the router's outer layer
//! ([`crate::app`]) turns any other error response (axum's 405, the body
//! limit's 413, …) into one with [`ApiError::for_status`]. What hyper
//! would answer itself before a request exists (an unparsable head, one
//! too long, a head not sent in time) never reaches it: the connection
//! gate ([`crate::gate`]) refuses those heads first and the connection
//! loop writes the error.

use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use cartelera_core::ParamError;
use serde::Serialize;

/// An error answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// The error class (`bad parameter`, `no answer`, …).
    pub error: &'static str,
    /// What exactly went wrong.
    pub detail: String,
}

/// The JSON body of an error.
#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    detail: &'a str,
}

impl ApiError {
    /// 400: a parameter is missing, unknown or has a bad value; the detail
    /// names it and the accepted values (`ParamError`'s message).
    pub fn bad_parameter(e: &ParamError) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            error: "bad parameter",
            detail: e.to_string(),
        }
    }

    /// 404: the query is valid but nothing matches it.
    pub fn no_answer(detail: String) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            error: "no answer",
            detail,
        }
    }

    /// 404: no route or file at this path.
    pub fn not_found(path: &str) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            error: "not found",
            detail: format!("nothing at {path}; the routes are listed at /docs and /openapi.json"),
        }
    }

    /// 503: `/predict` and `/recommend` without a factor file.
    pub fn no_model() -> ApiError {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            error: "no model",
            detail: "the server was started without a factor file: train one with \
                     `cartelera train` (or `cargo xtask demo`) and start it with --model DIR"
                .to_string(),
        }
    }

    /// 503: a visitor's `/recommend?picks=` or `/similar` without the taste
    /// model; the detail names the folder it was looked for in and the
    /// command that builds it.
    pub fn no_taste(folder: &std::path::Path) -> ApiError {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            error: "no taste model",
            detail: format!(
                "the server was started without the taste model (nothing at {}): build it with \
                 `cartelera taste --out {}` and start the server with --taste DIR",
                folder.display(),
                folder.display()
            ),
        }
    }

    /// 414: the query string is longer than the server accepts.
    pub fn query_too_long(len: usize, max: usize) -> ApiError {
        ApiError {
            status: StatusCode::URI_TOO_LONG,
            error: "query too long",
            detail: format!("the query string has {len} bytes; at most {max} are accepted"),
        }
    }

    /// 405: the path exists but not for this method (every route answers
    /// GET and HEAD only; the response says so in `Allow`).
    pub fn method_not_allowed(method: &Method, path: &str) -> ApiError {
        ApiError {
            status: StatusCode::METHOD_NOT_ALLOWED,
            error: "method not allowed",
            detail: format!("{method} is not accepted at {path}: every route answers GET and HEAD"),
        }
    }

    /// 413: the request carries a body larger than the server accepts.
    pub fn body_too_large(max: usize) -> ApiError {
        ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            error: "body too large",
            detail: format!(
                "request bodies are limited to {max} bytes: every route is a GET and needs none"
            ),
        }
    }

    /// 400: a request head that is not HTTP/1.1 (hyper could not parse
    /// it); the detail says what is wrong and what is expected.
    pub fn malformed(detail: String) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            error: "bad request",
            detail,
        }
    }

    /// 414: a request line longer than `max` bytes.
    pub fn request_line_too_long(max: usize) -> ApiError {
        ApiError {
            status: StatusCode::URI_TOO_LONG,
            error: "request line too long",
            detail: format!(
                "the request line is longer than {max} bytes; query strings are limited \
                 to a few KiB (see /docs)"
            ),
        }
    }

    /// 431: a request head past the bounds; the detail says which.
    pub fn head_too_large(detail: String) -> ApiError {
        ApiError {
            status: StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            error: "headers too large",
            detail,
        }
    }

    /// 411: a body sent with `Transfer-Encoding` instead of a length.
    pub fn length_required() -> ApiError {
        ApiError {
            status: StatusCode::LENGTH_REQUIRED,
            error: "length required",
            detail: "request bodies must come with a Content-Length, not a Transfer-Encoding: \
                     every route is a GET and needs none"
                .to_string(),
        }
    }

    /// 408: a request head not finished within `limit` of its first byte.
    pub fn request_timeout(limit: std::time::Duration) -> ApiError {
        ApiError {
            status: StatusCode::REQUEST_TIMEOUT,
            error: "request timeout",
            detail: format!(
                "the request head was not complete {:.1} s after its first byte",
                limit.as_secs_f64()
            ),
        }
    }

    /// 500: the server failed on a valid request (an answer that did not
    /// serialise); the detail is the failure itself.
    pub fn internal(e: &dyn std::fmt::Display) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            error: "internal error",
            detail: e.to_string(),
        }
    }

    /// The error for a response of `status` that some layer below produced
    /// without a JSON body, for `method` on `path`; `limits` give the
    /// bounds the details quote.
    pub fn for_status(
        status: StatusCode,
        method: &Method,
        path: &str,
        limits: crate::config::Limits,
    ) -> ApiError {
        match status {
            StatusCode::NOT_FOUND => ApiError::not_found(path),
            StatusCode::METHOD_NOT_ALLOWED => ApiError::method_not_allowed(method, path),
            StatusCode::PAYLOAD_TOO_LARGE => {
                ApiError::body_too_large(if crate::config::HISTORY_ROUTES.contains(&path) {
                    limits.max_history_bytes
                } else {
                    limits.max_body_bytes
                })
            }
            other => ApiError {
                status: other,
                error: if other.is_server_error() {
                    "internal error"
                } else {
                    "bad request"
                },
                detail: format!(
                    "{method} {path}: {}",
                    other.canonical_reason().unwrap_or("error")
                ),
            },
        }
    }

    /// The body as JSON text.
    pub fn body(&self) -> String {
        let body = ErrorBody {
            error: self.error,
            detail: &self.detail,
        };
        // Two strings always serialise.
        serde_json::to_string(&body).unwrap_or_default()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.body()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if self.status == StatusCode::METHOD_NOT_ALLOWED {
            headers.insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_parameter_names_it_and_what_is_accepted() {
        let e = ApiError::bad_parameter(&ParamError::new("platform", "hbo", "one of a, b"));
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            e.body(),
            r#"{"error":"bad parameter","detail":"invalid value \"hbo\" for parameter `platform`: expected one of a, b"}"#
        );
    }

    #[test]
    fn each_class_has_its_status() {
        assert_eq!(
            ApiError::no_answer("x".into()).status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(ApiError::not_found("/x").status, StatusCode::NOT_FOUND);
        assert_eq!(ApiError::no_model().status, StatusCode::SERVICE_UNAVAILABLE);
        let taste = ApiError::no_taste(std::path::Path::new("data/build/taste"));
        assert_eq!(taste.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(
            taste.detail.contains("nothing at data/build/taste")
                && taste
                    .detail
                    .contains("`cartelera taste --out data/build/taste`"),
            "{}",
            taste.detail
        );
        let long = ApiError::query_too_long(5000, 2048);
        assert_eq!(long.status, StatusCode::URI_TOO_LONG);
        assert!(long.detail.contains("5000") && long.detail.contains("2048"));
        let post = ApiError::method_not_allowed(&Method::POST, "/health");
        assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
        assert!(post.detail.contains("POST") && post.detail.contains("/health"));
        assert_eq!(
            ApiError::body_too_large(1024).status,
            StatusCode::PAYLOAD_TOO_LARGE
        );
        assert_eq!(
            ApiError::internal(&"boom").status,
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn any_status_maps_to_a_json_error_of_that_status() {
        let limits = crate::config::Limits::default();
        for status in [400, 404, 405, 413, 414, 416, 500, 503] {
            let status = StatusCode::from_u16(status).unwrap();
            let e = ApiError::for_status(status, &Method::GET, "/x", limits);
            assert_eq!(e.status, status);
            let body: serde_json::Value = serde_json::from_str(&e.body()).unwrap();
            assert!(
                body["error"].is_string() && body["detail"].is_string(),
                "{body}"
            );
        }
    }
}
