//! The recommender as the page assembles it: the item side at start-up,
//! then the shard of each user asked about ([`Recommender::from_item_side`],
//! [`Recommender::add_shard`]); a visitor's own ratings folded in
//! ([`Recommender::recommend_for_ratings`]); and the non-personal fallback
//! ([`popular`]). The answers are the same types, from the same code, as
//! for a model decoded whole, so the page agrees with the CLI.

use std::collections::HashMap;

use cartelera_core::Catalog;
use cartelera_mf::foldin::{fold_in, FoldInOptions};
use cartelera_mf::recommend::{top_n, UserRef};
use cartelera_mf::SvdModel;
use cartelera_store::factors::{ItemSide, Manifest, UserShard};

use crate::answer::{RecommendAnswer, Recommended};
use crate::recommender::{index_of, RecommendFilter, Recommender};

/// The ridge penalty of a visitor's fold-in. Measured on the synthetic
/// data (1 M ratings, k = 30; `crates/cli/tests/it/recommender.rs`): a visitor who stars
/// 8 documentaries gets 1 documentary in the top 10 with λ = 10, 3 with
/// λ = 5, 6 with λ = 2, 7 with λ = 1, 6 with λ = 0.5 and 3 with λ = 0.1
/// (which fits noise): a handful of ratings needs a light penalty.
pub const VISITOR_FOLD_IN: FoldInOptions = FoldInOptions {
    lambda: 1.0,
    lambda_per_rating: 0.0,
};

/// The id a visitor's answers carry.
pub const VISITOR: &str = "visitor";

/// Why a visitor's list is the popular one.
pub const NO_RATINGS: &str = "no ratings yet: popular titles by score";
/// Same, for ratings that are all equal.
pub const SAME_RATINGS: &str =
    "all your ratings are the same, which says nothing about taste: popular titles by score";

impl Recommender {
    /// A recommender knowing every title and no user yet.
    pub fn from_item_side(manifest: &Manifest, items: ItemSide) -> Recommender {
        let model = SvdModel {
            mu: manifest.mu,
            bu: Vec::new(),
            bi: items.bias,
            pu: Vec::new(),
            qi: items.factors,
            k: manifest.k,
            rating_min: manifest.rating_min,
            rating_max: manifest.rating_max,
            biased: manifest.biased,
            user_counts: Vec::new(),
            item_counts: items.counts,
        };
        Recommender {
            model,
            user_ids: Vec::new(),
            item_index: index_of(&items.ids),
            item_ids: items.ids,
            user_history: Vec::new(),
            user_index: HashMap::new(),
            card: manifest.card.clone(),
        }
    }

    /// Adds the users of one shard (those not known yet); returns how many
    /// were added. Their rows differ from the full model's, but rows are
    /// internal: answers are by id.
    pub fn add_shard(&mut self, shard: UserShard) -> usize {
        let k = self.model.k;
        let mut added = 0;
        for (j, id) in shard.ids.into_iter().enumerate() {
            if self.user_index.contains_key(&id) || shard.factors.len() < (j + 1) * k {
                continue;
            }
            let row = self.user_ids.len() as u32;
            self.model.bu.push(shard.bias[j]);
            self.model
                .pu
                .extend_from_slice(&shard.factors[j * k..(j + 1) * k]);
            self.model.user_counts.push(shard.counts[j]);
            self.user_history
                .push(shard.history.get(j).cloned().unwrap_or_default());
            self.user_index.insert(id.clone(), row);
            self.user_ids.push(id);
            added += 1;
        }
        added
    }

    /// Whether the user's factors are loaded (or the model has them).
    pub fn has_user(&self, id: &str) -> bool {
        self.user_index.contains_key(id)
    }

    /// A user's `n` best-rated training titles (the rating as `score`),
    /// best first, ties by title row; empty for an unknown user.
    pub fn best_rated(&self, user: &str, n: usize, catalog: Option<&Catalog>) -> Vec<Recommended> {
        let Some(row) = self.user_row(user) else {
            return Vec::new();
        };
        let mut rated: Vec<(u32, u8)> = self.history(row).to_vec();
        rated.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        rated.truncate(n);
        self.listed(
            rated
                .into_iter()
                .map(|(i, half)| (i, f32::from(half) / 2.0))
                .collect(),
            catalog,
        )
    }

    /// The `n` best titles for someone who rated `ratings` (title id,
    /// rating), folded in as a new user (ridge regression with the item
    /// side fixed; nothing retrained). Titles the model does not know are
    /// skipped. No usable rating, or ratings all equal, give [`popular`]
    /// titles instead, with the reason in `fallback`.
    pub fn recommend_for_ratings(
        &self,
        ratings: &[(String, f32)],
        n: usize,
        filter: &RecommendFilter,
        catalog: Option<&Catalog>,
    ) -> RecommendAnswer {
        let known: Vec<(u32, f32)> = ratings
            .iter()
            .filter_map(|(id, r)| {
                let row = self.item_row(id)?;
                self.model.knows_item(row).then_some((row, *r))
            })
            .collect();
        let all_same = known.windows(2).all(|w| w[0].1 == w[1].1);
        let fallback = |note: &str| RecommendAnswer {
            user: VISITOR.to_string(),
            known_user: false,
            platform: filter.platform,
            fallback: Some(note.to_string()),
            items: catalog.map_or_else(Vec::new, |c| popular(c, n, filter, &rated_ids(ratings))),
        };
        if known.is_empty() {
            return fallback(NO_RATINGS);
        }
        if known.len() > 1 && all_same {
            return fallback(SAME_RATINGS);
        }
        let Ok(folded) = fold_in(&self.model, &known, &VISITOR_FOLD_IN) else {
            return fallback(NO_RATINGS);
        };
        let rated: Vec<u32> = known.iter().map(|&(row, _)| row).collect();
        let top = top_n(&self.model, UserRef::Folded(&folded), n, &rated, |i| {
            filter.admits(&self.item_ids[i as usize], catalog)
        })
        .unwrap_or_default();
        RecommendAnswer {
            user: VISITOR.to_string(),
            known_user: true,
            platform: filter.platform,
            fallback: None,
            items: self.listed(top, catalog),
        }
    }
}

fn rated_ids(ratings: &[(String, f32)]) -> Vec<&str> {
    ratings.iter().map(|(id, _)| id.as_str()).collect()
}

/// Titles a new visitor can rate without searching: for each of the
/// `genres` largest genres, its `per_genre` most-rated titles (ties by
/// id), each title once. Ids, in that order.
pub fn starter_set(catalog: &Catalog, genres: usize, per_genre: usize) -> Vec<String> {
    let mut by_genre: HashMap<&str, Vec<&cartelera_core::Title>> = HashMap::new();
    for t in catalog.titles() {
        for g in cartelera_core::Title::split_list(t.listed_in.as_deref()) {
            by_genre.entry(g).or_default().push(t);
        }
    }
    let mut largest: Vec<(&str, Vec<&cartelera_core::Title>)> = by_genre.into_iter().collect();
    largest.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let mut picked: Vec<String> = Vec::new();
    for (_, mut titles) in largest.into_iter().take(genres) {
        titles.sort_by(|a, b| b.score_count.cmp(&a.score_count).then(a.id.cmp(&b.id)));
        let fresh: Vec<String> = titles
            .iter()
            .filter(|t| !picked.contains(&t.id))
            .take(per_genre)
            .map(|t| t.id.clone())
            .collect();
        picked.extend(fresh);
    }
    picked
}

/// Fewest ratings behind a score for [`popular`] to trust it.
pub const POPULAR_MIN_RATINGS: u32 = 5;

/// The `n` best-scored titles passing `filter` (not in `exclude`), among
/// those with at least [`POPULAR_MIN_RATINGS`] ratings (fewer when too few
/// titles have that many); ties by more ratings, then id. The score shown
/// is the mean rating.
pub fn popular(
    catalog: &Catalog,
    n: usize,
    filter: &RecommendFilter,
    exclude: &[&str],
) -> Vec<Recommended> {
    let candidates = |min: u32| {
        let mut list: Vec<_> = catalog
            .titles()
            .iter()
            .filter(|t| t.score_count >= min && t.score.is_some())
            .filter(|t| !exclude.contains(&t.id.as_str()) && filter.admits(&t.id, Some(catalog)))
            .collect();
        list.sort_by(|a, b| {
            b.score
                .partial_cmp(&a.score)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(b.score_count.cmp(&a.score_count))
                .then(a.id.cmp(&b.id))
        });
        list
    };
    let mut list = candidates(POPULAR_MIN_RATINGS);
    if list.len() < n {
        list = candidates(1);
    }
    list.into_iter()
        .take(n)
        .map(|t| Recommended {
            id: t.id.clone(),
            title: Some(t.title.clone()),
            platform: Some(t.platform),
            score: t.score.unwrap_or(0.0) as f32,
            also_on: Vec::new(),
            why: None,
        })
        .collect()
}

#[cfg(test)]
mod tests;
