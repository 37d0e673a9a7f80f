//! The four catalog queries, parsed by `Query::parse` and answered by
//! `Query::run`: the bodies are the CLI's `query … --json` output.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use bytes::Bytes;
use cartelera_core::{Query, QueryKind};

use crate::answer_cache::Cached;
use crate::error::ApiError;
use crate::respond::{json_response, query_pairs, AppState};
use crate::schema::{
    ActorCountBody, CountPlatformBody, DurationUnit, ErrorBody, MaxDurationBody, PlatformName,
    ScoreCountBody,
};

/// Parses and answers query `kind` from a raw query string: 400 for a bad
/// parameter, 404 when nothing matches, else 200 with the answer.
pub fn answer(state: &AppState, kind: QueryKind, raw: Option<&str>) -> Response {
    let name = kind.name();
    let raw = raw.unwrap_or("");
    let mut key = String::with_capacity(name.len() + 1 + raw.len());
    key.push_str(name);
    key.push('?');
    key.push_str(raw);
    let (status, body) = state
        .cache
        .get_or_compute(&key, || compute(state, kind, raw));
    json_response(status, body)
}

fn compute(state: &AppState, kind: QueryKind, raw: &str) -> Cached {
    let error = |e: ApiError| (e.status, Bytes::from(e.body()));
    let pairs = query_pairs(Some(raw));
    let query = match Query::parse_kind(kind, pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref()))) {
        Ok(q) => q,
        Err(e) => return error(ApiError::bad_parameter(&e)),
    };
    let answer = query.run(&state.catalog);
    if !answer.is_found() {
        return error(ApiError::no_answer(no_answer_detail(&query, &pairs)));
    }
    match serde_json::to_vec(&answer) {
        Ok(body) => (StatusCode::OK, Bytes::from(body)),
        Err(e) => error(ApiError::internal(&e)),
    }
}

/// "get_actor found nothing for platform=disney, year=1901".
fn no_answer_detail(
    query: &Query,
    pairs: &[(std::borrow::Cow<str>, std::borrow::Cow<str>)],
) -> String {
    let given: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", v.trim()))
        .collect();
    let filters = if given.is_empty() {
        "no filters".to_string()
    } else {
        given.join(", ")
    };
    format!("{} found nothing for {filters}", query.name())
}

/// The longest movie (`duration_type=min`, the default) or title
/// (`season`), optionally of a year and a platform; ties go to the smallest
/// title, then id.
#[utoipa::path(get, path = "/get_max_duration", tag = "catalog",
    params(
        ("year" = Option<i32>, Query, description = "Release year, 1800 to 2100", example = 2019),
        ("platform" = Option<PlatformName>, Query, description = "Platform (any case)", example = "hulu"),
        ("duration_type" = Option<DurationUnit>, Query, description = "`min` (default, movies only) or `season`", example = "min"),
    ),
    responses(
        (status = 200, description = "The longest matching title", body = MaxDurationBody),
        (status = 400, description = "A parameter is unknown or has a bad value", body = ErrorBody),
        (status = 404, description = "No title matches", body = ErrorBody),
    ))]
pub async fn get_max_duration(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    answer(&state, QueryKind::MaxDuration, raw.as_deref())
}

/// How many movies of a platform released in a year have a mean rating
/// strictly above `scored` (unrated movies do not count).
#[utoipa::path(get, path = "/get_score_count", tag = "catalog",
    params(
        ("platform" = PlatformName, Query, description = "Platform (any case)", example = "netflix"),
        ("scored" = f64, Query, description = "Score threshold, 0 to 5", example = 3.5),
        ("year" = i32, Query, description = "Release year, 1800 to 2100", example = 2020),
    ),
    responses(
        (status = 200, description = "The count", body = ScoreCountBody),
        (status = 400, description = "A parameter is missing, unknown or has a bad value", body = ErrorBody),
    ))]
pub async fn get_score_count(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    answer(&state, QueryKind::ScoreCount, raw.as_deref())
}

/// A platform's number of movies, TV shows and titles.
#[utoipa::path(get, path = "/get_count_platform", tag = "catalog",
    params(
        ("platform" = PlatformName, Query, description = "Platform (any case)", example = "disney"),
    ),
    responses(
        (status = 200, description = "The counts", body = CountPlatformBody),
        (status = 400, description = "The platform is missing or unknown", body = ErrorBody),
    ))]
pub async fn get_count_platform(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Response {
    answer(&state, QueryKind::CountPlatform, raw.as_deref())
}

/// The name in the most casts of a platform's titles released in a year
/// (each title counted once); ties go to the smallest name.
#[utoipa::path(get, path = "/get_actor", tag = "catalog",
    params(
        ("platform" = PlatformName, Query, description = "Platform (any case)", example = "amazon"),
        ("year" = i32, Query, description = "Release year, 1800 to 2100", example = 2018),
    ),
    responses(
        (status = 200, description = "The most frequent cast member", body = ActorCountBody),
        (status = 400, description = "A parameter is missing, unknown or has a bad value", body = ErrorBody),
        (status = 404, description = "Those titles have no cast data", body = ErrorBody),
    ))]
pub async fn get_actor(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    answer(&state, QueryKind::Actor, raw.as_deref())
}
