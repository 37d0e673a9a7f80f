//! Parsing `predict` and `recommend` requests from `(parameter, value)`
//! pairs, for every front end: the CLI turns its flags into pairs, the API
//! passes its query string's, the page its address's. Through the core's
//! request layer ([`Params`]), with the catalog queries' conventions:
//! empty values count as absent (so an empty `user` is a missing one), an
//! unknown parameter is an error naming the accepted ones, and when a
//! parameter repeats the last value wins.

use cartelera_core::param::parse_count;
use cartelera_core::{ParamError, Params};

use crate::recommender::RecommendFilter;

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
        let values = Params::collect("predict", &Self::PARAMS, pairs)?;
        Ok(PredictRequest {
            user: values.required("user", USER_EXPECTED)?.trim().to_string(),
            title: values.required("title", TITLE_EXPECTED)?.trim().to_string(),
        })
    }
}

/// `recommend?user=&n=&platform=&type=&genre=`.
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
    pub const PARAMS: [&'static str; 5] = ["user", "n", "platform", "type", "genre"];
    /// `n` when not given (the CLI's default too).
    pub const DEFAULT_N: usize = 10;
    /// The largest `n` accepted: bounds the work and the body of one request.
    pub const MAX_N: usize = 1000;

    /// Parses the request; `user` is required, `n` defaults to
    /// [`Self::DEFAULT_N`] and is at most [`Self::MAX_N`], the filter's
    /// parameters are optional.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<RecommendRequest, ParamError> {
        let values = Params::collect("recommend", &Self::PARAMS, pairs)?;
        Ok(RecommendRequest {
            user: values.required("user", USER_EXPECTED)?.trim().to_string(),
            n: values
                .parse("n", |name, text| parse_count(name, text, Self::MAX_N))?
                .unwrap_or(Self::DEFAULT_N),
            filter: RecommendFilter::from_params(&values)?,
        })
    }
}

/// `recommend?picks=ID:RATING,…&n=&platform=&type=&genre=`: a visitor's
/// own ratings instead of a user id (the taste model answers it).
#[derive(Clone, Debug, PartialEq)]
pub struct VisitorRequest {
    /// The visitor's ratings, in the order given (a title given twice
    /// keeps its last rating).
    pub picks: Vec<(String, f32)>,
    /// Titles the visitor has seen without rating them: their works are
    /// left out of the answer (the page's "seen" list).
    pub seen: Vec<String>,
    /// How many titles.
    pub n: usize,
    /// Which titles may be listed.
    pub filter: RecommendFilter,
}

/// What `picks` expects.
pub const PICKS_EXPECTED: &str =
    "title:rating pairs separated by commas, ratings 0.5 to 5 in half steps, such as ns2186:4.5,ds12:3";

impl VisitorRequest {
    /// The parameters a visitor's `recommend` accepts.
    pub const PARAMS: [&'static str; 6] = ["picks", "seen", "n", "platform", "type", "genre"];
    /// The most picks one request may carry.
    pub const MAX_PICKS: usize = 500;
    /// The most seen titles one request may carry.
    pub const MAX_SEEN: usize = 5000;

    /// Parses the request; `picks` is required.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<VisitorRequest, ParamError> {
        let values = Params::collect("recommend", &Self::PARAMS, pairs)?;
        let text = values.required("picks", PICKS_EXPECTED)?;
        Ok(VisitorRequest {
            picks: parse_picks(text)?,
            seen: values
                .parse("seen", |_, text| parse_seen(text))?
                .unwrap_or_default(),
            n: values
                .parse("n", |name, text| {
                    parse_count(name, text, RecommendRequest::MAX_N)
                })?
                .unwrap_or(RecommendRequest::DEFAULT_N),
            filter: RecommendFilter::from_params(&values)?,
        })
    }
}

/// What `seen` expects.
pub const SEEN_EXPECTED: &str = "title ids separated by commas, such as ns2186,hs1518";

/// Parses title ids separated by commas (spaces around each allowed, empty
/// entries skipped); each id once, in its first place. An id is letters,
/// digits, `-` and `_` (catalog ids are `ns2186`), so a pair such as
/// `ns1:4` given here by mistake is an error, not an unknown title.
pub fn parse_seen(text: &str) -> Result<Vec<String>, ParamError> {
    let mut seen: Vec<String> = Vec::new();
    for id in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let valid = id.len() <= 40
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !valid {
            return Err(ParamError::new("seen", id, SEEN_EXPECTED));
        }
        if !seen.iter().any(|s| s == id) {
            seen.push(id.to_string());
        }
        if seen.len() > VisitorRequest::MAX_SEEN {
            return Err(ParamError::new(
                "seen",
                &format!("{} ids", seen.len()),
                &format!("at most {} titles", VisitorRequest::MAX_SEEN),
            ));
        }
    }
    Ok(seen)
}

/// Parses `id:rating` pairs separated by commas (spaces around either
/// allowed); every entry must be one, with a rating from 0.5 to 5 in half
/// steps. A title given twice keeps its last rating, in its last place.
pub fn parse_picks(text: &str) -> Result<Vec<(String, f32)>, ParamError> {
    let bad = |entry: &str| ParamError::new("picks", entry, PICKS_EXPECTED);
    let mut picks: Vec<(String, f32)> = Vec::new();
    for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let (id, rating) = entry.split_once(':').ok_or_else(|| bad(entry))?;
        let (id, rating) = (id.trim(), rating.trim());
        let rating: f32 = rating.parse().map_err(|_| bad(entry))?;
        let half_step = (rating * 2.0).fract() == 0.0;
        if id.is_empty() || !(0.5..=5.0).contains(&rating) || !half_step {
            return Err(bad(entry));
        }
        picks.retain(|(old, _)| old != id);
        picks.push((id.to_string(), rating));
        if picks.len() > VisitorRequest::MAX_PICKS {
            return Err(ParamError::new(
                "picks",
                &format!("{} entries", picks.len()),
                &format!("at most {} ratings", VisitorRequest::MAX_PICKS),
            ));
        }
    }
    if picks.is_empty() {
        return Err(bad(text));
    }
    Ok(picks)
}

/// `/recommend`'s two forms: for a user id of the ratings model, or for a
/// visitor's picks (the taste model). Exactly one of `user` and `picks`.
#[derive(Clone, Debug, PartialEq)]
pub enum RecommendQuery {
    /// `user=`.
    User(RecommendRequest),
    /// `picks=`.
    Visitor(VisitorRequest),
}

impl RecommendQuery {
    /// Parses either form; both `user` and `picks` is an error, neither is
    /// a missing `user`.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)> + Clone,
    ) -> Result<RecommendQuery, ParamError> {
        let given = |name: &str| {
            pairs
                .clone()
                .into_iter()
                .filter(|(k, _)| *k == name)
                .last()
                .is_some_and(|(_, v)| !v.trim().is_empty())
        };
        match (given("user"), given("picks")) {
            (true, true) => Err(ParamError::new(
                "picks",
                "given with user",
                "either user (a user of the ratings) or picks (your own ratings), not both",
            )),
            (false, true) => {
                let pairs = pairs.into_iter().filter(|(k, _)| *k != "user");
                Ok(RecommendQuery::Visitor(VisitorRequest::parse(pairs)?))
            }
            (_, false) => {
                // `seen` belongs to the visitor's form: empty (a front end
                // passing every field) it is no parameter at all.
                let pairs = pairs
                    .into_iter()
                    .filter(|(k, v)| *k != "picks" && !(*k == "seen" && v.trim().is_empty()));
                Ok(RecommendQuery::User(RecommendRequest::parse(pairs)?))
            }
        }
    }
}

/// `similar?id=&n=`: the titles most like one title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimilarRequest {
    /// Title id.
    pub id: String,
    /// How many titles.
    pub n: usize,
}

impl SimilarRequest {
    /// The parameters `similar` accepts.
    pub const PARAMS: [&'static str; 2] = ["id", "n"];

    /// Parses the request; `id` is required, `n` as for `recommend`.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<SimilarRequest, ParamError> {
        let values = Params::collect("similar", &Self::PARAMS, pairs)?;
        Ok(SimilarRequest {
            id: values.required("id", TITLE_EXPECTED)?.trim().to_string(),
            n: values
                .parse("n", |name, text| {
                    parse_count(name, text, RecommendRequest::MAX_N)
                })?
                .unwrap_or(RecommendRequest::DEFAULT_N),
        })
    }
}

impl RecommendFilter {
    /// The parameters of the filter: `platform` (any case), `type`
    /// (`movie` or `tv show`) and `genre` (as listed, any case).
    pub const PARAMS: [&'static str; 3] = ["platform", "type", "genre"];

    /// The filter of a request's parameters.
    pub fn from_params(values: &Params<'_>) -> Result<RecommendFilter, ParamError> {
        Ok(RecommendFilter {
            platform: values.parse("platform", |_, v| v.parse())?,
            kind: values.parse("type", |_, v| v.parse())?,
            genre: values.get("genre").map(|g| g.trim().to_lowercase()),
        })
    }

    /// The filter of pairs that may hold other parameters too (the page's
    /// visitor view keeps its ratings beside the filter): only
    /// [`Self::PARAMS`] are read, with the same conventions and errors.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<RecommendFilter, ParamError> {
        RecommendFilter::from_params(&Params::pick(&Self::PARAMS, pairs))
    }
}

#[cfg(test)]
mod tests {
    use cartelera_core::{Platform, TitleType};

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
        assert_eq!(
            e.to_string(),
            "unknown parameter `item`: expected one of user, title (for predict)"
        );
        let e = RecommendRequest::parse([("user", "1"), ("year", "2019")]).unwrap_err();
        assert_eq!(
            e.expected,
            "one of user, n, platform, type, genre (for recommend)"
        );
    }

    #[test]
    fn an_empty_id_is_a_missing_one() {
        for pairs in [
            [("user", ""), ("title", "ns1")],
            [("user", "  "), ("title", "ns1")],
        ] {
            let e = PredictRequest::parse(pairs).unwrap_err();
            assert!(e.missing && e.param == "user", "{e}");
        }
        let e = RecommendRequest::parse([("user", "")]).unwrap_err();
        assert!(e.missing && e.param == "user", "{e}");
    }

    #[test]
    fn recommend_filters_by_type_and_genre() {
        let r =
            RecommendRequest::parse([("user", "1"), ("type", "TV Show"), ("genre", " Dramas ")])
                .unwrap();
        assert_eq!(
            r.filter,
            RecommendFilter {
                platform: None,
                kind: Some(TitleType::TvShow),
                genre: Some("dramas".to_string()),
            }
        );
        let e = RecommendRequest::parse([("user", "1"), ("type", "film")]).unwrap_err();
        assert_eq!((e.param.as_str(), e.value.as_str()), ("type", "film"));
    }

    #[test]
    fn a_filter_inside_other_parameters() {
        let f = RecommendFilter::parse([("picks", "ns1:5"), ("platform", "netflix")]).unwrap();
        assert_eq!(f.platform, Some(Platform::Netflix));
        let e = RecommendFilter::parse([("picks", "ns1:5"), ("platform", "hbo")]).unwrap_err();
        assert_eq!(e.param, "platform");
    }

    #[test]
    fn picks_are_strict_and_last_wins() {
        let r = VisitorRequest::parse([("picks", " ns1:4.5, hs2:3 ,ns1:5"), ("n", "3")]).unwrap();
        assert_eq!(
            r.picks,
            vec![("hs2".to_string(), 3.0), ("ns1".to_string(), 5.0)]
        );
        assert_eq!(r.n, 3);
        for bad in ["ns1", "ns1:7", "ns1:2.3", ":4", "ns1:x", "ns1:4,bad", ","] {
            let e = VisitorRequest::parse([("picks", bad)]).unwrap_err();
            assert_eq!(e.param, "picks", "{bad}: {e}");
            assert!(e.expected.contains("half steps"), "{e}");
        }
        let r = VisitorRequest::parse([("picks", "ns1:4"), ("seen", " hs2, ns3 ,hs2,")]).unwrap();
        assert_eq!(r.seen, ["hs2", "ns3"]);
        for bad in ["ns1:4", "ns 1", "<b>"] {
            let e = VisitorRequest::parse([("picks", "ns1:4"), ("seen", bad)]).unwrap_err();
            assert_eq!((e.param.as_str(), e.value.as_str()), ("seen", bad), "{e}");
        }
        // `seen` is the visitor's: with a user id it is an unknown parameter,
        // unless empty (the CLI passes every flag).
        assert!(RecommendQuery::parse([("user", "1"), ("seen", "")]).is_ok());
        let e = RecommendQuery::parse([("user", "1"), ("seen", "ns1")]).unwrap_err();
        assert_eq!(e.value, "seen", "{e}");
        let e = VisitorRequest::parse([("picks", "")]).unwrap_err();
        assert!(e.missing, "{e}");
    }

    #[test]
    fn recommend_takes_a_user_or_picks_not_both() {
        let q = RecommendQuery::parse([("user", "1"), ("n", "2")]).unwrap();
        assert!(matches!(q, RecommendQuery::User(r) if r.user == "1" && r.n == 2));
        let q = RecommendQuery::parse([("picks", "ns1:5"), ("user", "")]).unwrap();
        assert!(matches!(q, RecommendQuery::Visitor(r) if r.picks.len() == 1));
        let e = RecommendQuery::parse([("picks", "ns1:5"), ("user", "1")]).unwrap_err();
        assert!(e.expected.contains("not both"), "{e}");
        let e = RecommendQuery::parse([("n", "2")]).unwrap_err();
        assert!(e.missing && e.param == "user", "{e}");
        // An unknown parameter is refused in either form.
        let e = RecommendQuery::parse([("picks", "ns1:5"), ("year", "1")]).unwrap_err();
        assert_eq!(e.value, "year");
    }

    #[test]
    fn similar_needs_an_id() {
        let r = SimilarRequest::parse([("id", " ds1 ")]).unwrap();
        assert_eq!((r.id.as_str(), r.n), ("ds1", RecommendRequest::DEFAULT_N));
        let e = SimilarRequest::parse([("n", "3")]).unwrap_err();
        assert!(e.missing && e.param == "id", "{e}");
        let e = SimilarRequest::parse([("id", "ds1"), ("n", "0")]).unwrap_err();
        assert_eq!(e.param, "n");
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
