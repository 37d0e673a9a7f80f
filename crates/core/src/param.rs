//! The one request layer every front end goes through (CLI flags, HTTP
//! query strings, the page's URL): each turns its input into
//! `(parameter, value)` pairs, [`Params`] applies the shared conventions
//! (empty means absent, the last repeat wins, an unknown name is refused
//! naming the accepted ones), and the value parsers here check each value,
//! so the same input gets the same answer or the same message everywhere.

use std::collections::HashMap;
use std::fmt;

use crate::quote::{clip, quoted, MAX_QUOTED_CHARS};

/// A parameter that cannot be used, with what was expected instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    /// The parameter's name as the user wrote it (`platform`, `year`, …);
    /// [`ParamError::NAME`] when the name itself is not accepted.
    pub param: String,
    /// The value given (empty when the parameter was missing; the name
    /// given when the name is not accepted).
    pub value: String,
    /// What would have been accepted (for an unknown name, the names).
    pub expected: String,
    /// Whether the parameter was missing rather than wrong.
    pub missing: bool,
    /// Whether the name itself is not one the request accepts.
    pub unknown: bool,
}

impl ParamError {
    /// [`ParamError::param`] of an unknown name: what is wrong is the
    /// parameter's name, not its value.
    pub const NAME: &'static str = "parameter name";

    /// A value that was given but is not acceptable.
    pub fn new(param: &str, value: &str, expected: &str) -> ParamError {
        ParamError {
            param: param.to_string(),
            value: value.to_string(),
            expected: expected.to_string(),
            missing: false,
            unknown: false,
        }
    }

    /// A required parameter that was not given.
    pub fn missing(param: &str, expected: &str) -> ParamError {
        ParamError {
            missing: true,
            ..ParamError::new(param, "", expected)
        }
    }

    /// A parameter name the request does not accept; `expected` lists the
    /// names it does.
    pub fn unknown(name: &str, expected: &str) -> ParamError {
        ParamError {
            unknown: true,
            ..ParamError::new(ParamError::NAME, name, expected)
        }
    }
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The name and the value come from the request: both are cut to
        // `MAX_QUOTED_CHARS` (a long query string must not echo whole).
        let (param, expected) = (clip(&self.param, MAX_QUOTED_CHARS), &self.expected);
        if self.missing {
            write!(f, "missing parameter `{param}`: expected {expected}")
        } else if self.unknown {
            // What is wrong is the name (held in `value`), never the
            // placeholder `NAME` in `param`.
            let name = clip(&self.value, MAX_QUOTED_CHARS);
            write!(f, "unknown parameter `{name}`: expected {expected}")
        } else {
            let value = quoted(&self.value);
            write!(
                f,
                "invalid value {value} for parameter `{param}`: expected {expected}"
            )
        }
    }
}

impl std::error::Error for ParamError {}

/// A request's parameters after the shared conventions: values given
/// empty (or only spaces) are absent, as an untouched form field or an
/// unset CLI flag sends them, and when a name repeats its last value wins.
/// Values are kept as given (untrimmed), so errors quote them exactly.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params<'a> {
    values: HashMap<&'a str, &'a str>,
}

impl<'a> Params<'a> {
    /// Collects the pairs of request `request` (named in the error),
    /// refusing any name not in `accepted`.
    pub fn collect(
        request: &str,
        accepted: &[&str],
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Params<'a>, ParamError> {
        let mut params = Params::default();
        for (key, value) in pairs {
            if !accepted.contains(&key) {
                let expected = format!("one of {} (for {request})", accepted.join(", "));
                return Err(ParamError::unknown(key, &expected));
            }
            params.set(key, value);
        }
        Ok(params)
    }

    /// Collects only the pairs named in `wanted`, ignoring the others: for
    /// a part of a larger request (a filter inside the page's address).
    pub fn pick(
        wanted: &[&str],
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Params<'a> {
        let mut params = Params::default();
        for (key, value) in pairs.into_iter().filter(|(k, _)| wanted.contains(k)) {
            params.set(key, value);
        }
        params
    }

    fn set(&mut self, key: &'a str, value: &'a str) {
        if value.trim().is_empty() {
            self.values.remove(key);
        } else {
            self.values.insert(key, value);
        }
    }

    /// The value of `name`, if given (not empty).
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.values.get(name).copied()
    }

    /// The value of `name`, or the error saying it is missing.
    pub fn required(&self, name: &str, expected: &str) -> Result<&'a str, ParamError> {
        self.get(name)
            .ok_or_else(|| ParamError::missing(name, expected))
    }

    /// The value of `name` parsed by `parse` (given the name and the
    /// text), if given.
    pub fn parse<T>(
        &self,
        name: &str,
        parse: impl FnOnce(&str, &str) -> Result<T, ParamError>,
    ) -> Result<Option<T>, ParamError> {
        self.get(name).map(|text| parse(name, text)).transpose()
    }
}

/// Release years accepted as query parameters.
pub const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1800..=2100;

/// Parses a release year (an integer in [`YEAR_RANGE`]).
pub fn parse_year(param: &str, text: &str) -> Result<i32, ParamError> {
    let expected = "a release year between 1800 and 2100, such as 2019";
    let year: i32 = text
        .trim()
        .parse()
        .map_err(|_| ParamError::new(param, text, expected))?;
    if YEAR_RANGE.contains(&year) {
        Ok(year)
    } else {
        Err(ParamError::new(param, text, expected))
    }
}

/// Parses a score threshold: a finite number between 0 and 5.
pub fn parse_score(param: &str, text: &str) -> Result<f64, ParamError> {
    let expected = "a number between 0 and 5, such as 3.5";
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| ParamError::new(param, text, expected))?;
    if value.is_finite() && (0.0..=5.0).contains(&value) {
        Ok(value)
    } else {
        Err(ParamError::new(param, text, expected))
    }
}

/// Parses a count between 1 and `max` (a list's length).
pub fn parse_count(param: &str, text: &str, max: usize) -> Result<usize, ParamError> {
    text.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| {
            ParamError::new(
                param,
                text,
                &format!("a whole number from 1 to {max}, such as 10"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_must_be_an_integer_in_range() {
        assert_eq!(parse_year("year", " 2019 ").unwrap(), 2019);
        let err = parse_year("year", "twenty").unwrap_err();
        assert_eq!(err.param, "year");
        assert!(err.to_string().contains("\"twenty\""), "{err}");
        assert!(parse_year("year", "2019.5").is_err());
        assert!(parse_year("year", "12").is_err());
    }

    #[test]
    fn score_must_be_finite_within_the_scale() {
        assert_eq!(parse_score("scored", "3.5").unwrap(), 3.5);
        assert!(parse_score("scored", "NaN").is_err());
        assert!(parse_score("scored", "inf").is_err());
        assert!(parse_score("scored", "-1").is_err());
        assert!(parse_score("scored", "5.5").is_err());
    }

    #[test]
    fn missing_reads_differently_from_invalid() {
        let e = ParamError::missing("platform", "one of a, b");
        assert_eq!(
            e.to_string(),
            "missing parameter `platform`: expected one of a, b"
        );
    }

    #[test]
    fn unknown_names_the_parameter_and_the_accepted_ones() {
        let e = Params::collect("predict", &["user", "title"], [("user", "1"), ("n", "3")])
            .unwrap_err();
        assert_eq!(
            (e.param.as_str(), e.value.as_str()),
            (ParamError::NAME, "n")
        );
        assert!(e.unknown && !e.missing);
        assert_eq!(
            e.to_string(),
            "unknown parameter `n`: expected one of user, title (for predict)"
        );
    }

    #[test]
    fn an_unknown_query_parameter_is_named_not_the_placeholder() {
        let e = crate::Query::parse("get_actor", [("platform", "hulu"), ("colour", "red")])
            .unwrap_err();
        let message = e.to_string();
        assert!(
            message.starts_with("unknown parameter `colour`: expected one of "),
            "{message}"
        );
        assert!(!message.contains(ParamError::NAME), "{message}");
    }

    #[test]
    fn quoted_names_and_values_are_bounded() {
        let long = "x".repeat(100_000);
        let e = ParamError::new("year", &long, "a year");
        let message = e.to_string();
        assert!(message.len() < 200, "{} bytes", message.len());
        assert!(
            message.starts_with(&format!(
                "invalid value \"{}\"… (100000 characters in all) for parameter `year`",
                "x".repeat(80)
            )),
            "{message}"
        );
        let e = Params::collect("r", &["a"], [(long.as_str(), "1")]).unwrap_err();
        assert!(e.to_string().len() < 200, "{e}");
        assert!(
            e.to_string().contains(&format!("`{}…`", "x".repeat(80))),
            "{e}"
        );
    }

    #[test]
    fn empty_is_absent_and_the_last_repeat_wins() {
        let accepted = ["a", "b"];
        let p = Params::collect(
            "r",
            &accepted,
            [("a", "1"), ("a", "2"), ("b", "x"), ("b", " ")],
        )
        .unwrap();
        assert_eq!((p.get("a"), p.get("b")), (Some("2"), None));
        let p = Params::collect("r", &accepted, [("a", ""), ("a", " 3 ")]).unwrap();
        assert_eq!(p.get("a"), Some(" 3 "), "kept as given");
        let e = p.required("b", "a b").unwrap_err();
        assert_eq!(e.to_string(), "missing parameter `b`: expected a b");
        assert_eq!(p.parse("a", parse_year).unwrap_err().param, "a");
    }

    #[test]
    fn pick_ignores_other_names() {
        let p = Params::pick(&["platform"], [("picks", "x"), ("platform", "hulu")]);
        assert_eq!((p.get("platform"), p.get("picks")), (Some("hulu"), None));
    }

    #[test]
    fn counts_are_bounded_on_both_sides() {
        assert_eq!(parse_count("n", " 7 ", 1000).unwrap(), 7);
        assert_eq!(parse_count("n", "1000", 1000).unwrap(), 1000);
        for bad in ["0", "-1", "1001", "2.5", "ten", ""] {
            let e = parse_count("n", bad, 1000).unwrap_err();
            assert_eq!((e.param.as_str(), e.value.as_str()), ("n", bad));
            assert!(e.expected.contains("from 1 to 1000"), "{e}");
        }
    }
}
