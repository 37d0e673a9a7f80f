//! The original's pipeline on a visitor's own ratings files, as the page's
//! training worker runs it: the ETL's rules ([`training_set`]), one
//! held-out biased-SVD run against the baselines
//! (`cartelera_mf::eval::holdout`, what `cartelera train` runs), and the
//! factor file encoded with its card ([`TrainingCard`]), ready to decode,
//! keep and download. Same calls as the CLI, so the same file gives the
//! same quarantine report and, natively with `--threads 1`, the same
//! metrics (to the last bits the AVX2/FMA kernel rounds differently).

use anyhow::{Context, Result};
use cartelera_core::eda::etl_report::RatingsFileReport;
use cartelera_mf::eval::{holdout, Scores};
use cartelera_mf::params::SvdParams;
use cartelera_mf::MfError;
use cartelera_recommender::convert::to_factor_model;
use cartelera_store::factors::{encode, EncodeOptions, Precision};
use serde::{Deserialize, Serialize};

use crate::training::{training_set, ItemSpace, RatingsFile};

/// The factor file's card key under which the page's training run is kept.
pub const CARD_KEY: &str = "browser_training";

/// What the visitor chose (everything else is `cartelera train`'s default).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainOptions {
    /// Latent factors (k).
    pub n_factors: usize,
    /// SGD epochs.
    pub n_epochs: usize,
    /// Share of the ratings held out for testing.
    pub test_size: f64,
    /// Seed of the split and of the initial factors.
    pub seed: u64,
}

impl Default for TrainOptions {
    /// `cartelera train`'s defaults: k = 100, 20 epochs, 20 % held out, seed 0.
    fn default() -> TrainOptions {
        TrainOptions {
            n_factors: 100,
            n_epochs: 20,
            test_size: 0.2,
            seed: 0,
        }
    }
}

impl TrainOptions {
    /// The trainer's parameters: Surprise's defaults, sequential (one
    /// thread, as in the browser).
    pub fn params(&self) -> SvdParams {
        SvdParams {
            n_factors: self.n_factors,
            n_epochs: self.n_epochs,
            seed: self.seed,
            threads: 1,
            ..SvdParams::default()
        }
    }
}

/// Where a run stands, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum Progress {
    /// Reading and checking the files (before the first one: 0 of n).
    Reading {
        /// Files read so far.
        done: usize,
        /// Files in all.
        total: usize,
    },
    /// An epoch finished.
    Training {
        /// Epochs finished.
        done: usize,
        /// Epochs in all.
        total: usize,
        /// That epoch's training RMSE.
        train_rmse: f64,
    },
    /// Scoring the model and the baselines on the held-out ratings.
    Scoring,
    /// Encoding the factor file.
    Saving,
}

/// RMSE and MAE on the held-out ratings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Errors {
    /// Root mean squared error.
    pub rmse: f64,
    /// Mean absolute error.
    pub mae: f64,
}

impl From<Scores> for Errors {
    fn from(s: Scores) -> Errors {
        Errors {
            rmse: s.rmse,
            mae: s.mae,
        }
    }
}

/// What a run read, kept and measured: kept in the factor file's card
/// (under [`CARD_KEY`]), so a stored model shows it again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainingCard {
    /// Per file: rows read, kept and quarantined by reason, with examples.
    pub files: Vec<RatingsFileReport>,
    /// Ratings replaced by a later one of the same user and title.
    pub duplicates_dropped: u64,
    /// `catalog` (the items are catalog titles) or `open` (the files' ids).
    pub item_space: ItemSpace,
    /// Ratings kept.
    pub n_ratings: usize,
    /// Users.
    pub n_users: u32,
    /// Items (catalog ids: every title; open ids: those rated).
    pub n_items: u32,
    /// Training ratings.
    pub n_train: usize,
    /// Held-out ratings.
    pub n_test: usize,
    /// The run's options.
    pub options: TrainOptions,
    /// The model's held-out errors.
    pub model: Errors,
    /// The global mean's.
    pub global_mean: Errors,
    /// `BaselineOnly`'s (μ + b_u + b_i).
    pub baseline_only: Errors,
    /// Training RMSE after each epoch.
    pub epoch_rmse: Vec<f64>,
    /// Seconds reading and checking the files.
    pub read_seconds: f64,
    /// Seconds fitting.
    pub fit_seconds: f64,
    /// Files given that were neither ratings nor names (a folder's
    /// `links.csv`, `tags.csv`), left aside.
    #[serde(default)]
    pub skipped: Vec<String>,
    /// Open ids: each rated item's name, from a names file given with the
    /// ratings (MovieLens' `movies.csv`); empty without one.
    #[serde(default)]
    pub item_names: std::collections::BTreeMap<String, String>,
    /// A user and an item the model knows (the first training rating's),
    /// for the page's form to start from.
    #[serde(default)]
    pub first_user: String,
    /// See `first_user`.
    #[serde(default)]
    pub first_item: String,
}

/// A finished run: the factor file's files (`model.json` first) and its card.
#[derive(Debug)]
pub struct Trained {
    /// (relative path, bytes), as `cartelera train` writes them.
    pub files: Vec<(String, Vec<u8>)>,
    /// What the run read and measured.
    pub card: TrainingCard,
}

/// Reads `files` with the ETL's rules (`catalog`: the catalog's ids in row
/// order, so files naming catalog titles go through the pipeline), trains
/// with `options`, scores against the baselines and encodes the factor
/// file (f16, `cartelera train`'s default). `clock` gives seconds;
/// `progress` hears each stage. Errors say which file, or what to change.
pub fn train_files(
    files: &[RatingsFile<'_>],
    catalog: Option<&[String]>,
    options: &TrainOptions,
    clock: &dyn Fn() -> f64,
    progress: &mut dyn FnMut(Progress),
) -> Result<Trained> {
    let params = options.params();
    params.validate().map_err(|e| anyhow::anyhow!("{e}"))?;
    if !(options.test_size > 0.0 && options.test_size < 1.0) {
        anyhow::bail!(
            "test_size: expected a share between 0 and 1, found {}",
            options.test_size
        );
    }
    let started = clock();
    progress(Progress::Reading {
        done: 0,
        total: files.len(),
    });
    let (ratings_files, names, skipped) = sort_files(files)?;
    let set = training_set(&ratings_files, catalog, 1)?;
    let item_names = match set.space {
        ItemSpace::Open => {
            let rated: std::collections::HashSet<&str> =
                set.item_ids.iter().map(String::as_str).collect();
            names
                .into_iter()
                .filter(|(id, _)| rated.contains(id.as_str()))
                .collect()
        }
        ItemSpace::Catalog => Default::default(),
    };
    progress(Progress::Reading {
        done: files.len(),
        total: files.len(),
    });
    let read_seconds = clock() - started;
    let total = params.n_epochs;
    let run = holdout(&set.ratings, &params, options.test_size, clock, &mut |e| {
        progress(Progress::Training {
            done: e.epoch + 1,
            total,
            train_rmse: e.train_rmse,
        });
        if e.epoch + 1 == total {
            progress(Progress::Scoring);
        }
    })
    .map_err(|e| match e {
        MfError::Diverged { epoch, train_rmse } => anyhow::anyhow!(
            "training diverged: the training RMSE is {train_rmse} after epoch {}: \
             these ratings need fewer factors or epochs",
            epoch + 1
        ),
        other => anyhow::Error::from(other).context("cannot split or train on the ratings"),
    })?;
    progress(Progress::Saving);
    let card = TrainingCard {
        files: set.files,
        duplicates_dropped: set.duplicates_dropped,
        item_space: set.space,
        n_ratings: set.ratings.len(),
        n_users: set.ratings.n_users,
        n_items: set.ratings.n_items,
        n_train: run.train.len(),
        n_test: run.test.len(),
        options: *options,
        model: run.scores.into(),
        global_mean: run.global_mean.into(),
        baseline_only: run.baseline_only.into(),
        epoch_rmse: run.stats.epochs.iter().map(|e| e.train_rmse).collect(),
        read_seconds,
        fit_seconds: run.stats.fit_seconds,
        skipped,
        item_names,
        first_user: run
            .train
            .users
            .first()
            .and_then(|&u| set.user_ids.get(u as usize))
            .cloned()
            .unwrap_or_default(),
        first_item: run
            .train
            .items
            .first()
            .and_then(|&i| set.item_ids.get(i as usize))
            .cloned()
            .unwrap_or_default(),
    };
    let card_json = serde_json::json!({
        "source": "cartelera, trained in the browser",
        CARD_KEY: card,
    });
    let model = to_factor_model(
        &run.model,
        &set.user_ids,
        &set.item_ids,
        &run.train,
        card_json,
    );
    let files = encode(
        &model,
        &EncodeOptions {
            precision: Precision::F16,
            ..EncodeOptions::default()
        },
    )
    .context("cannot encode the factor file")?;
    Ok(Trained { files, card })
}

/// The files given, sorted: ratings (a `rating` column), names (MovieLens'
/// `movies.csv`), and the names of the others (several files given: a
/// folder's extras are left aside; one file: it is read as ratings, so
/// its header problem is told).
#[allow(clippy::type_complexity)]
fn sort_files<'a>(
    files: &[RatingsFile<'a>],
) -> Result<(Vec<RatingsFile<'a>>, Vec<(String, String)>, Vec<String>)> {
    let mut ratings = Vec::new();
    let mut names = Vec::new();
    let mut others = Vec::new();
    for file in files {
        if crate::names::is_names_file(file.bytes) {
            names.extend(crate::names::movie_titles(file.name, file.bytes)?);
        } else if crate::header::header_of(file.bytes)
            .iter()
            .any(|h| h == "rating")
        {
            ratings.push(*file);
        } else {
            others.push(*file);
        }
    }
    if ratings.is_empty() {
        // Read as ratings, the first other file says what its header lacks.
        ratings.extend(others.first().copied());
        others.clear();
    }
    Ok((
        ratings,
        names,
        others.iter().map(|f| f.name.to_string()).collect(),
    ))
}

/// The run's card from a factor file's card, if it came from the page.
pub fn card_of(card: &serde_json::Value) -> Option<TrainingCard> {
    serde_json::from_value(card.get(CARD_KEY)?.clone()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartelera_store::factors::decode_all;

    #[test]
    fn a_movielens_file_trains_beats_the_baselines_and_decodes_with_its_card() {
        // 60 users × 40 items with a planted taste: users like items of
        // their own parity.
        let mut csv = String::from("userId,movieId,rating,timestamp\n");
        for u in 0..60 {
            for i in 0..40 {
                if (u * 7 + i * 3) % 5 < 3 {
                    let r = if (u + i) % 2 == 0 { 4.5 } else { 2.0 };
                    csv.push_str(&format!("{u},{},{r},{}\n", 100 + i, u * 40 + i));
                }
            }
        }
        csv.push_str("7,100,11,1\n");
        let options = TrainOptions {
            n_factors: 8,
            n_epochs: 30,
            ..TrainOptions::default()
        };
        let mut stages = Vec::new();
        let trained = train_files(
            &[RatingsFile {
                name: "ratings.csv",
                bytes: csv.as_bytes(),
            }],
            None,
            &options,
            &|| 0.0,
            &mut |p| stages.push(p),
        )
        .unwrap();
        let card = &trained.card;
        assert_eq!(card.item_space, ItemSpace::Open);
        assert_eq!(card.files[0].rejected.by_reason["rating_out_of_range"], 1);
        assert_eq!(card.n_train + card.n_test, card.n_ratings);
        // The taste is pure interaction (no user or item is better liked
        // overall): only the factors find it.
        assert!(card.model.rmse < 0.8 * card.global_mean.rmse, "{card:?}");
        assert!(card.model.rmse < 0.8 * card.baseline_only.rmse, "{card:?}");
        assert_eq!(card.epoch_rmse.len(), 30);
        let epochs = stages
            .iter()
            .filter(|p| matches!(p, Progress::Training { .. }))
            .count();
        assert_eq!(epochs, 30);
        assert_eq!(stages.last(), Some(&Progress::Saving));
        assert_eq!(trained.files[0].0, "model.json");
        let decoded = decode_all(&|path| {
            trained
                .files
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, b)| bytes::Bytes::copy_from_slice(b))
        })
        .unwrap();
        // Read back (JSON keeps each f64 to its last bit or so).
        let back = card_of(&decoded.card).unwrap();
        assert_eq!((&back.files, back.n_test), (&card.files, card.n_test));
        assert!((back.model.rmse - card.model.rmse).abs() < 1e-12);
        assert_eq!(decoded.item_ids.len(), 40);
    }

    #[test]
    fn bad_options_are_refused_before_reading() {
        let file = RatingsFile {
            name: "r.csv",
            bytes: b"userId,movieId,rating\n1,2,3\n",
        };
        let bad = TrainOptions {
            n_factors: 0,
            ..TrainOptions::default()
        };
        let err = train_files(&[file], None, &bad, &|| 0.0, &mut |_| {}).unwrap_err();
        assert!(err.to_string().contains("n_factors"), "{err}");
        let bad = TrainOptions {
            test_size: 1.0,
            ..TrainOptions::default()
        };
        let err = train_files(&[file], None, &bad, &|| 0.0, &mut |_| {}).unwrap_err();
        assert!(err.to_string().contains("test_size"), "{err}");
    }
}
