//! Works: one film or show, whichever platforms list it.
//!
//! The catalog has one row per platform, so "Catch Me If You Can" (2002) is
//! two titles, `as7042` and `ns330`. A work groups the rows that share a
//! [`title_key`], a release year and a type, unless their people say they
//! are different films: two rows whose known directors and known casts have
//! no name in common are two works, and, when neither can be compared, two
//! movies more than [`DURATION_TOLERANCE_MIN`] minutes apart. Rows are placed in catalog
//! order, each into the first work all of whose rows it agrees with.
//!
//! A work's id is `w-` and its smallest member id in code-point order
//! (`w-as7042`): it depends only on the rows, never on the input order or a
//! counter, so it is stable across runs.

use std::collections::HashMap;

use crate::links::key::title_key;
use crate::model::{DurationType, Platform, Title, TitleType};

/// Two movies with no people to compare are the same film only if their
/// lengths differ by at most this many minutes (platforms cut credits and
/// intros differently).
pub const DURATION_TOLERANCE_MIN: u32 = 15;

/// One work: its id and its rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Work {
    /// `w-` + the smallest member id (`w-as7042`).
    pub id: String,
    /// Movie or TV show.
    pub kind: TitleType,
    /// Indices of its titles in the slice given to [`Works::group`], in
    /// catalog order.
    pub rows: Vec<usize>,
}

/// Every title of a catalog grouped into works.
#[derive(Clone, Debug, Default)]
pub struct Works {
    works: Vec<Work>,
    work_of: Vec<u32>,
}

impl Works {
    /// Groups `titles` into works (see the module docs). Works are ordered
    /// by their first row.
    pub fn group(titles: &[Title]) -> Works {
        let mut by_key: HashMap<(String, i32, TitleType), Vec<usize>> = HashMap::new();
        let mut works: Vec<Vec<usize>> = Vec::new();
        let mut work_of = vec![0u32; titles.len()];
        for (row, title) in titles.iter().enumerate() {
            let key = (title_key(&title.title), title.release_year, title.kind);
            let candidates = by_key.entry(key).or_default();
            let found = candidates.iter().copied().find(|&w| {
                works[w]
                    .iter()
                    .all(|&other| same_work(&titles[other], title))
            });
            let w = match found {
                Some(w) => w,
                None => {
                    works.push(Vec::new());
                    candidates.push(works.len() - 1);
                    works.len() - 1
                }
            };
            works[w].push(row);
            work_of[row] = w as u32;
        }
        let works = works
            .into_iter()
            .map(|rows| Work {
                id: work_id(rows.iter().map(|&r| titles[r].id.as_str())),
                kind: titles[rows[0]].kind,
                rows,
            })
            .collect();
        Works { works, work_of }
    }

    /// Groups `titles` and writes each row's [`Title::work_id`]: the ETL's
    /// step after the rules, since a work needs the whole catalog.
    pub fn assign(titles: &mut [Title]) -> Works {
        let works = Works::group(titles);
        for work in &works.works {
            for &row in &work.rows {
                titles[row].work_id.clone_from(&work.id);
            }
        }
        works
    }

    /// All works, ordered by their first row.
    pub fn all(&self) -> &[Work] {
        &self.works
    }

    /// The number of works.
    pub fn len(&self) -> usize {
        self.works.len()
    }

    /// Whether there are no works (an empty catalog).
    pub fn is_empty(&self) -> bool {
        self.works.is_empty()
    }

    /// The index (in [`Works::all`]) of the work that holds title `row`.
    pub fn of_row(&self, row: usize) -> Option<usize> {
        self.work_of.get(row).map(|&w| w as usize)
    }

    /// The distinct platforms of a work's rows, in [`Platform::ALL`] order.
    pub fn platforms(work: &Work, titles: &[Title]) -> Vec<Platform> {
        let mut platforms: Vec<Platform> = work.rows.iter().map(|&r| titles[r].platform).collect();
        platforms.sort_unstable();
        platforms.dedup();
        platforms
    }
}

/// `w-` and the smallest of `ids` (`w-` alone for none).
pub fn work_id<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    format!("w-{}", ids.min().unwrap_or(""))
}

/// Whether two rows with the same key, year and type are one work: they
/// share a director or a cast member; or, when neither list can be
/// compared (one side missing), their lengths agree.
pub fn same_work(a: &Title, b: &Title) -> bool {
    let directors = a.director.as_deref().zip(b.director.as_deref());
    let casts = a.cast.as_deref().zip(b.cast.as_deref());
    // Platforms spell directors differently ("Francis Coppola" / "Francis
    // Ford Coppola"), so a shared cast member is enough.
    if directors.is_some_and(|(x, y)| share_a_name(x, y))
        || casts.is_some_and(|(x, y)| share_a_name(x, y))
    {
        return true;
    }
    if directors.is_some() || casts.is_some() {
        return false;
    }
    match (minutes(a), minutes(b)) {
        (Some(x), Some(y)) => x.abs_diff(y) <= DURATION_TOLERANCE_MIN,
        _ => true,
    }
}

fn minutes(title: &Title) -> Option<u32> {
    (title.kind == TitleType::Movie && title.duration_type == Some(DurationType::Min))
        .then_some(title.duration_int)
        .flatten()
}

/// Whether two comma-separated name lists share a name (compared by key,
/// so accents and punctuation do not matter).
fn share_a_name(a: &str, b: &str) -> bool {
    let names: Vec<String> = Title::split_list(Some(a)).map(title_key).collect();
    Title::split_list(Some(b)).any(|name| names.contains(&title_key(name)))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::tests::movie;

    /// A movie with a director (or none).
    pub(crate) fn film(id: &str, name: &str, year: i32, director: Option<&str>) -> Title {
        Title {
            director: director.map(str::to_string),
            ..movie(id, name, year)
        }
    }

    #[test]
    fn assign_writes_every_rows_work_id() {
        let mut titles = vec![
            film("ns330", "catch me if you can", 2002, None),
            film("as7042", "catch me if you can", 2002, None),
            film("ns1", "another film", 2002, None),
        ];
        let works = Works::assign(&mut titles);
        let ids: Vec<&str> = titles.iter().map(|t| t.work_id.as_str()).collect();
        assert_eq!(ids, ["w-as7042", "w-as7042", "w-ns1"]);
        assert_eq!(works.len(), 2);
    }

    #[test]
    fn one_film_on_two_platforms_is_one_work() {
        let titles = vec![
            film(
                "as7042",
                "catch me if you can",
                2002,
                Some("steven spielberg"),
            ),
            film(
                "ns330",
                "Catch Me If You Can",
                2002,
                Some("Steven Spielberg"),
            ),
            film("ns1", "catch me if you can", 1980, None),
        ];
        let works = Works::group(&titles);
        assert_eq!(works.len(), 2);
        assert_eq!(works.all()[0].id, "w-as7042");
        assert_eq!(works.all()[0].rows, vec![0, 1]);
        assert_eq!(works.of_row(1), Some(0));
        assert_eq!(works.of_row(2), Some(1));
        assert_eq!(
            Works::platforms(&works.all()[0], &titles),
            vec![Platform::Amazon, Platform::Netflix]
        );
    }

    #[test]
    fn different_directors_split_a_title_and_year() {
        let titles = vec![
            film("ns2", "the host", 2013, Some("andrew niccol")),
            film("hs5", "host", 2013, Some("someone else")),
            film("as9", "The Host", 2013, None),
        ];
        let works = Works::group(&titles);
        assert_eq!(works.len(), 2, "{:?}", works.all());
        // the row without a director joins the first work it agrees with
        assert_eq!(works.all()[0].rows, vec![0, 2]);
        assert_eq!(works.all()[0].id, "w-as9");
        assert_eq!(works.all()[1].id, "w-hs5");
    }

    #[test]
    fn casts_and_durations_break_ties_without_directors() {
        let mut a = film("as1", "blue", 2010, None);
        let mut b = film("ns1", "blue", 2010, None);
        a.cast = Some("ana, bob".into());
        b.cast = Some("carla".into());
        assert!(!same_work(&a, &b));
        b.cast = Some("carla, bob".into());
        assert!(same_work(&a, &b));
        a.director = Some("francis ford coppola".into());
        b.director = Some("francis coppola".into());
        assert!(
            same_work(&a, &b),
            "the shared cast outweighs a respelt director"
        );
        b.cast = Some("carla".into());
        assert!(!same_work(&a, &b));
        a.director = None;
        b.director = None;
        a.cast = None;
        for t in [&mut a, &mut b] {
            t.duration_type = Some(DurationType::Min);
        }
        a.duration_int = Some(90);
        b.duration_int = Some(130);
        assert!(!same_work(&a, &b), "40 minutes apart");
        b.duration_int = Some(100);
        assert!(same_work(&a, &b));
    }

    #[test]
    fn ids_do_not_depend_on_order() {
        let one = vec![
            film("ns330", "x", 2002, None),
            film("as7042", "x", 2002, None),
        ];
        let two = vec![one[1].clone(), one[0].clone()];
        assert_eq!(
            Works::group(&one).all()[0].id,
            Works::group(&two).all()[0].id
        );
    }

    #[test]
    fn movies_and_shows_are_different_works() {
        let mut show = film("ds1", "bluey", 2018, None);
        show.kind = TitleType::TvShow;
        let titles = vec![film("ns1", "bluey", 2018, None), show];
        assert_eq!(Works::group(&titles).len(), 2);
    }
}
