//! Time rules: the rating period, release-year starts and where in a user's
//! activity window a rating falls.

use crate::model::{ModelParams, UserTruth};
use crate::rng::Rng;

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

/// A time in the user's window, never before the title's release year and
/// never after [`LAST_TIMESTAMP`].
pub(crate) fn rating_time(
    p: &ModelParams,
    u: &UserTruth,
    release_start: i64,
    rng: &mut Rng,
) -> i64 {
    let (ws, we) = (u.window_start, u.window_end);
    if release_start <= ws {
        // Part of a user's ratings come in a first-session burst, as when a
        // new member rates what they have already seen.
        let len = if rng.f64() < p.burst_share {
            p.burst_seconds.min(we - ws)
        } else {
            we - ws
        };
        ws + rng.below(len as u64 + 1) as i64
    } else if release_start <= we {
        release_start + rng.below((we - release_start) as u64 + 1) as i64
    } else {
        // Released after the window closed: the user came back for it,
        // within one window length of the release.
        let len = (we - ws).max(DAY).min(LAST_TIMESTAMP - release_start);
        release_start + rng.below(len as u64 + 1) as i64
    }
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

    #[test]
    fn rating_times_respect_window_release_and_end() {
        let p = ModelParams::DEFAULT;
        let u = UserTruth {
            bias: 0.0,
            movie_pref: 0.0,
            recency_pref: 0.0,
            taste: [0.0; crate::N_AXES],
            window_start: year_start(2005),
            window_end: year_start(2006),
        };
        let mut rng = Rng::stream(1, 1, 1);
        for release in [1950, 2005, 2005, 2010, 2021] {
            for _ in 0..2_000 {
                let t = rating_time(&p, &u, year_start(release), &mut rng);
                assert!(t >= year_start(release).max(u.window_start) && t <= LAST_TIMESTAMP);
                if release <= 2005 {
                    assert!(t <= u.window_end);
                }
            }
        }
    }
}
