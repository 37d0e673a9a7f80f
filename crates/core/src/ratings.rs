//! User ratings: the validity rule and the per-title score.
//!
//! A rating is kept when it is a half step (0.5, 1.0, …, 5.0). Ratings are
//! carried as "half stars" (`rating × 2`, 1–10) so that sums are exact
//! integers and the mean does not depend on the order of the rows.

use std::fmt;

/// Why a rating value is not acceptable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RatingIssue {
    /// NaN or infinite.
    NotFinite,
    /// Below 0.5 or above 5.0.
    OutOfRange,
    /// Inside the scale but not a multiple of 0.5.
    NotHalfStep,
}

impl RatingIssue {
    /// A short stable name, used as a reason key in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            RatingIssue::NotFinite => "rating_not_finite",
            RatingIssue::OutOfRange => "rating_out_of_range",
            RatingIssue::NotHalfStep => "rating_not_half_step",
        }
    }
}

impl fmt::Display for RatingIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RatingIssue::NotFinite => "rating is not a finite number",
            RatingIssue::OutOfRange => "rating is outside 0.5–5.0",
            RatingIssue::NotHalfStep => "rating is not a multiple of 0.5",
        })
    }
}

/// The lowest and highest rating on the scale.
pub const RATING_MIN: f32 = 0.5;
/// See [`RATING_MIN`].
pub const RATING_MAX: f32 = 5.0;

/// Checks a rating and returns it in half stars (1–10).
pub fn half_stars(value: f64) -> Result<u8, RatingIssue> {
    if !value.is_finite() {
        return Err(RatingIssue::NotFinite);
    }
    if !(f64::from(RATING_MIN)..=f64::from(RATING_MAX)).contains(&value) {
        return Err(RatingIssue::OutOfRange);
    }
    let doubled = value * 2.0;
    if (doubled - doubled.round()).abs() > 1e-9 {
        return Err(RatingIssue::NotHalfStep);
    }
    Ok(doubled.round() as u8)
}

/// Accumulates ratings per title row and yields `score` and `score_count`.
#[derive(Clone, Debug)]
pub struct ScoreAccumulator {
    half_star_sum: Vec<u64>,
    count: Vec<u32>,
}

impl ScoreAccumulator {
    /// An accumulator for `n_titles` catalog rows.
    pub fn new(n_titles: usize) -> ScoreAccumulator {
        ScoreAccumulator {
            half_star_sum: vec![0; n_titles],
            count: vec![0; n_titles],
        }
    }

    /// Adds one valid rating (in half stars) for a title row.
    pub fn add(&mut self, row: usize, half_stars: u8) {
        self.half_star_sum[row] += u64::from(half_stars);
        self.count[row] += 1;
    }

    /// Merges another accumulator over the same catalog.
    pub fn merge(&mut self, other: &ScoreAccumulator) {
        for (a, b) in self.half_star_sum.iter_mut().zip(&other.half_star_sum) {
            *a += b;
        }
        for (a, b) in self.count.iter_mut().zip(&other.count) {
            *a += b;
        }
    }

    /// `(score, score_count)` of a row: the mean rating, `None` when unrated.
    pub fn score(&self, row: usize) -> (Option<f64>, u32) {
        let count = self.count[row];
        let score = (count > 0).then(|| self.half_star_sum[row] as f64 / (2.0 * f64::from(count)));
        (score, count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_exactly_the_half_steps() {
        let accepted: Vec<u8> = (0..=12)
            .map(|i| f64::from(i) * 0.5)
            .filter_map(|v| half_stars(v).ok())
            .collect();
        assert_eq!(accepted, (1..=10).collect::<Vec<u8>>());
        assert_eq!(half_stars(3.25), Err(RatingIssue::NotHalfStep));
        assert_eq!(half_stars(0.0), Err(RatingIssue::OutOfRange));
        assert_eq!(half_stars(5.5), Err(RatingIssue::OutOfRange));
        assert_eq!(half_stars(f64::NAN), Err(RatingIssue::NotFinite));
        assert_eq!(half_stars(f64::INFINITY), Err(RatingIssue::NotFinite));
    }

    #[test]
    fn score_is_the_mean_rating() {
        let mut acc = ScoreAccumulator::new(3);
        for v in [4.0, 3.5, 5.0] {
            acc.add(1, half_stars(v).unwrap());
        }
        let mut other = ScoreAccumulator::new(3);
        other.add(1, half_stars(0.5).unwrap());
        acc.merge(&other);
        assert_eq!(acc.score(1), (Some(13.0 / 4.0), 4));
        assert_eq!(acc.score(0), (None, 0));
    }
}
