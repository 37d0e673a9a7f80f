//! Who rates how much and what: heavy-tailed per-user counts scaled to an
//! exact total, the Zipf popularity sampler, and the one-rater-per-title seed
//! step that guarantees every title is rated.

use std::collections::HashSet;

use cartelera_det::Rng;

use crate::model::{affinity, ModelParams, TitleTruth, UserTruth};
use crate::streams::{stream, STREAM_ACTIVITY, STREAM_SEEDS};

/// Logistic function.
#[inline]
pub(crate) fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Probability that a user who is offered a title rates it: σ(κ·a + δ). This
/// is the "people watch what they like" selection effect.
#[inline]
pub(crate) fn watch_probability(p: &ModelParams, affinity: f32) -> f32 {
    sigmoid(p.watch_slope as f32 * affinity + p.watch_offset as f32)
}

/// Ratings per user: log-normal weights a_u, mapped to
/// c_u = min(hi, lo + λ·a_u) with λ found by bisection so Σ c_u = total, then
/// rounded by largest remainder so the integer sum is exactly `total`.
///
/// lo = min(activity_min, ⌊total/users⌋) and hi = max(⌈total/users⌉,
/// min(titles, activity_max_fraction·titles)), so lo·users ≤ total ≤
/// hi·users always holds and every count is ≤ titles. The caller has checked
/// 1 ≤ users, titles ≤ total ≤ users·titles.
pub(crate) fn user_counts(
    users: u32,
    total: u64,
    titles: usize,
    seed: u64,
    p: &ModelParams,
) -> Vec<u32> {
    let n = users as usize;
    let mut rng = stream(seed, STREAM_ACTIVITY, 0);
    let a: Vec<f64> = (0..n)
        .map(|_| (p.activity_sigma * rng.box_muller()).exp())
        .collect();
    let lo = (p.activity_min as u64).min(total / n as u64) as f64;
    let cap = ((titles as f64 * p.activity_max_fraction) as u64).clamp(lo as u64, titles as u64);
    let hi = cap.max(total.div_ceil(n as u64)) as f64;
    let target = total as f64;
    let sum_at = |lambda: f64| a.iter().map(|&x| hi.min(lo + lambda * x)).sum::<f64>();
    let (mut l0, mut l1) = (0.0f64, 1.0f64);
    while sum_at(l1) < target && l1 < 1e300 {
        l1 *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (l0 + l1);
        if sum_at(mid) < target {
            l0 = mid;
        } else {
            l1 = mid;
        }
    }
    let real: Vec<f64> = a.iter().map(|&x| hi.min(lo + l1 * x)).collect();
    let mut counts: Vec<u32> = real.iter().map(|&c| c.floor() as u32).collect();
    let (lo, hi) = (lo as u32, hi as u32);
    let sum: u64 = counts.iter().map(|&c| c as u64).sum();
    // Largest remainder first (ties by index) so rounding is deterministic.
    let mut order: Vec<usize> = (0..n).collect();
    let frac = |i: usize| real[i] - real[i].floor();
    order.sort_by(|&i, &j| frac(j).total_cmp(&frac(i)).then(i.cmp(&j)));
    if sum < total {
        let mut left = total - sum;
        // Each pass moves at least one unit while the total is feasible; the
        // progress check only guards against looping forever if it were not.
        let mut moved = true;
        while left > 0 && moved {
            moved = false;
            for &i in &order {
                if left > 0 && counts[i] < hi {
                    counts[i] += 1;
                    left -= 1;
                    moved = true;
                }
            }
        }
    } else {
        let mut extra = sum - total;
        let mut moved = true;
        while extra > 0 && moved {
            moved = false;
            for &i in order.iter().rev() {
                if extra > 0 && counts[i] > lo {
                    counts[i] -= 1;
                    extra -= 1;
                    moved = true;
                }
            }
        }
    }
    counts
}

/// Walker/Vose alias table: O(1) draws from the popularity distribution.
/// Each entry packs a 32-bit acceptance threshold with its alias (8 bytes,
/// one cache line fetch per draw; the table stays in L2 at catalogue size).
pub(crate) struct Alias {
    entries: Vec<(u32, u32)>,
}

impl Alias {
    /// Table for non-negative weights with a positive sum.
    pub(crate) fn new(weights: &[f64]) -> Self {
        let n = weights.len();
        let total: f64 = weights.iter().sum();
        let mut prob: Vec<f64> = weights.iter().map(|w| w * n as f64 / total).collect();
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let mut small: Vec<u32> = Vec::new();
        let mut large: Vec<u32> = Vec::new();
        for (i, &q) in prob.iter().enumerate() {
            if q < 1.0 {
                small.push(i as u32);
            } else {
                large.push(i as u32);
            }
        }
        while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
            small.pop();
            alias[s as usize] = l;
            prob[l as usize] -= 1.0 - prob[s as usize];
            if prob[l as usize] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // Leftovers are 1 up to rounding error; their alias is themselves.
        for i in small.into_iter().chain(large) {
            prob[i as usize] = 1.0;
        }
        let scale = (1u64 << 32) as f64;
        let entries = prob
            .iter()
            .zip(alias)
            .map(|(&q, a)| ((q * scale).min(u32::MAX as f64) as u32, a))
            .collect();
        Alias { entries }
    }

    /// One draw from one 64-bit output: the high half picks the column, the
    /// low half is the coin.
    #[inline]
    pub(crate) fn sample(&self, rng: &mut Rng) -> usize {
        let x = rng.next_u64();
        let i = (((x >> 32) * self.entries.len() as u64) >> 32) as usize;
        let (threshold, alias) = self.entries[i];
        if (x as u32) < threshold {
            i
        } else {
            alias as usize
        }
    }
}

/// Seed raters in CSR form: user u's seed titles are
/// `titles[offsets[u]..offsets[u + 1]]`.
pub(crate) struct Seeds {
    pub(crate) offsets: Vec<usize>,
    pub(crate) titles: Vec<u32>,
}

/// Gives every title one rater so none is left unrated.
///
/// The total of all counts is seen as `total` rating *slots*, user u owning
/// `counts[u]` of them. Each title (in random order) takes a free slot drawn
/// uniformly — so a rater is chosen ∝ activity and a user never gets more
/// seeds than ratings — and keeps it with the watch probability (up to 8
/// candidate slots, the last one is kept regardless), so seed ratings carry
/// the same taste selection as the rest.
pub(crate) fn assign_seeds(
    counts: &[u32],
    users: &[UserTruth],
    titles: &[TitleTruth],
    seed: u64,
    p: &ModelParams,
) -> Seeds {
    let mut prefix = Vec::with_capacity(counts.len() + 1);
    prefix.push(0u64);
    for &c in counts {
        prefix.push(prefix[prefix.len() - 1] + c as u64);
    }
    let total = prefix[counts.len()];
    let owner = |slot: u64| prefix.partition_point(|&x| x <= slot) - 1;
    let mut rng = stream(seed, STREAM_SEEDS, 0);
    let mut order: Vec<u32> = (0..titles.len() as u32).collect();
    rng.shuffle(&mut order);
    let mut used: HashSet<u64> = HashSet::with_capacity(titles.len());
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(titles.len());
    for &t in &order {
        for attempt in 0..8 {
            let slot = loop {
                let s = rng.below(total);
                if !used.contains(&s) {
                    break s;
                }
            };
            let u = owner(slot);
            let a = affinity(&users[u], &titles[t as usize]);
            if attempt == 7 || rng.f64() < watch_probability(p, a) as f64 {
                used.insert(slot);
                pairs.push((u as u32, t));
                break;
            }
        }
    }
    pairs.sort_unstable();
    let mut offsets = vec![0usize; counts.len() + 1];
    for &(u, _) in &pairs {
        offsets[u as usize + 1] += 1;
    }
    for u in 0..counts.len() {
        offsets[u + 1] += offsets[u];
    }
    Seeds {
        offsets,
        titles: pairs.into_iter().map(|(_, t)| t).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_sum_exactly_and_respect_bounds() {
        let p = ModelParams::DEFAULT;
        for &(users, total, titles) in &[
            (1_000u32, 96_000u64, 5_000usize),
            (7, 7 * 40, 40),
            (3, 3, 1),
            (10, 55, 50),
            (5_000, 123_457, 800),
        ] {
            let c = user_counts(users, total, titles, 9, &p);
            assert_eq!(c.iter().map(|&x| x as u64).sum::<u64>(), total);
            assert!(c.iter().all(|&x| x as usize <= titles));
        }
        let c = user_counts(7, 7 * 40, 40, 9, &p);
        assert!(
            c.iter().all(|&x| x == 40),
            "dense case must fill everyone: {c:?}"
        );
    }

    #[test]
    fn alias_matches_weights() {
        let w = [5.0, 1.0, 0.0, 4.0];
        let table = Alias::new(&w);
        let mut rng = stream(3, 3, 3);
        let mut hits = [0u32; 4];
        for _ in 0..100_000 {
            hits[table.sample(&mut rng)] += 1;
        }
        assert_eq!(hits[2], 0);
        assert!((hits[0] as f64 / 1e5 - 0.5).abs() < 0.01, "{hits:?}");
        assert!((hits[3] as f64 / 1e5 - 0.4).abs() < 0.01, "{hits:?}");
    }
}
