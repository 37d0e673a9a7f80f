//! Parsing `predict` and `recommend` requests from `(parameter, value)`
//! pairs (an HTTP query string, the page's URL), with the same conventions
//! as the catalog queries' `Query::parse`: empty values count as absent,
//! an unknown parameter is an error naming the accepted ones, and when a
//! parameter repeats the last value wins.

use std::collections::HashMap;

use cartelera_core::{ParamError, Platform};

use crate::recommender::RecommendFilter;

/// The pairs as a map, refusing parameters `route` does not accept.
fn collect<'a>(
    route: &str,
    accepted: &[&str],
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<HashMap<&'a str, &'a str>, ParamError> {
    let mut values = HashMap::new();
    for (key, value) in pairs {
        if !accepted.contains(&key) {
            let expected = format!("one of {} (for {route})", accepted.join(", "));
            return Err(ParamError::new("parameter name", key, &expected));
        }
        if value.trim().is_empty() {
            values.remove(key);
        } else {
            values.insert(key, value);
        }
    }
    Ok(values)
}

fn required<'a>(
    values: &HashMap<&str, &'a str>,
    param: &str,
    expected: &str,
) -> Result<&'a str, ParamError> {
    values
        .get(param)
        .copied()
        .ok_or_else(|| ParamError::missing(param, expected))
}

const USER_EXPECTED: &str = "a user id, such as 1";
const TITLE_EXPECTED: &str = "a title id, such as ns2186";

/// `predict?user=&title=`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PredictRequest {
    /// User id.
    pub user: String,
    /// Title id.
    pub title: String,
}

impl PredictRequest {
    /// The parameters `predict` accepts.
    pub const PARAMS: [&'static str; 2] = ["user", "title"];

    /// Parses the request; both parameters are required.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<PredictRequest, ParamError> {
        let values = collect("predict", &Self::PARAMS, pairs)?;
        Ok(PredictRequest {
            user: required(&values, "user", USER_EXPECTED)?.trim().to_string(),
            title: required(&values, "title", TITLE_EXPECTED)?
                .trim()
                .to_string(),
        })
    }
}

/// `recommend?user=&n=&platform=`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecommendRequest {
    /// User id.
    pub user: String,
    /// How many titles.
    pub n: usize,
    /// Which titles may be listed.
    pub filter: RecommendFilter,
}

impl RecommendRequest {
    /// The parameters `recommend` accepts.
    pub const PARAMS: [&'static str; 3] = ["user", "n", "platform"];
    /// `n` when not given (the CLI's default too).
    pub const DEFAULT_N: usize = 10;
    /// The largest `n` accepted: bounds the work and the body of one request.
    pub const MAX_N: usize = 1000;

    /// Parses the request; `user` is required, `n` defaults to
    /// [`Self::DEFAULT_N`], `platform` is optional.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<RecommendRequest, ParamError> {
        let values = collect("recommend", &Self::PARAMS, pairs)?;
        let user = required(&values, "user", USER_EXPECTED)?.trim().to_string();
        let n = match values.get("n") {
            None => Self::DEFAULT_N,
            Some(text) => text
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=Self::MAX_N).contains(n))
                .ok_or_else(|| {
                    let expected = format!("a whole number from 1 to {}, such as 10", Self::MAX_N);
                    ParamError::new("n", text, &expected)
                })?,
        };
        let platform = values
            .get("platform")
            .map(|v| v.parse::<Platform>())
            .transpose()?;
        Ok(RecommendRequest {
            user,
            n,
            filter: RecommendFilter {
                platform,
                ..RecommendFilter::default()
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predict_needs_both_ids() {
        let r = PredictRequest::parse([("user", " 7 "), ("title", "ns1")]).unwrap();
        assert_eq!((r.user.as_str(), r.title.as_str()), ("7", "ns1"));
        let e = PredictRequest::parse([("user", "7"), ("title", "")]).unwrap_err();
        assert!(e.missing && e.param == "title", "{e}");
        let e = PredictRequest::parse([("title", "ns1")]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "missing parameter `user`: expected a user id, such as 1"
        );
    }

    #[test]
    fn unknown_parameters_name_the_accepted_ones() {
        let e = PredictRequest::parse([("user", "1"), ("item", "ns1")]).unwrap_err();
        assert_eq!(e.param, "parameter name");
        assert_eq!(e.value, "item");
        assert_eq!(e.expected, "one of user, title (for predict)");
        let e = RecommendRequest::parse([("user", "1"), ("year", "2019")]).unwrap_err();
        assert_eq!(e.expected, "one of user, n, platform (for recommend)");
    }

    #[test]
    fn recommend_defaults_and_bounds() {
        let r = RecommendRequest::parse([("user", "1")]).unwrap();
        assert_eq!(r.n, RecommendRequest::DEFAULT_N);
        assert_eq!(r.filter, RecommendFilter::default());
        let r = RecommendRequest::parse([("user", "1"), ("n", "3"), ("platform", "Hulu")]).unwrap();
        assert_eq!(r.n, 3);
        assert_eq!(r.filter.platform, Some(Platform::Hulu));
        for bad in ["0", "-1", "1001", "2.5", "ten"] {
            let e = RecommendRequest::parse([("user", "1"), ("n", bad)]).unwrap_err();
            assert_eq!((e.param.as_str(), e.value.as_str()), ("n", bad));
            assert!(e.expected.contains("from 1 to 1000"), "{e}");
        }
        let e = RecommendRequest::parse([("user", "1"), ("platform", "hbo")]).unwrap_err();
        assert_eq!(e.param, "platform");
        assert!(e.expected.contains("netflix"), "{e}");
        // The last of a repeated parameter wins; an empty one is absent.
        let r = RecommendRequest::parse([("user", "1"), ("n", "4"), ("n", "5")]).unwrap();
        assert_eq!(r.n, 5);
        let r = RecommendRequest::parse([("user", "1"), ("n", "4"), ("n", "")]).unwrap();
        assert_eq!(r.n, RecommendRequest::DEFAULT_N);
    }
}
