//! Canonical taste axes and the keyword rules that map the four platforms'
//! genre strings onto them.
//!
//! The platforms use ~100 overlapping genre labels ("dramas", "tv dramas",
//! "drama"); tastes are planted on a small set of canonical axes so that the
//! structure is both strong enough to measure and recoverable by a
//! recommender that only sees the raw `listed_in` strings.

/// Number of canonical taste axes.
pub const N_AXES: usize = 18;

/// A title's membership vector over [`AXES`]: each hit axis gets
/// `1 / sqrt(number of hit axes)` (unit length), the others 0.
pub type AxisVector = [f32; N_AXES];

/// Canonical axis names, in the column order used by the ground-truth files.
pub const AXES: [&str; N_AXES] = [
    "horror",
    "comedy",
    "drama",
    "action & adventure",
    "thriller & crime",
    "romance",
    "sci-fi & fantasy",
    "kids & family",
    "animation & anime",
    "documentary & factual",
    "reality & lifestyle",
    "music",
    "sports",
    "international",
    "classics & indie",
    "faith & spirituality",
    "lgbtq & identity",
    "war & western",
];

/// Keyword rules, one list per axis (same order as [`AXES`]).
///
/// A keyword matches a genre label when it occurs at the start of a word
/// ("comed" matches "comedies" and "stand-up comedy", but "anima" would also
/// match "animals", which is why the rules spell "animation"). A leading `=`
/// asks for a whole word: "=cult" must not match "lifestyle & culture" and
/// "=war" must not match "warrior" or "award".
pub const AXIS_KEYWORDS: [&[&str]; N_AXES] = [
    &["horror", "slasher", "zombie"],
    &[
        "comed",
        "sitcom",
        "stand-up",
        "standup",
        "parody",
        "satire",
        "spoof",
        "sketch",
        "dramedy",
        "late night",
    ],
    &["drama", "dramedy", "melodrama", "docudrama", "soap"],
    &[
        "action",
        "adventure",
        "superhero",
        "martial arts",
        "disaster",
        "heist",
        "survival",
    ],
    &[
        "thriller",
        "crime",
        "mystery",
        "mysteries",
        "suspense",
        "police",
        "detective",
        "spy",
        "espionage",
        "noir",
        "=cop",
        "=cops",
    ],
    &["romance", "romantic", "romcom"],
    &[
        "sci-fi",
        "science fiction",
        "fantasy",
        "superhero",
        "supernatural",
    ],
    &[
        "kids",
        "family",
        "children",
        "cartoon",
        "coming of age",
        "teen",
        "young adult",
        "preschool",
    ],
    &["animation", "animated", "anime", "cartoon"],
    &[
        "documentar",
        "docuseries",
        "docudrama",
        "special interest",
        "historical",
        "history",
        "news",
        "science & nature",
        "nature",
        "biograph",
        "true crime",
        "educational",
    ],
    &[
        "reality",
        "unscripted",
        "lifestyle",
        "cooking",
        "food",
        "game show",
        "talk show",
        "variety",
        "late night",
        "fitness",
        "health",
        "wellness",
        "travel",
        "home & garden",
        "makeover",
    ],
    &["music", "concert", "dance"],
    &["sport"],
    &[
        "international",
        "korean",
        "spanish-language",
        "british",
        "latino",
        "foreign",
        "bollywood",
        "k-drama",
        "world cinema",
    ],
    &[
        "classic",
        "=cult",
        "arthouse",
        "art house",
        "independent",
        "indie",
    ],
    &[
        "faith",
        "spiritual",
        "religio",
        "christian",
        "inspirational",
    ],
    &["lgbtq", "lgbt", "=gay", "black stories", "african american"],
    &["military", "=war", "western"],
];

/// Index of an axis by its canonical name (case-insensitive).
pub fn axis_index(name: &str) -> Option<usize> {
    AXES.iter()
        .position(|a| a.eq_ignore_ascii_case(name.trim()))
}

/// Whether `keyword` (rule syntax of [`AXIS_KEYWORDS`]) matches inside the
/// lower-case genre label `label`.
fn keyword_matches(label: &str, keyword: &str) -> bool {
    let (kw, whole) = match keyword.strip_prefix('=') {
        Some(k) => (k, true),
        None => (keyword, false),
    };
    let bytes = label.as_bytes();
    label.match_indices(kw).any(|(pos, _)| {
        let starts_word = pos == 0 || !bytes[pos - 1].is_ascii_alphanumeric();
        let end = pos + kw.len();
        let ends_word = end >= bytes.len() || !bytes[end].is_ascii_alphanumeric();
        starts_word && (!whole || ends_word)
    })
}

/// Bit mask of the axes hit by one lower-case, trimmed genre label.
pub(crate) fn label_mask(label: &str) -> u32 {
    let mut mask = 0u32;
    for (axis, keywords) in AXIS_KEYWORDS.iter().enumerate() {
        if keywords.iter().any(|k| keyword_matches(label, k)) {
            mask |= 1 << axis;
        }
    }
    mask
}

/// Bit mask of the axes hit by a comma-separated genre list (bit k = axis k).
/// Labels are lower-cased first, so "Horror Movies" and "horror movies" agree.
pub fn axis_mask(listed_in: &str) -> u32 {
    listed_in
        .split(',')
        .map(|label| label.trim().to_ascii_lowercase())
        .filter(|label| !label.is_empty())
        .fold(0, |mask, label| mask | label_mask(&label))
}

/// Membership value of each hit axis for a mask: 1/sqrt(number of hits).
#[inline]
pub(crate) fn axis_value(mask: u32) -> f32 {
    // Indexed by popcount; 1/sqrt(k) computed once at compile time would need
    // const float math, so the table is spelled out (k = 0..=18).
    const INV_SQRT: [f32; N_AXES + 1] = [
        0.0, 1.0, 0.70710677, 0.57735026, 0.5, 0.4472136, 0.40824828, 0.37796447, 0.35355338,
        0.33333334, 0.31622776, 0.30151135, 0.28867513, 0.2773501, 0.26726124, 0.2581989, 0.25,
        0.24253562, 0.23570226,
    ];
    INV_SQRT[(mask & AXES_BITS).count_ones() as usize]
}

/// Bits of `N_AXES` axes.
pub(crate) const AXES_BITS: u32 = (1 << N_AXES) - 1;

/// Axis vector of a mask (see [`taste_axes`]).
pub(crate) fn vector_from_mask(mask: u32) -> AxisVector {
    let v = axis_value(mask);
    let mut x = [0f32; N_AXES];
    for (axis, slot) in x.iter_mut().enumerate() {
        if mask & (1 << axis) != 0 {
            *slot = v;
        }
    }
    x
}

/// Taste-axis vector x_i of a genre list: every hit axis gets
/// `1 / sqrt(k)` where k is the number of hit axes, so each title's vector
/// has unit length (a title in many genres is not "more" of every taste).
/// Genres that hit no rule contribute nothing; a list that hits nothing gives
/// the zero vector (the title then carries only bias/type/recency terms).
pub fn taste_axes(listed_in: &str) -> AxisVector {
    vector_from_mask(axis_mask(listed_in))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(listed_in: &str) -> Vec<&'static str> {
        let m = axis_mask(listed_in);
        (0..N_AXES)
            .filter(|k| m & (1 << k) != 0)
            .map(|k| AXES[k])
            .collect()
    }

    #[test]
    fn platform_labels_map_to_expected_axes() {
        assert_eq!(
            names("horror movies, international movies"),
            ["horror", "international"]
        );
        assert_eq!(names("stand-up comedy"), ["comedy"]);
        assert_eq!(names("tv mysteries"), ["thriller & crime"]);
        assert_eq!(names("kids' tv"), ["kids & family"]);
        assert_eq!(names("cartoons"), ["kids & family", "animation & anime"]);
        assert_eq!(names("anime series"), ["animation & anime"]);
        assert_eq!(names("science & nature tv"), ["documentary & factual"]);
        assert_eq!(names("animals & nature"), ["documentary & factual"]);
        assert_eq!(names("military and war"), ["war & western"]);
        assert_eq!(names("lifestyle & culture"), ["reality & lifestyle"]);
        assert_eq!(names("cult movies"), ["classics & indie"]);
        assert_eq!(names("sci-fi & fantasy"), ["sci-fi & fantasy"]);
        assert_eq!(
            names("superhero"),
            ["action & adventure", "sci-fi & fantasy"]
        );
        assert_eq!(names("Spanish-Language TV Shows"), ["international"]);
        assert_eq!(names("faith & spirituality"), ["faith & spirituality"]);
        assert_eq!(names("lgbtq movies"), ["lgbtq & identity"]);
        assert_eq!(names("sports movies"), ["sports"]);
        assert_eq!(names("music videos and concerts"), ["music"]);
    }

    #[test]
    fn word_boundaries_prevent_false_hits() {
        assert!(names("award winners").is_empty());
        assert!(names("animals").iter().all(|a| *a != "animation & anime"));
        assert!(names("tv shows, movies").is_empty());
    }

    #[test]
    fn vectors_are_unit_length_or_zero() {
        for k in 0..=N_AXES {
            assert!(
                (axis_value((1u32 << k) - 1) * (k as f32).sqrt() - (k > 0) as u8 as f32).abs()
                    < 1e-6
            );
        }
        for s in [
            "drama",
            "horror, comedy, romance",
            "",
            "movies",
            "cartoons, anime",
        ] {
            let x = taste_axes(s);
            let n2: f32 = x.iter().map(|v| v * v).sum();
            assert!(n2 == 0.0 || (n2 - 1.0).abs() < 1e-5, "{s}: {n2}");
        }
        assert_eq!(taste_axes("drama")[axis_index("drama").unwrap()], 1.0);
        assert_eq!(axis_index("HORROR"), Some(0));
        assert_eq!(axis_index("nope"), None);
    }
}
