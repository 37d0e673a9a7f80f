//! [`TasteRecommender`]: the real-taste model (`cartelera taste`) composed
//! over a catalog, answering a visitor's picks and "more like this" with
//! reasons a person reads.
//!
//! The factor file holds feature embeddings and the free parts of the
//! titles real viewers rated ([`cartelera_store::factors::TasteManifest`]);
//! each catalog title's vectors are composed here from its own features
//! ([`cartelera_core::features`]), so every title has one, and the CLI, the
//! API and the page compose them with this same code. Answers rank works,
//! not rows: one film on two platforms is listed once, with the other
//! platforms in `also_on`.

use std::collections::HashMap;

use cartelera_core::features::{describe, title_features, FeatureKind, Vocabulary};
use cartelera_core::genres::{genres_of_listed_in, Genre};
use cartelera_core::{Catalog, Lang, Platform};
use cartelera_mf::foldin::FoldInOptions;
use cartelera_mf::foldin::FoldedUser;
use cartelera_mf::hybrid::{
    ItemSpec, PackedLayout, PackedRows, TasteComposer, TasteModel, TasteSettings,
};
use cartelera_mf::recommend::{cosine, ItemSimilarity};
use cartelera_store::factors::{FactorModel, ItemSide, Manifest, TasteManifest};

use crate::answer::{RecommendAnswer, Recommended, SimilarAnswer, Why};
use crate::page::{popular, NO_RATINGS, SAME_RATINGS, VISITOR};
use crate::recommender::RecommendFilter;

/// Ridge of a visitor's fold-in around the average viewer: the value the
/// MovieLens evaluation (c) uses (`docs/recommender.md`).
pub const TASTE_FOLD_IN: FoldInOptions = FoldInOptions {
    lambda: 5.0,
    lambda_per_rating: 0.0,
};

/// Real viewers' ratings are shrunk towards the model's mean by this many
/// pseudo-ratings, so three 5★ ratings do not read as a 5★ film.
pub const VIEWER_PRIOR_RATINGS: f32 = 5.0;

/// "More like this" ranks the closest titles (cosine of the rating
/// vectors) by the cosine plus this times
/// `ln(1 + real viewers' ratings)`: among titles about as close, the ones
/// people actually watched first. Without it Ratatouille's list was short
/// kids' cartoons nobody rated (their vectors are their genres alone,
/// so they cluster); with 0.02 The Incredibles and Shrek lead it, with
/// 0.05 (kept) eight of its ten are Pixar/DreamWorks/Disney features
/// (The Incredibles, Shrek, Finding Nemo, Monsters, Inc., Up, …).
pub const SIMILAR_RATED_BONUS: f32 = 0.05;

/// A pick at or above this rating (and at or above the visitor's own
/// mean) is one the visitor liked: the ones reasons point to.
pub const LIKED: f32 = 3.5;

/// Why a taste model could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TasteError(pub String);

impl std::fmt::Display for TasteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TasteError {}

/// Real viewers' rating of a title, as the page shows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewerScore {
    /// The mean shrunk towards the model's mean by
    /// [`VIEWER_PRIOR_RATINGS`].
    pub shrunk: f32,
    /// The plain mean.
    pub mean: f32,
    /// Number of ratings.
    pub count: u32,
}

/// Real viewers' ratings of the titles they rated, by title id: read from
/// the taste model's manifest alone (no factors, no composing), so a page
/// can rank by them before the model is composed, or without it.
#[derive(Clone, Debug, Default)]
pub struct ViewerScores {
    by_id: HashMap<String, ViewerScore>,
}

impl ViewerScores {
    /// The scores of a taste model's manifest; an error if it is not one.
    pub fn new(manifest: &Manifest) -> Result<ViewerScores, TasteError> {
        let taste = manifest
            .taste
            .as_ref()
            .ok_or_else(|| TasteError("not a taste model (model.json has no `taste`)".into()))?;
        Ok(ViewerScores::of(taste, manifest.mu))
    }

    fn of(taste: &TasteManifest, mu: f32) -> ViewerScores {
        let by_id = taste
            .viewer_ratings
            .iter()
            .map(|v| {
                let n = v.count as f32;
                let shrunk = (v.mean * n + mu * VIEWER_PRIOR_RATINGS) / (n + VIEWER_PRIOR_RATINGS);
                let score = ViewerScore {
                    shrunk,
                    mean: v.mean,
                    count: v.count,
                };
                (v.id.clone(), score)
            })
            .collect();
        ViewerScores { by_id }
    }

    /// Real viewers' rating of title `id`, if they rated it.
    pub fn get(&self, id: &str) -> Option<ViewerScore> {
        self.by_id.get(id).copied()
    }

    /// How many titles real viewers rated.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether real viewers rated no title.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

/// A [`TasteRecommender`] being composed a few catalog titles at a time:
/// what [`TasteRecommender::from_item_side`] does, in steps a caller can
/// spread over time. The page composes its 23,000 titles in short tasks,
/// so a phone answers taps while it does (composed in one go, it was one
/// task of seconds there).
///
/// ```no_run
/// # fn f(manifest: &cartelera_store::factors::Manifest,
/// #      side: cartelera_store::factors::ItemSide,
/// #      catalog: cartelera_core::Catalog) -> Result<(), cartelera_recommender::TasteError> {
/// let mut steps = cartelera_recommender::TasteSteps::new(manifest, side, catalog)?;
/// while steps.step(256)? {
///     // answer input, then go on
/// }
/// let recommender = steps.finish()?;
/// # Ok(()) }
/// ```
pub struct TasteSteps {
    composer: TasteComposer,
    catalog: Catalog,
    vocabulary: Vocabulary,
    /// Row in the free parts of each rated title, by id.
    free_of: HashMap<String, usize>,
    /// Training ratings of each free part.
    free_counts: Vec<u32>,
    taste: TasteManifest,
    mu: f32,
    card: serde_json::Value,
}

impl TasteSteps {
    /// Starts composing a manifest's item side over `catalog`; an error if
    /// the manifest is not a taste model's or its rows do not fit it.
    pub fn new(manifest: &Manifest, side: ItemSide, catalog: Catalog) -> Result<Self, TasteError> {
        let taste = manifest
            .taste
            .clone()
            .ok_or_else(|| TasteError("not a taste model (model.json has no `taste`)".into()))?;
        TasteSteps::start(
            taste,
            (manifest.mu, manifest.rating_min, manifest.rating_max),
            side,
            manifest.card.clone(),
            catalog,
        )
    }

    fn start(
        taste: TasteManifest,
        (mu, rating_min, rating_max): (f32, f32, f32),
        side: ItemSide,
        card: serde_json::Value,
        catalog: Catalog,
    ) -> Result<Self, TasteError> {
        let layout = PackedLayout {
            k: taste.k_rating,
            k_implicit: taste.k_implicit,
        };
        let w = layout.width();
        let nf = taste.n_features;
        if side.ids.len() < nf
            || side.factors.len() != side.ids.len() * w
            || side.bias.len() != side.ids.len()
            || side.counts.len() != side.ids.len()
        {
            return Err(TasteError(format!(
                "items.parquet: {} rows of {} values, expected at least {nf} feature rows of {w}",
                side.ids.len(),
                side.factors.len().checked_div(side.ids.len()).unwrap_or(0),
            )));
        }
        let ItemSide {
            mut ids,
            mut bias,
            mut factors,
            mut counts,
        } = side;
        let free_ids = ids.split_off(nf);
        let free_rows = PackedRows {
            bias: bias.split_off(nf),
            packed: factors.split_off(nf * w),
        };
        let features_rows = PackedRows {
            bias,
            packed: factors,
        };
        let free_counts = counts.split_off(nf);
        let vocabulary = Vocabulary::from_names(ids);
        let free_of = free_ids
            .into_iter()
            .enumerate()
            .map(|(r, id)| (id, r))
            .collect();
        let settings = TasteSettings {
            layout,
            mu,
            rating_min,
            rating_max,
            prior: FoldedUser {
                bias: taste.prior_bias,
                factors: taste.prior_factors.clone(),
            },
            implicit_mean_user: taste.implicit_mean_user.clone(),
            rank_rating_weight: taste.rank_rating_weight,
            implicit_lr: taste.implicit_lr,
            implicit_reg: taste.implicit_reg,
            seed: taste.seed,
        };
        let composer =
            TasteComposer::new(&settings, features_rows, free_rows, catalog.titles().len())
                .map_err(compose_error)?;
        Ok(TasteSteps {
            composer,
            catalog,
            vocabulary,
            free_of,
            free_counts,
            taste,
            mu,
            card,
        })
    }

    /// Composes up to `rows` more catalog titles (at least one); whether
    /// any are left.
    pub fn step(&mut self, rows: usize) -> Result<bool, TasteError> {
        let titles = self.catalog.titles();
        let from = self.composer.len();
        let to = titles.len().min(from.saturating_add(rows.max(1)));
        for t in &titles[from..to] {
            let free = self.free_of.get(t.id.as_str()).copied();
            let spec = ItemSpec {
                free,
                features: self.vocabulary.weighted(&title_features(t)),
                ratings: free.map_or(0, |r| self.free_counts[r]),
            };
            self.composer.push(&spec).map_err(compose_error)?;
        }
        Ok(to < titles.len())
    }

    /// Catalog titles composed so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.composer.len(), self.catalog.titles().len())
    }

    /// The recommender, once every title is composed (the ones left are
    /// composed now).
    pub fn finish(mut self) -> Result<TasteRecommender, TasteError> {
        while self.step(usize::MAX)? {}
        let model = self.composer.finish().map_err(compose_error)?;
        let catalog = self.catalog;
        let titles = catalog.titles();
        let mut work_index: HashMap<&str, u32> = HashMap::new();
        let mut work_rows: Vec<Vec<u32>> = Vec::new();
        let mut work_of = Vec::with_capacity(titles.len());
        for (row, t) in titles.iter().enumerate() {
            // A title without a work id (a catalog built before works) is
            // its own work.
            let key = if t.work_id.is_empty() {
                t.id.as_str()
            } else {
                t.work_id.as_str()
            };
            let next = work_rows.len() as u32;
            let w = *work_index.entry(key).or_insert(next);
            if w == next {
                work_rows.push(Vec::new());
            }
            work_rows[w as usize].push(row as u32);
            work_of.push(w);
        }
        let viewer = ViewerScores::of(&self.taste, self.mu)
            .by_id
            .into_iter()
            .filter_map(|(id, score)| Some((catalog.row_of(&id)? as u32, score)))
            .collect();
        Ok(TasteRecommender {
            model,
            catalog,
            vocabulary: self.vocabulary,
            work_of,
            work_rows,
            viewer,
            card: self.card,
        })
    }
}

fn compose_error(e: cartelera_mf::MfError) -> TasteError {
    TasteError(format!("cannot compose the taste model: {e}"))
}

/// The real-taste model over one catalog.
#[derive(Clone, Debug)]
pub struct TasteRecommender {
    model: TasteModel,
    catalog: Catalog,
    vocabulary: Vocabulary,
    /// Work index of each catalog row.
    work_of: Vec<u32>,
    /// Catalog rows of each work, in catalog order.
    work_rows: Vec<Vec<u32>>,
    viewer: HashMap<u32, ViewerScore>,
    card: serde_json::Value,
}

impl TasteRecommender {
    /// Composes a decoded factor file over `catalog`; an error if the file
    /// is not a taste model.
    pub fn new(stored: FactorModel, catalog: Catalog) -> Result<TasteRecommender, TasteError> {
        let taste = stored
            .taste
            .ok_or_else(|| TasteError("not a taste model (model.json has no `taste`)".into()))?;
        let side = ItemSide {
            ids: stored.item_ids,
            bias: stored.item_bias,
            factors: stored.item_factors,
            counts: stored.item_counts,
        };
        TasteSteps::start(
            taste,
            (stored.mu, stored.rating_min, stored.rating_max),
            side,
            stored.card,
            catalog,
        )?
        .finish()
    }

    /// Composes from a manifest and its item side (the page's way: it
    /// fetches the two files itself). [`TasteSteps`] does the same in
    /// steps.
    pub fn from_item_side(
        manifest: &Manifest,
        side: ItemSide,
        catalog: Catalog,
    ) -> Result<TasteRecommender, TasteError> {
        TasteSteps::new(manifest, side, catalog)?.finish()
    }

    /// The catalog the model was composed over.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The factor file's card (training data, settings, evaluation).
    pub fn card(&self) -> &serde_json::Value {
        &self.card
    }

    /// The composed model (item side over the catalog's rows).
    pub fn model(&self) -> &TasteModel {
        &self.model
    }

    /// Real viewers' (MovieLens) rating of a title, if it has any.
    pub fn viewer_score(&self, id: &str) -> Option<ViewerScore> {
        let row = self.catalog.row_of(id)? as u32;
        self.viewer.get(&row).copied()
    }

    /// Catalog titles real viewers rated, most ratings first (ties by id):
    /// what a visitor is likely to recognise.
    pub fn most_rated(&self) -> Vec<&str> {
        let mut rows: Vec<(&u32, &ViewerScore)> = self.viewer.iter().collect();
        let titles = self.catalog.titles();
        rows.sort_by(|a, b| {
            b.1.count
                .cmp(&a.1.count)
                .then_with(|| titles[*a.0 as usize].id.cmp(&titles[*b.0 as usize].id))
        });
        rows.into_iter()
            .map(|(&r, _)| titles[r as usize].id.as_str())
            .collect()
    }

    /// Titles to open "rate yourself" with, ones a visitor recognises: the
    /// [`most_rated`](Self::most_rated), one row per work, at most
    /// `per_genre` per first canonical genre and `per_platform` per
    /// platform (see [`spread`]), `n` of them.
    pub fn starter_set(&self, n: usize, per_genre: usize, per_platform: usize) -> Vec<&str> {
        let titles = self.catalog.titles();
        let rows = self.most_rated().into_iter().filter_map(|id| {
            let row = self.catalog.row_of(id)?;
            let t = &titles[row];
            let genre = genres_of_listed_in(t.listed_in.as_deref()).first().copied();
            Some(Candidate {
                id,
                work: self.work_of[row],
                genre,
                platform: t.platform,
            })
        });
        spread(rows, n, per_genre, per_platform)
    }

    /// The `n` best works for a visitor who rated `picks` (title id,
    /// rating) and has already seen the titles `seen` (unrated: they only
    /// leave the list, with every other platform's copy of their work),
    /// each with why. Unknown ids are skipped; no usable pick, or picks all
    /// equal, give popular titles with the reason in `fallback`.
    pub fn recommend(
        &self,
        picks: &[(String, f32)],
        seen: &[String],
        n: usize,
        filter: &RecommendFilter,
    ) -> RecommendAnswer {
        let known: Vec<(u32, f32)> = picks
            .iter()
            .filter_map(|(id, r)| {
                let row = self.catalog.row_of(id)? as u32;
                self.model.items.knows_item(row).then_some((row, *r))
            })
            .collect();
        // Rated or seen, a work is not recommended again.
        let left_out: Vec<u32> = {
            let seen_rows = seen.iter().filter_map(|id| self.catalog.row_of(id));
            let rows = known.iter().map(|&(r, _)| r as usize).chain(seen_rows);
            let mut works: Vec<u32> = rows.map(|r| self.work_of[r]).collect();
            works.sort_unstable();
            works.dedup();
            works
        };
        let fallback = |note: &str| RecommendAnswer {
            user: VISITOR.to_string(),
            known_user: false,
            platform: filter.platform,
            fallback: Some(note.to_string()),
            items: self.popular(n, filter, &left_out),
        };
        if known.is_empty() {
            return fallback(NO_RATINGS);
        }
        if known.len() > 1 && known.windows(2).all(|w| w[0].1 == w[1].1) {
            return fallback(SAME_RATINGS);
        }
        // Rank rows, then keep each work's best row: ask for enough rows
        // that duplicates across platforms cannot shorten the list.
        let admit = |i: u32| {
            left_out.binary_search(&self.work_of[i as usize]).is_err()
                && filter.admits(&self.catalog.titles()[i as usize].id, Some(&self.catalog))
        };
        let Ok(top) = self.model.recommend(
            &known,
            &TASTE_FOLD_IN,
            n.saturating_mul(2).max(n + 8),
            admit,
        ) else {
            return fallback(NO_RATINGS);
        };
        let liked = liked_picks(&known);
        let items = self
            .by_work(top, n)
            .into_iter()
            .map(|(row, score)| {
                let why = self.why_recommended(row, &liked);
                self.listed(row, score, Some(why))
            })
            .collect();
        RecommendAnswer {
            user: VISITOR.to_string(),
            known_user: true,
            platform: filter.platform,
            fallback: None,
            items,
        }
    }

    /// The visitor's predicted rating of every catalog row, in catalog
    /// order (`μ + b_u + b_i + q_iᵀp_u` of the rating part, clipped to the
    /// rating scale; `None` for a title the model does not know), from
    /// their picks; `None` when no pick is a known title. The platform fit
    /// averages these: unlike a ranking score, they read as stars.
    pub fn visitor_ratings(&self, picks: &[(String, f32)]) -> Option<Vec<Option<f32>>> {
        let known: Vec<(u32, f32)> = picks
            .iter()
            .filter_map(|(id, r)| {
                let row = self.catalog.row_of(id)? as u32;
                self.model.items.knows_item(row).then_some((row, *r))
            })
            .collect();
        if known.is_empty() {
            return None;
        }
        let user = self.model.fold_in_visitor(&known, &TASTE_FOLD_IN).ok()?;
        let m = &self.model.items;
        Some(
            (0..self.catalog.len() as u32)
                .map(|i| m.knows_item(i).then(|| user.predict(m, Some(i)).value))
                .collect(),
        )
    }

    /// The work index of each catalog row (works numbered as
    /// [`cartelera_core::works::Works::group`] numbers them).
    pub fn work_of_row(&self, row: usize) -> Option<u32> {
        self.work_of.get(row).copied()
    }

    /// The `n` works most like `title` (cosine of the rating vectors), each
    /// with the features they share; `None` for an id not in the catalog or
    /// with no vector (no known feature and no ratings).
    pub fn similar(&self, title: &str, n: usize) -> Option<SimilarAnswer> {
        let row = self.catalog.row_of(title)? as u32;
        if !self.model.items.knows_item(row) {
            return None;
        }
        let work = self.work_of[row as usize];
        // Enough rows that keeping one per work still leaves `n` works.
        let widest = self.work_rows.iter().map(Vec::len).max().unwrap_or(1);
        let found = ItemSimilarity::new(&self.model.items)
            .similar_with(row, n.saturating_mul(widest), |i, cos| {
                (self.work_of[i as usize] != work)
                    .then(|| cos + SIMILAR_RATED_BONUS * self.rated_weight(i))
            })
            .ok()?;
        let items = self
            .by_work(found, n)
            .into_iter()
            .map(|(i, score)| {
                let why = self.why_similar(i, row);
                self.listed(i, score, Some(why))
            })
            .collect();
        Some(SimilarAnswer {
            title: title.to_string(),
            items,
        })
    }

    /// `ln(1 + real viewers' ratings)`, 0 for a title nobody rated.
    fn rated_weight(&self, row: u32) -> f32 {
        self.viewer
            .get(&row)
            .map_or(0.0, |v| (1.0 + v.count as f32).ln())
    }

    /// Keeps the first (best) row of each work, `n` of them.
    fn by_work(&self, rows: Vec<(u32, f32)>, n: usize) -> Vec<(u32, f32)> {
        let mut seen = Vec::new();
        let mut out = Vec::with_capacity(n);
        for (row, score) in rows {
            let w = self.work_of[row as usize];
            if !seen.contains(&w) {
                seen.push(w);
                out.push((row, score));
                if out.len() == n {
                    break;
                }
            }
        }
        out
    }

    fn listed(&self, row: u32, score: f32, why: Option<Why>) -> Recommended {
        let titles = self.catalog.titles();
        let t = &titles[row as usize];
        let also_on = self.work_rows[self.work_of[row as usize] as usize]
            .iter()
            .filter(|&&r| r != row)
            .map(|&r| titles[r as usize].platform)
            .collect();
        Recommended {
            id: t.id.clone(),
            title: Some(t.display_title().to_string()),
            platform: Some(t.platform),
            score,
            also_on,
            why,
        }
    }

    /// Popular with real viewers (their shrunk mean), for a visitor with
    /// nothing to go on; the pipeline's scores when the catalog has no
    /// linked title passing the filter.
    /// `left_out` holds works, sorted.
    fn popular(&self, n: usize, filter: &RecommendFilter, left_out: &[u32]) -> Vec<Recommended> {
        let titles = self.catalog.titles();
        let out = |row: usize| left_out.binary_search(&self.work_of[row]).is_ok();
        let mut rows: Vec<(u32, f32)> = self
            .viewer
            .iter()
            .filter(|(r, v)| {
                v.count >= 20
                    && !out(**r as usize)
                    && filter.admits(&titles[**r as usize].id, Some(&self.catalog))
            })
            .map(|(&r, v)| (r, v.shrunk))
            .collect();
        rows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        if rows.is_empty() {
            let ids: Vec<&str> = (0..titles.len())
                .filter(|&r| out(r))
                .map(|r| titles[r].id.as_str())
                .collect();
            return popular(&self.catalog, n, filter, &ids);
        }
        self.by_work(rows, n)
            .into_iter()
            .map(|(r, s)| self.listed(r, s, None))
            .collect()
    }

    /// The liked pick closest to `row` and what they share.
    fn why_recommended(&self, row: u32, liked: &[u32]) -> Why {
        let m = &self.model.items;
        let best = liked.iter().copied().max_by(|&a, &b| {
            item_cosine(m, row, a)
                .total_cmp(&item_cosine(m, row, b))
                .then(b.cmp(&a))
        });
        match best {
            Some(pick) => {
                let viewers = self.viewer.contains_key(&row) && self.viewer.contains_key(&pick);
                self.why(row, pick, viewers)
            }
            None => Why {
                like: None,
                shared: Vec::new(),
                viewers: false,
                text: "ranked for your ratings".into(),
            },
        }
    }

    fn why_similar(&self, row: u32, of: u32) -> Why {
        let viewers = self.viewer.contains_key(&row) && self.viewer.contains_key(&of);
        self.why(row, of, viewers)
    }

    fn why(&self, row: u32, like: u32, viewers: bool) -> Why {
        let shared = self.shared(row, like);
        let mut why = Why {
            like: Some(self.catalog.titles()[like as usize].id.clone()),
            shared,
            viewers,
            text: String::new(),
        };
        why.text = self.why_text(&why, Lang::En);
        why
    }

    /// The most telling features two rows share: genres, then people;
    /// countries, words, the decade, type and age band only when no genre
    /// or person is shared. At most three.
    fn shared(&self, a: u32, b: u32) -> Vec<String> {
        let of = |r: u32| -> Vec<u32> { self.model.features.of(r).0.to_vec() };
        let (fa, fb) = (of(a), of(b));
        let mut both: Vec<(FeatureKind, &String)> = fa
            .iter()
            .filter(|f| fb.contains(f))
            .filter_map(|&f| {
                let name = &self.vocabulary.names()[f as usize];
                Some((FeatureKind::split(name)?.0, name))
            })
            .collect();
        // Genres and people say why; a country, a synopsis word or the
        // decade only when nothing else is shared.
        let rank = |k: FeatureKind| match k {
            FeatureKind::Genre => 0,
            FeatureKind::Director => 1,
            FeatureKind::Cast => 2,
            FeatureKind::Country => 3,
            FeatureKind::Term => 4,
            FeatureKind::Decade => 5,
            FeatureKind::Age => 6,
            FeatureKind::Type => 7,
        };
        both.sort_by_key(|&(k, _)| rank(k));
        let telling = both.iter().filter(|(k, _)| rank(*k) <= 2).count();
        both.into_iter()
            .filter(|&(k, _)| telling == 0 || rank(k) <= 2)
            .take(3)
            .map(|(_, n)| n.clone())
            .collect()
    }

    /// The reason in words, in `lang`: "Viewers who liked Toy Story also
    /// liked this · Animation, Family" or "Like Toy Story: Animation".
    pub fn why_text(&self, why: &Why, lang: Lang) -> String {
        let Some(like) = why.like.as_deref().and_then(|id| self.catalog.get(id)) else {
            return why.text.clone();
        };
        let name = like.display_title();
        let shared: Vec<String> = why
            .shared
            .iter()
            .map(|f| describe(f, Some(like), lang))
            .collect();
        let shared = shared.join(", ");
        match (why.viewers, shared.is_empty()) {
            (true, true) => lang.pick(
                format!("A quienes les gustó {name} también les gustó"),
                format!("Viewers who liked {name} also liked this"),
            ),
            (true, false) => lang.pick(
                format!("A quienes les gustó {name} también les gustó · {shared}"),
                format!("Viewers who liked {name} also liked this · {shared}"),
            ),
            (false, true) => lang.pick(format!("Parecida a {name}"), format!("Like {name}")),
            (false, false) => lang.pick(
                format!("Como {name}: {shared}"),
                format!("Like {name}: {shared}"),
            ),
        }
    }

    /// The platforms a title's work is on, its own first.
    pub fn platforms_of(&self, id: &str) -> Vec<Platform> {
        let Some(row) = self.catalog.row_of(id) else {
            return Vec::new();
        };
        let titles = self.catalog.titles();
        let mut out = vec![titles[row].platform];
        for &r in &self.work_rows[self.work_of[row] as usize] {
            if r as usize != row {
                out.push(titles[r as usize].platform);
            }
        }
        out
    }
}

/// A title that may open "rate yourself".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// Title id.
    pub id: &'a str,
    /// Its work (one film on two platforms is offered once).
    pub work: u32,
    /// Its first canonical genre.
    pub genre: Option<Genre>,
    /// Its platform.
    pub platform: Platform,
}

/// The first `n` of `ranked` (best first) keeping one title per work, at
/// most `per_genre` per genre and `per_platform` per platform, so the
/// set spans kinds of titles and services; when the caps leave fewer than
/// `n`, the best of the rest (still one per work) fill it.
pub fn spread<'a>(
    ranked: impl IntoIterator<Item = Candidate<'a>>,
    n: usize,
    per_genre: usize,
    per_platform: usize,
) -> Vec<&'a str> {
    let ranked: Vec<Candidate<'a>> = ranked.into_iter().collect();
    let mut chosen: Vec<Candidate<'a>> = Vec::with_capacity(n);
    for capped in [true, false] {
        for c in &ranked {
            if chosen.len() == n {
                break;
            }
            if chosen.iter().any(|x| x.work == c.work) {
                continue;
            }
            let genre_full = c.genre.is_some()
                && chosen.iter().filter(|x| x.genre == c.genre).count() >= per_genre;
            let platform_full =
                chosen.iter().filter(|x| x.platform == c.platform).count() >= per_platform;
            if capped && (genre_full || platform_full) {
                continue;
            }
            chosen.push(*c);
        }
    }
    chosen.into_iter().map(|c| c.id).collect()
}

/// The rows of picks the visitor liked: at or above [`LIKED`] and their
/// own mean.
fn liked_picks(known: &[(u32, f32)]) -> Vec<u32> {
    let mean = known.iter().map(|&(_, r)| r).sum::<f32>() / known.len().max(1) as f32;
    known
        .iter()
        .filter(|&&(_, r)| r >= LIKED && r >= mean)
        .map(|&(i, _)| i)
        .collect()
}

/// The cosine of two items' rating vectors (−∞ for an item without one,
/// so it is never the closest).
fn item_cosine(m: &cartelera_mf::SvdModel, a: u32, b: u32) -> f32 {
    match (m.item_factors(a), m.item_factors(b)) {
        (Some(x), Some(y)) => cosine(x, y),
        _ => f32::NEG_INFINITY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: &str, work: u32, genre: Option<Genre>, platform: Platform) -> Candidate<'_> {
        Candidate {
            id,
            work,
            genre,
            platform,
        }
    }

    #[test]
    fn the_starter_set_spreads_over_works_genres_and_platforms() {
        let (a, d) = (Some(Genre::Animation), Some(Genre::Drama));
        let ranked = [
            c("ds1", 0, a, Platform::Disney),
            c("ns1", 0, a, Platform::Netflix), // same work as ds1
            c("ds2", 1, a, Platform::Disney),
            c("ds3", 2, a, Platform::Disney), // a third animation title
            c("ds4", 3, d, Platform::Disney), // a third Disney title
            c("ns2", 4, d, Platform::Netflix),
            c("hs1", 5, None, Platform::Hulu),
        ];
        assert_eq!(spread(ranked, 4, 2, 2), ["ds1", "ds2", "ns2", "hs1"]);
        // Too few within the caps: the best of the rest, one per work.
        assert_eq!(
            spread(ranked, 6, 2, 2),
            ["ds1", "ds2", "ns2", "hs1", "ds3", "ds4"]
        );
        assert_eq!(spread(ranked, 9, 1, 1).len(), 6, "one per work at most");
        assert!(spread(ranked, 0, 2, 2).is_empty());
    }
}
