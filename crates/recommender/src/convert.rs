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
        taste: None,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_survives_the_round_trip_and_keeps_its_history() {
        let svd = SvdModel {
            mu: 3.0,
            bu: vec![0.5, -0.5],
            bi: vec![0.25, 0.0, -0.25],
            pu: vec![1.0, 0.0, 0.0, 1.0],
            qi: vec![0.5, 0.5, 1.0, 0.0, 0.0, 1.0],
            k: 2,
            rating_min: 0.5,
            rating_max: 5.0,
            biased: true,
            user_counts: vec![2, 1],
            item_counts: vec![1, 1, 1],
        };
        let train = Ratings::new(vec![0, 1, 0], vec![2, 1, 0], vec![4.5, 1.0, 3.0], 2, 3).unwrap();
        let ids = |p: &str, n: usize| (0..n).map(|i| format!("{p}{i}")).collect::<Vec<_>>();
        let stored = to_factor_model(&svd, &ids("u", 2), &ids("ns", 3), &train, Value::Null);
        // History sorted by item, ratings stored as half steps.
        assert_eq!(
            stored.user_history,
            vec![vec![(0, 6), (2, 9)], vec![(1, 2)]]
        );
        assert_eq!(stored.item_ids[2], "ns2");
        assert_eq!(to_svd_model(&stored), svd);
    }
}
