//! Which platform fits a visitor: from their picks (an imported history
//! or rated by hand), how much of what the taste model would recommend
//! each platform carries, how good its best titles are for them, and how
//! much of what they have already seen is there.

use std::collections::HashSet;

use cartelera_core::{Lang, Platform};
use cartelera_recommender::{RecommendFilter, TasteRecommender};
use serde::Serialize;

/// How many of the visitor's best works are counted per platform.
pub const TOP_WORKS: usize = 100;
/// How many of a platform's titles its mean predicted rating averages.
pub const BEST_OF_PLATFORM: usize = 20;

/// One platform's fit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlatformScore {
    /// The platform (`amazon`, `disney`, `hulu`, `netflix`).
    pub platform: Platform,
    /// How many of the visitor's top [`TOP_WORKS`] works it carries.
    pub top_carried: usize,
    /// The visitor's mean predicted rating (stars, 0.5–5) of the platform's
    /// [`BEST_OF_PLATFORM`] best titles for them, seen ones left out.
    pub best_mean: f32,
    /// How many of the works the visitor has seen it carries.
    pub seen_carried: usize,
    /// The one-line reason, in English (the page renders [`PlatformScore::reason`]).
    pub reason: String,
}

/// Every platform's fit, best first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlatformFit {
    /// Picks the model knew (the rest are not in its catalog).
    pub picks_used: usize,
    /// Works the visitor has seen.
    pub seen: usize,
    /// Best first: by `top_carried`, then `best_mean`, then `seen_carried`.
    pub platforms: Vec<PlatformScore>,
}

impl PlatformScore {
    /// The reason in `lang`, e.g. "Carries 38 of your top 100; its 20 best
    /// for you average 4.3★; 12 of the 40 titles you have seen".
    pub fn reason(&self, lang: Lang, seen: usize) -> String {
        let stars = lang.dec(f64::from(self.best_mean), 1);
        let seen_part = if seen == 0 {
            String::new()
        } else {
            lang.pick(
                format!(
                    "; {} de los {} títulos que has visto",
                    self.seen_carried, seen
                ),
                format!(
                    "; {} of the {} titles you have seen",
                    self.seen_carried, seen
                ),
            )
        };
        lang.pick(
            format!(
                "Tiene {} de tus {TOP_WORKS} mejores; sus {BEST_OF_PLATFORM} mejores para ti promedian {stars}★{seen_part}",
                self.top_carried
            ),
            format!(
                "Carries {} of your top {TOP_WORKS}; its {BEST_OF_PLATFORM} best for you average {stars}★{seen_part}",
                self.top_carried
            ),
        )
    }
}

/// Ranks the platforms for a visitor who rated `picks` and has seen the
/// works `seen` (work ids); `None` when no pick is a title the model
/// knows (nothing to go on).
pub fn platform_fit(
    taste: &TasteRecommender,
    picks: &[(String, f32)],
    seen: &[&str],
) -> Option<PlatformFit> {
    let predicted = taste.visitor_ratings(picks)?;
    let catalog = taste.catalog();
    let titles = catalog.titles();
    let picks_used = picks
        .iter()
        .filter(|(id, _)| catalog.row_of(id).is_some_and(|r| predicted[r].is_some()))
        .count();
    let top = taste.recommend(picks, &[], TOP_WORKS, &RecommendFilter::default());
    let seen_set: HashSet<&str> = seen.iter().copied().collect();
    let picked: HashSet<usize> = picks
        .iter()
        .filter_map(|(id, _)| catalog.row_of(id))
        .filter_map(|r| taste.work_of_row(r))
        .map(|w| w as usize)
        .collect();
    let mut platforms: Vec<PlatformScore> = Platform::ALL
        .into_iter()
        .map(|platform| {
            let top_carried = top
                .items
                .iter()
                .filter(|item| item.platform == Some(platform) || item.also_on.contains(&platform))
                .count();
            let mut best: Vec<f32> = titles
                .iter()
                .enumerate()
                .filter(|(r, t)| {
                    t.platform == platform
                        && !seen_set.contains(t.work_id.as_str())
                        && !taste
                            .work_of_row(*r)
                            .is_some_and(|w| picked.contains(&(w as usize)))
                })
                .filter_map(|(r, _)| predicted[r])
                .collect();
            best.sort_unstable_by(|a, b| b.total_cmp(a));
            best.truncate(BEST_OF_PLATFORM);
            let best_mean = if best.is_empty() {
                0.0
            } else {
                best.iter().sum::<f32>() / best.len() as f32
            };
            let carried: HashSet<&str> = titles
                .iter()
                .filter(|t| t.platform == platform && seen_set.contains(t.work_id.as_str()))
                .map(|t| t.work_id.as_str())
                .collect();
            PlatformScore {
                platform,
                top_carried,
                best_mean,
                seen_carried: carried.len(),
                reason: String::new(),
            }
        })
        .collect();
    platforms.sort_by(|a, b| {
        b.top_carried
            .cmp(&a.top_carried)
            .then(b.best_mean.total_cmp(&a.best_mean))
            .then(b.seen_carried.cmp(&a.seen_carried))
            .then(a.platform.cmp(&b.platform))
    });
    for p in &mut platforms {
        p.reason = p.reason(Lang::En, seen_set.len());
    }
    Some(PlatformFit {
        picks_used,
        seen: seen_set.len(),
        platforms,
    })
}
