//! The hybrid model's evaluation, side by side with its references, as one
//! pure function ([`evaluate_hybrid`]) and a printable table
//! ([`HybridReport`]'s `Display`), so the example, the tests and a training
//! command print the same numbers:
//!
//! * (a) RMSE / MAE on a seeded 20 % of the ratings: the hybrid, the plain
//!   biased SVD with Surprise's defaults, the hybrid's own settings with no
//!   features (the collaborative part alone), `BaselineOnly`;
//! * (b) cold start: 20 % of the rated items held out of training entirely
//!   ([`super::cold_item_split`]), every cold item ranked for every user
//!   who rated one: the hybrid, a content profile, feature popularity;
//! * (c) new visitors: 20 % of the users held out, each folded in from 5
//!   ratings, the whole catalogue (minus those 5) ranked: the hybrid,
//!   popularity, a content profile.

use super::{
    cold_item_split, content_profile, feature_popularity, fit_hybrid, new_visitor_split,
    profile_score, rank_candidates, HybridParams, ItemFeatures, RankCase,
};
use crate::baseline::{BaselineOnly, BaselineOptions};
use crate::clock::default_clock;
use crate::data::{split, Ratings};
use crate::error::MfError;
use crate::eval::evaluate;
use crate::foldin::{fold_in, FoldInOptions};
use crate::metrics::RankingScores;
use crate::params::SvdParams;
use crate::train::fit;
use std::fmt;

/// Settings of [`evaluate_hybrid`].
#[derive(Clone, Debug, PartialEq)]
pub struct EvalOptions {
    /// Share of the ratings in the test set of (a).
    pub test_size: f64,
    /// Share of the rated items held out in (b).
    pub cold_fraction: f64,
    /// Share of the users held out in (c).
    pub visitor_fraction: f64,
    /// Ratings each visitor gives in (c).
    pub n_given: usize,
    /// Seed of the three splits.
    pub seed: u64,
    /// List length of the ranking metrics.
    pub k: usize,
    /// A held-out rating at or above this is a hit.
    pub threshold: f32,
    /// Ridge of the visitors' fold-in.
    pub fold_in: FoldInOptions,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            test_size: 0.2,
            cold_fraction: 0.2,
            visitor_fraction: 0.2,
            n_given: 5,
            seed: 0,
            k: 10,
            threshold: 4.0,
            fold_in: FoldInOptions {
                lambda: 5.0,
                lambda_per_rating: 0.0,
            },
        }
    }
}

/// One row of (a).
#[derive(Clone, Debug, PartialEq)]
pub struct AccuracyRow {
    /// Model name.
    pub name: String,
    /// Test RMSE.
    pub rmse: f64,
    /// Test MAE.
    pub mae: f64,
    /// Seconds to fit (0 on wasm32).
    pub fit_seconds: f64,
}

/// One row of (b) or (c).
#[derive(Clone, Debug, PartialEq)]
pub struct RankRow {
    /// Ranker name.
    pub name: String,
    /// Recall, NDCG, and hits per list (precision × k) at k.
    pub scores: RankingScores,
}

/// Everything [`evaluate_hybrid`] measured.
#[derive(Clone, Debug, PartialEq)]
pub struct HybridReport {
    /// The settings used.
    pub options: EvalOptions,
    /// (a), the hybrid first.
    pub accuracy: Vec<AccuracyRow>,
    /// (b), the hybrid first.
    pub cold: Vec<RankRow>,
    /// (c), the hybrid first.
    pub visitor: Vec<RankRow>,
    /// Test ratings of (a).
    pub n_test: usize,
    /// Cold items of (b).
    pub n_cold_items: usize,
    /// Visitors of (c).
    pub n_visitors: usize,
}

impl HybridReport {
    /// The row of (a) named `name`.
    pub fn accuracy_of(&self, name: &str) -> Option<&AccuracyRow> {
        self.accuracy.iter().find(|r| r.name == name)
    }
}

fn row(name: &str, scores: RankingScores) -> RankRow {
    RankRow {
        name: name.to_string(),
        scores,
    }
}

/// Held-out ratings grouped by user, as rank cases with nothing given.
fn cases_of(test: &Ratings) -> Vec<RankCase> {
    let mut by_user: Vec<Vec<(u32, f32)>> = vec![Vec::new(); test.n_users as usize];
    for (u, i, r) in test.iter() {
        by_user[u as usize].push((i, r));
    }
    by_user
        .into_iter()
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(u, truth)| RankCase {
            user: u as u32,
            given: Vec::new(),
            truth,
        })
        .collect()
}

/// Run (a)–(c) on `ratings` with `features` (module docs).
pub fn evaluate_hybrid(
    ratings: &Ratings,
    features: &ItemFeatures,
    params: &HybridParams,
    opts: &EvalOptions,
) -> Result<HybridReport, MfError> {
    let clock = default_clock();
    let (k, th) = (opts.k, opts.threshold);

    // (a) rating accuracy.
    let (train, test) = split(ratings, opts.test_size, opts.seed)?;
    let mut accuracy = Vec::new();
    let t = clock();
    let (hybrid, _) = fit_hybrid(&train, features, params, &mut |_| {})?;
    let secs = clock() - t;
    let mut push = |name: &str, s: crate::eval::Scores, fit_seconds: f64| {
        accuracy.push(AccuracyRow {
            name: name.to_string(),
            rmse: s.rmse,
            mae: s.mae,
            fit_seconds,
        })
    };
    push("hybrid", evaluate(&hybrid.svd, &test), secs);
    let t = clock();
    let (svd, _) = fit(&train, &SvdParams::default(), &mut |_| {})?;
    push(
        "SVD (Surprise defaults)",
        evaluate(&svd, &test),
        clock() - t,
    );
    let t = clock();
    let none = ItemFeatures::none(train.n_items);
    let (plain, _) = fit_hybrid(&train, &none, params, &mut |_| {})?;
    push(
        "hybrid without features",
        evaluate(&plain.svd, &test),
        clock() - t,
    );
    let t = clock();
    let bsl = BaselineOnly::fit(&train, &BaselineOptions::default())?;
    push("BaselineOnly", evaluate(&bsl, &test), clock() - t);

    // (b) cold start.
    let cold = cold_item_split(ratings, opts.cold_fraction, opts.seed)?;
    let (hybrid, _) = fit_hybrid(&cold.train, features, params, &mut |_| {})?;
    let cases = cases_of(&cold.test);
    let m = &hybrid.svd;
    let hyb_rating = rank_candidates(&cases, &cold.cold_items, k, th, &mut |c, i| {
        m.predict(Some(cases[c].user), Some(i)).raw
    });
    let implicit_of = |u: u32| -> Vec<f32> {
        hybrid
            .implicit
            .as_ref()
            .and_then(|imp| imp.user(u))
            .map_or_else(Vec::new, |x| x.to_vec())
    };
    let xs: Vec<Vec<f32>> = cases.iter().map(|c| implicit_of(c.user)).collect();
    let hyb = rank_candidates(&cases, &cold.cold_items, k, th, &mut |c, i| {
        hybrid.rank_score(&xs[c], i, m.predict(Some(cases[c].user), Some(i)).raw)
    });
    let mut history: Vec<Vec<(u32, f32)>> = vec![Vec::new(); ratings.n_users as usize];
    for (u, i, r) in cold.train.iter() {
        history[u as usize].push((i, r));
    }
    let mu = cold.train.mean() as f32;
    let profiles: Vec<Vec<f32>> = cases
        .iter()
        .map(|c| content_profile(features, &history[c.user as usize], mu))
        .collect();
    let content = rank_candidates(&cases, &cold.cold_items, k, th, &mut |c, i| {
        profile_score(features, &profiles[c], i)
    });
    let fpop = feature_popularity(&cold.train, features);
    let pop = rank_candidates(&cases, &cold.cold_items, k, th, &mut |_, i| {
        fpop[i as usize]
    });
    let cold_rows = vec![
        row("hybrid", hyb),
        row("hybrid's rating part alone", hyb_rating),
        row("content profile", content),
        row("feature popularity", pop),
    ];

    // (c) new visitors.
    let vs = new_visitor_split(ratings, opts.visitor_fraction, opts.n_given, opts.seed)?;
    let (hybrid, _) = fit_hybrid(&vs.train, features, params, &mut |_| {})?;
    let m = &hybrid.svd;
    let folded: Vec<Option<crate::foldin::FoldedUser>> = vs
        .cases
        .iter()
        .map(|c| {
            let known: Vec<(u32, f32)> = c
                .given
                .iter()
                .copied()
                .filter(|g| m.knows_item(g.0))
                .collect();
            fold_in(m, &known, &opts.fold_in).ok()
        })
        .collect();
    let around_mean: Vec<Option<crate::foldin::FoldedUser>> = vs
        .cases
        .iter()
        .map(|c| {
            let known: Vec<(u32, f32)> = c
                .given
                .iter()
                .copied()
                .filter(|g| m.knows_item(g.0))
                .collect();
            hybrid.fold_in_visitor(&known, &opts.fold_in).ok()
        })
        .collect();
    let all: Vec<u32> = (0..ratings.n_items).collect();
    let xs: Vec<Vec<f32>> = vs
        .cases
        .iter()
        .map(|c| {
            let items: Vec<u32> = c.given.iter().map(|g| g.0).collect();
            hybrid.fold_in_visitor_implicit(&items)
        })
        .collect();
    let hyb_ranked = rank_candidates(&vs.cases, &all, k, th, &mut |c, i| {
        let r = match &around_mean[c] {
            Some(f) => f.predict(m, Some(i)).raw,
            None => m.predict(None, Some(i)).raw,
        };
        hybrid.rank_score(&xs[c], i, r)
    });
    let visitor_profiles: Vec<Vec<f32>> = vs
        .cases
        .iter()
        .map(|c| super::taste::visitor_profile(features, &c.given, m.mu))
        .collect();
    let hyb_content = rank_candidates(&vs.cases, &all, k, th, &mut |c, i| {
        let r = match &around_mean[c] {
            Some(f) => f.predict(m, Some(i)).raw,
            None => m.predict(None, Some(i)).raw,
        };
        hybrid.rank_score(&xs[c], i, r)
            + super::taste::VISITOR_CONTENT_WEIGHT
                * profile_score(features, &visitor_profiles[c], i)
    });
    let hyb_mean = rank_candidates(&vs.cases, &all, k, th, &mut |c, i| match &around_mean[c] {
        Some(f) => f.predict(m, Some(i)).raw,
        None => m.predict(None, Some(i)).raw,
    });
    let mean_user = hybrid.mean_user();
    let hyb_avg = rank_candidates(&vs.cases, &all, k, th, &mut |_, i| {
        mean_user.predict(m, Some(i)).raw
    });
    let hyb = rank_candidates(&vs.cases, &all, k, th, &mut |c, i| match &folded[c] {
        Some(f) => f.predict(m, Some(i)).raw,
        None => m.predict(None, Some(i)).raw,
    });
    let counts = vs.train.item_counts();
    let pop = rank_candidates(&vs.cases, &all, k, th, &mut |_, i| {
        counts[i as usize] as f32
    });
    let mu = vs.train.mean() as f32;
    let profiles: Vec<Vec<f32>> = vs
        .cases
        .iter()
        .map(|c| content_profile(features, &c.given, mu))
        .collect();
    let content = rank_candidates(&vs.cases, &all, k, th, &mut |c, i| {
        profile_score(features, &profiles[c], i)
    });
    let visitor_rows = vec![
        row("hybrid (ranking score)", hyb_ranked),
        row(
            "hybrid + the visitor's content profile (what visitors get)",
            hyb_content,
        ),
        row(
            "hybrid's rating part (fold-in around the mean user)",
            hyb_mean,
        ),
        row("hybrid's rating part (fold-in around 0)", hyb),
        row("hybrid's mean user (no fold-in)", hyb_avg),
        row("popularity", pop),
        row("content profile", content),
    ];
    Ok(HybridReport {
        options: opts.clone(),
        accuracy,
        cold: cold_rows,
        visitor: visitor_rows,
        n_test: test.len(),
        n_cold_items: cold.cold_items.len(),
        n_visitors: vs.cases.len(),
    })
}

impl fmt::Display for HybridReport {
    /// Three Markdown tables, ready for the docs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = &self.options;
        writeln!(
            f,
            "(a) rating accuracy, {} test ratings ({:.0} %, seed {})\n",
            self.n_test,
            o.test_size * 100.0,
            o.seed
        )?;
        writeln!(f, "| model | RMSE | MAE | fit (s) |\n|---|---|---|---|")?;
        for r in &self.accuracy {
            writeln!(
                f,
                "| {} | {:.4} | {:.4} | {:.2} |",
                r.name, r.rmse, r.mae, r.fit_seconds
            )?;
        }
        let k = o.k;
        let table = |f: &mut fmt::Formatter<'_>, rows: &[RankRow]| -> fmt::Result {
            writeln!(
                f,
                "| ranker | NDCG@{k} | recall@{k} | hits per top {k} | users |\n|---|---|---|---|---|"
            )?;
            for r in rows {
                writeln!(
                    f,
                    "| {} | {:.4} | {:.4} | {:.3} | {} |",
                    r.name,
                    r.scores.ndcg,
                    r.scores.recall,
                    r.scores.precision * k as f64,
                    r.scores.n_users
                )?;
            }
            Ok(())
        };
        writeln!(
            f,
            "\n(b) cold start: {} items ({:.0} %) held out of training, ranked for their raters (hit: rating >= {})\n",
            self.n_cold_items,
            o.cold_fraction * 100.0,
            o.threshold
        )?;
        table(f, &self.cold)?;
        writeln!(
            f,
            "\n(c) new visitors: {} users ({:.0} %) held out, {} ratings folded in (λ = {}), the rest of the catalogue ranked (hit: rating >= {})\n",
            self.n_visitors,
            o.visitor_fraction * 100.0,
            o.n_given,
            o.fold_in.lambda,
            o.threshold
        )?;
        table(f, &self.visitor)
    }
}
