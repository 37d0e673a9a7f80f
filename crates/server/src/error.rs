//! The API's errors: a status and a JSON body `{"error": …, "detail": …}`,
//! where `error` is a short fixed phrase per class (programs can match on
//! it) and `detail` says what exactly was wrong and what is accepted.

use axum::http::{header, HeaderValue, StatusCode};
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

    /// 414: the query string is longer than the server accepts.
    pub fn query_too_long(len: usize, max: usize) -> ApiError {
        ApiError {
            status: StatusCode::URI_TOO_LONG,
            error: "query too long",
            detail: format!("the query string has {len} bytes; at most {max} are accepted"),
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
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
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
        let long = ApiError::query_too_long(5000, 2048);
        assert_eq!(long.status, StatusCode::URI_TOO_LONG);
        assert!(long.detail.contains("5000") && long.detail.contains("2048"));
    }
}
