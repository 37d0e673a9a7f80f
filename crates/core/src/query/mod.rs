//! The four catalog queries ([`QueryKind`] names them), and their parsing
//! from key/value pairs (CLI flags, an HTTP query string, the page's URL
//! all go through [`Query::parse`]).
//!
//! Strings are compared by code point (Rust's `str` order) everywhere a tie
//! is broken, so the answer never depends on locale or row order.

use serde::Serialize;

use crate::model::{Catalog, DurationType, Platform, Title, TitleType};
use crate::param::{parse_score, parse_year, ParamError, Params};

mod kind;

pub use kind::QueryKind;

/// `get_max_duration`'s answer: the longest matching title.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MaxDuration {
    /// Catalog-wide id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Platform.
    pub platform: Platform,
    /// Release year.
    pub release_year: i32,
    /// Length.
    pub duration_int: u32,
    /// Unit of the length.
    pub duration_type: DurationType,
}

/// `get_score_count`'s answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreCount {
    /// Platform asked for.
    pub platform: Platform,
    /// Release year asked for.
    pub year: i32,
    /// Threshold: movies with a score strictly above it count.
    pub scored: f64,
    /// Number of such movies.
    pub count: u32,
}

/// `get_count_platform`'s answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CountPlatform {
    /// Platform asked for.
    pub platform: Platform,
    /// Number of movies.
    pub movies: u32,
    /// Number of TV shows.
    pub tv_shows: u32,
    /// All titles.
    pub total: u32,
}

/// `get_actor`'s answer: the most frequent cast member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActorCount {
    /// Platform asked for.
    pub platform: Platform,
    /// Release year asked for.
    pub year: i32,
    /// The name (as stored: lower-case).
    pub actor: String,
    /// Number of that platform-year's titles listing the name.
    pub count: u32,
}

/// Among titles of `duration_type` (default minutes; for minutes only
/// movies), optionally of `year` and `platform`, the one with the largest
/// `duration_int`. Ties go to the smallest title, then the smallest id.
pub fn get_max_duration(
    catalog: &Catalog,
    year: Option<i32>,
    platform: Option<Platform>,
    duration_type: Option<DurationType>,
) -> Option<MaxDuration> {
    let unit = duration_type.unwrap_or(DurationType::Min);
    let mut best: Option<(&Title, u32)> = None;
    for t in catalog.titles() {
        let (Some(length), Some(t_unit)) = (t.duration_int, t.duration_type) else {
            continue;
        };
        if t_unit != unit
            || (unit == DurationType::Min && t.kind != TitleType::Movie)
            || year.is_some_and(|y| t.release_year != y)
            || platform.is_some_and(|p| t.platform != p)
        {
            continue;
        }
        let better = match best {
            None => true,
            Some((b, b_length)) => {
                (length, std::cmp::Reverse((&t.title, &t.id)))
                    > (b_length, std::cmp::Reverse((&b.title, &b.id)))
            }
        };
        if better {
            best = Some((t, length));
        }
    }
    best.map(|(t, length)| MaxDuration {
        id: t.id.clone(),
        title: t.title.clone(),
        platform: t.platform,
        release_year: t.release_year,
        duration_int: length,
        duration_type: unit,
    })
}

/// How many movies of `platform` released in `year` have a score strictly
/// greater than `scored` (titles nobody rated do not count).
pub fn get_score_count(
    catalog: &Catalog,
    platform: Platform,
    scored: f64,
    year: i32,
) -> ScoreCount {
    let count = catalog
        .titles()
        .iter()
        .filter(|t| {
            t.platform == platform
                && t.kind == TitleType::Movie
                && t.release_year == year
                && t.score.is_some_and(|s| s > scored)
        })
        .count() as u32;
    ScoreCount {
        platform,
        year,
        scored,
        count,
    }
}

/// The platform's number of movies, TV shows and titles.
pub fn get_count_platform(catalog: &Catalog, platform: Platform) -> CountPlatform {
    let (mut movies, mut tv_shows) = (0, 0);
    for t in catalog.titles().iter().filter(|t| t.platform == platform) {
        match t.kind {
            TitleType::Movie => movies += 1,
            TitleType::TvShow => tv_shows += 1,
        }
    }
    CountPlatform {
        platform,
        movies,
        tv_shows,
        total: movies + tv_shows,
    }
}

/// Over `platform`'s titles released in `year` (any type), the name that
/// appears in the most casts (each name counted once per title); ties go to
/// the smallest name. `None` when those titles have no cast data.
pub fn get_actor(catalog: &Catalog, platform: Platform, year: i32) -> Option<ActorCount> {
    let cast = catalog.cast();
    let mut counts = vec![0u32; cast.len()];
    let mut best: Option<(u32, u32)> = None; // (count, name id)
    for (row, _) in catalog
        .titles()
        .iter()
        .enumerate()
        .filter(|(_, t)| t.platform == platform && t.release_year == year)
    {
        for &id in cast.of_row(row) {
            let count = &mut counts[id as usize];
            *count += 1;
            let better = match best {
                None => true,
                Some((b_count, b_id)) => {
                    *count > b_count || (*count == b_count && cast.name(id) < cast.name(b_id))
                }
            };
            if better {
                best = Some((*count, id));
            }
        }
    }
    best.map(|(count, id)| ActorCount {
        platform,
        year,
        actor: cast.name(id).to_string(),
        count,
    })
}

/// A parsed query, ready to run.
#[derive(Clone, Debug, PartialEq)]
pub enum Query {
    /// `get_max_duration(year?, platform?, duration_type?)`.
    MaxDuration {
        /// Release year filter.
        year: Option<i32>,
        /// Platform filter.
        platform: Option<Platform>,
        /// Unit (default minutes).
        duration_type: Option<DurationType>,
    },
    /// `get_score_count(platform, scored, year)`.
    ScoreCount {
        /// Platform.
        platform: Platform,
        /// Score threshold.
        scored: f64,
        /// Release year.
        year: i32,
    },
    /// `get_count_platform(platform)`.
    CountPlatform {
        /// Platform.
        platform: Platform,
    },
    /// `get_actor(platform, year)`.
    Actor {
        /// Platform.
        platform: Platform,
        /// Release year.
        year: i32,
    },
}

/// A query's answer; serialises to exactly the JSON body the CLI's `--json`
/// and the HTTP API return (`null` when there is no answer).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    /// See [`get_max_duration`].
    MaxDuration(Option<MaxDuration>),
    /// See [`get_score_count`].
    ScoreCount(ScoreCount),
    /// See [`get_count_platform`].
    CountPlatform(CountPlatform),
    /// See [`get_actor`].
    Actor(Option<ActorCount>),
}

impl Answer {
    /// False when the query matched nothing (the JSON body is `null`).
    pub fn is_found(&self) -> bool {
        !matches!(self, Answer::MaxDuration(None) | Answer::Actor(None))
    }
}

const PLATFORMS: &str = "one of amazon, disney, hulu, netflix";

impl Query {
    /// Which query this is.
    pub fn kind(&self) -> QueryKind {
        match self {
            Query::MaxDuration { .. } => QueryKind::MaxDuration,
            Query::ScoreCount { .. } => QueryKind::ScoreCount,
            Query::CountPlatform { .. } => QueryKind::CountPlatform,
            Query::Actor { .. } => QueryKind::Actor,
        }
    }

    /// The query's name.
    pub fn name(&self) -> &'static str {
        self.kind().name()
    }

    /// Parses a query from its name and `(parameter, value)` pairs, with
    /// the request layer's conventions ([`Params`]): empty values count as
    /// absent (what an untouched form field sends), unknown parameters are
    /// an error naming the accepted ones, the last repeat wins.
    pub fn parse<'a>(
        name: &str,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Query, ParamError> {
        Query::parse_kind(QueryKind::parse(name)?, pairs)
    }

    /// [`Query::parse`] for a query already named by its kind (an API
    /// route, a page view).
    pub fn parse_kind<'a>(
        kind: QueryKind,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Query, ParamError> {
        let values = Params::collect(kind.name(), kind.params(), pairs)?;
        let platform = || values.parse("platform", |_, v| v.parse::<Platform>());
        let required_platform =
            || platform()?.ok_or_else(|| ParamError::missing("platform", PLATFORMS));
        let year = || values.parse("year", parse_year);
        let required_year =
            || year()?.ok_or_else(|| ParamError::missing("year", "a release year such as 2019"));
        Ok(match kind {
            QueryKind::MaxDuration => Query::MaxDuration {
                year: year()?,
                platform: platform()?,
                duration_type: values.parse("duration_type", |_, v| v.parse())?,
            },
            QueryKind::ScoreCount => Query::ScoreCount {
                platform: required_platform()?,
                scored: values
                    .parse("scored", parse_score)?
                    .ok_or_else(|| ParamError::missing("scored", "a number between 0 and 5"))?,
                year: required_year()?,
            },
            QueryKind::CountPlatform => Query::CountPlatform {
                platform: required_platform()?,
            },
            QueryKind::Actor => Query::Actor {
                platform: required_platform()?,
                year: required_year()?,
            },
        })
    }

    /// Runs the query on a catalog.
    pub fn run(&self, catalog: &Catalog) -> Answer {
        match *self {
            Query::MaxDuration {
                year,
                platform,
                duration_type,
            } => Answer::MaxDuration(get_max_duration(catalog, year, platform, duration_type)),
            Query::ScoreCount {
                platform,
                scored,
                year,
            } => Answer::ScoreCount(get_score_count(catalog, platform, scored, year)),
            Query::CountPlatform { platform } => {
                Answer::CountPlatform(get_count_platform(catalog, platform))
            }
            Query::Actor { platform, year } => Answer::Actor(get_actor(catalog, platform, year)),
        }
    }
}

#[cfg(test)]
mod tests;
