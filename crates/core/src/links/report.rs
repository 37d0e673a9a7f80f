//! `links_report.json`: how much of the catalog the links reach, and what
//! the matcher turned down.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::{Ambiguous, Matches, MovieLensMovie, Rejected, Rule};
use crate::model::{Platform, Title, TitleType};
use crate::works::Works;

/// Coverage of one platform, or of the whole catalog.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    /// MovieLens movies linked to a work with a row here.
    pub movielens_movies: u64,
    /// Catalog rows (titles) in linked works.
    pub linked_titles: u64,
    /// Distinct linked works with a row here.
    pub linked_works: u64,
    /// Catalog movies here (what could be linked).
    pub catalog_movies: u64,
    /// MovieLens ratings of the linked movies.
    pub ratings: u64,
    /// Distinct MovieLens users behind those ratings.
    pub users: u64,
}

/// A work that several MovieLens movies link to (MovieLens lists a few
/// films twice).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedWork {
    /// The work.
    pub work_id: String,
    /// The MovieLens movies linked to it.
    pub movie_ids: Vec<u32>,
}

/// The whole report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinksReport {
    /// Rows of MovieLens' `movies.csv`.
    pub movielens_movies: u64,
    /// Of them, titles without a year (never linked).
    pub movielens_without_year: u64,
    /// MovieLens ratings read.
    pub movielens_ratings: u64,
    /// Catalog rows (movies and shows).
    pub catalog_titles: u64,
    /// Works they group into.
    pub catalog_works: u64,
    /// Links made by each rule.
    pub links_by_rule: BTreeMap<Rule, u64>,
    /// Coverage over all platforms.
    pub overall: Coverage,
    /// Coverage per platform (`amazon`, `disney`, `hulu`, `netflix`).
    pub platforms: BTreeMap<Platform, Coverage>,
    /// Works linked from more than one MovieLens movie.
    pub shared_works: Vec<SharedWork>,
    /// How many movies were ambiguous.
    pub ambiguous_count: u64,
    /// How many unlinked movies had turned-down near matches.
    pub rejected_count: u64,
    /// Movies a rule matched to several works (not linked).
    pub ambiguous: Vec<Ambiguous>,
    /// Unlinked movies with near matches turned down.
    pub rejected: Vec<Rejected>,
}

impl LinksReport {
    /// Builds the report of `matches` over `titles` (grouped into `works`);
    /// `ratings` holds one `(userId, movieId)` pair per MovieLens rating.
    pub fn build(
        movies: &[MovieLensMovie],
        titles: &[Title],
        works: &Works,
        matches: &Matches,
        ratings: &[(u32, u32)],
    ) -> LinksReport {
        let mut raters: HashMap<u32, Vec<u32>> = HashMap::new();
        for &(user, movie) in ratings {
            raters.entry(movie).or_default().push(user);
        }
        let mut per_platform: BTreeMap<Platform, Tally> = BTreeMap::new();
        let mut overall = Tally::default();
        for p in Platform::ALL {
            per_platform.entry(p).or_default();
        }
        let mut by_work: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
        let mut links_by_rule: BTreeMap<Rule, u64> = Rule::ALL.iter().map(|&r| (r, 0)).collect();
        for link in &matches.links {
            *links_by_rule.entry(link.rule).or_default() += 1;
            by_work.entry(link.work).or_default().push(link.movie_id);
            let work = &works.all()[link.work];
            let users = raters.get(&link.movie_id).map_or(&[][..], Vec::as_slice);
            overall.add(link.movie_id, link.work, &work.rows, users);
            for p in Works::platforms(work, titles) {
                let rows: Vec<usize> = work
                    .rows
                    .iter()
                    .copied()
                    .filter(|&r| titles[r].platform == p)
                    .collect();
                if let Some(t) = per_platform.get_mut(&p) {
                    t.add(link.movie_id, link.work, &rows, users);
                }
            }
        }
        let movies_of = |p: Option<Platform>| {
            titles
                .iter()
                .filter(|t| t.kind == TitleType::Movie && p.is_none_or(|p| t.platform == p))
                .count() as u64
        };
        let shared_works = by_work
            .into_iter()
            .filter(|(_, ids)| ids.len() > 1)
            .map(|(w, movie_ids)| SharedWork {
                work_id: works.all()[w].id.clone(),
                movie_ids,
            })
            .collect();
        LinksReport {
            movielens_movies: movies.len() as u64,
            movielens_without_year: matches.without_year.len() as u64,
            movielens_ratings: ratings.len() as u64,
            catalog_titles: titles.len() as u64,
            catalog_works: works.len() as u64,
            links_by_rule,
            overall: overall.coverage(movies_of(None)),
            platforms: per_platform
                .into_iter()
                .map(|(p, t)| (p, t.coverage(movies_of(Some(p)))))
                .collect(),
            shared_works,
            ambiguous_count: matches.ambiguous.len() as u64,
            rejected_count: matches.rejected.len() as u64,
            ambiguous: matches.ambiguous.clone(),
            rejected: matches.rejected.clone(),
        }
    }

    /// The one-line summary the `links` command prints.
    pub fn summary(&self) -> String {
        let per: Vec<String> = self
            .platforms
            .iter()
            .map(|(p, c)| format!("{p} {}", c.linked_titles))
            .collect();
        format!(
            "links: {} of {} MovieLens movies linked to {} works ({} catalog titles: {}), \
             {} ratings from {} users carried; {} ambiguous, {} rejected",
            self.overall.movielens_movies,
            self.movielens_movies,
            self.overall.linked_works,
            self.overall.linked_titles,
            per.join(", "),
            self.overall.ratings,
            self.overall.users,
            self.ambiguous_count,
            self.rejected_count,
        )
    }
}

/// Distinct movies, works, rows and users seen so far.
#[derive(Default)]
struct Tally {
    movies: BTreeSet<u32>,
    works: BTreeSet<usize>,
    rows: BTreeSet<usize>,
    ratings: u64,
    users: BTreeSet<u32>,
}

impl Tally {
    fn add(&mut self, movie: u32, work: usize, rows: &[usize], users: &[u32]) {
        if self.movies.insert(movie) {
            self.ratings += users.len() as u64;
            self.users.extend(users.iter().copied());
        }
        self.works.insert(work);
        self.rows.extend(rows.iter().copied());
    }

    fn coverage(&self, catalog_movies: u64) -> Coverage {
        Coverage {
            movielens_movies: self.movies.len() as u64,
            linked_titles: self.rows.len() as u64,
            linked_works: self.works.len() as u64,
            catalog_movies,
            ratings: self.ratings,
            users: self.users.len() as u64,
        }
    }
}
