//! `POST /history`, `POST /recommend/history` and `POST /platform-fit`: a
//! viewer's IMDb, Letterboxd or Netflix export as the request body,
//! answered by `cartelera-history` as `cartelera history`,
//! `recommend --history` and `platform-fit` answer it (same JSON). The
//! body is the file's bytes; `file=` names it in messages.

use std::borrow::Cow;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use cartelera_history::{
    fit_history, import, recommend_history, HistoryAnswerError, HistoryRequest,
};

use crate::error::ApiError;
use crate::respond::{json_of, query_pairs, AppState};
use crate::schema::ErrorBody;

/// The name messages give the body when `file=` does not.
const DEFAULT_FILE: &str = "history.csv";

/// The body's name (`file=`) and the other pairs parsed as a
/// [`HistoryRequest`].
fn request(raw: Option<&str>) -> Result<(String, HistoryRequest), ApiError> {
    let pairs = query_pairs(raw);
    let file = pairs
        .iter()
        .rev()
        .find(|(k, _)| k == "file")
        .map(|(_, v)| cartelera_core::quote::clip(v, 80).into_owned())
        .filter(|f| !f.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_FILE.to_string());
    let rest: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(k, _)| k != "file")
        .map(|(k, v): &(Cow<str>, Cow<str>)| (k.as_ref(), v.as_ref()))
        .collect();
    let parsed = HistoryRequest::parse(rest).map_err(|e| ApiError::bad_parameter(&e))?;
    Ok((file, parsed))
}

/// A file or choice the history answer refused: 400 with its message.
fn refused(e: HistoryAnswerError) -> ApiError {
    ApiError {
        status: StatusCode::BAD_REQUEST,
        error: "bad history file",
        detail: e.to_string(),
    }
}

fn respond<A: serde::Serialize>(answer: Result<A, ApiError>) -> Response {
    match answer {
        Ok(answer) => json_of(&answer),
        Err(e) => e.into_response(),
    }
}

/// How an export matches the catalog: matched, ambiguous (with the
/// candidates to choose from) and unmatched entries.
#[utoipa::path(post, path = "/history", tag = "history",
    params(("file" = Option<String>, Query, description = "The file's name, for messages", example = "ratings.csv")),
    request_body(content = String, content_type = "text/csv", description = "An IMDb ratings export, a Letterboxd ratings/watched/diary CSV or a Netflix viewing history"),
    responses(
        (status = 200, description = "The match report"),
        (status = 400, description = "Not a history export, or a row is bad (named by line and field)", body = ErrorBody),
        (status = 503, description = "The server has no taste model", body = ErrorBody),
    ))]
pub async fn report(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Response {
    respond(request(raw.as_deref()).and_then(|(file, _)| {
        import(&file, &body, state.taste()?).map_err(|e| refused(HistoryAnswerError::File(e)))
    }))
}

/// The `n` best works for the viewer of an export (what they have seen
/// left out), as `recommend?picks=` answers.
#[utoipa::path(post, path = "/recommend/history", tag = "history",
    params(
        ("file" = Option<String>, Query, description = "The file's name, for messages", example = "ratings.csv"),
        ("n" = Option<u32>, Query, description = "How many titles, 1 to 1000 (default 10)", example = 10),
        ("platform" = Option<String>, Query, description = "Only titles of this platform", example = "netflix"),
        ("type" = Option<String>, Query, description = "Only movies (`movie`) or only shows (`tv show`)", example = "movie"),
        ("genre" = Option<String>, Query, description = "Only titles listed in this genre (any case)", example = "dramas"),
        ("choose" = Option<String>, Query, description = "The title chosen for ambiguous entries: `LINE:ID` pairs", example = "2:ns5319"),
    ),
    request_body(content = String, content_type = "text/csv", description = "The export"),
    responses(
        (status = 200, description = "Best first", body = crate::schema::RecommendBody),
        (status = 400, description = "A bad file, row, choice or parameter", body = ErrorBody),
        (status = 503, description = "The server has no taste model", body = ErrorBody),
    ))]
pub async fn recommend(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Response {
    respond(request(raw.as_deref()).and_then(|(file, req)| {
        recommend_history(&file, &body, &req, state.taste()?)
            .map(|answered| answered.answer)
            .map_err(refused)
    }))
}

/// The platforms ranked for the viewer of an export: how many of their
/// top 100 works each carries, its 20 best for them, what they have seen
/// there.
#[utoipa::path(post, path = "/platform-fit", tag = "history",
    params(
        ("file" = Option<String>, Query, description = "The file's name, for messages", example = "ratings.csv"),
        ("choose" = Option<String>, Query, description = "The title chosen for ambiguous entries: `LINE:ID` pairs", example = "2:ns5319"),
    ),
    request_body(content = String, content_type = "text/csv", description = "The export"),
    responses(
        (status = 200, description = "The match report and the platforms, best first"),
        (status = 400, description = "A bad file, row, choice or parameter", body = ErrorBody),
        (status = 503, description = "The server has no taste model", body = ErrorBody),
    ))]
pub async fn platform_fit(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Response {
    respond(
        request(raw.as_deref()).and_then(|(file, req)| {
            fit_history(&file, &body, &req, state.taste()?).map_err(refused)
        }),
    )
}
