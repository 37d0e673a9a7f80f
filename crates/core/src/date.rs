//! A proleptic-Gregorian calendar date stored as days since 1970-01-01.
//!
//! Parquet's `DATE` logical type is exactly that day count, so the value goes
//! to and from the file without conversion; the text form is ISO `YYYY-MM-DD`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date (days since the Unix epoch).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    days: i32,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

impl Date {
    /// The date `days` days after 1970-01-01 (negative: before it).
    pub fn from_days(days: i32) -> Date {
        Date { days }
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.days
    }

    /// The date of a year, month (1–12) and day, or `None` if it does not exist.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(-100_000..=100_000).contains(&year) {
            return None;
        }
        Some(Date {
            days: days_from_civil(year, month, day),
        })
    }

    /// Year, month (1–12) and day (1–31).
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.days)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// Parses the catalogs' long form, `"September 25, 2021"`: an English
    /// month name (any case), the day, a comma, the year. Surrounding
    /// whitespace is tolerated; anything else is `None`.
    pub fn parse_long(text: &str) -> Option<Date> {
        let text = text.trim();
        let (month_name, rest) = text.split_once(' ')?;
        let month = MONTHS
            .iter()
            .position(|m| m.eq_ignore_ascii_case(month_name))? as u32
            + 1;
        let (day, year) = rest.trim_start().split_once(',')?;
        let day = parse_digits(day.trim(), 1, 2)?;
        let year = parse_digits(year.trim(), 4, 4)?;
        Date::from_ymd(year as i32, month, day)
    }

    /// Parses ISO `YYYY-MM-DD` (surrounding whitespace tolerated).
    pub fn parse_iso(text: &str) -> Option<Date> {
        let text = text.trim();
        let mut parts = text.split('-');
        let year = parse_digits(parts.next()?, 4, 4)?;
        let month = parse_digits(parts.next()?, 2, 2)?;
        let day = parse_digits(parts.next()?, 2, 2)?;
        if parts.next().is_some() {
            return None;
        }
        Date::from_ymd(year as i32, month, day)
    }
}

fn parse_digits(text: &str, min_len: usize, max_len: usize) -> Option<u32> {
    if text.len() < min_len || text.len() > max_len || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's `days_from_civil` / `civil_from_days` (public domain):
// exact for every proleptic-Gregorian date, no tables, no loops.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year } as i64;
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (month as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i32
}

fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days as i64 + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400) as i32 + i32::from(month <= 2);
    (year, month, day)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse_iso(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("expected a YYYY-MM-DD date, got {text:?}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_days() {
        assert_eq!(Date::from_ymd(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Date::from_ymd(2000, 3, 1).unwrap().days(), 11_017);
        assert_eq!(Date::from_ymd(1969, 12, 31).unwrap().days(), -1);
        assert_eq!(Date::from_days(18_895).to_string(), "2021-09-25");
    }

    #[test]
    fn round_trips_every_day_over_centuries() {
        for days in -60_000..60_000 {
            let d = Date::from_days(days);
            let (y, m, dd) = d.ymd();
            assert_eq!(Date::from_ymd(y, m, dd), Some(d), "day {days}");
            assert_eq!(Date::parse_iso(&d.to_string()), Some(d));
        }
    }

    #[test]
    fn parses_the_catalog_long_form() {
        let d = Date::parse_long("September 25, 2021").unwrap();
        assert_eq!(d.to_string(), "2021-09-25");
        assert_eq!(
            Date::parse_long(" August 4, 2017").unwrap().to_string(),
            "2017-08-04"
        );
        assert_eq!(
            Date::parse_long("february 29, 2020").unwrap().to_string(),
            "2020-02-29"
        );
        assert_eq!(Date::parse_long("February 29, 2021"), None);
        assert_eq!(Date::parse_long("Sept 25, 2021"), None);
        assert_eq!(Date::parse_long("September 25 2021"), None);
        assert_eq!(Date::parse_long("September 32, 2021"), None);
        assert_eq!(Date::parse_long(""), None);
        assert_eq!(Date::parse_long("2021-09-25"), None);
    }

    #[test]
    fn rejects_malformed_iso() {
        assert_eq!(Date::parse_iso("2021-9-25"), None);
        assert_eq!(Date::parse_iso("2021-13-01"), None);
        assert_eq!(Date::parse_iso("2021-01-01-01"), None);
        assert_eq!(Date::parse_iso("+021-01-01"), None);
    }

    #[test]
    fn serde_uses_iso_text() {
        let d = Date::from_ymd(2019, 11, 1).unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2019-11-01\"");
        let back: Date = serde_json::from_str("\"2019-11-01\"").unwrap();
        assert_eq!(back, d);
        assert!(serde_json::from_str::<Date>("\"Nov 1\"").is_err());
    }
}
