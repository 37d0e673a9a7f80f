//! [`QueryKind`]: which of the four catalog queries, with the original
//! project's names and parameters spelled once, here. Every front end
//! (the CLI's argument, the API's route, the page's `view=`) names a query
//! through it, so adding a fifth is a compile error wherever one is
//! matched, not a silent fallback.

use std::fmt;
use std::str::FromStr;

use crate::param::ParamError;

/// One of the four catalog queries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum QueryKind {
    /// `get_max_duration(year?, platform?, duration_type?)`.
    MaxDuration,
    /// `get_score_count(platform, scored, year)`.
    ScoreCount,
    /// `get_count_platform(platform)`.
    CountPlatform,
    /// `get_actor(platform, year)`.
    Actor,
}

impl QueryKind {
    /// The four queries, in the original API's order.
    pub const ALL: [QueryKind; 4] = [
        QueryKind::MaxDuration,
        QueryKind::ScoreCount,
        QueryKind::CountPlatform,
        QueryKind::Actor,
    ];

    /// The original API's name (a route, a CLI argument, a `view=`).
    /// `const` so front ends can build their own name tables from it.
    pub const fn name(self) -> &'static str {
        match self {
            QueryKind::MaxDuration => "get_max_duration",
            QueryKind::ScoreCount => "get_score_count",
            QueryKind::CountPlatform => "get_count_platform",
            QueryKind::Actor => "get_actor",
        }
    }

    /// The parameter names the query accepts (the original's), in its
    /// signature's order.
    pub fn params(self) -> &'static [&'static str] {
        match self {
            QueryKind::MaxDuration => &["year", "platform", "duration_type"],
            QueryKind::ScoreCount => &["platform", "scored", "year"],
            QueryKind::CountPlatform => &["platform"],
            QueryKind::Actor => &["platform", "year"],
        }
    }

    /// The query named `name` (exactly, as the original API spells it), or
    /// the error naming the four.
    pub fn parse(name: &str) -> Result<QueryKind, ParamError> {
        QueryKind::ALL
            .into_iter()
            .find(|kind| kind.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = QueryKind::ALL.iter().map(|k| k.name()).collect();
                ParamError::new("query", name, &format!("one of {}", names.join(", ")))
            })
    }
}

impl FromStr for QueryKind {
    type Err = ParamError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        QueryKind::parse(name)
    }
}

impl fmt::Display for QueryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_distinct() {
        for kind in QueryKind::ALL {
            assert_eq!(QueryKind::parse(kind.name()), Ok(kind));
            assert_eq!(kind.to_string(), kind.name());
        }
        let mut names: Vec<&str> = QueryKind::ALL.iter().map(|k| k.name()).collect();
        names.dedup();
        assert_eq!(names.len(), 4);
    }

    #[test]
    fn an_unknown_name_lists_the_four() {
        let e = "get_everything".parse::<QueryKind>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid value \"get_everything\" for parameter `query`: expected one of \
             get_max_duration, get_score_count, get_count_platform, get_actor"
        );
        assert!(QueryKind::parse("GET_ACTOR").is_err(), "names are exact");
    }
}
