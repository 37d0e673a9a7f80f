//! The transformation rules: one raw catalog row in, one [`Title`] out.
//!
//! 1. `id` = platform initial + `show_id`; `platform` added.
//! 2. A missing `rating` (age classification) becomes `"g"`.
//! 3. `date_added` becomes a date (ISO when written); surrounding spaces are
//!    tolerated; missing stays missing.
//! 4. Text fields are trimmed and lower-cased. Their trimmed raw text is
//!    kept beside them for display ([`Title::display`], only where it
//!    differs), so the queries keep rule 4 and a person reads "The Office
//!    (U.K.)", not "the office (u.k.)".
//! 5. `duration` splits into `duration_int` and `duration_type`
//!    (`min` or `season`; `Seasons` folds into `season`).
//!
//! Fix over the original: where `duration` is empty and `rating` holds a
//! duration (`89 min`, `1 Season`: 292 hulu rows and 3 netflix rows), the
//! value moves to `duration` and the rating, now missing, becomes `"g"`.
//!
//! A field is missing when it is empty after trimming, or is the literal
//! `None` (amazon s5141's director; pandas ≥ 2 reads it as missing too).

use std::fmt;

use crate::date::Date;
use crate::model::{DurationType, Platform, Title, TitleDisplay, TitleType};

/// The twelve columns every raw catalog file must have, in file order.
pub const RAW_COLUMNS: [&str; 12] = [
    "show_id",
    "type",
    "title",
    "director",
    "cast",
    "country",
    "date_added",
    "release_year",
    "rating",
    "duration",
    "listed_in",
    "description",
];

/// The age classification given to titles that have none.
pub const DEFAULT_RATING: &str = "g";

/// One raw row, fields as they appear in the file (untrimmed).
#[derive(Clone, Copy, Debug, Default)]
pub struct RawTitle<'a> {
    /// `show_id`.
    pub show_id: &'a str,
    /// `type`.
    pub kind: &'a str,
    /// `title`.
    pub title: &'a str,
    /// `director`.
    pub director: &'a str,
    /// `cast`.
    pub cast: &'a str,
    /// `country`.
    pub country: &'a str,
    /// `date_added`.
    pub date_added: &'a str,
    /// `release_year`.
    pub release_year: &'a str,
    /// `rating`.
    pub rating: &'a str,
    /// `duration`.
    pub duration: &'a str,
    /// `listed_in`.
    pub listed_in: &'a str,
    /// `description`.
    pub description: &'a str,
}

impl<'a> RawTitle<'a> {
    /// Builds a row from the twelve fields in [`RAW_COLUMNS`] order.
    pub fn from_fields(f: [&'a str; 12]) -> RawTitle<'a> {
        RawTitle {
            show_id: f[0],
            kind: f[1],
            title: f[2],
            director: f[3],
            cast: f[4],
            country: f[5],
            date_added: f[6],
            release_year: f[7],
            rating: f[8],
            duration: f[9],
            listed_in: f[10],
            description: f[11],
        }
    }
}

/// A field whose value breaks a rule; the row cannot become a title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    /// The raw column.
    pub field: &'static str,
    /// The offending value (as read).
    pub value: String,
    /// What the rule accepts.
    pub expected: &'static str,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "field `{}`: expected {}, found {:?}",
            self.field, self.expected, self.value
        )
    }
}

impl std::error::Error for RuleError {}

fn rule_error(field: &'static str, value: &str, expected: &'static str) -> RuleError {
    RuleError {
        field,
        value: value.to_string(),
        expected,
    }
}

/// Trimmed value, or `None` when missing (empty, or the literal `None`).
fn present(text: &str) -> Option<&str> {
    let text = text.trim();
    (!text.is_empty() && text != "None").then_some(text)
}

/// Rule 4 for optional text: trimmed, lower-cased, missing stays missing.
fn text(raw: &str) -> Option<String> {
    present(raw).map(query_case)
}

/// Rule 4's case rule: the query text of a trimmed text. The page's
/// catalog stores only the display text and derives its query columns
/// with this same function, so its queries read what the pipeline wrote.
pub fn query_case(display: &str) -> String {
    display.to_lowercase()
}

/// Parses a duration such as `90 min`, `1 Season`, `2 Seasons` (any case,
/// spaces optional between number and unit).
pub fn parse_duration(text: &str) -> Option<(u32, DurationType)> {
    let text = text.trim();
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    if digits_end == 0 {
        return None;
    }
    let amount: u32 = text[..digits_end].parse().ok()?;
    let unit = DurationType::parse(&text[digits_end..])?;
    Some((amount, unit))
}

/// What the rules repaired in one row (counted in the ETL report).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fixes {
    /// The duration was found in the rating column and moved.
    pub duration_from_rating: bool,
    /// The rating was missing (or moved away) and became `"g"`.
    pub rating_defaulted: bool,
}

/// Applies every rule to one raw row of `platform`'s file.
pub fn transform(platform: Platform, raw: &RawTitle<'_>) -> Result<Title, RuleError> {
    transform_traced(platform, raw).map(|(title, _)| title)
}

/// [`transform`], also telling which repairs were applied.
pub fn transform_traced(
    platform: Platform,
    raw: &RawTitle<'_>,
) -> Result<(Title, Fixes), RuleError> {
    let show_id = present(raw.show_id)
        .ok_or_else(|| rule_error("show_id", raw.show_id, "a non-empty id such as s1"))?;
    let kind = TitleType::parse(raw.kind)
        .ok_or_else(|| rule_error("type", raw.kind, "Movie or TV Show"))?;
    let title =
        text(raw.title).ok_or_else(|| rule_error("title", raw.title, "a non-empty title"))?;
    let date_added = match present(raw.date_added) {
        None => None,
        Some(value) => Some(
            Date::parse_long(value)
                .or_else(|| Date::parse_iso(value))
                .ok_or_else(|| {
                    rule_error(
                        "date_added",
                        raw.date_added,
                        "a date such as \"September 25, 2021\"",
                    )
                })?,
        ),
    };
    let release_year: i32 = raw
        .release_year
        .trim()
        .parse()
        .ok()
        .filter(|y| (1800..=2100).contains(y))
        .ok_or_else(|| {
            rule_error(
                "release_year",
                raw.release_year,
                "a year between 1800 and 2100",
            )
        })?;

    // The fix: a duration sitting in the rating column moves to duration.
    let (rating_raw, duration_raw) = match (present(raw.rating), present(raw.duration)) {
        (Some(rating), None) if parse_duration(rating).is_some() => (None, Some(rating)),
        (rating, duration) => (rating, duration),
    };
    let fixes = Fixes {
        duration_from_rating: duration_raw.is_some() && present(raw.duration).is_none(),
        rating_defaulted: rating_raw.is_none(),
    };
    let rating = rating_raw.map_or_else(|| DEFAULT_RATING.to_string(), query_case);
    let (duration_int, duration_type) = match duration_raw {
        None => (None, None),
        Some(value) => {
            let (amount, unit) = parse_duration(value).ok_or_else(|| {
                rule_error(
                    "duration",
                    raw.duration,
                    "a duration such as \"90 min\" or \"2 Seasons\"",
                )
            })?;
            (Some(amount), Some(unit))
        }
    };

    let director = text(raw.director);
    let cast = text(raw.cast);
    let country = text(raw.country);
    let listed_in = text(raw.listed_in);
    let description = text(raw.description);
    let keep = |raw: &str, query: Option<&String>| {
        TitleDisplay::differing(present(raw), query.map(String::as_str))
    };
    let display = TitleDisplay {
        title: keep(raw.title, Some(&title)),
        director: keep(raw.director, director.as_ref()),
        cast: keep(raw.cast, cast.as_ref()),
        country: keep(raw.country, country.as_ref()),
        listed_in: keep(raw.listed_in, listed_in.as_ref()),
        description: keep(raw.description, description.as_ref()),
    };
    let title = Title {
        id: format!("{}{}", platform.initial(), show_id),
        show_id: show_id.to_string(),
        platform,
        kind,
        title,
        director,
        cast,
        country,
        date_added,
        release_year,
        rating,
        duration_int,
        duration_type,
        listed_in,
        description,
        score: None,
        score_count: 0,
        display,
        work_id: String::new(),
    };
    Ok((title, fixes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawTitle<'static> {
        RawTitle {
            show_id: "s2",
            kind: "Movie",
            title: "  Silent Night ",
            director: "",
            cast: " Ana Ruiz, Bo Li ",
            country: "United Kingdom",
            date_added: " October 23, 2021",
            release_year: "2020",
            rating: "",
            duration: "94 min",
            listed_in: "Crime, Drama, Thriller",
            description: "Mark, a hitman.",
        }
    }

    #[test]
    fn builds_id_platform_and_lowercases_text() {
        let t = transform(Platform::Hulu, &raw()).unwrap();
        assert_eq!(t.id, "hs2");
        assert_eq!(t.show_id, "s2");
        assert_eq!(t.platform, Platform::Hulu);
        assert_eq!(t.kind, TitleType::Movie);
        assert_eq!(t.title, "silent night");
        assert_eq!(t.cast.as_deref(), Some("ana ruiz, bo li"));
        assert_eq!(t.country.as_deref(), Some("united kingdom"));
        assert_eq!(t.listed_in.as_deref(), Some("crime, drama, thriller"));
        assert_eq!(t.description.as_deref(), Some("mark, a hitman."));
        assert_eq!(t.director, None);
    }

    #[test]
    fn display_text_keeps_the_raw_case_and_lowercases_to_the_query_text() {
        let r = RawTitle {
            title: " The Office (U.K.) ",
            director: "Pietro Marcello",
            cast: " Tommaso Buscetta, FLCL ",
            country: "United States",
            listed_in: "Drama, Crime",
            description: "Tommaso Buscetta becomes the first mafia informant, Part II.",
            ..raw()
        };
        let t = transform(Platform::Netflix, &r).unwrap();
        assert_eq!(t.display_title(), "The Office (U.K.)");
        assert_eq!(t.title, "the office (u.k.)");
        assert_eq!(t.display_director(), Some("Pietro Marcello"));
        assert_eq!(t.display_cast(), Some("Tommaso Buscetta, FLCL"));
        assert_eq!(t.cast.as_deref(), Some("tommaso buscetta, flcl"));
        assert_eq!(t.display_country(), Some("United States"));
        assert_eq!(t.display_listed_in(), Some("Drama, Crime"));
        assert_eq!(
            t.display_description(),
            Some("Tommaso Buscetta becomes the first mafia informant, Part II.")
        );
        for (shown, query) in [
            (Some(t.display_title()), Some(t.title.as_str())),
            (t.display_cast(), t.cast.as_deref()),
            (t.display_description(), t.description.as_deref()),
        ] {
            assert_eq!(shown.map(str::to_lowercase).as_deref(), query);
        }
    }

    #[test]
    fn display_text_is_kept_only_where_it_differs() {
        let r = RawTitle {
            title: "FLCL",
            director: "None",
            cast: "",
            country: "mexico",
            ..raw()
        };
        let t = transform(Platform::Amazon, &r).unwrap();
        assert_eq!(t.display.title.as_deref(), Some("FLCL"));
        assert_eq!(t.display.director, None);
        assert_eq!(t.display.cast, None);
        assert_eq!(t.display.country, None, "already lower-case");
        assert_eq!(t.display_country(), Some("mexico"));
        assert_eq!(t.work_id, "", "works are the ETL's, not one row's");
    }

    #[test]
    fn missing_rating_becomes_g_and_present_rating_is_lowercased() {
        assert_eq!(transform(Platform::Hulu, &raw()).unwrap().rating, "g");
        let r = RawTitle {
            rating: " TV-MA ",
            ..raw()
        };
        assert_eq!(transform(Platform::Hulu, &r).unwrap().rating, "tv-ma");
    }

    #[test]
    fn date_added_tolerates_spaces_and_stays_missing_when_missing() {
        let t = transform(Platform::Netflix, &raw()).unwrap();
        assert_eq!(t.date_added.unwrap().to_string(), "2021-10-23");
        let r = RawTitle {
            date_added: "  ",
            ..raw()
        };
        assert_eq!(transform(Platform::Netflix, &r).unwrap().date_added, None);
        let r = RawTitle {
            date_added: "23/10/2021",
            ..raw()
        };
        let err = transform(Platform::Netflix, &r).unwrap_err();
        assert_eq!(err.field, "date_added");
        assert_eq!(err.value, "23/10/2021");
    }

    #[test]
    fn duration_splits_and_seasons_fold() {
        let t = transform(Platform::Amazon, &raw()).unwrap();
        assert_eq!(
            (t.duration_int, t.duration_type),
            (Some(94), Some(DurationType::Min))
        );
        let r = RawTitle {
            kind: "TV Show",
            duration: "3 Seasons",
            ..raw()
        };
        let t = transform(Platform::Amazon, &r).unwrap();
        assert_eq!(
            (t.duration_int, t.duration_type),
            (Some(3), Some(DurationType::Season))
        );
        assert_eq!(t.kind, TitleType::TvShow);
        assert_eq!(parse_duration("1 Season"), Some((1, DurationType::Season)));
        assert_eq!(parse_duration("45min"), Some((45, DurationType::Min)));
        assert_eq!(parse_duration("min"), None);
        assert_eq!(parse_duration("90 hours"), None);
        let r = RawTitle {
            duration: "ninety minutes",
            ..raw()
        };
        assert_eq!(
            transform(Platform::Amazon, &r).unwrap_err().field,
            "duration"
        );
    }

    #[test]
    fn a_duration_in_the_rating_column_moves_to_duration() {
        let r = RawTitle {
            rating: "89 min",
            duration: "",
            ..raw()
        };
        let (t, fixes) = transform_traced(Platform::Hulu, &r).unwrap();
        assert_eq!(
            fixes,
            Fixes {
                duration_from_rating: true,
                rating_defaulted: true
            }
        );
        assert_eq!(
            (t.duration_int, t.duration_type),
            (Some(89), Some(DurationType::Min))
        );
        assert_eq!(t.rating, "g");
        let r = RawTitle {
            rating: "1 Season",
            duration: " ",
            ..raw()
        };
        let t = transform(Platform::Hulu, &r).unwrap();
        assert_eq!(
            (t.duration_int, t.duration_type),
            (Some(1), Some(DurationType::Season))
        );
        // Both present: nothing moves, even if the rating looks like a duration.
        let r = RawTitle {
            rating: "89 min",
            duration: "90 min",
            ..raw()
        };
        let (t, fixes) = transform_traced(Platform::Hulu, &r).unwrap();
        assert_eq!((t.rating.as_str(), t.duration_int), ("89 min", Some(90)));
        assert_eq!(fixes, Fixes::default());
    }

    #[test]
    fn missing_duration_stays_missing() {
        let r = RawTitle {
            duration: "",
            ..raw()
        };
        let t = transform(Platform::Hulu, &r).unwrap();
        assert_eq!((t.duration_int, t.duration_type), (None, None));
    }

    #[test]
    fn literal_none_is_missing() {
        let r = RawTitle {
            director: "None",
            ..raw()
        };
        assert_eq!(transform(Platform::Amazon, &r).unwrap().director, None);
    }

    #[test]
    fn keeps_unicode_inside_fields_and_trims_nbsp() {
        let r = RawTitle {
            cast: "\u{a0}Ann\u{2028}Lee, Bo",
            ..raw()
        };
        let t = transform(Platform::Amazon, &r).unwrap();
        assert_eq!(t.cast.as_deref(), Some("ann\u{2028}lee, bo"));
    }

    #[test]
    fn required_fields_are_checked() {
        for (r, field) in [
            (
                RawTitle {
                    show_id: " ",
                    ..raw()
                },
                "show_id",
            ),
            (
                RawTitle {
                    kind: "Podcast",
                    ..raw()
                },
                "type",
            ),
            (RawTitle { title: "", ..raw() }, "title"),
            (
                RawTitle {
                    release_year: "20x0",
                    ..raw()
                },
                "release_year",
            ),
            (
                RawTitle {
                    release_year: "3020",
                    ..raw()
                },
                "release_year",
            ),
        ] {
            assert_eq!(transform(Platform::Disney, &r).unwrap_err().field, field);
        }
    }
}
