//! The generation pipeline: planted parameters → activity → seed raters →
//! per-user sampling of titles, latent scores and timestamps (in parallel,
//! one RNG stream per user) → quantile thresholds → half-star ratings.

use std::sync::Mutex;

use crate::activity::{assign_seeds, user_counts, watch_probability, Alias, Seeds};
use cartelera_det::par::{default_threads, lock, try_run_tasks};
use cartelera_det::Rng;

use crate::calendar::{FIRST_TIMESTAMP, LAST_TIMESTAMP};
use crate::model::{
    affinity_of, build_titles, build_users, GroundTruth, ModelParams, TitleTruth, UserTruth,
};
use crate::streams::{stream, STREAM_RATINGS};
use crate::time::rating_time;
use crate::{SynthConfig, SynthData, SynthError, SynthTitle};

/// Rows per parallel job: small enough to balance 2+ threads, large enough
/// that queue locking and progress calls are negligible.
const CHUNK_ROWS: usize = 1 << 16;
/// At most this many latent scores are sorted to estimate the thresholds
/// (the quantile error at 1M samples is ~0.05 percentage points).
const THRESHOLD_SAMPLE: usize = 1 << 20;

/// Generates a data set using all available cores. See the crate docs for
/// the model. `progress` is called with the number of ratings generated so
/// far (non-decreasing, ending at `cfg.ratings`). The result does not
/// depend on the number of threads.
pub fn generate(
    titles: &[SynthTitle],
    cfg: &SynthConfig,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<SynthData, SynthError> {
    generate_with_threads(titles, cfg, default_threads(), progress)
}

/// The planted tastes of `cfg` for `titles` without generating any rating:
/// the same users and titles [`generate`] draws (same streams), so a
/// recommender trained on files written earlier can be checked against
/// them. The rating thresholds depend on the generated scores and are not
/// computed here (`thresholds` is all NaN).
pub fn planted(titles: &[SynthTitle], cfg: &SynthConfig) -> Result<GroundTruth, SynthError> {
    cfg.validate(titles.len())?;
    let p = ModelParams::DEFAULT;
    let titles = build_titles(titles, cfg.seed, &p);
    let users = build_users(cfg.users, cfg.seed, &p, default_threads());
    Ok(GroundTruth {
        params: p,
        users,
        titles,
        thresholds: [f64::NAN; 9],
    })
}

/// [`generate`] with an explicit thread count (0 is treated as 1); the output
/// is identical for every thread count.
pub fn generate_with_threads(
    titles: &[SynthTitle],
    cfg: &SynthConfig,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<SynthData, SynthError> {
    cfg.validate(titles.len())?;
    let oom = || SynthError::OutOfMemory {
        users: cfg.users,
        ratings: cfg.ratings,
    };
    let n = usize::try_from(cfg.ratings).map_err(|_| oom())?;
    // Probe the per-user state (~120 bytes each) so an absurd `users` is an
    // error rather than an allocation abort.
    let bytes = (cfg.users as usize).checked_mul(128).ok_or_else(oom)?;
    Vec::<u8>::new()
        .try_reserve_exact(bytes)
        .map_err(|_| oom())?;
    let p = ModelParams::DEFAULT;
    let title_truth = build_titles(titles, cfg.seed, &p);
    let users = build_users(cfg.users, cfg.seed, &p, threads);
    let counts = user_counts(cfg.users, cfg.ratings, titles.len(), cfg.seed, &p);
    let seeds = assign_seeds(&counts, &users, &title_truth, cfg.seed, &p);
    let weights: Vec<f64> = title_truth.iter().map(|t| t.popularity).collect();
    let alias = Alias::new(&weights);

    let mut user_id = alloc::<u32>(n).map_err(|_| oom())?;
    let mut title = alloc::<u32>(n).map_err(|_| oom())?;
    let mut score = alloc::<f32>(n).map_err(|_| oom())?;
    let mut timestamp = alloc::<i64>(n).map_err(|_| oom())?;
    let mut rating_x2 = alloc::<u8>(n).map_err(|_| oom())?;

    let hot: Vec<HotTitle> = title_truth.iter().map(HotTitle::new).collect();
    let ctx = Ctx {
        p: &p,
        users: &users,
        titles: &hot,
        counts: &counts,
        seeds: &seeds,
        alias: &alias,
        seed: cfg.seed,
    };
    let jobs = split_jobs(
        &counts,
        &mut user_id,
        &mut title,
        &mut score,
        &mut timestamp,
    );
    let done = Mutex::new(0u64);
    let scratch = || Scratch {
        stamp: vec![0; title_truth.len()],
        rows: Vec::new(),
    };
    let work = |job: UserChunk<'_>, s: &mut Scratch| -> Result<(), std::convert::Infallible> {
        let rows = job.user_id.len() as u64;
        process_chunk(&ctx, job, s);
        let mut d = lock(&done);
        *d += rows;
        progress(*d);
        Ok(())
    };
    let _ = try_run_tasks(jobs, threads, scratch, work);

    let thresholds = thresholds(&score, &p.rating_shares);
    let jobs: Vec<(&[f32], &mut [u8])> = score
        .chunks(CHUNK_ROWS)
        .zip(rating_x2.chunks_mut(CHUNK_ROWS))
        .collect();
    let _ = try_run_tasks(
        jobs,
        threads,
        || (),
        |(s, r), _| -> Result<(), std::convert::Infallible> {
            for (x, out) in s.iter().zip(r.iter_mut()) {
                *out = quantise(*x, &thresholds);
            }
            Ok(())
        },
    );
    drop(score);

    Ok(SynthData {
        config: *cfg,
        user_id,
        title,
        rating_x2,
        timestamp,
        truth: GroundTruth {
            params: p,
            users,
            titles: title_truth,
            thresholds,
        },
    })
}

/// Zero-filled vector, reporting allocation failure instead of aborting.
fn alloc<T: Clone + Default>(n: usize) -> Result<Vec<T>, std::collections::TryReserveError> {
    let mut v = Vec::new();
    v.try_reserve_exact(n)?;
    v.resize(n, T::default());
    Ok(v)
}

/// What the hot loop needs of a title, in 16 bytes instead of ~120, so the
/// whole catalogue (with the alias table and the stamps) stays in L2: the
/// random title lookups were the generator's main cost.
#[derive(Clone, Copy)]
struct HotTitle {
    /// Axis mask, plus [`MOVIE_BIT`] for movies.
    mask: u32,
    recency: f32,
    bias: f32,
    /// Earliest rating time, clamped to the timestamp range (fits i32).
    release: i32,
}

const MOVIE_BIT: u32 = 1 << 31;

impl HotTitle {
    fn new(t: &TitleTruth) -> Self {
        HotTitle {
            mask: t.axis_mask | if t.kind > 0.0 { MOVIE_BIT } else { 0 },
            recency: t.recency,
            bias: t.bias,
            release: t.release_start.clamp(FIRST_TIMESTAMP, LAST_TIMESTAMP) as i32,
        }
    }

    /// Same value as `model::affinity` on the full title.
    #[inline]
    fn affinity(&self, u: &UserTruth) -> f32 {
        let kind = if self.mask & MOVIE_BIT != 0 {
            0.5
        } else {
            -0.5
        };
        affinity_of(u, self.mask & !MOVIE_BIT, kind, self.recency)
    }
}

/// Read-only state shared by the workers.
struct Ctx<'a> {
    p: &'a ModelParams,
    users: &'a [UserTruth],
    titles: &'a [HotTitle],
    counts: &'a [u32],
    seeds: &'a Seeds,
    alias: &'a Alias,
    seed: u64,
}

/// A run of consecutive users and the output rows they own.
struct UserChunk<'a> {
    first_user: usize,
    n_users: usize,
    user_id: &'a mut [u32],
    title: &'a mut [u32],
    score: &'a mut [f32],
    ts: &'a mut [i64],
}

/// One generated rating before it is written out. `key` packs
/// (timestamp − FIRST_TIMESTAMP) << 32 | title so the per-user time sort is
/// a single u64 comparison (the offset is < 2^30 s).
#[derive(Clone, Copy)]
struct Row {
    key: u64,
    score: f32,
}

impl Row {
    fn ts(&self) -> i64 {
        FIRST_TIMESTAMP + (self.key >> 32) as i64
    }

    fn title(&self) -> u32 {
        self.key as u32
    }
}

/// Per-thread scratch: `stamp[t] == user + 1` marks titles the current user
/// already rated (O(1) duplicate check, never cleared).
struct Scratch {
    stamp: Vec<u32>,
    rows: Vec<Row>,
}

/// Cuts the output columns into per-chunk disjoint slices (rows are ordered
/// by user, so a chunk of users owns one contiguous range).
fn split_jobs<'a>(
    counts: &[u32],
    mut user_id: &'a mut [u32],
    mut title: &'a mut [u32],
    mut score: &'a mut [f32],
    mut ts: &'a mut [i64],
) -> Vec<UserChunk<'a>> {
    let mut jobs = Vec::new();
    let mut first = 0;
    while first < counts.len() {
        let (mut end, mut rows) = (first, 0usize);
        while end < counts.len() && (rows < CHUNK_ROWS || end == first) {
            rows += counts[end] as usize;
            end += 1;
        }
        let (a, rest) = std::mem::take(&mut user_id).split_at_mut(rows);
        user_id = rest;
        let (b, rest) = std::mem::take(&mut title).split_at_mut(rows);
        title = rest;
        let (c, rest) = std::mem::take(&mut score).split_at_mut(rows);
        score = rest;
        let (d, rest) = std::mem::take(&mut ts).split_at_mut(rows);
        ts = rest;
        jobs.push(UserChunk {
            first_user: first,
            n_users: end - first,
            user_id: a,
            title: b,
            score: c,
            ts: d,
        });
        first = end;
    }
    jobs
}

fn process_chunk(ctx: &Ctx<'_>, job: UserChunk<'_>, s: &mut Scratch) {
    let mut pos = 0;
    for u in job.first_user..job.first_user + job.n_users {
        fill_user(ctx, u, s);
        for r in &s.rows {
            job.user_id[pos] = u as u32 + 1;
            job.title[pos] = r.title();
            job.score[pos] = r.score;
            job.ts[pos] = r.ts();
            pos += 1;
        }
    }
}

/// Chooses user `u`'s titles (seeds first, then popularity draws kept with
/// the watch probability, duplicates rejected) and rates them; rows end up
/// sorted by time, like a viewing log.
fn fill_user(ctx: &Ctx<'_>, u: usize, s: &mut Scratch) {
    let user = &ctx.users[u];
    let count = ctx.counts[u] as usize;
    let mut rng = stream(ctx.seed, STREAM_RATINGS, u as u64);
    let mark = u as u32 + 1;
    s.rows.clear();
    for &t in &ctx.seeds.titles[ctx.seeds.offsets[u]..ctx.seeds.offsets[u + 1]] {
        s.stamp[t as usize] = mark;
        let a = ctx.titles[t as usize].affinity(user);
        s.rows.push(rate(ctx, user, t, a, &mut rng));
    }
    // Budget so a user close to the catalogue cap cannot spin for long on
    // already-rated popular titles.
    let mut budget = 32 * count + 256;
    while s.rows.len() < count && budget > 0 {
        budget -= 1;
        let t = ctx.alias.sample(&mut rng);
        if s.stamp[t] == mark {
            continue;
        }
        let a = ctx.titles[t].affinity(user);
        if rng.f64() as f32 >= watch_probability(ctx.p, a) {
            continue;
        }
        s.stamp[t] = mark;
        s.rows.push(rate(ctx, user, t as u32, a, &mut rng));
    }
    if s.rows.len() < count {
        // Budget exhausted (only in near-dense configurations): take the
        // remaining unrated titles in catalogue order from a random start.
        let n = ctx.titles.len();
        let start = rng.below(n as u64) as usize;
        for k in 0..n {
            if s.rows.len() == count {
                break;
            }
            let t = (start + k) % n;
            if s.stamp[t] != mark {
                s.stamp[t] = mark;
                let a = ctx.titles[t].affinity(user);
                s.rows.push(rate(ctx, user, t as u32, a, &mut rng));
            }
        }
    }
    s.rows.sort_unstable_by_key(|r| r.key);
}

/// Latent score and time of one rating.
#[inline]
fn rate(ctx: &Ctx<'_>, user: &UserTruth, t: u32, a: f32, rng: &mut Rng) -> Row {
    let title = &ctx.titles[t as usize];
    let noise = (ctx.p.noise_sd * rng.box_muller()) as f32;
    let score = ctx.p.global_mean as f32 + user.bias + title.bias + a + noise;
    let ts = rating_time(ctx.p, user, title.release as i64, rng);
    Row {
        key: ((ts - FIRST_TIMESTAMP) as u64) << 32 | t as u64,
        score,
    }
}

/// Cut points at the cumulative target shares of a strided sample of the
/// latent scores, so that quantising preserves the order of scores (and so
/// the taste structure) while matching the target histogram.
fn thresholds(scores: &[f32], shares: &[f64; 10]) -> [f64; 9] {
    let step = scores.len().div_ceil(THRESHOLD_SAMPLE).max(1);
    let mut sample: Vec<f32> = scores.iter().step_by(step).copied().collect();
    sample.sort_unstable_by(f32::total_cmp);
    let total: f64 = shares.iter().sum();
    let mut out = [0f64; 9];
    let mut cum = 0.0;
    for (k, slot) in out.iter_mut().enumerate() {
        cum += shares[k];
        let idx =
            ((cum / total * sample.len() as f64) as usize).min(sample.len().saturating_sub(1));
        *slot = sample.get(idx).copied().unwrap_or(0.0) as f64;
    }
    out
}

/// Half-star level (rating × 2, 1..=10) of a latent score.
#[inline]
fn quantise(score: f32, thresholds: &[f64; 9]) -> u8 {
    1 + thresholds.partition_point(|&t| t <= score as f64) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantise_is_monotone_and_in_range() {
        let thr = [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0];
        assert_eq!(quantise(-10.0, &thr), 1);
        assert_eq!(quantise(1.0, &thr), 2);
        assert_eq!(quantise(4.2, &thr), 8);
        assert_eq!(quantise(99.0, &thr), 10);
        let mut last = 0;
        for k in 0..200 {
            let q = quantise(k as f32 * 0.05, &thr);
            assert!(q >= last && (1..=10).contains(&q));
            last = q;
        }
    }

    #[test]
    fn thresholds_reproduce_shares() {
        let scores: Vec<f32> = (0..100_000).map(|k| k as f32).collect();
        let shares = ModelParams::DEFAULT.rating_shares;
        let thr = thresholds(&scores, &shares);
        let mut hist = [0usize; 10];
        for &s in &scores {
            hist[quantise(s, &thr) as usize - 1] += 1;
        }
        let total: f64 = shares.iter().sum();
        for k in 0..10 {
            let got = hist[k] as f64 / scores.len() as f64;
            assert!((got - shares[k] / total).abs() < 0.001, "level {k}: {got}");
        }
    }
}
