//! [`Recommender`]: a decoded factor file ready to answer, with its ids
//! indexed once so each answer costs a hash lookup, not a scan of the ids.

use std::collections::HashMap;

use cartelera_core::{Catalog, Platform, Title, TitleType};
use cartelera_mf::recommend::{similar_items, top_n, UserRef};
use cartelera_mf::SvdModel;
use cartelera_store::factors::FactorModel;

use crate::answer::{
    fallback_note, PredictAnswer, RecommendAnswer, Recommended, SimilarAnswer, UNKNOWN_USER_RANKING,
};
use crate::convert::to_svd_model;

/// Which titles a recommendation may return. A struct, not a bare
/// platform, so that type and genre filters can join without changing
/// every caller.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecommendFilter {
    /// Only titles of this platform (known from the id's initial).
    pub platform: Option<Platform>,
    /// Only movies or only shows (needs the catalog).
    pub kind: Option<TitleType>,
    /// Only titles listed in this genre, lower-case (needs the catalog).
    pub genre: Option<String>,
}

impl RecommendFilter {
    /// Whether the title with this id passes the filter. The type and
    /// genre conditions need the catalog: without it they admit nothing,
    /// rather than silently ignoring what was asked.
    pub fn admits(&self, id: &str, catalog: Option<&Catalog>) -> bool {
        if self
            .platform
            .is_some_and(|p| Platform::from_id(id) != Some(p))
        {
            return false;
        }
        if self.kind.is_none() && self.genre.is_none() {
            return true;
        }
        let Some(title) = catalog.and_then(|c| c.get(id)) else {
            return false;
        };
        self.kind.is_none_or(|k| title.kind == k)
            && self
                .genre
                .as_deref()
                .is_none_or(|g| Title::split_list(title.listed_in.as_deref()).any(|x| x == g))
    }
}

/// A stored model turned back into the trainer's `SvdModel`, with its user
/// and title ids indexed and each user's training history.
#[derive(Clone, Debug)]
pub struct Recommender {
    pub(crate) model: SvdModel,
    pub(crate) user_ids: Vec<String>,
    pub(crate) item_ids: Vec<String>,
    pub(crate) user_history: Vec<Vec<(u32, u8)>>,
    pub(crate) user_index: HashMap<String, u32>,
    pub(crate) item_index: HashMap<String, u32>,
    pub(crate) card: serde_json::Value,
}

/// Id → row; the first row wins if an id repeats (as a scan would find).
pub(crate) fn index_of(ids: &[String]) -> HashMap<String, u32> {
    let mut index = HashMap::with_capacity(ids.len());
    for (row, id) in ids.iter().enumerate() {
        index.entry(id.clone()).or_insert(row as u32);
    }
    index
}

impl Recommender {
    /// Builds the recommender from a decoded factor file (taking its ids
    /// and histories; the factors are converted by [`to_svd_model`]).
    pub fn new(stored: FactorModel) -> Recommender {
        let model = to_svd_model(&stored);
        let FactorModel {
            user_ids,
            item_ids,
            user_history,
            card,
            ..
        } = stored;
        Recommender {
            model,
            user_index: index_of(&user_ids),
            item_index: index_of(&item_ids),
            user_ids,
            item_ids,
            user_history,
            card,
        }
    }

    /// The model the answers are computed with.
    pub fn model(&self) -> &SvdModel {
        &self.model
    }

    /// The factor file's card (how the model was trained, its metrics).
    pub fn card(&self) -> &serde_json::Value {
        &self.card
    }

    /// The user ids, in row order.
    pub fn user_ids(&self) -> &[String] {
        &self.user_ids
    }

    /// The title ids, in row order.
    pub fn item_ids(&self) -> &[String] {
        &self.item_ids
    }

    /// The model row of a user id (whether or not it has ratings).
    pub fn user_row(&self, id: &str) -> Option<u32> {
        self.user_index.get(id).copied()
    }

    /// The model row of a title id (whether or not it has ratings).
    pub fn item_row(&self, id: &str) -> Option<u32> {
        self.item_index.get(id).copied()
    }

    /// A user's training ratings as (title row, rating × 2), by title row.
    pub fn history(&self, user_row: u32) -> &[(u32, u8)] {
        self.user_history
            .get(user_row as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// The predicted rating of `title` by `user`, decomposed; unknown ids
    /// fall back (Surprise's rule) and say so in `fallback`.
    pub fn predict(&self, user: &str, title: &str) -> PredictAnswer {
        let u = self.user_row(user);
        let i = self.item_row(title);
        let p = self.model.predict(u, i);
        let actual = u.zip(i).and_then(|(u, i)| {
            // A scan, not a binary search: an imported model's history
            // need not be sorted.
            self.history(u)
                .iter()
                .find(|(h, _)| *h == i)
                .map(|&(_, half)| f32::from(half) / 2.0)
        });
        PredictAnswer {
            user: user.to_string(),
            title: title.to_string(),
            prediction: p.value,
            global_mean: p.mu,
            user_bias: p.user_bias,
            title_bias: p.item_bias,
            taste_match: p.dot,
            known_user: p.known_user,
            known_title: p.known_item,
            fallback: fallback_note(p.known_user, p.known_item),
            actual,
        }
    }

    /// The `n` best titles for `user` that pass `filter`, leaving out those
    /// the user rated; an unknown user gets the non-personal ranking
    /// (μ + b_i), said in `fallback`. Names come from `catalog` when given.
    pub fn recommend(
        &self,
        user: &str,
        n: usize,
        filter: &RecommendFilter,
        catalog: Option<&Catalog>,
    ) -> RecommendAnswer {
        let row = self.user_row(user).filter(|&u| self.model.knows_user(u));
        let rated: Vec<u32> = row.map_or_else(Vec::new, |u| {
            self.history(u).iter().map(|&(i, _)| i).collect()
        });
        let who = row.map_or(UserRef::Anonymous, UserRef::Known);
        // `top_n` fails only for a folded-in user of the wrong length, never
        // for a known or anonymous one.
        let top = top_n(&self.model, who, n, &rated, |i| {
            filter.admits(&self.item_ids[i as usize], catalog)
        })
        .unwrap_or_default();
        // Ranked by the unclipped estimate (clipping would tie every title
        // above the top of the scale), shown as `predict` shows it: a
        // "predicted 5.66" on a five-star scale reads as a bug.
        let top = top
            .into_iter()
            .map(|(i, raw)| (i, self.model.clip(raw)))
            .collect();
        RecommendAnswer {
            user: user.to_string(),
            known_user: row.is_some(),
            platform: filter.platform,
            fallback: row.is_none().then(|| UNKNOWN_USER_RANKING.to_string()),
            items: self.listed(top, catalog),
        }
    }

    /// The `n` titles whose factor vectors are closest (cosine) to
    /// `title`'s; `None` when the model has no trained vector for it.
    pub fn similar(
        &self,
        title: &str,
        n: usize,
        catalog: Option<&Catalog>,
    ) -> Option<SimilarAnswer> {
        let row = self.item_row(title)?;
        let found = similar_items(&self.model, row, n).ok()?;
        Some(SimilarAnswer {
            title: title.to_string(),
            items: self.listed(found, catalog),
        })
    }

    /// (row, score) pairs as listed titles.
    pub(crate) fn listed(
        &self,
        rows: Vec<(u32, f32)>,
        catalog: Option<&Catalog>,
    ) -> Vec<Recommended> {
        rows.into_iter()
            .map(|(i, score)| {
                let id = self.item_ids[i as usize].clone();
                Recommended {
                    title: catalog.and_then(|c| c.get(&id)).map(|t| t.title.clone()),
                    platform: Platform::from_id(&id),
                    id,
                    score,
                    also_on: Vec::new(),
                    why: None,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
