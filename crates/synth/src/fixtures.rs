//! A fabricated catalogue with realistic genre strings, for benches, tests
//! and demos when the real catalogue is not at hand. Not real data.

use cartelera_det::Rng;

use crate::streams::stream;
use crate::SynthTitle;

/// Per platform: id initial, share of the real catalogue (9,668 amazon,
/// 1,450 disney, 3,073 hulu, 8,807 netflix = 22,998), share of movies, and
/// the platform's genre labels, most common first.
const PLATFORMS: [(char, f64, f64, &[&str]); 4] = [
    (
        'a',
        9668.0,
        0.65,
        &[
            "drama",
            "comedy",
            "action",
            "suspense",
            "kids",
            "documentary",
            "special interest",
            "horror",
            "romance",
            "animation",
            "science fiction",
            "international",
            "arthouse",
            "fitness",
            "western",
            "military and war",
            "music videos and concerts",
            "anime",
            "sports",
            "faith and spirituality",
            "lgbtq",
            "unscripted",
            "young adult audience",
        ],
    ),
    (
        'd',
        1450.0,
        0.65,
        &[
            "family",
            "animation",
            "comedy",
            "action-adventure",
            "animals & nature",
            "coming of age",
            "fantasy",
            "documentary",
            "kids",
            "musical",
            "science fiction",
            "superhero",
            "biographical",
            "historical",
            "drama",
            "docuseries",
            "reality",
            "sports",
            "buddy",
            "anthology",
        ],
    ),
    (
        'h',
        3073.0,
        0.35,
        &[
            "drama",
            "comedy",
            "documentaries",
            "reality",
            "thriller",
            "crime",
            "sitcom",
            "horror",
            "international",
            "anime",
            "adult animation",
            "cooking & food",
            "news",
            "late night",
            "game shows",
            "black stories",
            "latino",
            "lifestyle & culture",
            "teen",
            "cartoons",
            "science fiction",
            "mystery",
            "romance",
            "sports",
            "kids",
            "family",
            "music",
        ],
    ),
    (
        'n',
        8807.0,
        0.62,
        &[
            "international movies",
            "dramas",
            "comedies",
            "international tv shows",
            "documentaries",
            "action & adventure",
            "tv dramas",
            "independent movies",
            "children & family movies",
            "romantic movies",
            "tv comedies",
            "thrillers",
            "crime tv shows",
            "kids' tv",
            "docuseries",
            "music & musicals",
            "romantic tv shows",
            "horror movies",
            "stand-up comedy",
            "reality tv",
            "british tv shows",
            "sci-fi & fantasy",
            "sports movies",
            "korean tv shows",
            "anime series",
            "spanish-language tv shows",
            "tv action & adventure",
            "classic movies",
            "lgbtq movies",
            "tv mysteries",
            "science & nature tv",
            "tv horror",
            "cult movies",
            "faith & spirituality",
            "tv thrillers",
        ],
    ),
];

/// Index drawn ∝ `weights`.
fn pick(rng: &mut Rng, weights: impl Iterator<Item = f64> + Clone) -> usize {
    let total: f64 = weights.clone().sum();
    let mut x = rng.f64() * total;
    let mut last = 0;
    for (k, w) in weights.enumerate() {
        if x < w {
            return k;
        }
        x -= w;
        last = k;
    }
    last
}

/// `n` fabricated titles: platforms in the real catalogue's proportions,
/// ids like `ns2186`, ~60 % movies, 1–3 distinct genres from the platform's
/// labels (Zipf-weighted), release years skewed to recent (1920–2021), and
/// 0.5 % without genres. Deterministic in `seed`.
pub fn demo_titles(n: usize, seed: u64) -> Vec<SynthTitle> {
    let mut rng = stream(seed, 0xF1C7, 0);
    let mut next_id = [1u32; 4];
    (0..n)
        .map(|_| {
            let platform = pick(&mut rng, PLATFORMS.iter().map(|p| p.1));
            let (initial, _, movie_share, labels) = PLATFORMS[platform];
            let listed_in = if rng.f64() < 0.005 {
                None
            } else {
                let k = 1 + pick(&mut rng, [0.35, 0.35, 0.30].into_iter());
                let mut chosen: Vec<usize> = Vec::new();
                while chosen.len() < k {
                    let g = pick(
                        &mut rng,
                        (0..labels.len()).map(|r| (r as f64 + 1.0).powf(-0.8)),
                    );
                    if !chosen.contains(&g) {
                        chosen.push(g);
                    }
                }
                Some(
                    chosen
                        .iter()
                        .map(|&g| labels[g])
                        .collect::<Vec<_>>()
                        .join(", "),
                )
            };
            let release_year = if rng.f64() < 0.1 {
                1920 + rng.below(71) as i32
            } else {
                (2021 - (-8.0 * (1.0 - rng.f64()).ln()) as i32).max(1920)
            };
            let id = format!("{initial}s{}", next_id[platform]);
            next_id[platform] += 1;
            SynthTitle {
                id,
                listed_in,
                is_movie: rng.f64() < movie_share,
                release_year,
                platform: platform as u8,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_titles_look_like_the_catalogue() {
        let t = demo_titles(22_998, 42);
        assert_eq!(t, demo_titles(22_998, 42));
        let ids: std::collections::HashSet<&str> = t.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids.len(), t.len());
        let movies = t.iter().filter(|x| x.is_movie).count() as f64 / t.len() as f64;
        assert!((0.55..0.65).contains(&movies), "{movies}");
        let netflix = t.iter().filter(|x| x.platform == 3).count() as f64 / t.len() as f64;
        assert!((netflix - 0.383).abs() < 0.02, "{netflix}");
        assert!(t.iter().all(|x| (1920..=2021).contains(&x.release_year)));
        let with_axes = t
            .iter()
            .filter(|x| x.listed_in.as_deref().map(crate::axis_mask).unwrap_or(0) != 0);
        assert!(with_axes.count() as f64 > 0.95 * t.len() as f64);
    }
}
