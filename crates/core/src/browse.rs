//! Rows to browse (the page's home): recently added per platform, the best
//! rated by a given score, the catalog's biggest genres, and the genres a
//! set of titles leans to (a viewer's one-line taste summary). Pure: the
//! caller passes the score, so the same selection serves the taste model's
//! MovieLens scores and the catalog's own.
//!
//! Every list keeps one title per work (the same film on two platforms is
//! one card) and breaks ties by id, so it is the same on every run.

use std::collections::HashSet;

use crate::genres::{genres_of_listed_in, Genre};
use crate::model::{Catalog, Platform, Title};

/// The catalog rows of `platform` with a `date_added`, newest first (ties
/// by id), one per work, at most `n`.
pub fn recently_added(catalog: &Catalog, platform: Platform, n: usize) -> Vec<usize> {
    let titles = catalog.titles();
    let mut rows: Vec<usize> = (0..titles.len())
        .filter(|&r| titles[r].platform == platform && titles[r].date_added.is_some())
        .collect();
    rows.sort_by(|&a, &b| {
        titles[b]
            .date_added
            .cmp(&titles[a].date_added)
            .then_with(|| titles[a].id.cmp(&titles[b].id))
    });
    one_per_work(titles, rows, n)
}

/// The `n` rows `keep` accepts with the highest `score` (rows without one
/// are left out), best first, ties by id, one per work.
pub fn best_by(
    catalog: &Catalog,
    n: usize,
    keep: impl Fn(&Title) -> bool,
    score: impl Fn(usize, &Title) -> Option<f64>,
) -> Vec<usize> {
    let titles = catalog.titles();
    // The score first: the real viewers' scores are a map lookup and most
    // titles have none, while `keep` (a genre row's) parses each title's
    // genres; asking it only of scored titles about halved the time of
    // the home's rows (30–36 → 17–21 ms natively).
    let mut scored: Vec<(usize, f64)> = (0..titles.len())
        .filter_map(|r| {
            score(r, &titles[r])
                .filter(|s| s.is_finite())
                .map(|s| (r, s))
        })
        .filter(|&(r, _)| keep(&titles[r]))
        .collect();
    scored.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| titles[a.0].id.cmp(&titles[b.0].id))
    });
    one_per_work(titles, scored.into_iter().map(|(r, _)| r), n)
}

/// The catalog's own score of a title when at least `min_count` ratings
/// make it (a title two people rated 5 is not "the best"): the fallback
/// of [`best_by`] when no real viewers' scores are loaded.
pub fn catalog_score(title: &Title, min_count: u32) -> Option<f64> {
    title.score.filter(|_| title.score_count >= min_count)
}

/// Whether `title`'s labels map to canonical `genre`.
pub fn has_genre(title: &Title, genre: Genre) -> bool {
    genres_of_listed_in(title.listed_in.as_deref()).contains(&genre)
}

/// The `n` canonical genres with the most titles (ties in [`Genre::ALL`]'s
/// order), for the home's genre rows.
pub fn biggest_genres(catalog: &Catalog, n: usize) -> Vec<Genre> {
    genre_counts(catalog.titles().iter(), n)
}

/// The `n` canonical genres most frequent among `titles` (ties in
/// [`Genre::ALL`]'s order): what a viewer's rated titles lean to. An empty
/// list when none of them has a genre.
pub fn leaning_genres<'a>(titles: impl IntoIterator<Item = &'a Title>, n: usize) -> Vec<Genre> {
    genre_counts(titles.into_iter(), n)
}

fn genre_counts<'a>(titles: impl Iterator<Item = &'a Title>, n: usize) -> Vec<Genre> {
    let mut counts = [0usize; Genre::ALL.len()];
    for title in titles {
        for genre in genres_of_listed_in(title.listed_in.as_deref()) {
            counts[genre.index()] += 1;
        }
    }
    let mut genres: Vec<Genre> = Genre::ALL
        .into_iter()
        .filter(|g| counts[g.index()] > 0)
        .collect();
    // Stable: equal counts keep `Genre::ALL`'s order.
    genres.sort_by(|a, b| counts[b.index()].cmp(&counts[a.index()]));
    genres.truncate(n);
    genres
}

fn one_per_work(titles: &[Title], rows: impl IntoIterator<Item = usize>, n: usize) -> Vec<usize> {
    let mut seen: HashSet<&str> = HashSet::new();
    rows.into_iter()
        .filter(|&r| seen.insert(titles[r].work_id.as_str()))
        .take(n)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TitleType;
    use crate::Date;

    fn title(id: &str, platform: Platform, added: Option<&str>, genres: &str) -> Title {
        Title {
            id: id.into(),
            show_id: id.into(),
            platform,
            kind: TitleType::Movie,
            title: id.into(),
            director: None,
            cast: None,
            country: None,
            date_added: added.map(|d| Date::parse_iso(d).unwrap()),
            release_year: 2020,
            rating: String::new(),
            duration_int: None,
            duration_type: None,
            listed_in: Some(genres.into()),
            description: None,
            score: None,
            score_count: 0,
            display: Default::default(),
            work_id: format!("w-{id}"),
        }
    }

    fn catalog() -> Catalog {
        let mut titles = vec![
            title("n1", Platform::Netflix, Some("2021-01-01"), "dramas"),
            title(
                "n2",
                Platform::Netflix,
                Some("2021-06-01"),
                "comedies, dramas",
            ),
            title("n3", Platform::Netflix, None, "horror movies"),
            title("n4", Platform::Netflix, Some("2021-06-01"), "dramas"),
            title("h1", Platform::Hulu, Some("2021-09-01"), "drama"),
        ];
        // n4 and h1 are one work on two platforms.
        titles[4].work_id = "w-n4".into();
        titles[0].score = Some(4.5);
        titles[0].score_count = 30;
        titles[1].score = Some(4.9);
        titles[1].score_count = 2;
        titles[3].score = Some(4.0);
        titles[3].score_count = 50;
        titles[4].score = Some(4.8);
        titles[4].score_count = 40;
        Catalog::new(titles).unwrap()
    }

    #[test]
    fn recently_added_is_newest_first_per_platform_ties_by_id() {
        let c = catalog();
        let ids: Vec<&str> = recently_added(&c, Platform::Netflix, 10)
            .into_iter()
            .map(|r| c.titles()[r].id.as_str())
            .collect();
        assert_eq!(ids, ["n2", "n4", "n1"]);
        assert_eq!(recently_added(&c, Platform::Netflix, 1).len(), 1);
        assert!(recently_added(&c, Platform::Disney, 5).is_empty());
    }

    #[test]
    fn best_by_needs_enough_ratings_and_keeps_one_row_per_work() {
        let c = catalog();
        let ids: Vec<&str> = best_by(&c, 10, |_| true, |_, t| catalog_score(t, 10))
            .into_iter()
            .map(|r| c.titles()[r].id.as_str())
            .collect();
        // n2 has 2 ratings only; n4 is the same work as h1 (which wins).
        assert_eq!(ids, ["h1", "n1"]);
        let dramas_on_netflix = best_by(
            &c,
            10,
            |t| t.platform == Platform::Netflix && has_genre(t, Genre::Drama),
            |_, t| t.score,
        );
        let ids: Vec<&str> = dramas_on_netflix
            .into_iter()
            .map(|r| c.titles()[r].id.as_str())
            .collect();
        assert_eq!(ids, ["n2", "n1", "n4"]);
    }

    #[test]
    fn genres_are_counted_canonically() {
        let c = catalog();
        // "dramas" and "drama" are one genre.
        assert_eq!(biggest_genres(&c, 1), [Genre::Drama]);
        let leaning = leaning_genres([&c.titles()[1], &c.titles()[2]], 3);
        // One each: Genre::ALL's order decides.
        assert_eq!(leaning, [Genre::Comedy, Genre::Drama, Genre::Horror]);
        assert!(leaning_genres(std::iter::empty(), 3).is_empty());
    }
}
