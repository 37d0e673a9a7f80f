//! The two answers a history gives, one function each for every front end
//! (the CLI's `recommend --history` and `platform-fit`, the API's POST
//! routes, the page): the file read and matched, the visitor's choices
//! applied, then the taste model asked.

use cartelera_core::links::Matcher;
use cartelera_core::param::parse_count;
use cartelera_core::works::Works;
use cartelera_core::{ParamError, Params};
use cartelera_recommender::request::RecommendRequest;
use cartelera_recommender::{RecommendAnswer, RecommendFilter, TasteRecommender};
use serde::Serialize;

use crate::fit::{platform_fit, PlatformFit};
use crate::matching::{match_history, Choice, MatchReport};
use crate::read::{read_history, HistoryError};

/// What may come with a history: how many titles, the recommendation
/// filter, and the visitor's choices for ambiguous entries.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HistoryRequest {
    /// How many titles (as `recommend`'s `n`).
    pub n: usize,
    /// Only these titles (as `recommend`'s filter).
    pub filter: RecommendFilter,
    /// `choose=LINE:ID,…`: the title chosen for each ambiguous entry.
    pub choices: Vec<Choice>,
}

/// What `choose` takes.
const CHOOSE_EXPECTED: &str =
    "LINE:ID pairs separated by commas, such as 4:ns330 (the line of an ambiguous entry and one of its candidates)";

impl HistoryRequest {
    /// The parameters: `n`, `platform`, `type`, `genre`, `choose`.
    pub const PARAMS: [&'static str; 5] = ["n", "platform", "type", "genre", "choose"];

    /// Parses with the request layer's conventions (as `recommend`).
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<HistoryRequest, ParamError> {
        let values = Params::collect("history", &Self::PARAMS, pairs)?;
        let mut choices = Vec::new();
        for entry in values
            .get("choose")
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            let bad = || ParamError::new("choose", entry, CHOOSE_EXPECTED);
            let (line, id) = entry.split_once(':').ok_or_else(bad)?;
            let line: usize = line.trim().parse().map_err(|_| bad())?;
            let id = id.trim();
            if id.is_empty() {
                return Err(bad());
            }
            choices.push(Choice {
                line,
                id: id.to_string(),
            });
        }
        Ok(HistoryRequest {
            n: values
                .parse("n", |name, text| {
                    parse_count(name, text, RecommendRequest::MAX_N)
                })?
                .unwrap_or(RecommendRequest::DEFAULT_N),
            filter: RecommendFilter::from_params(&values)?,
            choices,
        })
    }
}

/// Reads and matches a history against the taste model's catalog: the
/// report shown before anything is used.
pub fn import(
    file: &str,
    bytes: &[u8],
    taste: &TasteRecommender,
) -> Result<MatchReport, HistoryError> {
    let history = read_history(file, bytes)?;
    let titles = taste.catalog().titles();
    let works = Works::group(titles);
    Ok(match_history(&history, &Matcher::new(titles, &works)))
}

/// Why a history gave no answer: the file, or a choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HistoryAnswerError {
    /// The file could not be read.
    File(HistoryError),
    /// A choice names no ambiguous entry or no candidate of it.
    Choice(String),
}

impl std::fmt::Display for HistoryAnswerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HistoryAnswerError::File(e) => write!(f, "{e}"),
            HistoryAnswerError::Choice(e) => write!(f, "parameter `choose`: {e}"),
        }
    }
}

impl std::error::Error for HistoryAnswerError {}

/// A history's recommendations and its match report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HistoryRecommendations {
    /// What was matched.
    pub report: MatchReport,
    /// The taste model's answer for the confirmed picks (the seen titles
    /// are picks, so they leave the list).
    pub answer: RecommendAnswer,
}

/// The recommendations for a history: what `recommend --history`, the API
/// and the page answer.
pub fn recommend_history(
    file: &str,
    bytes: &[u8],
    request: &HistoryRequest,
    taste: &TasteRecommender,
) -> Result<HistoryRecommendations, HistoryAnswerError> {
    let report = import(file, bytes, taste).map_err(HistoryAnswerError::File)?;
    let picks = report
        .picks(&request.choices)
        .map_err(HistoryAnswerError::Choice)?;
    let answer = taste.recommend(&picks, &[], request.n, &request.filter);
    Ok(HistoryRecommendations { report, answer })
}

/// Which platform fits a history: what `platform-fit`, the API and the
/// page answer. `fit` is `None` when no matched title is one the model
/// knows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HistoryFit {
    /// What was matched.
    pub report: MatchReport,
    /// The platforms, best first.
    pub fit: Option<PlatformFit>,
}

/// The platform fit of a history.
pub fn fit_history(
    file: &str,
    bytes: &[u8],
    request: &HistoryRequest,
    taste: &TasteRecommender,
) -> Result<HistoryFit, HistoryAnswerError> {
    let report = import(file, bytes, taste).map_err(HistoryAnswerError::File)?;
    let picks = report
        .picks(&request.choices)
        .map_err(HistoryAnswerError::Choice)?;
    let mut seen: Vec<&str> = report.seen_works();
    let chosen: Vec<String> = request
        .choices
        .iter()
        .filter_map(|c| {
            let row = taste.catalog().row_of(&c.id)?;
            Some(taste.catalog().titles()[row].work_id.clone())
        })
        .collect();
    seen.extend(chosen.iter().map(String::as_str));
    let fit = platform_fit(taste, &picks, &seen);
    Ok(HistoryFit { report, fit })
}
