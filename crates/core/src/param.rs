//! Parameter parsing shared by every front end (CLI flags, HTTP query
//! strings, the page's URL), so a bad value gets the same message everywhere.

use std::fmt;

/// A parameter value that cannot be used, with what was expected instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    /// The parameter's name as the user wrote it (`platform`, `year`, …).
    pub param: String,
    /// The value given (empty when the parameter was missing).
    pub value: String,
    /// What would have been accepted.
    pub expected: String,
    /// Whether the parameter was missing rather than wrong.
    pub missing: bool,
}

impl ParamError {
    /// A value that was given but is not acceptable.
    pub fn new(param: &str, value: &str, expected: &str) -> ParamError {
        ParamError {
            param: param.to_string(),
            value: value.to_string(),
            expected: expected.to_string(),
            missing: false,
        }
    }

    /// A required parameter that was not given.
    pub fn missing(param: &str, expected: &str) -> ParamError {
        ParamError {
            missing: true,
            ..ParamError::new(param, "", expected)
        }
    }
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.missing {
            write!(
                f,
                "missing parameter `{}`: expected {}",
                self.param, self.expected
            )
        } else {
            write!(
                f,
                "invalid value {:?} for parameter `{}`: expected {}",
                self.value, self.param, self.expected
            )
        }
    }
}

impl std::error::Error for ParamError {}

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
}
