//! Training: stochastic gradient descent exactly as Surprise's `SVD.sgd`.
//!
//! * `b_u`, `b_i` start at 0; `p_u`, `q_i` are drawn from
//!   N(`init_mean`, `init_std`), each row from its own seeded stream (see
//!   `init.rs`), so the initial factors depend on the seed alone.
//! * `mu` is the mean of the training ratings (0 when `biased == false`).
//! * Each epoch visits every rating once and applies Surprise's update
//!   (`err`, then the biases, then the factors from their old values; see
//!   `kernel.rs` for the exact formulas).
//!
//! **Rating order.** Surprise walks its trainset user by user, in the order
//! the (shuffled) data first mentions them. Here the order is chosen by
//! [`crate::params::RatingOrder`]: by default a seeded shuffle of all the
//! ratings, made once before the first epoch and reused by every epoch, so
//! the result does not depend on how the caller sorted the input;
//! `RatingOrder::ByUser` reproduces the user-by-user shape instead (users in
//! seeded random order). On MovieLens both give the same accuracy; `ByUser`
//! is faster in parallel training because a user's factor row stays in cache.
//!
//! **Parallel schedule** (`threads >= 2`, see `layout.rs`): FPSGD blocking.
//! Each epoch is `B` sub-epochs; within one, the `B` blocks touch disjoint
//! user rows and disjoint item rows (and hence disjoint biases), so they run
//! concurrently on scoped threads without locks. The disjointness is
//! enforced by the type system rather than promised: the factor and bias
//! arrays are cut into per-block `&mut` slices with `split_at_mut`, and each
//! thread only ever holds the slices of the blocks it runs (the scheduling
//! code contains no `unsafe`; the AVX2 kernel's `unsafe` stays within one
//! block's slices, bounds-checked per rating). A block's result depends only
//! on its own entries and rows, so any assignment of blocks to threads gives
//! bit-identical factors: the result is a function of (data, seed, threads,
//! blocks, order), never of timing. On wasm32, where there are no threads,
//! the same schedule runs on one thread and yields the same factors.

#[cfg(target_arch = "x86_64")]
mod avx2;
mod init;
mod kernel;
mod layout;
mod step;
#[cfg(test)]
mod tests;

use crate::clock::default_clock;
use crate::data::Ratings;
use crate::error::{invalid, MfError};
use crate::model::SvdModel;
use crate::params::SvdParams;
use cartelera_det::par::{run_tasks, split_rows};
use init::{place_rows, random_rows, take_rows};
use kernel::{sgd_block, Simd};
use layout::Layout;
use step::{BlockRows, Entry, Hyper};

/// Progress report after each epoch.
#[derive(Clone, Debug, PartialEq)]
pub struct EpochStats {
    /// 0-based epoch index.
    pub epoch: usize,
    /// Root mean squared training error of this epoch, from the errors seen
    /// during the pass (before each update), so it costs nothing extra.
    pub train_rmse: f64,
    /// Seconds since `fit` started (0 on wasm32 with the default clock).
    pub elapsed_seconds: f64,
}

/// Summary of a completed fit.
#[derive(Clone, Debug, PartialEq)]
pub struct FitStats {
    /// One entry per epoch.
    pub epochs: Vec<EpochStats>,
    /// Seconds spent before the first epoch (initialisation, bucketing).
    pub setup_seconds: f64,
    /// Total seconds of the fit, setup included.
    pub fit_seconds: f64,
    /// Training ratings.
    pub n_ratings: usize,
    /// Rating updates per second over the epochs (excluding setup).
    pub updates_per_second: f64,
    /// Blocks per side of the schedule (1 = sequential).
    pub blocks: usize,
    /// Threads that ran the schedule.
    pub threads: usize,
    /// Kernel used: `"avx2+fma"` or `"portable"`.
    pub kernel: &'static str,
}

/// A fit's clock readings, in seconds: its start, the end of its set-up and
/// the end of its last epoch, and its end.
pub(crate) struct FitClock {
    pub(crate) start: f64,
    pub(crate) setup_done: f64,
    pub(crate) epochs_done: f64,
    pub(crate) end: f64,
}

impl FitStats {
    /// The statistics of a finished fit (the SVD's and the hybrid's): the
    /// times from `at` and the clock now, throughput over the epochs only.
    pub(crate) fn measured(
        epochs: Vec<EpochStats>,
        at: FitClock,
        n_ratings: usize,
        n_epochs: usize,
        blocks: usize,
        threads: usize,
        kernel: &'static str,
    ) -> FitStats {
        let train_secs = at.epochs_done - at.setup_done;
        FitStats {
            epochs,
            setup_seconds: at.setup_done - at.start,
            fit_seconds: at.end - at.start,
            n_ratings,
            updates_per_second: if train_secs > 0.0 {
                (n_ratings * n_epochs) as f64 / train_secs
            } else {
                0.0
            },
            blocks,
            threads,
            kernel,
        }
    }
}

/// Train an SVD model on `ratings`, calling `on_epoch` after every epoch.
pub fn fit(
    ratings: &Ratings,
    params: &SvdParams,
    on_epoch: &mut dyn FnMut(EpochStats),
) -> Result<(SvdModel, FitStats), MfError> {
    let clock = default_clock();
    fit_with_clock(ratings, params, &clock, on_epoch)
}

/// [`fit`] with a caller-supplied clock returning seconds (useful on wasm32,
/// where `std::time::Instant` is unavailable).
pub fn fit_with_clock(
    ratings: &Ratings,
    params: &SvdParams,
    clock: &dyn Fn() -> f64,
    on_epoch: &mut dyn FnMut(EpochStats),
) -> Result<(SvdModel, FitStats), MfError> {
    fit_impl(ratings, params, clock, on_epoch, Hooks::default())
}

/// Test hooks: fixed initial factors (original index order) and optionally
/// no shuffle, so an update can be checked by hand.
pub(crate) struct InitOverride {
    pub pu: Vec<f32>,
    pub qi: Vec<f32>,
    pub shuffle: bool,
}

/// Internal knobs, all defaulting to production behaviour.
pub(crate) struct Hooks {
    /// Fixed initial factors instead of random ones.
    pub init: Option<InitOverride>,
    /// Kernel to use.
    pub simd: Simd,
    /// Threads to run the schedule on, instead of `params.threads`.
    pub workers: Option<usize>,
}

impl Default for Hooks {
    fn default() -> Self {
        Hooks {
            init: None,
            simd: Simd::detect(),
            workers: None,
        }
    }
}

/// Factor and bias arrays in internal (block) row order.
struct Factors {
    pu: Vec<f32>,
    qi: Vec<f32>,
    bu: Vec<f32>,
    bi: Vec<f32>,
}

pub(crate) fn fit_impl(
    ratings: &Ratings,
    params: &SvdParams,
    clock: &dyn Fn() -> f64,
    on_epoch: &mut dyn FnMut(EpochStats),
    hooks: Hooks,
) -> Result<(SvdModel, FitStats), MfError> {
    let Hooks {
        init,
        simd,
        workers,
    } = hooks;
    let t0 = clock();
    ratings.validate()?;
    params.validate()?;
    let k = params.n_factors;
    let (n_users, n_items) = (ratings.n_users as usize, ratings.n_items as usize);
    let too_big = |n: usize| n.checked_mul(k).is_none_or(|x| x > isize::MAX as usize / 4);
    if too_big(n_users) || too_big(n_items) {
        return Err(invalid(
            "n_factors",
            k,
            "small enough that n_rows * n_factors fits in memory",
        ));
    }
    if let Some(o) = &init {
        if o.pu.len() != n_users * k || o.qi.len() != n_items * k {
            return Err(invalid(
                "init",
                o.pu.len(),
                "n_users * k and n_items * k factors",
            ));
        }
    }

    let workers = worker_count(workers.unwrap_or(params.threads));
    let blocks = params.effective_blocks();
    let shuffle = init.as_ref().is_none_or(|o| o.shuffle);
    // The layout gets its own seed family so that the initial factors depend
    // on `seed` alone, never on the layout (hence on `threads`).
    let layout = Layout::build(
        ratings,
        blocks,
        params.order,
        shuffle,
        params.seed ^ 0x5DEE_CE66_D1CE_4E5B,
        workers,
    );
    let (mean, std) = (params.init_mean as f64, params.init_std as f64);
    let (pu, qi) = match init {
        Some(o) => (
            place_rows(&o.pu, &layout.user_pos, k),
            place_rows(&o.qi, &layout.item_pos, k),
        ),
        None => (
            random_rows(&layout.user_pos, k, params.seed, 0, mean, std, workers),
            random_rows(&layout.item_pos, k, params.seed, 1, mean, std, workers),
        ),
    };
    let mut f = Factors {
        pu,
        qi,
        bu: vec![0.0; n_users],
        bi: vec![0.0; n_items],
    };
    let mu = ratings.mean() as f32;
    let h = Hyper {
        mu: if params.biased { mu } else { 0.0 },
        biased: params.biased,
        lr_bu: params.lr_bu,
        lr_bi: params.lr_bi,
        reg_bu: params.reg_bu,
        reg_bi: params.reg_bi,
        lr_pu: params.lr_pu,
        lr_qi: params.lr_qi,
        keep_pu: 1.0 - params.lr_pu * params.reg_pu,
        keep_qi: 1.0 - params.lr_qi * params.reg_qi,
    };
    let t_setup = clock();
    let mut epochs = Vec::with_capacity(params.n_epochs);
    for epoch in 0..params.n_epochs {
        let mut sq = 0.0;
        for s in 0..layout.blocks {
            // Sum per-block errors in block order: deterministic.
            sq += run_subepoch(&layout, s, &mut f, k, &h, simd, workers)
                .iter()
                .sum::<f64>();
        }
        let stats = EpochStats {
            epoch,
            train_rmse: (sq / ratings.len() as f64).sqrt(),
            elapsed_seconds: clock() - t0,
        };
        // Once an error is NaN or infinite every later update is too:
        // stop and say why, rather than save a model of NaNs.
        if !stats.train_rmse.is_finite() {
            return Err(MfError::Diverged {
                epoch,
                train_rmse: stats.train_rmse,
            });
        }
        on_epoch(stats.clone());
        epochs.push(stats);
    }
    // The last epoch's updates come after its error was measured.
    let finite = |v: &[f32]| v.iter().all(|x| x.is_finite());
    if !(finite(&f.bu) && finite(&f.bi) && finite(&f.pu) && finite(&f.qi)) {
        return Err(MfError::Diverged {
            epoch: params.n_epochs - 1,
            train_rmse: f64::NAN,
        });
    }
    let t_end = clock();
    let model = SvdModel {
        mu,
        bu: take_rows(&f.bu, &layout.user_pos, 1),
        bi: take_rows(&f.bi, &layout.item_pos, 1),
        pu: take_rows(&f.pu, &layout.user_pos, k),
        qi: take_rows(&f.qi, &layout.item_pos, k),
        k,
        rating_min: params.rating_min,
        rating_max: params.rating_max,
        biased: params.biased,
        user_counts: ratings.user_counts(),
        item_counts: ratings.item_counts(),
    };
    let at = FitClock {
        start: t0,
        setup_done: t_setup,
        epochs_done: t_end,
        end: clock(),
    };
    let stats = FitStats::measured(
        epochs,
        at,
        ratings.len(),
        params.n_epochs,
        layout.blocks,
        workers,
        simd.name(),
    );
    Ok((model, stats))
}

/// Threads that actually run: none can be spawned on wasm32.
fn worker_count(threads: usize) -> usize {
    if cfg!(target_arch = "wasm32") {
        1
    } else {
        threads.max(1)
    }
}

type Task<'a> = (usize, &'a [Entry], BlockRows<'a>);

/// Sub-epoch `s`: blocks `(b, (b + s) mod B)` for every `b`. Returns the
/// squared-error sum of each block, indexed by `b`.
fn run_subepoch(
    layout: &Layout,
    s: usize,
    f: &mut Factors,
    k: usize,
    h: &Hyper,
    simd: Simd,
    workers: usize,
) -> Vec<f64> {
    let nb = layout.blocks;
    let pu = split_rows(&mut f.pu, &layout.user_bounds, k);
    let bu = split_rows(&mut f.bu, &layout.user_bounds, 1);
    let mut qi = split_rows(&mut f.qi, &layout.item_bounds, k);
    let mut bi = split_rows(&mut f.bi, &layout.item_bounds, 1);
    // After rotate_left(s), position b holds item block (b + s) mod B.
    qi.rotate_left(s % nb);
    bi.rotate_left(s % nb);
    let tasks: Vec<Task<'_>> = pu
        .into_iter()
        .zip(bu)
        .zip(qi.into_iter().zip(bi))
        .enumerate()
        .map(|(b, ((pu, bu), (qi, bi)))| {
            (
                b,
                layout.block(b, (b + s) % nb),
                BlockRows { pu, bu, qi, bi },
            )
        })
        .collect();
    // Largest blocks first so the last task of a sub-epoch is short and the
    // threads finish together. Order of execution never affects results.
    let mut tasks = tasks;
    tasks.sort_by_key(|t| std::cmp::Reverse(t.1.len()));
    let done = run_tasks(tasks, workers, |(b, entries, rows)| {
        (b, sgd_block(entries, rows, k, h, simd))
    });
    let mut sums = vec![0.0f64; nb];
    for (b, s) in done {
        sums[b] = s;
    }
    sums
}
