//! On synthetic ratings: how well a trained model recovers the generator's
//! planted tastes. For a sample of users, the share of each user's true
//! top-10 (by the noise-free planted score, over the whole catalog) that
//! the model's top-10 also holds; beside it the same share for the
//! popularity-style ranking μ + b_i, so the gain from personal factors
//! shows.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use cartelera_core::Title;
use cartelera_mf::recommend::{top_n, UserRef};
use cartelera_mf::SvdModel;
use cartelera_synth::{planted, SynthConfig};
use serde::Serialize;

/// The recovery measurement.
#[derive(Clone, Debug, Serialize)]
pub struct TasteRecovery {
    /// Users compared.
    pub users: usize,
    /// Mean share of a user's true top-10 found in the model's top-10.
    pub top10_recall: f64,
    /// The same for the non-personal ranking μ + b_i.
    pub top10_recall_unpersonalised: f64,
    /// Where the ground truth came from.
    pub truth: String,
}

/// The ground-truth folder of a pipeline ratings file, if it was generated:
/// `<data>/ratings/truth/model.json` beside `<data>/ratings.parquet`.
pub fn truth_dir_for(ratings_parquet: &Path) -> Option<PathBuf> {
    let dir = ratings_parquet.parent()?.join("ratings").join("truth");
    dir.join("model.json").is_file().then_some(dir)
}

/// Compares the model's top-10 with the planted one for up to `sample`
/// users. `titles` must be the catalog the data was generated from, in
/// catalog order (= the model's item order), and `user_ids` the model's
/// user ids (the generator's 1-based `userId`s).
pub fn measure(
    model: &SvdModel,
    user_ids: &[String],
    titles: &[Title],
    truth_dir: &Path,
    sample: usize,
) -> Result<TasteRecovery> {
    let manifest_path = truth_dir.join("model.json");
    let manifest: serde_json::Value = serde_json::from_slice(
        &fs::read(&manifest_path)
            .with_context(|| format!("cannot read {}", manifest_path.display()))?,
    )
    .with_context(|| format!("{} is not JSON", manifest_path.display()))?;
    let config = &manifest["config"];
    let number = |key: &str| {
        config[key]
            .as_u64()
            .with_context(|| format!("{}: config.{key} is missing", manifest_path.display()))
    };
    let cfg = SynthConfig {
        users: u32::try_from(number("users")?)?,
        ratings: number("ratings")?,
        seed: number("seed")?,
        rows_per_file: SynthConfig::ROWS_PER_FILE,
    };
    let synth_titles: Vec<_> = titles.iter().map(crate::synth::synth_title).collect();
    let truth = planted(&synth_titles, &cfg).map_err(|e| anyhow::anyhow!("{e}"))?;

    let step = (user_ids.len() / sample.max(1)).max(1);
    let (mut personal, mut unpersonal, mut users) = (0.0, 0.0, 0usize);
    let anonymous: Vec<u32> = top_n(model, UserRef::Anonymous, 10, &[], |_| true)?
        .into_iter()
        .map(|(i, _)| i)
        .collect();
    for dense in (0..user_ids.len()).step_by(step).take(sample) {
        let Some(truth_user) = user_ids[dense]
            .parse::<usize>()
            .ok()
            .and_then(|u| u.checked_sub(1))
        else {
            continue;
        };
        if truth_user >= truth.users.len() || !model.knows_user(dense as u32) {
            continue;
        }
        let mut scored: Vec<(f64, u32)> = (0..truth.titles.len())
            .map(|i| (truth.expected_score(truth_user, i), i as u32))
            .collect();
        scored.select_nth_unstable_by(9, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let best: Vec<u32> = scored[..10].iter().map(|&(_, i)| i).collect();
        let mine = top_n(model, UserRef::Known(dense as u32), 10, &[], |_| true)?;
        personal += mine.iter().filter(|(i, _)| best.contains(i)).count() as f64 / 10.0;
        unpersonal += anonymous.iter().filter(|i| best.contains(i)).count() as f64 / 10.0;
        users += 1;
    }
    let users_f = users.max(1) as f64;
    Ok(TasteRecovery {
        users,
        top10_recall: personal / users_f,
        top10_recall_unpersonalised: unpersonal / users_f,
        truth: truth_dir.display().to_string(),
    })
}
