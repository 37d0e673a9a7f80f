//! One held-out run, as `cartelera train` does it and the page's training
//! worker repeats it: split, fit, then score the model and both baselines
//! on the held-out part.

use crate::baseline::{BaselineOnly, BaselineOptions, GlobalMean};
use crate::data::{split, Ratings};
use crate::error::MfError;
use crate::model::SvdModel;
use crate::params::SvdParams;
use crate::train::{fit_with_clock, EpochStats, FitStats};

use super::cv::{evaluate, Scores};

/// What a held-out run measured, with the model and both parts.
#[derive(Clone, Debug)]
pub struct Holdout {
    /// The model fitted on `train`.
    pub model: SvdModel,
    /// Its fit's timings and per-epoch errors.
    pub stats: FitStats,
    /// The model's scores on `test`.
    pub scores: Scores,
    /// Seconds spent scoring the model (by `clock`).
    pub test_seconds: f64,
    /// The global mean's scores on `test`.
    pub global_mean: Scores,
    /// `BaselineOnly`'s (μ + b_u + b_i by ALS) scores on `test`.
    pub baseline_only: Scores,
    /// Training ratings.
    pub train: Ratings,
    /// Held-out ratings.
    pub test: Ratings,
}

/// Splits `ratings` (`test_size` of them held out, by `params.seed`), fits
/// with `params` reporting each epoch to `on_epoch`, and scores the model,
/// the global mean and `BaselineOnly` on the held-out part. `clock` gives
/// seconds (the page passes `performance.now()`).
pub fn holdout(
    ratings: &Ratings,
    params: &SvdParams,
    test_size: f64,
    clock: &dyn Fn() -> f64,
    on_epoch: &mut dyn FnMut(EpochStats),
) -> Result<Holdout, MfError> {
    let (train, test) = split(ratings, test_size, params.seed)?;
    let (model, stats) = fit_with_clock(&train, params, clock, on_epoch)?;
    let started = clock();
    let scores = evaluate(&model, &test);
    let test_seconds = clock() - started;
    let global_mean = evaluate(&GlobalMean::fit(&train)?, &test);
    let baseline_only = evaluate(
        &BaselineOnly::fit(&train, &BaselineOptions::default())?,
        &test,
    );
    Ok(Holdout {
        model,
        stats,
        scores,
        test_seconds,
        global_mean,
        baseline_only,
        train,
        test,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{planted, PlantedConfig};

    #[test]
    fn the_model_beats_both_baselines_on_planted_tastes() {
        let ratings = planted(&PlantedConfig::default()).unwrap();
        let params = SvdParams {
            n_factors: 8,
            ..SvdParams::default()
        };
        let mut epochs = 0;
        let run = holdout(&ratings, &params, 0.2, &|| 0.0, &mut |_| epochs += 1).unwrap();
        assert_eq!(epochs, params.n_epochs);
        assert_eq!(run.train.len() + run.test.len(), ratings.len());
        assert!(run.scores.rmse < run.baseline_only.rmse, "{run:?}");
        assert!(run.baseline_only.rmse < run.global_mean.rmse, "{run:?}");
        assert_eq!(run.scores.n_test, run.test.len());
    }
}
