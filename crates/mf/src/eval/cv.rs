//! Scores on a test set and k-fold cross-validation. A leaf of [`super`]:
//! the searches ([`super::search`]) run on it.

use crate::clock::default_clock;
use crate::data::{kfold, Ratings};
use crate::error::MfError;
use crate::metrics::{mae, ranking_at_k, rmse, DEFAULT_THRESHOLD};
use crate::model::Predictor;
use crate::params::SvdParams;
use crate::train::fit;
use std::fmt;

/// Scores of one predictor on one test set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    /// RMSE of the clipped predictions.
    pub rmse: f64,
    /// MAE of the clipped predictions.
    pub mae: f64,
    /// Mean precision@10 (see [`crate::metrics`]).
    pub precision_at_10: f64,
    /// Mean recall@10.
    pub recall_at_10: f64,
    /// Mean NDCG@10.
    pub ndcg_at_10: f64,
    /// Test ratings.
    pub n_test: usize,
}

/// Rating-accuracy pairs `(true, predicted value)` of `predictor` on `test`.
pub fn predictions<P: Predictor + ?Sized>(predictor: &P, test: &Ratings) -> Vec<(f32, f32)> {
    test.iter()
        .map(|(u, i, t)| (t, predictor.predict(Some(u), Some(i)).value))
        .collect()
}

/// RMSE, MAE and ranking metrics at 10 (relevance threshold 4.0).
pub fn evaluate<P: Predictor + ?Sized>(predictor: &P, test: &Ratings) -> Scores {
    let pairs = predictions(predictor, test);
    let rank = ranking_at_k(test, predictor, 10, DEFAULT_THRESHOLD);
    Scores {
        rmse: rmse(&pairs),
        mae: mae(&pairs),
        precision_at_10: rank.precision,
        recall_at_10: rank.recall,
        ndcg_at_10: rank.ndcg,
        n_test: test.len(),
    }
}

/// Scores of one cross-validation fold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FoldScores {
    /// Test RMSE.
    pub rmse: f64,
    /// Test MAE.
    pub mae: f64,
    /// Seconds to fit.
    pub fit_seconds: f64,
    /// Seconds to predict the test set.
    pub test_seconds: f64,
    /// Training ratings.
    pub n_train: usize,
    /// Test ratings.
    pub n_test: usize,
}

/// Mean and population standard deviation (numpy's default, as in
/// Surprise's report).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// Mean.
    pub mean: f64,
    /// Population standard deviation.
    pub std: f64,
}

impl Summary {
    /// Summarise `xs` (NaN for an empty slice).
    pub fn of(xs: &[f64]) -> Summary {
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
        Summary {
            mean,
            std: var.sqrt(),
        }
    }
}

/// Result of [`cross_validate`].
#[derive(Clone, Debug, PartialEq)]
pub struct CvReport {
    /// One row per fold.
    pub folds: Vec<FoldScores>,
    /// RMSE over folds.
    pub rmse: Summary,
    /// MAE over folds.
    pub mae: Summary,
    /// Fit seconds over folds.
    pub fit_seconds: Summary,
    /// Test seconds over folds.
    pub test_seconds: Summary,
}

impl CvReport {
    fn from_folds(folds: Vec<FoldScores>) -> CvReport {
        let col = |f: fn(&FoldScores) -> f64| Summary::of(&folds.iter().map(f).collect::<Vec<_>>());
        CvReport {
            rmse: col(|f| f.rmse),
            mae: col(|f| f.mae),
            fit_seconds: col(|f| f.fit_seconds),
            test_seconds: col(|f| f.test_seconds),
            folds,
        }
    }
}

impl fmt::Display for CvReport {
    /// A table laid out like Surprise's `cross_validate(..., verbose=True)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:<18}", "")?;
        for i in 0..self.folds.len() {
            write!(f, "{:<9}", format!("Fold {}", i + 1))?;
        }
        writeln!(f, "{:<9}{:<9}", "Mean", "Std")?;
        type Row = (&'static str, fn(&FoldScores) -> f64, Summary, usize);
        let rows: [Row; 4] = [
            ("RMSE (testset)", |x| x.rmse, self.rmse, 4),
            ("MAE (testset)", |x| x.mae, self.mae, 4),
            ("Fit time", |x| x.fit_seconds, self.fit_seconds, 2),
            ("Test time", |x| x.test_seconds, self.test_seconds, 2),
        ];
        for (name, get, s, prec) in rows {
            write!(f, "{name:<18}")?;
            for fold in &self.folds {
                write!(f, "{:<9.prec$}", get(fold))?;
            }
            writeln!(f, "{:<9.prec$}{:<9.prec$}", s.mean, s.std)?;
        }
        Ok(())
    }
}

/// Evaluate `params` on pre-built folds.
pub(crate) fn cv_on_folds(
    folds: &[(Ratings, Ratings)],
    params: &SvdParams,
) -> Result<CvReport, MfError> {
    let clock = default_clock();
    let mut out = Vec::with_capacity(folds.len());
    for (train, test) in folds {
        let t0 = clock();
        let (model, _) = fit(train, params, &mut |_| {})?;
        let t1 = clock();
        let pairs = predictions(&model, test);
        let t2 = clock();
        out.push(FoldScores {
            rmse: rmse(&pairs),
            mae: mae(&pairs),
            fit_seconds: t1 - t0,
            test_seconds: t2 - t1,
            n_train: train.len(),
            n_test: test.len(),
        });
    }
    Ok(CvReport::from_folds(out))
}

/// K-fold cross-validation of SVD with `params`, folds from
/// [`crate::data::kfold`] with `seed` (training itself uses `params.seed`).
pub fn cross_validate(
    ratings: &Ratings,
    params: &SvdParams,
    k_folds: usize,
    seed: u64,
) -> Result<CvReport, MfError> {
    params.validate()?;
    let folds = kfold(ratings, k_folds, seed)?;
    cv_on_folds(&folds, params)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baseline::GlobalMean;
    use crate::synthetic::{planted, PlantedConfig};

    #[test]
    fn evaluate_global_mean_by_hand() {
        let train = Ratings::new(vec![0, 1], vec![0, 1], vec![2.0, 4.0], 2, 3).unwrap();
        let test = Ratings::new(vec![0, 1, 1], vec![1, 0, 2], vec![5.0, 3.0, 1.0], 2, 3).unwrap();
        let s = evaluate(&GlobalMean::fit(&train).unwrap(), &test);
        // predictions all 3: errors 2, 0, -2
        assert!((s.rmse - (8.0f64 / 3.0).sqrt()).abs() < 1e-9);
        assert!((s.mae - 4.0 / 3.0).abs() < 1e-9);
        // user 0 has one relevant item, shown: precision = recall = ndcg = 1
        assert_eq!(
            (s.precision_at_10, s.recall_at_10, s.ndcg_at_10),
            (1.0, 1.0, 1.0)
        );
        assert_eq!(s.n_test, 3);
    }

    #[test]
    fn summary_is_population_std() {
        let s = Summary::of(&[1.0, 3.0]);
        assert_eq!((s.mean, s.std), (2.0, 1.0));
    }

    #[test]
    fn cross_validate_reports_every_fold() {
        let r = planted(&PlantedConfig {
            n_users: 200,
            n_items: 100,
            n_ratings: 4000,
            ..Default::default()
        })
        .unwrap();
        let p = SvdParams {
            n_factors: 5,
            n_epochs: 5,
            ..Default::default()
        };
        let rep = cross_validate(&r, &p, 3, 1).unwrap();
        assert_eq!(rep.folds.len(), 3);
        assert_eq!(rep.folds.iter().map(|f| f.n_test).sum::<usize>(), 4000);
        assert!(rep
            .folds
            .iter()
            .all(|f| f.n_train + f.n_test == 4000 && f.rmse > 0.0 && f.rmse < 2.0));
        let mean = rep.folds.iter().map(|f| f.rmse).sum::<f64>() / 3.0;
        assert!((rep.rmse.mean - mean).abs() < 1e-12);
        let table = rep.to_string();
        assert!(table.contains("RMSE (testset)") && table.contains("Fold 3"));
        assert!(cross_validate(&r, &p, 1, 0).is_err());
        assert!(cross_validate(&r, &SvdParams { n_epochs: 0, ..p }, 3, 0).is_err());
    }
}
