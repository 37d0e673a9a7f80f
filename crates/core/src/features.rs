//! A title's content features: the words the taste model describes a title
//! with, so that a title nobody rated still gets a taste vector.
//!
//! A feature is a name `kind:value` ([`FeatureKind`]): `genre:animation`
//! (canonical genres, [`crate::genres`]), `type:movie`, `decade:1990`,
//! `age:7+`, `country:france`, `director:pete docter`, `cast:tom hanks`
//! (the first [`TOP_CAST`] billed), `term:mafia` (description words). The
//! same function describes a catalog title for training and in the
//! browser, so a vector composed on the page is the one trained
//! ([`title_features`], [`movielens_features`] for MovieLens movies that
//! are not in the catalog). The trainer keeps the names frequent enough to
//! learn ([`Vocabulary::build`]); everyone else looks titles up in the
//! kept list ([`Vocabulary::weighted`]), with weights per kind so that a
//! title's genres count more than one word of its synopsis.

use std::collections::{BTreeMap, HashMap};

use crate::genres::{genres_of_listed_in, genres_of_movielens_list, AgeBand, Genre};
use crate::lang::Lang;
use crate::model::{Title, TitleType};

/// Billed cast members that become features.
pub const TOP_CAST: usize = 4;
/// Countries that become features (the first listed).
pub const TOP_COUNTRIES: usize = 2;

/// What a feature says about a title.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FeatureKind {
    /// A canonical genre (`genre:<code>`).
    Genre,
    /// Movie or show (`type:movie`, `type:show`).
    Type,
    /// Release decade (`decade:1990`).
    Decade,
    /// Age band (`age:<code>`).
    Age,
    /// Production country (`country:<name>`).
    Country,
    /// A director (`director:<name>`).
    Director,
    /// A top-billed cast member (`cast:<name>`).
    Cast,
    /// A word of the synopsis (`term:<word>`).
    Term,
}

impl FeatureKind {
    /// Every kind, in name order of their prefixes' importance.
    pub const ALL: [FeatureKind; 8] = [
        FeatureKind::Genre,
        FeatureKind::Type,
        FeatureKind::Decade,
        FeatureKind::Age,
        FeatureKind::Country,
        FeatureKind::Director,
        FeatureKind::Cast,
        FeatureKind::Term,
    ];

    /// The prefix before `:` in a feature name.
    pub fn prefix(self) -> &'static str {
        match self {
            FeatureKind::Genre => "genre",
            FeatureKind::Type => "type",
            FeatureKind::Decade => "decade",
            FeatureKind::Age => "age",
            FeatureKind::Country => "country",
            FeatureKind::Director => "director",
            FeatureKind::Cast => "cast",
            FeatureKind::Term => "term",
        }
    }

    /// The kind of a feature name and its value, `None` for a name without
    /// a known prefix.
    pub fn split(name: &str) -> Option<(FeatureKind, &str)> {
        let (prefix, value) = name.split_once(':')?;
        let kind = FeatureKind::ALL
            .into_iter()
            .find(|k| k.prefix() == prefix)?;
        Some((kind, value))
    }

    /// Relative weight of one feature of this kind in a title's vector,
    /// before normalisation: genres and people say most about taste, a
    /// synopsis word least (chosen on the MovieLens evaluation in
    /// `docs/recommender.md`).
    pub fn weight(self) -> f32 {
        match self {
            FeatureKind::Genre => 1.0,
            FeatureKind::Type => 0.5,
            FeatureKind::Decade => 0.5,
            FeatureKind::Age => 0.7,
            FeatureKind::Country => 0.5,
            FeatureKind::Director => 1.0,
            FeatureKind::Cast => 0.6,
            FeatureKind::Term => 0.35,
        }
    }

    /// Fewest training items (catalog titles and MovieLens movies) a name
    /// of this kind must describe to be kept: one title teaches nothing
    /// about a director's other films.
    pub fn min_items(self) -> usize {
        match self {
            FeatureKind::Genre | FeatureKind::Type | FeatureKind::Decade | FeatureKind::Age => 1,
            FeatureKind::Country => 5,
            FeatureKind::Director => 2,
            FeatureKind::Cast => 3,
            FeatureKind::Term => 12,
        }
    }
}

/// A catalog title's feature names, without duplicates, in a fixed order.
pub fn title_features(title: &Title) -> Vec<String> {
    let mut out = Vec::new();
    for g in genres_of_listed_in(title.listed_in.as_deref()) {
        out.push(genre_feature(g));
    }
    out.push(type_feature(title.kind));
    out.push(decade_feature(title.release_year));
    if let Some(band) = AgeBand::of_label(&title.rating) {
        out.push(format!("age:{}", band.code()));
    }
    for country in names(title.country.as_deref()).take(TOP_COUNTRIES) {
        out.push(format!("country:{country}"));
    }
    for director in names(title.director.as_deref()) {
        out.push(format!("director:{director}"));
    }
    for actor in names(title.cast.as_deref()).take(TOP_CAST) {
        out.push(format!("cast:{actor}"));
    }
    for term in terms(title.description.as_deref().unwrap_or("")) {
        out.push(format!("term:{term}"));
    }
    dedup_keep_order(out)
}

/// The features of a MovieLens movie that is not in the catalog: its
/// genres mapped to the canonical ones, its decade, `type:movie`.
pub fn movielens_features(genres: &str, year: Option<i32>) -> Vec<String> {
    let mut out: Vec<String> = genres_of_movielens_list(genres)
        .into_iter()
        .map(genre_feature)
        .collect();
    out.push(type_feature(TitleType::Movie));
    if let Some(year) = year {
        out.push(decade_feature(year));
    }
    dedup_keep_order(out)
}

fn genre_feature(g: Genre) -> String {
    format!("genre:{}", g.code())
}

fn type_feature(kind: TitleType) -> String {
    match kind {
        TitleType::Movie => "type:movie".to_string(),
        TitleType::TvShow => "type:show".to_string(),
    }
}

fn decade_feature(year: i32) -> String {
    format!("decade:{}", year.div_euclid(10) * 10)
}

/// The comma-separated names of a field, trimmed, lower-cased (the rules
/// already lower-case; MovieLens-side callers may not).
fn names(field: Option<&str>) -> impl Iterator<Item = String> + '_ {
    field
        .unwrap_or("")
        .split(',')
        .map(|n| n.trim().to_lowercase())
        .filter(|n| !n.is_empty())
}

fn dedup_keep_order(names: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names
        .into_iter()
        .filter(|n| seen.insert(n.clone()))
        .collect()
}

/// Words too common in synopses to say anything about a title.
const STOPWORDS: &[&str] = &[
    "about",
    "after",
    "again",
    "against",
    "along",
    "also",
    "among",
    "another",
    "around",
    "back",
    "becomes",
    "before",
    "being",
    "between",
    "both",
    "comes",
    "could",
    "during",
    "each",
    "every",
    "find",
    "finds",
    "first",
    "from",
    "gets",
    "goes",
    "have",
    "help",
    "helps",
    "here",
    "into",
    "just",
    "life",
    "like",
    "lives",
    "make",
    "makes",
    "more",
    "most",
    "must",
    "never",
    "only",
    "other",
    "over",
    "own",
    "people",
    "real",
    "series",
    "show",
    "some",
    "soon",
    "story",
    "take",
    "takes",
    "than",
    "that",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "time",
    "together",
    "turn",
    "turns",
    "under",
    "until",
    "very",
    "what",
    "when",
    "where",
    "which",
    "while",
    "whose",
    "will",
    "with",
    "world",
    "year",
    "years",
    "young",
    "your",
    "documentary",
    "film",
    "films",
    "movie",
    "special",
    "new",
    "one",
    "two",
    "three",
    "when",
    "even",
    "after",
    "best",
    "last",
    "begins",
    "learn",
    "learns",
    "get",
    "way",
    "must",
    "try",
    "tries",
    "set",
    "sets",
    "season",
    "episode",
    "episodes",
    "shows",
    "things",
];

/// The distinct words of a synopsis worth keeping: letters only, at least
/// four of them, not a stop word, in first-seen order.
pub fn terms(description: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in description
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
    {
        let word = word.to_lowercase();
        if !STOPWORDS.contains(&word.as_str()) && !out.contains(&word) {
            out.push(word);
        }
    }
    out
}

/// A feature in words a person reads, in `lang`: a genre's or age band's
/// name, a person or country as `title` writes it (its display case; a
/// title-cased name when `title` does not list it in its written case), a
/// decade as "1990s".
pub fn describe(name: &str, title: Option<&Title>, lang: Lang) -> String {
    let Some((kind, value)) = FeatureKind::split(name) else {
        return name.to_string();
    };
    let shown = |field: Option<&str>| {
        Title::split_list(field)
            .find(|n| n.to_lowercase() == value && *n != value)
            .map_or_else(|| title_case(value), str::to_string)
    };
    match kind {
        FeatureKind::Genre => Genre::from_code(value).map_or_else(
            || value.to_string(),
            |g| lang.pick(g.name_es(), g.name_en()).to_string(),
        ),
        FeatureKind::Age => AgeBand::from_code(value).map_or_else(
            || value.to_string(),
            |b| lang.pick(b.name_es(), b.name_en()).to_string(),
        ),
        FeatureKind::Type => match value {
            "movie" => lang.pick("película", "movie").to_string(),
            _ => lang.pick("serie", "series").to_string(),
        },
        FeatureKind::Decade => lang.pick(format!("años {value}"), format!("{value}s")),
        FeatureKind::Country => shown(title.and_then(Title::display_country)),
        FeatureKind::Director => shown(title.and_then(Title::display_director)),
        FeatureKind::Cast => shown(title.and_then(Title::display_cast)),
        FeatureKind::Term => value.to_string(),
    }
}

/// "tom hanks" → "Tom Hanks": the fallback for a name whose written case
/// is not at hand.
fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The feature names a model learned, each with its row: what the trainer
/// keeps and the page looks titles up in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Vocabulary {
    names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Vocabulary {
    /// The names that describe at least [`FeatureKind::min_items`] of
    /// `items` (each a list of names) and, for synopsis words, at most 5 %
    /// of them; sorted, so the rows do not depend on the items' order.
    pub fn build(items: &[Vec<String>]) -> Vocabulary {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for list in items {
            for name in list {
                *counts.entry(name.as_str()).or_default() += 1;
            }
        }
        let max_terms = (items.len() / 20).max(1);
        let names = counts
            .into_iter()
            .filter(|&(name, n)| match FeatureKind::split(name) {
                Some((FeatureKind::Term, _)) => {
                    n >= FeatureKind::Term.min_items() && n <= max_terms
                }
                Some((kind, _)) => n >= kind.min_items(),
                None => false,
            })
            .map(|(name, _)| name.to_string())
            .collect();
        Vocabulary::from_names(names)
    }

    /// A vocabulary with these names in this order (as a model file lists
    /// them).
    pub fn from_names(names: Vec<String>) -> Vocabulary {
        let index = names
            .iter()
            .enumerate()
            .map(|(row, n)| (n.clone(), row as u32))
            .collect();
        Vocabulary { names, index }
    }

    /// The names, by row.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// No names at all.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The row of a name.
    pub fn row(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    /// A title's known features as `(row, weight)`: each kind's
    /// [`FeatureKind::weight`], scaled so the weights' squares sum to 1 (a
    /// title's vector has the same scale however much is known about it).
    /// Names the vocabulary does not hold are skipped.
    pub fn weighted(&self, names: &[String]) -> Vec<(u32, f32)> {
        let known: Vec<(u32, f32)> = names
            .iter()
            .filter_map(|n| {
                let row = self.row(n)?;
                let kind = FeatureKind::split(n)?.0;
                Some((row, kind.weight()))
            })
            .collect();
        let norm = known.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
        if norm == 0.0 {
            return Vec::new();
        }
        known.into_iter().map(|(r, w)| (r, w / norm)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Platform;

    fn title(listed_in: &str, director: &str, cast: &str, description: &str) -> Title {
        Title {
            id: "ds1".into(),
            show_id: "s1".into(),
            platform: Platform::Disney,
            kind: TitleType::Movie,
            title: "toy story".into(),
            director: Some(director.into()),
            cast: Some(cast.into()),
            country: Some("united states".into()),
            date_added: None,
            release_year: 1995,
            rating: "g".into(),
            duration_int: Some(81),
            duration_type: None,
            listed_in: Some(listed_in.into()),
            description: Some(description.into()),
            score: None,
            score_count: 0,
            display: Default::default(),
            work_id: String::new(),
        }
    }

    #[test]
    fn a_title_is_described_by_every_kind() {
        let t = title(
            "animation, family",
            "john lasseter",
            "tom hanks, tim allen, don rickles, jim varney, wallace shawn",
            "a cowboy doll is threatened by a new spaceman toy.",
        );
        let f = title_features(&t);
        assert_eq!(
            f,
            [
                "genre:animation",
                "genre:kids_family",
                "type:movie",
                "decade:1990",
                "age:all",
                "country:united states",
                "director:john lasseter",
                "cast:tom hanks",
                "cast:tim allen",
                "cast:don rickles",
                "cast:jim varney",
                "term:cowboy",
                "term:doll",
                "term:threatened",
                "term:spaceman",
            ]
        );
    }

    #[test]
    fn movielens_genres_map_to_the_canonical_names() {
        let f = movielens_features("Adventure|Animation|Children|Comedy|Fantasy", Some(1995));
        assert!(f.contains(&"genre:animation".to_string()), "{f:?}");
        assert!(f.contains(&"decade:1990".to_string()), "{f:?}");
        assert!(f.contains(&"type:movie".to_string()), "{f:?}");
        assert_eq!(
            movielens_features("(no genres listed)", None),
            ["type:movie"]
        );
    }

    #[test]
    fn the_vocabulary_drops_rare_people_and_common_words() {
        let item = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut items = vec![item(&["director:a", "cast:x", "genre:drama"])];
        items.push(item(&["director:a", "cast:x", "term:mafia"]));
        items.push(item(&["director:b", "cast:x"]));
        let v = Vocabulary::build(&items);
        // director:a twice (kept), director:b once (dropped), cast:x three
        // times (kept), a word in 1 of 3 items but below 12 items (dropped).
        assert_eq!(v.names(), ["cast:x", "director:a", "genre:drama"]);
        assert_eq!(v.row("director:a"), Some(1));
        assert_eq!(v.row("director:b"), None);
    }

    #[test]
    fn weights_favour_genres_and_have_unit_norm() {
        let v = Vocabulary::from_names(vec!["genre:drama".into(), "term:mafia".into()]);
        let w = v.weighted(&[
            "term:mafia".into(),
            "genre:drama".into(),
            "cast:nobody".into(),
        ]);
        let norm: f32 = w.iter().map(|(_, x)| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-6);
        let genre = w.iter().find(|(r, _)| *r == 0).unwrap().1;
        let term = w.iter().find(|(r, _)| *r == 1).unwrap().1;
        assert!(genre > 2.0 * term, "{w:?}");
        assert!(v.weighted(&["cast:nobody".into()]).is_empty());
    }

    #[test]
    fn features_read_as_words_in_both_languages() {
        let mut t = title("animation", "pete docter", "tom hanks", "");
        t.display.director = Some("Pete Docter".into());
        assert_eq!(describe("genre:animation", None, Lang::En), "Animation");
        assert_ne!(describe("genre:animation", None, Lang::Es), "Animation");
        assert_eq!(
            describe("director:pete docter", Some(&t), Lang::En),
            "Pete Docter"
        );
        assert_eq!(describe("cast:tom hanks", None, Lang::En), "Tom Hanks");
        assert_eq!(describe("decade:1990", None, Lang::En), "1990s");
        assert_eq!(describe("decade:1990", None, Lang::Es), "años 1990");
        assert_eq!(describe("no prefix", None, Lang::En), "no prefix");
    }

    #[test]
    fn terms_are_distinct_content_words() {
        assert_eq!(
            terms("The mafia's informant; the MAFIA strikes back in Sicily."),
            ["mafia", "informant", "strikes", "sicily"]
        );
    }
}
