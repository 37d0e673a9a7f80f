//! Links from MovieLens movies to catalog works: real viewers' ratings
//! joined to the catalog.
//!
//! A MovieLens movie ("Matrix, The (1999)") is matched to catalog movies
//! (never shows) by these rules, tried in order; the first rule that finds
//! anything decides:
//!
//! 1. [`Rule::Exact`]: same [`title_key`] and release year.
//! 2. [`Rule::Alternative`]: one of the MovieLens movie's names (its main
//!    title or a name in parentheses, `a.k.a.` or not) equals one of the
//!    catalog title's names (its title, or its title without a trailing
//!    parenthesis), same year.
//! 3. [`Rule::WordOrder`]: the same words in another order ("Star Wars:
//!    Episode IV - A New Hope" / "Star Wars: A New Hope (Episode IV)"),
//!    same year.
//! 4. [`Rule::PartialName`]: one side's name is the other's shorter name,
//!    [`key::partial_keys`] ("Return of Jafar, The" / "Aladdin: The Return
//!    of Jafar", "Cat in the Hat, The" / "Dr. Seuss' The Cat in the Hat"),
//!    same year.
//! 5. [`Rule::YearOff`]: rules 1 to 3 with the years one apart (platforms
//!    often give the release in another country).
//!
//! Candidates are counted as works ([`Works`]): the same film on several
//! platforms is one candidate, and two films with one title and year are
//! told apart by their directors, casts or lengths when the works are
//! grouped. When a rule finds two or more works, the one spelt with the
//! same leading article wins ("The Score" over "Score", which share a key);
//! otherwise the movie is reported as [`Ambiguous`], not guessed. An unlinked movie whose names match catalog
//! titles two or more years away, or shows, is reported as [`Rejected`].
//!
//! A link's confidence is its rule's ([`Rule::confidence`]), lowered by
//! [`GENRE_DISAGREEMENT`] when the MovieLens genres and the work's genres
//! (both mapped to [`crate::genres::Genre`]) are both known and share none,
//! and by [`ARTICLE_MISMATCH`] when the names differ by a leading article
//! (rule 4's names differ by more than that, so it is not checked there);
//! below [`MIN_CONFIDENCE`] the match is rejected instead.
//! Where several MovieLens movies reach one work, only the best link stays
//! (the others are rejected, [`RejectReason::WorkTaken`]).

pub mod key;
pub mod report;

#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::genres::{genres_of_listed_in, genres_of_movielens_list, Genre};
use crate::model::{Title, TitleType};
use crate::works::Works;
use key::{full_title_key, title_key, without_trailing_group, word_set_key, MovieLensTitle};

pub use report::{Coverage, LinksReport};

/// How much a link's confidence drops when its genres contradict.
pub const GENRE_DISAGREEMENT: f64 = 0.2;

/// How much a link's confidence drops when only the leading article tells
/// the names apart ("The Circle" / "Circle").
pub const ARTICLE_MISMATCH: f64 = 0.25;

/// Links below this confidence are rejected ([`RejectReason::LowConfidence`]):
/// checked by eye on the real files, a year one off together with a
/// missing article ("The Circle" 2016 / "Circle" 2015, "The Boss" 2016 /
/// "Boss" 2017) was another film more often than not.
pub const MIN_CONFIDENCE: f64 = 0.5;

/// One row of MovieLens' `movies.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MovieLensMovie {
    /// `movieId`.
    pub movie_id: u32,
    /// `title`, as MovieLens writes it ("Matrix, The (1999)").
    pub title: String,
    /// `genres`, `|`-separated.
    pub genres: String,
}

/// The rule that made a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Same title key and year.
    Exact,
    /// An alternative name (MovieLens' parentheses, or the catalog title
    /// without its trailing parenthesis), same year.
    Alternative,
    /// The same words in another order, same year.
    WordOrder,
    /// One side's full name is the other's shorter name (the part before or
    /// after a colon, or the title without a possessive credit), same year.
    PartialName,
    /// One of the above with the years one apart.
    YearOff,
}

impl Rule {
    /// Every rule, in the order they are tried.
    pub const ALL: [Rule; 5] = [
        Rule::Exact,
        Rule::Alternative,
        Rule::WordOrder,
        Rule::PartialName,
        Rule::YearOff,
    ];

    /// The name written in `links.csv` and the report.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Exact => "exact",
            Rule::Alternative => "alternative",
            Rule::WordOrder => "word_order",
            Rule::PartialName => "partial_name",
            Rule::YearOff => "year_off",
        }
    }

    /// The confidence of a link made by this rule (before the genre check).
    pub fn confidence(self) -> f64 {
        match self {
            Rule::Exact => 1.0,
            Rule::Alternative => 0.9,
            Rule::WordOrder => 0.85,
            Rule::PartialName => 0.75,
            Rule::YearOff => 0.7,
        }
    }
}

/// A MovieLens movie linked to a work.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// MovieLens `movieId`.
    pub movie_id: u32,
    /// Index of the work in [`Works::all`].
    pub work: usize,
    /// The rule that found it.
    pub rule: Rule,
    /// From 0 to 1 (see the module docs).
    pub confidence: f64,
    /// MovieLens title.
    pub movielens_title: String,
}

/// A catalog row named in a report entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// Catalog-wide id (`ns330`).
    pub id: String,
    /// Its work's id.
    pub work_id: String,
    /// The title as stored (lower-case).
    pub title: String,
    /// Release year.
    pub release_year: i32,
    /// `movie` or `tv show`.
    #[serde(rename = "type")]
    pub kind: TitleType,
}

/// A MovieLens movie that a rule matched to several works.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ambiguous {
    /// MovieLens `movieId`.
    pub movie_id: u32,
    /// MovieLens title.
    pub movielens_title: String,
    /// The rule that found several works.
    pub rule: Rule,
    /// The rows of those works.
    pub candidates: Vec<Candidate>,
}

/// Why near matches were not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// Names match, but the years are two or more apart.
    YearTooFar,
    /// Names and year match, but the catalog row is a TV show.
    TvShow,
    /// Another MovieLens movie links to this work by a better rule.
    WorkTaken,
    /// A rule matched, but the confidence fell below [`MIN_CONFIDENCE`].
    LowConfidence,
}

/// An unlinked MovieLens movie with near matches that were turned down.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rejected {
    /// MovieLens `movieId`.
    pub movie_id: u32,
    /// MovieLens title.
    pub movielens_title: String,
    /// Why (the closest reason when there are several).
    pub reason: RejectReason,
    /// The rows turned down.
    pub candidates: Vec<Candidate>,
}

/// Everything the matcher found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Matches {
    /// At most one link per MovieLens movie, in `movies` order.
    pub links: Vec<Link>,
    /// Movies matched to several works by one rule.
    pub ambiguous: Vec<Ambiguous>,
    /// Unlinked movies with turned-down near matches.
    pub rejected: Vec<Rejected>,
    /// Movies whose MovieLens title gives no year (never linked).
    pub without_year: Vec<u32>,
}

/// What to look for: a film's or show's names, as another service writes
/// them, with what else it tells.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NameQuery {
    /// The main name first, then alternatives (MovieLens' names in
    /// parentheses, an original title…).
    pub names: Vec<String>,
    /// The release year, when known (Netflix's viewing history gives none).
    pub year: Option<i32>,
    /// Only movies or only shows, when known.
    pub kind: Option<TitleType>,
    /// The genres the other service gives (lowers the confidence when they
    /// contradict the work's).
    pub genres: Vec<Genre>,
}

/// What [`Matcher::find`] found for one [`NameQuery`].
#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    /// One work.
    Linked {
        /// Index of the work in [`Works::all`].
        work: usize,
        /// The rule that found it.
        rule: Rule,
        /// From 0 to 1 (see the module docs).
        confidence: f64,
    },
    /// Several works by the first rule that found any.
    Ambiguous {
        /// That rule.
        rule: Rule,
        /// The works' indices in [`Works::all`], ascending.
        works: Vec<usize>,
    },
    /// Near matches turned down.
    Rejected {
        /// Why (the closest reason when there are several).
        reason: RejectReason,
        /// The catalog rows turned down.
        rows: Vec<usize>,
    },
    /// Nothing near.
    NotFound,
}

/// The catalog's names, indexed for the rules: one matcher for every name
/// list that meets the catalog (MovieLens' movies, a visitor's imported
/// history), so each is matched by the same rules.
pub struct Matcher<'a> {
    titles: &'a [Title],
    works: &'a Works,
    /// Title key → rows.
    primary: HashMap<String, Vec<usize>>,
    /// Title key and key without a trailing parenthesis → rows.
    names: HashMap<String, Vec<usize>>,
    /// Word-set key of either name → rows.
    words: HashMap<String, Vec<usize>>,
    /// A shorter name of the title → rows.
    partial: HashMap<String, Vec<usize>>,
    /// Each work's canonical genres, sorted.
    work_genres: Vec<Vec<Genre>>,
}

impl<'a> Matcher<'a> {
    /// Indexes `titles` (grouped into `works` by [`Works::group`] over the
    /// same slice).
    pub fn new(titles: &'a [Title], works: &'a Works) -> Matcher<'a> {
        let mut index = Matcher {
            titles,
            works,
            primary: HashMap::new(),
            names: HashMap::new(),
            words: HashMap::new(),
            partial: HashMap::new(),
            work_genres: works
                .all()
                .iter()
                .map(|w| {
                    let mut g: Vec<Genre> = w
                        .rows
                        .iter()
                        .flat_map(|&r| genres_of_listed_in(titles[r].listed_in.as_deref()))
                        .collect();
                    g.sort_unstable();
                    g.dedup();
                    g
                })
                .collect(),
        };
        for (row, title) in titles.iter().enumerate() {
            let main = title_key(&title.title);
            let mut keys = vec![main.clone()];
            if let Some(short) = without_trailing_group(&title.title) {
                keys.push(title_key(short));
            }
            keys.retain(|k| !k.is_empty());
            keys.dedup();
            if !main.is_empty() {
                index.primary.entry(main).or_default().push(row);
            }
            let mut word_keys: Vec<String> = keys.iter().map(|k| word_set_key(k)).collect();
            word_keys.dedup();
            for k in keys {
                index.names.entry(k).or_default().push(row);
            }
            for k in word_keys {
                index.words.entry(k).or_default().push(row);
            }
            for k in key::partial_keys(&title.title) {
                index.partial.entry(k).or_default().push(row);
            }
        }
        index
    }

    /// The titles it indexes.
    pub fn titles(&self) -> &'a [Title] {
        self.titles
    }

    /// The works of those titles.
    pub fn works(&self) -> &'a Works {
        self.works
    }

    /// Matches one name list by the rules of the module docs, tried in
    /// order. Without a year, "same year" admits any year and rule 5 is not
    /// tried; a show's catalog year is often its latest season's, so for a
    /// show any catalog year from the given one minus one counts as the
    /// same. Without a kind, movies and shows are both candidates.
    pub fn find(&self, query: &NameQuery) -> Found {
        let titles = self.titles;
        let works = self.works;
        let mut keys: Vec<String> = query
            .names
            .iter()
            .map(|name| title_key(name))
            .filter(|k| !k.is_empty())
            .collect();
        keys.dedup();
        let Some(main) = keys.first().cloned() else {
            return Found::NotFound;
        };
        let lookup = |map: &HashMap<String, Vec<usize>>, ks: &[String]| -> BTreeSet<usize> {
            ks.iter()
                .filter_map(|k| map.get(k))
                .flatten()
                .copied()
                .collect()
        };
        let exact = lookup(&self.primary, std::slice::from_ref(&main));
        let named = lookup(&self.names, &keys);
        let word_keys: Vec<String> = keys.iter().map(|k| word_set_key(k)).collect();
        let worded = lookup(&self.words, &word_keys);
        let all: BTreeSet<usize> = named.union(&worded).copied().collect();
        let their_partial: Vec<String> = query
            .names
            .iter()
            .flat_map(|name| key::partial_keys(name))
            .collect();
        let mut partial = lookup(&self.partial, &keys);
        partial.extend(lookup(&self.names, &their_partial));
        let kind_ok = |r: usize| query.kind.is_none_or(|k| titles[r].kind == k);
        let kept_in = |rows: &BTreeSet<usize>, near: &dyn Fn(usize) -> bool| -> BTreeSet<usize> {
            rows.iter()
                .copied()
                .filter(|&r| kind_ok(r) && near(r))
                .collect()
        };
        let same_year = |r: usize| match query.year {
            None => true,
            Some(year) if titles[r].kind == TitleType::TvShow => titles[r].release_year >= year - 1,
            Some(year) => titles[r].release_year == year,
        };
        let year_off = |r: usize| {
            query
                .year
                .is_some_and(|year| (titles[r].release_year - year).abs() == 1)
        };
        let stages = [
            (Rule::Exact, kept_in(&exact, &same_year)),
            (Rule::Alternative, kept_in(&named, &same_year)),
            (Rule::WordOrder, kept_in(&worded, &same_year)),
            (Rule::PartialName, kept_in(&partial, &same_year)),
            (Rule::YearOff, kept_in(&all, &year_off)),
        ];
        let found = stages.into_iter().find(|(_, rows)| !rows.is_empty());
        if let Some((rule, rows)) = found {
            let mut found_works: Vec<usize> =
                rows.iter().filter_map(|&r| works.of_row(r)).collect();
            found_works.sort_unstable();
            found_works.dedup();
            let full: Vec<String> = query
                .names
                .iter()
                .map(|name| full_title_key(name))
                .collect();
            let spelt = |w: usize| spelt_alike(&full, &works.all()[w].rows, titles);
            if found_works.len() > 1 {
                // "Score" and "The Score" share a key: the article decides.
                let alike: Vec<usize> = found_works.iter().copied().filter(|&w| spelt(w)).collect();
                if alike.len() == 1 {
                    found_works = alike;
                }
            }
            let [work] = found_works[..] else {
                return Found::Ambiguous {
                    rule,
                    works: found_works,
                };
            };
            let mut confidence = rule.confidence();
            let theirs = &self.work_genres[work];
            if !query.genres.is_empty()
                && !theirs.is_empty()
                && !query.genres.iter().any(|g| theirs.contains(g))
            {
                confidence -= GENRE_DISAGREEMENT;
            }
            if rule != Rule::PartialName && !spelt(work) {
                confidence -= ARTICLE_MISMATCH;
            }
            if confidence < MIN_CONFIDENCE - 1e-9 {
                return Found::Rejected {
                    reason: RejectReason::LowConfidence,
                    rows: works.all()[work].rows.clone(),
                };
            }
            return Found::Linked {
                work,
                rule,
                confidence,
            };
        }
        let Some(year) = query.year else {
            return Found::NotFound;
        };
        let shows: Vec<usize> = if query.kind == Some(TitleType::Movie) {
            all.iter()
                .copied()
                .filter(|&r| {
                    titles[r].kind == TitleType::TvShow
                        && (titles[r].release_year - year).abs() <= 1
                })
                .collect()
        } else {
            Vec::new()
        };
        let far: Vec<usize> = all.iter().copied().filter(|&r| kind_ok(r)).collect();
        let (reason, rows) = if !shows.is_empty() {
            (RejectReason::TvShow, shows)
        } else {
            (RejectReason::YearTooFar, far)
        };
        if rows.is_empty() {
            Found::NotFound
        } else {
            Found::Rejected { reason, rows }
        }
    }

    /// The catalog rows of `rows`, as a report names them.
    pub fn candidates(&self, rows: impl Iterator<Item = usize>) -> Vec<Candidate> {
        candidates(rows, self.titles, self.works)
    }
}

/// Matches every MovieLens movie to at most one work of `titles` (grouped
/// into `works` by [`Works::group`] over the same slice).
pub fn match_movies(movies: &[MovieLensMovie], titles: &[Title], works: &Works) -> Matches {
    let matcher = Matcher::new(titles, works);
    let mut out = Matches::default();
    for movie in movies {
        let parsed = MovieLensTitle::parse(&movie.title);
        let Some(year) = parsed.year else {
            out.without_year.push(movie.movie_id);
            continue;
        };
        let query = NameQuery {
            names: std::iter::once(parsed.main)
                .chain(parsed.alternatives)
                .collect(),
            year: Some(year),
            kind: Some(TitleType::Movie),
            genres: genres_of_movielens_list(&movie.genres),
        };
        match matcher.find(&query) {
            Found::Linked {
                work,
                rule,
                confidence,
            } => out.links.push(Link {
                movie_id: movie.movie_id,
                work,
                rule,
                confidence,
                movielens_title: movie.title.clone(),
            }),
            Found::Ambiguous { rule, works: found } => out.ambiguous.push(Ambiguous {
                movie_id: movie.movie_id,
                movielens_title: movie.title.clone(),
                rule,
                candidates: matcher.candidates(
                    found
                        .iter()
                        .flat_map(|&w| works.all()[w].rows.iter().copied()),
                ),
            }),
            Found::Rejected { reason, rows } => out.rejected.push(Rejected {
                movie_id: movie.movie_id,
                movielens_title: movie.title.clone(),
                reason,
                candidates: matcher.candidates(rows.into_iter()),
            }),
            Found::NotFound => {}
        }
    }
    drop_taken_works(&mut out, titles, works);
    out
}

/// Whether one of a MovieLens movie's names, article included (`full`:
/// [`full_title_key`]s), is spelt like one of the names of `rows`, in
/// the same or another word order.
fn spelt_alike(full: &[String], rows: &[usize], titles: &[Title]) -> bool {
    let ours: Vec<String> = full.iter().map(|k| word_set_key(k)).collect();
    rows.iter().any(|&r| {
        let title = &titles[r].title;
        std::iter::once(title.as_str())
            .chain(without_trailing_group(title))
            .any(|name| ours.contains(&word_set_key(&full_title_key(name))))
    })
}

/// Where several MovieLens movies link to one work, keeps the best links
/// (earliest rule, then highest confidence; MovieLens lists a few films
/// twice, and those tie) and turns the others into [`Rejected`] entries
/// ([`RejectReason::WorkTaken`]).
fn drop_taken_works(out: &mut Matches, titles: &[Title], works: &Works) {
    let mut best: HashMap<usize, (Rule, f64)> = HashMap::new();
    for link in &out.links {
        let entry = best
            .entry(link.work)
            .or_insert((link.rule, link.confidence));
        if (link.rule, -link.confidence) < (entry.0, -entry.1) {
            *entry = (link.rule, link.confidence);
        }
    }
    let (kept, taken): (Vec<Link>, Vec<Link>) = std::mem::take(&mut out.links)
        .into_iter()
        .partition(|l| best.get(&l.work) == Some(&(l.rule, l.confidence)));
    out.links = kept;
    for link in taken {
        out.rejected.push(Rejected {
            movie_id: link.movie_id,
            movielens_title: link.movielens_title,
            reason: RejectReason::WorkTaken,
            candidates: candidates(works.all()[link.work].rows.iter().copied(), titles, works),
        });
    }
}

fn candidates(
    rows: impl Iterator<Item = usize>,
    titles: &[Title],
    works: &Works,
) -> Vec<Candidate> {
    rows.map(|r| {
        let t = &titles[r];
        Candidate {
            id: t.id.clone(),
            work_id: works
                .of_row(r)
                .map(|w| works.all()[w].id.clone())
                .unwrap_or_default(),
            title: t.title.clone(),
            release_year: t.release_year,
            kind: t.kind,
        }
    })
    .collect()
}
