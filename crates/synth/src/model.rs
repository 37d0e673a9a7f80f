//! Model parameters and the planted ground truth (user tastes, title
//! features), plus the noise-free score used by [`true_top_n`].

use std::collections::HashMap;

use crate::axes::{axis_value, label_mask, vector_from_mask, AxisVector, AXES_BITS, N_AXES};
use cartelera_det::par::try_run_tasks;

use crate::calendar::{year_start, DAY, FIRST_TIMESTAMP, LAST_TIMESTAMP};
use crate::streams::{stream, STREAM_TITLE, STREAM_USER};
use crate::{SynthData, SynthTitle};
use std::convert::Infallible;

/// Every constant of the generative model. The values are fixed (not part of
/// [`crate::SynthConfig`]) so that a seed alone identifies a data set; they
/// are written to `truth/model.json`.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelParams {
    /// Global mean μ of the latent score.
    pub global_mean: f64,
    /// Standard deviation of the user bias b_u.
    pub user_bias_sd: f64,
    /// Standard deviation of the title bias b_i.
    pub title_bias_sd: f64,
    /// Correlation between b_i and standardised log-popularity.
    pub bias_popularity_corr: f64,
    /// Standard deviation of the small background taste weights.
    pub taste_sd: f64,
    /// Range of the weight of each loved axis (1–3 per user; replaces the
    /// background weight, so a loved axis is always clearly loved).
    pub loved: (f64, f64),
    /// Range of the (negated) weight of each disliked axis (0–2 per user).
    pub disliked: (f64, f64),
    /// Relative prior of each axis being a loved one (drama and comedy are
    /// loved far more often than faith).
    pub axis_love_weights: [f64; N_AXES],
    /// Standard deviation of the movie-vs-show preference m_u.
    pub movie_pref_sd: f64,
    /// Standard deviation of the classic-vs-recent preference r_u.
    pub recency_pref_sd: f64,
    /// Year at which the recency feature y_i = tanh((year − pivot)/scale) is 0.
    pub recency_pivot: f64,
    /// Scale in years of the recency feature.
    pub recency_scale: f64,
    /// Standard deviation σ_ε of the per-rating noise.
    pub noise_sd: f64,
    /// Zipf exponent α of title popularity p ∝ (rank + c)^−α.
    pub zipf_alpha: f64,
    /// Zipf offset c.
    pub zipf_offset: f64,
    /// σ of the log-normal activity (ratings per user) before scaling.
    pub activity_sigma: f64,
    /// Minimum ratings per user (lowered to ⌊ratings/users⌋ if infeasible).
    pub activity_min: u32,
    /// Cap on ratings per user as a fraction of the catalogue.
    pub activity_max_fraction: f64,
    /// Slope κ of the watch probability σ(κ·a + δ) in the affinity a.
    pub watch_slope: f64,
    /// Offset δ of the watch probability.
    pub watch_offset: f64,
    /// Target share of each rating 0.5, 1.0, …, 5.0 (MovieLens
    /// ml-latest-small counts, normalised when the thresholds are set).
    pub rating_shares: [f64; 10],
    /// Exponent a < 1 of the window-start draw `first + (last − first)·U^a`
    /// (skews users toward recent years).
    pub window_start_skew: f64,
    /// Median length of a user's activity window, days.
    pub window_median_days: f64,
    /// σ of the log-normal window length.
    pub window_sigma: f64,
    /// Share of a user's ratings given in a first-session burst.
    pub burst_share: f64,
    /// Length of that first session, seconds.
    pub burst_seconds: i64,
}

impl ModelParams {
    /// The parameters every generated data set uses.
    pub const DEFAULT: ModelParams = ModelParams {
        global_mean: 3.5,
        user_bias_sd: 0.35,
        title_bias_sd: 0.30,
        bias_popularity_corr: 0.3,
        taste_sd: 0.15,
        loved: (0.9, 1.6),
        disliked: (0.6, 1.3),
        axis_love_weights: [
            1.0, 1.6, 1.6, 1.4, 1.3, 1.0, 1.1, 0.9, 0.8, 0.9, 0.7, 0.5, 0.5, 0.8, 0.6, 0.25, 0.3,
            0.4,
        ],
        movie_pref_sd: 0.3,
        recency_pref_sd: 0.3,
        recency_pivot: 2010.0,
        recency_scale: 10.0,
        noise_sd: 0.5,
        zipf_alpha: 1.9,
        zipf_offset: 100.0,
        activity_sigma: 1.2,
        activity_min: 5,
        activity_max_fraction: 0.3,
        watch_slope: 2.0,
        watch_offset: 1.0,
        rating_shares: [
            1370.0, 2811.0, 1791.0, 7551.0, 5550.0, 20047.0, 13136.0, 26818.0, 8551.0, 13211.0,
        ],
        window_start_skew: 0.6,
        window_median_days: 90.0,
        window_sigma: 1.8,
        burst_share: 0.35,
        burst_seconds: 3 * 3600,
    };
}

/// Planted parameters of one user.
#[derive(Clone, Debug, PartialEq)]
pub struct UserTruth {
    /// User bias b_u.
    pub bias: f32,
    /// Movie-vs-show preference m_u (positive: prefers movies).
    pub movie_pref: f32,
    /// Classic-vs-recent preference r_u (positive: prefers recent titles).
    pub recency_pref: f32,
    /// Taste weights w_u over [`crate::AXES`].
    pub taste: AxisVector,
    /// Start of the activity window, Unix seconds.
    pub window_start: i64,
    /// End of the activity window, Unix seconds.
    pub window_end: i64,
}

/// Planted parameters and features of one title.
#[derive(Clone, Debug, PartialEq)]
pub struct TitleTruth {
    /// Title bias b_i.
    pub bias: f32,
    /// Popularity sampling weight relative to an average title (mean 1.0).
    pub popularity: f64,
    /// Popularity rank, 0 = most popular.
    pub popularity_rank: u32,
    /// Axis vector x_i (see [`crate::taste_axes`]).
    pub axes: AxisVector,
    /// The axes x_i hits, as a bit mask (bit k = axis k; see [`crate::axis_mask`]).
    pub axis_mask: u32,
    /// Type feature t_i: +0.5 for a movie, −0.5 for a show.
    pub kind: f32,
    /// Recency feature y_i = tanh((release_year − pivot) / scale).
    pub recency: f32,
    /// 1 January of the release year (clamped to the last timestamp), the
    /// earliest time the title can be rated.
    pub release_start: i64,
}

/// Everything planted in a data set: what a recommender should recover.
#[derive(Clone, Debug, PartialEq)]
pub struct GroundTruth {
    /// Model constants.
    pub params: ModelParams,
    /// Per user, indexed by `userId − 1`.
    pub users: Vec<UserTruth>,
    /// Per title, same order as the input catalogue.
    pub titles: Vec<TitleTruth>,
    /// Latent-score cut points between consecutive half-star levels.
    pub thresholds: [f64; 9],
}

impl GroundTruth {
    /// Taste part of the score: w_u·x_i + m_u·t_i + r_u·y_i (0-based indexes).
    pub fn affinity(&self, user: usize, title: usize) -> f64 {
        affinity(&self.users[user], &self.titles[title]) as f64
    }

    /// Noise-free latent score μ + b_u + b_i + affinity (0-based indexes).
    pub fn expected_score(&self, user: usize, title: usize) -> f64 {
        let (u, t) = (&self.users[user], &self.titles[title]);
        self.params.global_mean + u.bias as f64 + t.bias as f64 + affinity(u, t) as f64
    }
}

/// w_u·x_i computed from the axis mask (x_i is `axis_value` on each hit axis).
#[inline]
pub(crate) fn taste_dot(w: &AxisVector, mask: u32) -> f32 {
    let mut m = mask & AXES_BITS;
    let mut sum = 0f32;
    while m != 0 {
        sum += w[m.trailing_zeros() as usize];
        m &= m - 1;
    }
    sum * axis_value(mask)
}

/// w_u·x_i + m_u·t_i + r_u·y_i. The generator's hot loop calls the same
/// function with the same inputs, so [`GroundTruth::affinity`] reproduces
/// the generator's numbers bit for bit.
#[inline]
pub(crate) fn affinity_of(u: &UserTruth, axis_mask: u32, kind: f32, recency: f32) -> f32 {
    taste_dot(&u.taste, axis_mask) + u.movie_pref * kind + u.recency_pref * recency
}

/// Affinity of a user to a title.
#[inline]
pub(crate) fn affinity(u: &UserTruth, t: &TitleTruth) -> f32 {
    affinity_of(u, t.axis_mask, t.kind, t.recency)
}

/// The `n` titles (indexes into the catalogue) with the highest noise-free
/// latent score for `user` (1-based `userId`, as in the CSV files), best
/// first, ties broken by lower index. Rated titles are not excluded. An
/// unknown user gives an empty list.
pub fn true_top_n(data: &SynthData, user: u32, n: usize) -> Vec<u32> {
    let truth = &data.truth;
    if user == 0 || user as usize > truth.users.len() || n == 0 {
        return Vec::new();
    }
    let u = user as usize - 1;
    let mut scored: Vec<(f64, u32)> = (0..truth.titles.len())
        .map(|i| (truth.expected_score(u, i), i as u32))
        .collect();
    let better = |a: &(f64, u32), b: &(f64, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    let n = n.min(scored.len());
    if n < scored.len() {
        scored.select_nth_unstable_by(n - 1, better);
        scored.truncate(n);
    }
    scored.sort_unstable_by(better);
    scored.into_iter().map(|(_, i)| i).collect()
}

/// Builds the title side: popularity from a random permutation, bias
/// correlated with popularity, and the fixed features.
pub(crate) fn build_titles(titles: &[SynthTitle], seed: u64, p: &ModelParams) -> Vec<TitleTruth> {
    let n = titles.len();
    let mut rng = stream(seed, STREAM_TITLE, 0);
    let mut order: Vec<u32> = (0..n as u32).collect();
    rng.shuffle(&mut order);
    let mut rank = vec![0u32; n];
    for (r, &i) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    let weight = |r: u32| (r as f64 + p.zipf_offset).powf(-p.zipf_alpha);
    let logs: Vec<f64> = rank.iter().map(|&r| weight(r).ln()).collect();
    let mean_w = rank.iter().map(|&r| weight(r)).sum::<f64>() / n as f64;
    let mean_l = logs.iter().sum::<f64>() / n as f64;
    let sd_l = (logs.iter().map(|l| (l - mean_l).powi(2)).sum::<f64>() / n as f64).sqrt();
    let rho = p.bias_popularity_corr;
    // Catalogues repeat a few hundred labels, so each is matched only once.
    let mut label_cache: HashMap<String, u32> = HashMap::new();
    let mut mask_of = |listed_in: &str| {
        listed_in.split(',').fold(0u32, |mask, label| {
            let label = label.trim().to_ascii_lowercase();
            if label.is_empty() {
                return mask;
            }
            let m = *label_cache
                .entry(label)
                .or_insert_with_key(|l| label_mask(l));
            mask | m
        })
    };
    titles
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let z_pop = if sd_l > 0.0 {
                (logs[i] - mean_l) / sd_l
            } else {
                0.0
            };
            let z = rng.box_muller();
            let bias = p.title_bias_sd * (rho * z_pop + (1.0 - rho * rho).sqrt() * z);
            let year = t.release_year as f64;
            let axis_mask = mask_of(t.listed_in.as_deref().unwrap_or(""));
            TitleTruth {
                bias: bias as f32,
                popularity: weight(rank[i]) / mean_w,
                popularity_rank: rank[i],
                axes: vector_from_mask(axis_mask),
                axis_mask,
                kind: if t.is_movie { 0.5 } else { -0.5 },
                recency: ((year - p.recency_pivot) / p.recency_scale).tanh() as f32,
                release_start: year_start(t.release_year).min(LAST_TIMESTAMP),
            }
        })
        .collect()
}

/// Draws one user's planted parameters from its own stream.
fn build_user(seed: u64, u: u64, p: &ModelParams) -> UserTruth {
    let mut rng = stream(seed, STREAM_USER, u);
    let bias = p.user_bias_sd * rng.box_muller();
    let movie_pref = p.movie_pref_sd * rng.box_muller();
    let recency_pref = p.recency_pref_sd * rng.box_muller();
    let mut taste = [0f32; N_AXES];
    for w in taste.iter_mut() {
        *w = (p.taste_sd * rng.box_muller()) as f32;
    }
    // Loved axes: 1–3, drawn without replacement ∝ the axis prior.
    let mut prior = p.axis_love_weights;
    for _ in 0..1 + rng.below(3) {
        let total: f64 = prior.iter().sum();
        let mut x = rng.f64() * total;
        let mut k = N_AXES - 1;
        for (axis, &w) in prior.iter().enumerate() {
            if x < w {
                k = axis;
                break;
            }
            x -= w;
        }
        prior[k] = 0.0;
        taste[k] = rng.range(p.loved.0, p.loved.1) as f32;
    }
    // Disliked axes: 0–2, uniform among the axes not loved.
    for _ in 0..rng.below(3) {
        let free: Vec<usize> = (0..N_AXES).filter(|&k| prior[k] > 0.0).collect();
        let k = free[rng.below(free.len() as u64) as usize];
        prior[k] = 0.0;
        taste[k] = -rng.range(p.disliked.0, p.disliked.1) as f32;
    }
    // Activity window: start skewed toward recent years, log-normal length.
    let span_all = (LAST_TIMESTAMP - DAY - FIRST_TIMESTAMP) as f64;
    let window_start = FIRST_TIMESTAMP + (span_all * rng.f64().powf(p.window_start_skew)) as i64;
    let days = (p.window_median_days.ln() + p.window_sigma * rng.box_muller())
        .exp()
        .clamp(1.0, 6000.0);
    let window_end = (window_start + (days * DAY as f64) as i64).min(LAST_TIMESTAMP);
    UserTruth {
        bias: bias as f32,
        movie_pref: movie_pref as f32,
        recency_pref: recency_pref as f32,
        taste,
        window_start,
        window_end,
    }
}

/// Builds all users in parallel; each from its own stream, so the result
/// does not depend on how the work is split.
pub(crate) fn build_users(
    users: u32,
    seed: u64,
    p: &ModelParams,
    threads: usize,
) -> Vec<UserTruth> {
    const CHUNK: u64 = 8192;
    let n = users as u64;
    let mut parts: Vec<Vec<UserTruth>> = (0..n.div_ceil(CHUNK)).map(|_| Vec::new()).collect();
    let jobs: Vec<(u64, &mut Vec<UserTruth>)> = parts
        .iter_mut()
        .enumerate()
        .map(|(k, v)| (k as u64, v))
        .collect();
    let _ = try_run_tasks(
        jobs,
        threads,
        || (),
        |(k, out), _| -> Result<(), Infallible> {
            out.extend((k * CHUNK..((k + 1) * CHUNK).min(n)).map(|u| build_user(seed, u, p)));
            Ok(())
        },
    );
    parts.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_have_loved_axes_and_valid_windows() {
        let p = ModelParams::DEFAULT;
        let users = build_users(2_000, 7, &p, 2);
        for u in &users {
            let strong = u.taste.iter().filter(|&&w| w >= p.loved.0 as f32).count();
            assert!((1..=3).contains(&strong), "{:?}", u.taste);
            assert!(u.window_start >= FIRST_TIMESTAMP && u.window_start < u.window_end);
            assert!(u.window_end <= LAST_TIMESTAMP);
        }
        // Drama/comedy (prior 1.6) must be loved far more often than faith (0.25).
        let loved = |k: usize| {
            users
                .iter()
                .filter(|u| u.taste[k] >= p.loved.0 as f32)
                .count()
        };
        assert!(
            loved(2) > 3 * loved(15),
            "drama {} faith {}",
            loved(2),
            loved(15)
        );
    }
}
