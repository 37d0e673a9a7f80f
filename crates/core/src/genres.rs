//! The canonical genre vocabulary and age bands.
//!
//! The four platforms label genres in 120 ways (`comedy`, `comedies`,
//! `tv comedies`, `lgbtq`, `lgbtq+`, `lgbtq movies` …; amazon's
//! "Arts, Entertainment, and Culture" is even split by the comma rule into
//! `arts`, `entertainment` and `and culture`) and MovieLens in 20 more.
//! [`Genre`] is one vocabulary of 29 genres, named in Spanish and English,
//! that every one of those labels maps to ([`genres_of_label`],
//! [`genres_of_movielens`]); filters, the EDA charts and the recommender's
//! content features use it. A label may map to several genres
//! (`sci-fi & fantasy`) or to none: labels that only restate the type
//! (`movies`, `tv shows`, `series`), a format (`anthology`), or a curated
//! collection of every genre (hulu's `black stories`, MovieLens' `IMAX`).
//!
//! [`AgeBand`] groups the platforms' 25 age classifications (`tv-ma`, `r`,
//! `18+`, `ages_18_`, …) into six bands; the original label stays in the
//! title's `rating`.

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// One canonical genre.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Genre {
    /// Action and adventure (superheroes, survival, disaster).
    ActionAdventure,
    /// Animation.
    Animation,
    /// Anime (also counted as animation).
    Anime,
    /// Arts, entertainment and culture.
    ArtsCulture,
    /// Classic and cult titles.
    ClassicsCult,
    /// Comedy (sitcoms, sketches, parody).
    Comedy,
    /// Crime.
    Crime,
    /// Documentaries, docuseries and news.
    Documentary,
    /// Drama (including medical dramas and melodrama).
    Drama,
    /// Faith and spirituality.
    Faith,
    /// Fantasy.
    Fantasy,
    /// History, biography and war.
    HistoryWar,
    /// Horror.
    Horror,
    /// Independent and arthouse.
    Independent,
    /// International (non-US) titles.
    International,
    /// Kids and family.
    KidsFamily,
    /// LGBTQ+.
    Lgbtq,
    /// Lifestyle: food, travel, fitness, wellness, special interest.
    Lifestyle,
    /// Music, musicals, concerts and dance.
    Music,
    /// Mystery.
    Mystery,
    /// Reality and game shows.
    Reality,
    /// Romance.
    Romance,
    /// Science and nature (animals, technology).
    ScienceNature,
    /// Science fiction.
    SciFi,
    /// Sports.
    Sports,
    /// Stand-up comedy, talk shows, late night and variety.
    StandUpTalk,
    /// Teen and coming of age.
    Teen,
    /// Thriller, suspense and espionage.
    Thriller,
    /// Western.
    Western,
}

impl Genre {
    /// Every genre, in the order of their English names.
    pub const ALL: [Genre; 29] = [
        Genre::ActionAdventure,
        Genre::Animation,
        Genre::Anime,
        Genre::ArtsCulture,
        Genre::ClassicsCult,
        Genre::Comedy,
        Genre::Crime,
        Genre::Documentary,
        Genre::Drama,
        Genre::Faith,
        Genre::Fantasy,
        Genre::HistoryWar,
        Genre::Horror,
        Genre::Independent,
        Genre::International,
        Genre::KidsFamily,
        Genre::Lgbtq,
        Genre::Lifestyle,
        Genre::Music,
        Genre::Mystery,
        Genre::Reality,
        Genre::Romance,
        Genre::ScienceNature,
        Genre::SciFi,
        Genre::Sports,
        Genre::StandUpTalk,
        Genre::Teen,
        Genre::Thriller,
        Genre::Western,
    ];

    /// The stable name used in data, URLs and JSON (`action_adventure`).
    pub fn code(self) -> &'static str {
        self.names().0
    }

    /// The English name.
    pub fn name_en(self) -> &'static str {
        self.names().1
    }

    /// The Spanish name.
    pub fn name_es(self) -> &'static str {
        self.names().2
    }

    /// The name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        lang.pick(self.name_es(), self.name_en())
    }

    /// The genre whose [`code`](Genre::code) is `code`.
    pub fn from_code(code: &str) -> Option<Genre> {
        Genre::ALL.into_iter().find(|g| g.code() == code)
    }

    /// Index in [`Genre::ALL`] (handy for per-genre arrays).
    pub fn index(self) -> usize {
        self as usize
    }

    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Genre::ActionAdventure => (
                "action_adventure",
                "Action & adventure",
                "Acción y aventura",
            ),
            Genre::Animation => ("animation", "Animation", "Animación"),
            Genre::Anime => ("anime", "Anime", "Anime"),
            Genre::ArtsCulture => ("arts_culture", "Arts & culture", "Arte y cultura"),
            Genre::ClassicsCult => ("classics_cult", "Classics & cult", "Clásicos y de culto"),
            Genre::Comedy => ("comedy", "Comedy", "Comedia"),
            Genre::Crime => ("crime", "Crime", "Policíaco"),
            Genre::Documentary => ("documentary", "Documentary", "Documental"),
            Genre::Drama => ("drama", "Drama", "Drama"),
            Genre::Faith => ("faith", "Faith & spirituality", "Fe y espiritualidad"),
            Genre::Fantasy => ("fantasy", "Fantasy", "Fantasía"),
            Genre::HistoryWar => ("history_war", "History & war", "Historia y bélico"),
            Genre::Horror => ("horror", "Horror", "Terror"),
            Genre::Independent => ("independent", "Independent", "Independiente"),
            Genre::International => ("international", "International", "Internacional"),
            Genre::KidsFamily => ("kids_family", "Kids & family", "Infantil y familiar"),
            Genre::Lgbtq => ("lgbtq", "LGBTQ+", "LGBTQ+"),
            Genre::Lifestyle => ("lifestyle", "Lifestyle", "Estilo de vida"),
            Genre::Music => ("music", "Music & musicals", "Música y musicales"),
            Genre::Mystery => ("mystery", "Mystery", "Misterio"),
            Genre::Reality => (
                "reality",
                "Reality & game shows",
                "Telerrealidad y concursos",
            ),
            Genre::Romance => ("romance", "Romance", "Romance"),
            Genre::SciFi => ("sci_fi", "Science fiction", "Ciencia ficción"),
            Genre::ScienceNature => ("science_nature", "Science & nature", "Ciencia y naturaleza"),
            Genre::Sports => ("sports", "Sports", "Deportes"),
            Genre::StandUpTalk => (
                "stand_up_talk",
                "Stand-up & talk shows",
                "Monólogos y entrevistas",
            ),
            Genre::Teen => ("teen", "Teen & coming of age", "Juvenil"),
            Genre::Thriller => ("thriller", "Thriller & suspense", "Suspense"),
            Genre::Western => ("western", "Western", "Western"),
        }
    }
}

/// The canonical genres of one platform `listed_in` label (any case,
/// surrounding spaces ignored); `Some(&[])` for a known label that names no
/// genre, `None` for a label this table does not know.
pub fn genres_of_label(label: &str) -> Option<&'static [Genre]> {
    use Genre::*;
    let label = label.trim().to_lowercase();
    Some(match label.as_str() {
        "action"
        | "action & adventure"
        | "action-adventure"
        | "adventure"
        | "tv action & adventure"
        | "superhero"
        | "survival"
        | "disaster" => &[ActionAdventure],
        "animation" | "adult animation" => &[Animation],
        "cartoons" => &[Animation, KidsFamily],
        "anime" | "anime features" | "anime series" => &[Anime, Animation],
        "arts" | "entertainment" | "and culture" => &[ArtsCulture],
        "classic movies" | "classics" | "classic & cult tv" | "cult movies" => &[ClassicsCult],
        "comedy" | "comedies" | "tv comedies" | "sitcom" | "sketch comedy" | "parody" | "buddy" => {
            &[Comedy]
        }
        "romantic comedy" => &[Romance, Comedy],
        "crime" | "crime tv shows" | "police/cop" => &[Crime],
        "documentary" | "documentaries" | "docuseries" | "news" => &[Documentary],
        "drama" | "dramas" | "tv dramas" | "medical" | "soap opera / melodrama" => &[Drama],
        "faith & spirituality" | "faith and spirituality" => &[Faith],
        "fantasy" => &[Fantasy],
        "historical" | "history" | "military and war" | "biographical" => &[HistoryWar],
        "horror" | "horror movies" | "tv horror" => &[Horror],
        "independent movies" | "arthouse" => &[Independent],
        "international"
        | "international movies"
        | "international tv shows"
        | "british tv shows"
        | "korean tv shows"
        | "spanish-language tv shows"
        | "latino" => &[International],
        "kids" | "kids' tv" | "children & family movies" | "family" => &[KidsFamily],
        "lgbtq" | "lgbtq+" | "lgbtq movies" => &[Lgbtq],
        "lifestyle"
        | "lifestyle & culture"
        | "cooking & food"
        | "health & wellness"
        | "fitness"
        | "travel"
        | "special interest" => &[Lifestyle],
        "music"
        | "music & musicals"
        | "musical"
        | "music videos and concerts"
        | "concert film"
        | "dance" => &[Music],
        "mystery" | "tv mysteries" => &[Mystery],
        "reality" | "reality tv" | "unscripted" | "game show / competition" | "game shows" => {
            &[Reality]
        }
        "romance" | "romantic movies" | "romantic tv shows" => &[Romance],
        "science fiction" => &[SciFi],
        "sci-fi & fantasy" | "tv sci-fi & fantasy" => &[SciFi, Fantasy],
        "animals & nature" | "science & nature tv" | "science & technology" => &[ScienceNature],
        "sports" | "sports movies" => &[Sports],
        "stand up" | "stand-up comedy" | "stand-up comedy & talk shows" => &[Comedy, StandUpTalk],
        "talk show" | "talk show and variety" | "late night" | "variety" => &[StandUpTalk],
        "teen" | "teen tv shows" | "young adult audience" | "coming of age" => &[Teen],
        "thriller" | "thrillers" | "suspense" | "tv thrillers" | "spy/espionage" => &[Thriller],
        "western" => &[Western],
        // The type restated, a format, or a collection across genres.
        "movies" | "tv shows" | "series" | "anthology" | "black stories" => &[],
        _ => return None,
    })
}

/// The canonical genres of one MovieLens genre (`Sci-Fi`, `Children`, …, any
/// case); `Some(&[])` for `IMAX` and `(no genres listed)`, `None` when unknown.
pub fn genres_of_movielens(genre: &str) -> Option<&'static [Genre]> {
    use Genre::*;
    let genre = genre.trim().to_lowercase();
    Some(match genre.as_str() {
        "action" | "adventure" => &[ActionAdventure],
        "animation" => &[Animation],
        "children" => &[KidsFamily],
        "comedy" => &[Comedy],
        "crime" => &[Crime],
        "documentary" => &[Documentary],
        "drama" => &[Drama],
        "fantasy" => &[Fantasy],
        "film-noir" => &[Crime, ClassicsCult],
        "horror" => &[Horror],
        "musical" => &[Music],
        "mystery" => &[Mystery],
        "romance" => &[Romance],
        "sci-fi" => &[SciFi],
        "thriller" => &[Thriller],
        "war" => &[HistoryWar],
        "western" => &[Western],
        "imax" | "(no genres listed)" => &[],
        _ => return None,
    })
}

/// The distinct canonical genres of a title's comma-separated `listed_in`,
/// in [`Genre::ALL`] order; unknown labels are skipped.
pub fn genres_of_listed_in(listed_in: Option<&str>) -> Vec<Genre> {
    let labels = listed_in
        .unwrap_or("")
        .split(',')
        .filter_map(genres_of_label);
    sorted_distinct(labels.flatten().copied())
}

/// The distinct canonical genres of a MovieLens `genres` field
/// (`Adventure|Animation|Children`), in [`Genre::ALL`] order.
pub fn genres_of_movielens_list(genres: &str) -> Vec<Genre> {
    let labels = genres.split('|').filter_map(genres_of_movielens);
    sorted_distinct(labels.flatten().copied())
}

fn sorted_distinct(genres: impl Iterator<Item = Genre>) -> Vec<Genre> {
    let mut out: Vec<Genre> = genres.collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// An age band: who a title is for, from its age classification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AgeBand {
    /// Everyone (`g`, `tv-g`, `tv-y`, `all`).
    #[serde(rename = "all")]
    All,
    /// 7 and older (`pg`, `tv-pg`, `tv-y7`, `7+`).
    #[serde(rename = "7+")]
    Seven,
    /// 13 and older (`pg-13`, `tv-14`, `13+`).
    #[serde(rename = "13+")]
    Thirteen,
    /// 16 and older (`16+`, `ages_16_`).
    #[serde(rename = "16+")]
    Sixteen,
    /// Adults (`r`, `nc-17`, `tv-ma`, `18+`).
    #[serde(rename = "18+")]
    Eighteen,
    /// Not rated (`nr`, `ur`, `unrated`, `tv-nr`, `not_rate`).
    #[serde(rename = "unrated")]
    Unrated,
}

impl AgeBand {
    /// Every band, youngest audience first.
    pub const ALL: [AgeBand; 6] = [
        AgeBand::All,
        AgeBand::Seven,
        AgeBand::Thirteen,
        AgeBand::Sixteen,
        AgeBand::Eighteen,
        AgeBand::Unrated,
    ];

    /// The stable name used in data, URLs and JSON: `all`, `7+`, … `unrated`.
    pub fn code(self) -> &'static str {
        self.names().0
    }

    /// The English name.
    pub fn name_en(self) -> &'static str {
        self.names().1
    }

    /// The Spanish name.
    pub fn name_es(self) -> &'static str {
        self.names().2
    }

    /// The name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        lang.pick(self.name_es(), self.name_en())
    }

    /// The band whose [`code`](AgeBand::code) is `code`.
    pub fn from_code(code: &str) -> Option<AgeBand> {
        AgeBand::ALL.into_iter().find(|b| b.code() == code)
    }

    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            AgeBand::All => ("all", "All ages", "Todos los públicos"),
            AgeBand::Seven => ("7+", "7+", "Mayores de 7"),
            AgeBand::Thirteen => ("13+", "13+", "Mayores de 13"),
            AgeBand::Sixteen => ("16+", "16+", "Mayores de 16"),
            AgeBand::Eighteen => ("18+", "18+", "Mayores de 18"),
            AgeBand::Unrated => ("unrated", "Unrated", "Sin clasificar"),
        }
    }

    /// The band of an age classification as the catalogs write it (any
    /// case), `None` for a label this table does not know. A title without a
    /// classification holds `g` (rule 2), so it counts as all ages.
    pub fn of_label(label: &str) -> Option<AgeBand> {
        let label = label.trim().to_lowercase();
        Some(match label.as_str() {
            "g" | "tv-g" | "tv-y" | "all" | "all_ages" => AgeBand::All,
            "pg" | "tv-pg" | "tv-y7" | "tv-y7-fv" | "7+" => AgeBand::Seven,
            "pg-13" | "tv-14" | "13+" => AgeBand::Thirteen,
            "16+" | "16" | "ages_16_" => AgeBand::Sixteen,
            "r" | "nc-17" | "tv-ma" | "18+" | "ages_18_" => AgeBand::Eighteen,
            "nr" | "ur" | "unrated" | "not rated" | "not_rate" | "tv-nr" => AgeBand::Unrated,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_duplicates_fold_into_one_genre() {
        for label in ["Comedy", "comedies", "TV Comedies", " sitcom "] {
            assert_eq!(
                genres_of_label(label),
                Some(&[Genre::Comedy][..]),
                "{label}"
            );
        }
        for label in ["lgbtq", "lgbtq+", "LGBTQ Movies"] {
            assert_eq!(genres_of_label(label), Some(&[Genre::Lgbtq][..]), "{label}");
        }
        assert_eq!(
            genres_of_label("sci-fi & fantasy"),
            Some(&[Genre::SciFi, Genre::Fantasy][..])
        );
        assert_eq!(genres_of_label("movies"), Some(&[][..]));
        assert_eq!(genres_of_label("no such genre"), None);
    }

    #[test]
    fn listed_in_and_movielens_lists_give_sorted_distinct_genres() {
        assert_eq!(
            genres_of_listed_in(Some("dramas, international movies, drama")),
            vec![Genre::Drama, Genre::International]
        );
        assert_eq!(genres_of_listed_in(None), Vec::<Genre>::new());
        assert_eq!(
            genres_of_movielens_list("Adventure|Animation|Children|Comedy|Fantasy"),
            vec![
                Genre::ActionAdventure,
                Genre::Animation,
                Genre::Comedy,
                Genre::Fantasy,
                Genre::KidsFamily
            ]
        );
        assert_eq!(genres_of_movielens("IMAX"), Some(&[][..]));
        assert_eq!(genres_of_movielens("Sci-Fi"), Some(&[Genre::SciFi][..]));
    }

    #[test]
    fn codes_and_names_are_distinct_and_round_trip() {
        let mut codes: Vec<&str> = Genre::ALL.iter().map(|g| g.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Genre::ALL.len());
        for (k, g) in Genre::ALL.into_iter().enumerate() {
            assert_eq!(Genre::from_code(g.code()), Some(g));
            assert_eq!(g.index(), k);
            assert!(!g.name_es().is_empty() && !g.name_en().is_empty());
        }
        let mut english: Vec<&str> = Genre::ALL.iter().map(|g| g.name_en()).collect();
        let listed = english.clone();
        english.sort_by_key(|n| n.to_lowercase());
        assert_eq!(english, listed, "ALL is in English-name order");
        for b in AgeBand::ALL {
            assert_eq!(AgeBand::from_code(b.code()), Some(b));
            let json = serde_json::to_string(&b).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", b.code()));
        }
    }

    #[test]
    fn age_labels_map_to_bands() {
        assert_eq!(AgeBand::of_label("TV-MA"), Some(AgeBand::Eighteen));
        assert_eq!(AgeBand::of_label("ages_16_"), Some(AgeBand::Sixteen));
        assert_eq!(AgeBand::of_label("All_ages"), Some(AgeBand::All));
        assert_eq!(AgeBand::of_label("tv-y7-fv"), Some(AgeBand::Seven));
        assert_eq!(AgeBand::of_label("pg-13"), Some(AgeBand::Thirteen));
        for label in ["nr", "ur", "unrated", "not_rate", "tv-nr", "not rated"] {
            assert_eq!(AgeBand::of_label(label), Some(AgeBand::Unrated), "{label}");
        }
        assert_eq!(AgeBand::of_label("90 min"), None);
    }
}
