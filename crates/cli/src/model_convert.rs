//! Between the trainer's `SvdModel` (dense indices, f32) and the factor
//! file's `FactorModel` (ids, history, card).

use cartelera_mf::data::Ratings;
use cartelera_mf::SvdModel;
use cartelera_store::factors::FactorModel;
use serde_json::Value;

/// The factor-file form of a trained model; `train` gives each user's
/// history (their training ratings).
pub fn to_factor_model(
    model: &SvdModel,
    user_ids: &[String],
    item_ids: &[String],
    train: &Ratings,
    card: Value,
) -> FactorModel {
    let mut history: Vec<Vec<(u32, u8)>> = vec![Vec::new(); model.n_users()];
    for (u, i, r) in train.iter() {
        history[u as usize].push((i, (r * 2.0).round() as u8));
    }
    for h in &mut history {
        h.sort_unstable();
    }
    FactorModel {
        mu: model.mu,
        k: model.k,
        rating_min: model.rating_min,
        rating_max: model.rating_max,
        biased: model.biased,
        item_ids: item_ids.to_vec(),
        item_bias: model.bi.clone(),
        item_factors: model.qi.clone(),
        item_counts: model.item_counts.clone(),
        user_ids: user_ids.to_vec(),
        user_bias: model.bu.clone(),
        user_factors: model.pu.clone(),
        user_counts: model.user_counts.clone(),
        user_history: history,
        card,
    }
}

/// The trainer's form of a stored model (what prediction runs on).
pub fn to_svd_model(f: &FactorModel) -> SvdModel {
    SvdModel {
        mu: f.mu,
        bu: f.user_bias.clone(),
        bi: f.item_bias.clone(),
        pu: f.user_factors.clone(),
        qi: f.item_factors.clone(),
        k: f.k,
        rating_min: f.rating_min,
        rating_max: f.rating_max,
        biased: f.biased,
        user_counts: f.user_counts.clone(),
        item_counts: f.item_counts.clone(),
    }
}
