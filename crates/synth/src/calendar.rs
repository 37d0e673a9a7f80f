//! The calendar of the rating period: its first and last second and the
//! start of each release year. A leaf module: the model (user windows) and
//! the time rules (where a rating falls) both build on it.

/// 1996-01-01T00:00:00Z, the earliest rating time (MovieLens' first year).
pub const FIRST_TIMESTAMP: i64 = 820_454_400;
/// 2021-12-31T23:59:59Z, the latest rating time (the catalogue's last year).
pub const LAST_TIMESTAMP: i64 = 1_640_995_199;
/// Seconds per day.
pub(crate) const DAY: i64 = 86_400;

/// Unix seconds of 00:00 UTC on 1 January of `year` (proleptic Gregorian).
pub fn year_start(year: i32) -> i64 {
    // Days-from-civil (H. Hinnant) for 1 January.
    let y = year as i64 - 1; // January counts in the previous "March year"
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = 306; // 1 January is day 306 of the March-based year
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * DAY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_start_matches_known_dates() {
        assert_eq!(year_start(1970), 0);
        assert_eq!(year_start(1996), FIRST_TIMESTAMP);
        assert_eq!(year_start(2022) - 1, LAST_TIMESTAMP);
        assert_eq!(year_start(2000), 946_684_800);
        assert_eq!(year_start(1925), -1_420_070_400);
    }
}
