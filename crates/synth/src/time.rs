//! Time rules: where in a user's activity window a rating falls (the
//! period itself is in `calendar.rs`).

use cartelera_det::Rng;

use crate::calendar::{DAY, LAST_TIMESTAMP};
use crate::model::{ModelParams, UserTruth};

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
    use crate::calendar::year_start;
    use crate::streams::stream;

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
        let mut rng = stream(1, 1, 1);
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
