//! Planted low-rank rating data for tests and benchmarks.
//!
//! Ratings are `mean + b_u + b_i + u · v + noise` with Gaussian true factors
//! of a small rank, clipped to the rating scale, so a correct
//! matrix-factorisation trainer must beat the bias-only baselines on them.
//! Item popularity follows a power law (Zipf, exponent
//! [`PlantedConfig::popularity_exponent`]) over a random ordering of the
//! items, as in real catalogues where a few titles get most ratings. Each
//! user rates a near-equal number of distinct items.

use crate::data::Ratings;
use crate::error::{invalid, MfError};
use cartelera_det::Rng;

/// Shape and noise of a planted data set.
#[derive(Clone, Debug, PartialEq)]
pub struct PlantedConfig {
    /// Users.
    pub n_users: u32,
    /// Items.
    pub n_items: u32,
    /// Ratings to draw (distributed evenly over users).
    pub n_ratings: usize,
    /// Rank of the true factors.
    pub rank: usize,
    /// Standard deviation of each true factor entry.
    pub factor_std: f32,
    /// Standard deviation of the true user biases.
    pub user_bias_std: f32,
    /// Standard deviation of the true item biases.
    pub item_bias_std: f32,
    /// Standard deviation of the Gaussian noise added to each rating.
    pub noise_std: f32,
    /// Global mean.
    pub mean: f32,
    /// Zipf exponent of item popularity (0 = uniform).
    pub popularity_exponent: f64,
    /// Lower clip bound.
    pub rating_min: f32,
    /// Upper clip bound.
    pub rating_max: f32,
    /// Seed of everything.
    pub seed: u64,
}

impl Default for PlantedConfig {
    /// 1,000 users × 500 items, 40,000 ratings, rank 3: a few milliseconds to
    /// generate and train on.
    fn default() -> Self {
        PlantedConfig {
            n_users: 1000,
            n_items: 500,
            n_ratings: 40_000,
            rank: 3,
            factor_std: 0.6,
            user_bias_std: 0.3,
            item_bias_std: 0.4,
            noise_std: 0.1,
            mean: 3.5,
            popularity_exponent: 1.0,
            rating_min: 0.5,
            rating_max: 5.0,
            seed: 0,
        }
    }
}

/// Draw a planted data set.
///
/// Errors if a count is zero or a user would need more than half of the
/// items (distinct items per user are drawn by rejection).
pub fn planted(cfg: &PlantedConfig) -> Result<Ratings, MfError> {
    if cfg.n_users == 0 || cfg.n_items == 0 || cfg.n_ratings == 0 || cfg.rank == 0 {
        return Err(invalid(
            "n_users/n_items/n_ratings/rank",
            0,
            "positive counts",
        ));
    }
    let per_user = cfg.n_ratings.div_ceil(cfg.n_users as usize);
    if per_user > cfg.n_items as usize / 2 {
        return Err(invalid(
            "n_ratings",
            cfg.n_ratings,
            "at most n_users * n_items / 2 ratings",
        ));
    }
    let mut rng = Rng::new(cfg.seed);
    let (nu, ni, r) = (cfg.n_users as usize, cfg.n_items as usize, cfg.rank);
    let mut gauss = |n: usize, std: f32| -> Vec<f32> {
        (0..n).map(|_| (rng.normal() * std as f64) as f32).collect()
    };
    let uf = gauss(nu * r, cfg.factor_std);
    let vf = gauss(ni * r, cfg.factor_std);
    let ub = gauss(nu, cfg.user_bias_std);
    let ib = gauss(ni, cfg.item_bias_std);

    // Cumulative Zipf weights over a random ordering of the items.
    let mut order: Vec<u32> = (0..cfg.n_items).collect();
    rng.shuffle(&mut order);
    let mut cum = Vec::with_capacity(ni);
    let mut acc = 0.0f64;
    for rank in 0..ni {
        acc += 1.0 / ((rank + 1) as f64).powf(cfg.popularity_exponent);
        cum.push(acc);
    }

    let mut users = Vec::with_capacity(cfg.n_ratings);
    let mut items = Vec::with_capacity(cfg.n_ratings);
    let mut values = Vec::with_capacity(cfg.n_ratings);
    // `taken[i] == u + 1` marks item i as already rated by user u.
    let mut taken = vec![0u32; ni];
    let base = cfg.n_ratings / nu;
    let extra = cfg.n_ratings % nu;
    for u in 0..nu {
        let count = base + usize::from(u < extra);
        let mut tries = 0usize;
        let mut got = 0usize;
        while got < count {
            tries += 1;
            let i = if tries <= 50 * count {
                let x = rng.f64() * acc;
                order[cum.partition_point(|&c| c <= x).min(ni - 1)] as usize
            } else {
                // Pathological popularity: fall back to uniform picks.
                rng.below(ni as u64) as usize
            };
            if taken[i] == u as u32 + 1 {
                continue;
            }
            taken[i] = u as u32 + 1;
            got += 1;
            let dot: f32 = uf[u * r..(u + 1) * r]
                .iter()
                .zip(&vf[i * r..(i + 1) * r])
                .map(|(a, b)| a * b)
                .sum();
            let noise = (rng.normal() * cfg.noise_std as f64) as f32;
            let v = (cfg.mean + ub[u] + ib[i] + dot + noise).clamp(cfg.rating_min, cfg.rating_max);
            users.push(u as u32);
            items.push(i as u32);
            values.push(v);
        }
    }
    Ratings::new(users, items, values, cfg.n_users, cfg.n_items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_distinct_pairs_and_skew() {
        let cfg = PlantedConfig::default();
        let r = planted(&cfg).unwrap();
        assert_eq!(r.len(), 40_000);
        let mut pairs: Vec<(u32, u32)> = r
            .users
            .iter()
            .zip(&r.items)
            .map(|(&u, &i)| (u, i))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        assert_eq!(pairs.len(), 40_000, "(user, item) pairs must be distinct");
        let mut counts = r.item_counts();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let top10: u32 = counts[..10].iter().sum();
        assert!(
            top10 as usize > 40_000 / 10,
            "power law: top 10 of 500 items hold >10%"
        );
        assert!(r.values.iter().all(|&v| (0.5..=5.0).contains(&v)));
        assert_eq!(planted(&cfg).unwrap(), r, "deterministic");
    }

    #[test]
    fn rejects_impossible_configs() {
        let c = PlantedConfig {
            n_ratings: 1000 * 400,
            ..PlantedConfig::default()
        };
        assert!(planted(&c).is_err());
        let c = PlantedConfig {
            rank: 0,
            ..PlantedConfig::default()
        };
        assert!(planted(&c).is_err());
    }
}
