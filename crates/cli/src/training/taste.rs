//! The taste model's training set and its factor file: MovieLens ratings
//! on MovieLens movies, the movies linked to catalog works described by the
//! catalog's own features, the rest by their MovieLens genres; then the
//! trained hybrid's feature embeddings and free parts as a factor file
//! (`cartelera_store::factors::TasteManifest`).

use std::collections::HashMap;

use anyhow::{Context, Result};
use cartelera_core::features::{movielens_features, title_features, Vocabulary};
use cartelera_core::links::key::MovieLensTitle;
use cartelera_core::links::{Matches, MovieLensMovie};
use cartelera_core::works::Works;
use cartelera_core::Title;
use cartelera_mf::hybrid::movielens::MovieLens;
use cartelera_mf::hybrid::{HybridModel, ItemFeatures};
use cartelera_store::factors::{FactorModel, TasteManifest, ViewerRating};

/// Links below this confidence are not used: docs/links.md measured the
/// 0.5 rule (title only, year ±1, genres disagreeing) as unreliable.
pub const MIN_LINK_CONFIDENCE: f64 = 0.6;

/// The training set: MovieLens' items described by features.
pub struct TasteData {
    /// The learned feature names.
    pub vocabulary: Vocabulary,
    /// One weighted feature row per MovieLens item (movies.csv order).
    pub features: ItemFeatures,
    /// For each MovieLens item, the catalog rows of the work it is linked to.
    pub linked_rows: Vec<Vec<usize>>,
}

impl TasteData {
    /// Describes every MovieLens item of `ml` and picks the vocabulary
    /// among the training items' features: a feature no rated item carries
    /// would keep its random start and add noise to every title with it.
    pub fn build(
        ml: &MovieLens,
        movies: &[MovieLensMovie],
        titles: &[Title],
        works: &Works,
        matches: &Matches,
    ) -> Result<TasteData> {
        let by_id: HashMap<u64, &MovieLensMovie> =
            movies.iter().map(|m| (u64::from(m.movie_id), m)).collect();
        let work_of: HashMap<u32, usize> = matches
            .links
            .iter()
            .filter(|l| l.confidence >= MIN_LINK_CONFIDENCE)
            .map(|l| (l.movie_id, l.work))
            .collect();
        let mut item_lists = Vec::with_capacity(ml.movie_ids.len());
        let mut linked_rows = Vec::with_capacity(ml.movie_ids.len());
        for &id in &ml.movie_ids {
            let movie = by_id
                .get(&id)
                .with_context(|| format!("movie {id} of ratings.csv is not in movies.csv"))?;
            let work = u32::try_from(id).ok().and_then(|m| work_of.get(&m));
            match work.and_then(|&w| works.all().get(w)) {
                Some(work) => {
                    // The work's first row stands for it: its members are
                    // one film, and the page composes each member from its
                    // own features around the same free part.
                    item_lists.push(title_features(&titles[work.rows[0]]));
                    linked_rows.push(work.rows.clone());
                }
                None => {
                    let year = MovieLensTitle::parse(&movie.title).year;
                    item_lists.push(movielens_features(&movie.genres, year));
                    linked_rows.push(Vec::new());
                }
            }
        }
        let vocabulary = Vocabulary::build(&item_lists);
        let features = weighted_features(&vocabulary, &item_lists)?;
        Ok(TasteData {
            vocabulary,
            features,
            linked_rows,
        })
    }
}

/// The CSR feature rows of `lists` under `vocabulary`'s weights.
pub fn weighted_features(vocabulary: &Vocabulary, lists: &[Vec<String>]) -> Result<ItemFeatures> {
    let mut offsets = vec![0];
    let (mut ids, mut weights) = (Vec::new(), Vec::new());
    for list in lists {
        for (row, w) in vocabulary.weighted(list) {
            ids.push(row);
            weights.push(w);
        }
        offsets.push(ids.len());
    }
    Ok(ItemFeatures::new(
        vocabulary.len() as u32,
        offsets,
        ids,
        weights,
    )?)
}

/// The factor file of a trained taste model: the feature embeddings, then
/// the free part of every catalog title linked to a rated MovieLens movie,
/// with the real viewers' mean rating of each.
pub fn taste_factor_model(
    model: &HybridModel,
    data: &TasteData,
    ml: &MovieLens,
    titles: &[Title],
    card: serde_json::Value,
) -> Result<FactorModel> {
    let mut items = Vec::new();
    let mut free_ids = Vec::new();
    let mut viewer_ratings = Vec::new();
    let (sums, counts) = rating_sums(ml);
    for (i, rows) in data.linked_rows.iter().enumerate() {
        if rows.is_empty() || counts[i] == 0 {
            continue;
        }
        for &row in rows {
            items.push(i as u32);
            free_ids.push(titles[row].id.clone());
            viewer_ratings.push(ViewerRating {
                id: titles[row].id.clone(),
                mean: (sums[i] / f64::from(counts[i])) as f32,
                count: counts[i],
            });
        }
    }
    let (settings, features, free) = model.taste_rows(&items)?;
    let feature_counts = feature_item_counts(&data.features);
    let mut item_ids: Vec<String> = data.vocabulary.names().to_vec();
    item_ids.extend(free_ids);
    let mut item_bias = features.bias;
    item_bias.extend(free.bias);
    let mut item_factors = features.packed;
    item_factors.extend(free.packed);
    let mut item_counts = feature_counts;
    item_counts.extend(items.iter().map(|&i| counts[i as usize]));
    Ok(FactorModel {
        mu: settings.mu,
        k: settings.layout.width(),
        rating_min: settings.rating_min,
        rating_max: settings.rating_max,
        biased: true,
        item_ids,
        item_bias,
        item_factors,
        item_counts,
        user_ids: Vec::new(),
        user_bias: Vec::new(),
        user_factors: Vec::new(),
        user_counts: Vec::new(),
        user_history: Vec::new(),
        card,
        taste: Some(TasteManifest {
            k_rating: settings.layout.k,
            k_implicit: settings.layout.k_implicit,
            n_features: data.vocabulary.len(),
            prior_bias: settings.prior.bias,
            prior_factors: settings.prior.factors,
            implicit_mean_user: settings.implicit_mean_user,
            rank_rating_weight: settings.rank_rating_weight,
            implicit_lr: settings.implicit_lr,
            implicit_reg: settings.implicit_reg,
            seed: settings.seed,
            viewer_ratings,
        }),
    })
}

/// Sum and count of each item's ratings.
fn rating_sums(ml: &MovieLens) -> (Vec<f64>, Vec<u32>) {
    let n = ml.ratings.n_items as usize;
    let (mut sums, mut counts) = (vec![0.0f64; n], vec![0u32; n]);
    for (&i, &v) in ml.ratings.items.iter().zip(&ml.ratings.values) {
        sums[i as usize] += f64::from(v);
        counts[i as usize] += 1;
    }
    (sums, counts)
}

/// How many training items carry each feature (a feature row's `count`:
/// how much it was learned from).
fn feature_item_counts(features: &ItemFeatures) -> Vec<u32> {
    let mut counts = vec![0u32; features.n_features as usize];
    for &f in &features.ids {
        counts[f as usize] += 1;
    }
    counts
}
