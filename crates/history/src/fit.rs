//! Which platform fits a visitor: from their picks (an imported history
//! or rated by hand), how much of what the taste model would recommend
//! each platform carries, how good its best titles are for them, and how
//! much of what they have already seen is there.

use std::collections::HashSet;

use cartelera_core::{Lang, ParamError, Params, Platform};
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

/// What a shared "which platform fits" link carries: the ranking and its
/// numbers, never the history behind them (no title, no rating). The page
/// writes it as `?view=fit&fit=netflix:66:4.3:12,…&seen_count=40` and reads
/// it back with [`FitSummary::parse`].
#[derive(Clone, Debug, PartialEq)]
pub struct FitSummary {
    /// How many works the visitor had seen.
    pub seen: usize,
    /// Best first, as ranked when shared (`reason` in English).
    pub platforms: Vec<PlatformScore>,
}

impl PlatformFit {
    /// The part of this fit a link may carry.
    pub fn summary(&self) -> FitSummary {
        FitSummary {
            seen: self.seen,
            platforms: self.platforms.clone(),
        }
    }
}

impl FitSummary {
    /// The parameters of a shared fit.
    pub const PARAMS: [&'static str; 2] = ["fit", "seen_count"];

    /// What `fit` takes (the page says it in Spanish too).
    pub const EXPECTED: &'static str = "up to four PLATFORM:TOP:STARS:SEEN entries separated by commas, each platform once, such as netflix:66:4.3:12 (TOP at most 100, STARS 0 to 5, SEEN at most seen_count)";

    /// The link's parameters: `fit` (each platform's figures, best first,
    /// stars to one decimal as the reason shows them) and `seen_count`.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let fit = self
            .platforms
            .iter()
            .map(|p| {
                format!(
                    "{}:{}:{:.1}:{}",
                    p.platform.as_str(),
                    p.top_carried,
                    p.best_mean,
                    p.seen_carried
                )
            })
            .collect::<Vec<_>>()
            .join(",");
        vec![("fit", fit), ("seen_count", self.seen.to_string())]
    }

    /// Reads a shared fit strictly (a link edited by hand is refused
    /// naming the entry, as every request parser does).
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<FitSummary, ParamError> {
        let values = Params::collect("fit", &Self::PARAMS, pairs)?;
        let seen = values
            .parse("seen_count", |name, text| {
                // Zero is a count here: nothing seen.
                text.trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n <= crate::read::MAX_ROWS)
                    .ok_or_else(|| {
                        ParamError::new(
                            name,
                            text,
                            &format!("a whole number from 0 to {}", crate::read::MAX_ROWS),
                        )
                    })
            })?
            .unwrap_or(0);
        let text = values
            .get("fit")
            .ok_or_else(|| ParamError::new("fit", "", Self::EXPECTED))?;
        let mut platforms: Vec<PlatformScore> = Vec::new();
        for entry in text.split(',').map(str::trim) {
            let bad = || ParamError::new("fit", entry, Self::EXPECTED);
            let parts: Vec<&str> = entry.split(':').collect();
            let [platform, top, stars, carried] = parts[..] else {
                return Err(bad());
            };
            let platform: Platform = platform.parse().map_err(|_| bad())?;
            let top_carried: usize = top.parse().map_err(|_| bad())?;
            let best_mean: f32 = stars.parse().map_err(|_| bad())?;
            let seen_carried: usize = carried.parse().map_err(|_| bad())?;
            let duplicate = platforms.iter().any(|p| p.platform == platform);
            if duplicate
                || top_carried > TOP_WORKS
                || !(0.0..=5.0).contains(&best_mean)
                || seen_carried > seen
            {
                return Err(bad());
            }
            let mut score = PlatformScore {
                platform,
                top_carried,
                best_mean,
                seen_carried,
                reason: String::new(),
            };
            score.reason = score.reason(Lang::En, seen);
            platforms.push(score);
        }
        Ok(FitSummary { seen, platforms })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(platform: Platform, top: usize, mean: f32, seen: usize) -> PlatformScore {
        let mut s = PlatformScore {
            platform,
            top_carried: top,
            best_mean: mean,
            seen_carried: seen,
            reason: String::new(),
        };
        s.reason = s.reason(Lang::En, 40);
        s
    }

    #[test]
    fn a_shared_fit_round_trips_its_ranking_and_carries_nothing_else() {
        let fit = PlatformFit {
            picks_used: 50,
            seen: 40,
            platforms: vec![
                score(Platform::Netflix, 66, 4.34, 12),
                score(Platform::Disney, 20, 4.06, 3),
                score(Platform::Hulu, 10, 3.9, 0),
                score(Platform::Amazon, 4, 3.5, 1),
            ],
        };
        let params = fit.summary().to_params();
        assert_eq!(
            params,
            vec![
                (
                    "fit",
                    "netflix:66:4.3:12,disney:20:4.1:3,hulu:10:3.9:0,amazon:4:3.5:1".to_string()
                ),
                ("seen_count", "40".to_string()),
            ]
        );
        let back =
            FitSummary::parse(params.iter().map(|(k, v)| (*k, v.as_str()))).expect("read back");
        assert_eq!(back.seen, 40);
        let order: Vec<Platform> = back.platforms.iter().map(|p| p.platform).collect();
        assert_eq!(
            order,
            [
                Platform::Netflix,
                Platform::Disney,
                Platform::Hulu,
                Platform::Amazon
            ]
        );
        assert_eq!(back.platforms[0].top_carried, 66);
        assert_eq!(back.platforms[0].best_mean, 4.3);
        assert_eq!(
            back.platforms[0].reason,
            "Carries 66 of your top 100; its 20 best for you average 4.3★; 12 of the 40 titles you have seen"
        );
    }

    #[test]
    fn a_bad_shared_fit_is_refused_naming_the_entry() {
        let parse = |fit: &str, seen: &str| {
            FitSummary::parse([("fit", fit), ("seen_count", seen)]).map_err(|e| e.to_string())
        };
        for (fit, seen, named) in [
            ("netflix:66:4.3:12,netflix:1:1:0", "40", "netflix:1:1:0"),
            ("netflix:101:4.3:0", "0", "netflix:101:4.3:0"),
            ("netflix:6:5.5:0", "0", "netflix:6:5.5:0"),
            ("netflix:6:4:41", "40", "netflix:6:4:41"),
            ("max:6:4:1", "40", "max:6:4:1"),
            ("netflix:6:4", "40", "netflix:6:4"),
            ("netflix:6:NaN:0", "40", "NaN"),
        ] {
            let err = parse(fit, seen).unwrap_err();
            assert!(err.contains(named) && err.contains("fit"), "{fit}: {err}");
        }
        assert!(FitSummary::parse([("seen_count", "3")]).is_err());
        assert!(parse("hulu:1:3:0", "-1")
            .unwrap_err()
            .contains("seen_count"));
        assert_eq!(parse("hulu:1:3:0", "0").map(|f| f.seen), Ok(0));
        let unknown = FitSummary::parse([("fit", "hulu:1:3:0"), ("history", "x")]).unwrap_err();
        assert!(unknown.to_string().contains("history"), "{unknown}");
    }
}
