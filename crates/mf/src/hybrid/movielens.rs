//! MovieLens text (already read by the caller) as ratings and item
//! features: `ratings.csv` (`userId,movieId,rating,timestamp`) and
//! `movies.csv` (`movieId,title,genres`, the title quoted when it holds a
//! comma, "Title (Year)"). Features: each MovieLens genre ("(no genres
//! listed)" is none) and the release decade from the title's year. Pure
//! parsing, no I/O.

use super::ItemFeatures;
use crate::data::{IdMap, Ratings};
use crate::error::{invalid, MfError};

/// MovieLens ratings with dense indices and their features.
#[derive(Clone, Debug)]
pub struct MovieLens {
    /// The ratings, items indexed in `movies.csv` order.
    pub ratings: Ratings,
    /// One feature row per item.
    pub features: ItemFeatures,
    /// Feature names by id (`"genre:Comedy"`, `"decade:1990s"`).
    pub feature_names: Vec<String>,
    /// MovieLens `movieId` of each item.
    pub movie_ids: Vec<u64>,
    /// Title of each item, as in `movies.csv`.
    pub titles: Vec<String>,
}

/// Split one CSV line into fields (double quotes, `""` inside them).
fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// The year at the end of a "Title (Year)" name, if any.
fn year_of(title: &str) -> Option<u32> {
    let t = title.trim_end();
    let inner = t.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let y = &inner[open + 1..];
    (y.len() == 4).then(|| y.parse().ok()).flatten()
}

fn bad_line(file: &'static str, line: usize) -> MfError {
    invalid(
        file,
        format!("line {line}"),
        "a well-formed MovieLens CSV row",
    )
}

/// Parse `movies.csv` and `ratings.csv` text. Ratings of movies missing from
/// `movies.csv` are an error (the files belong together).
pub fn parse(movies_csv: &str, ratings_csv: &str) -> Result<MovieLens, MfError> {
    let mut names = IdMap::new();
    let (mut movie_ids, mut titles, mut lists) = (Vec::new(), Vec::new(), Vec::new());
    let mut movie_index = IdMap::new();
    for (n, line) in movies_csv.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let f = fields(line);
        let [id, title, genres] = f.as_slice() else {
            return Err(bad_line("movies.csv", n + 1));
        };
        let id: u64 = id.parse().map_err(|_| bad_line("movies.csv", n + 1))?;
        movie_index.index(id);
        let mut list = Vec::new();
        for g in genres
            .split('|')
            .filter(|g| !g.is_empty() && !g.starts_with('('))
        {
            list.push(names.index(format!("genre:{g}")));
        }
        if let Some(y) = year_of(title) {
            list.push(names.index(format!("decade:{}s", y / 10 * 10)));
        }
        movie_ids.push(id);
        titles.push(title.clone());
        lists.push(list);
    }
    let mut users = IdMap::new();
    let (mut u, mut i, mut v) = (Vec::new(), Vec::new(), Vec::new());
    for (n, line) in ratings_csv.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let mut f = line.split(',');
        let (Some(user), Some(movie), Some(rating)) = (f.next(), f.next(), f.next()) else {
            return Err(bad_line("ratings.csv", n + 1));
        };
        let user: u64 = user.parse().map_err(|_| bad_line("ratings.csv", n + 1))?;
        let movie: u64 = movie.parse().map_err(|_| bad_line("ratings.csv", n + 1))?;
        let rating: f32 = rating.parse().map_err(|_| bad_line("ratings.csv", n + 1))?;
        let item = movie_index
            .get(&movie)
            .ok_or_else(|| bad_line("ratings.csv", n + 1))?;
        u.push(users.index(user));
        i.push(item);
        v.push(rating);
    }
    let ratings = Ratings::new(u, i, v, users.len() as u32, movie_ids.len() as u32)?;
    let features = ItemFeatures::from_lists(names.len() as u32, &lists)?;
    let feature_names = (0..names.len() as u32)
        .filter_map(|d| names.raw(d).cloned())
        .collect();
    Ok(MovieLens {
        ratings,
        features,
        feature_names,
        movie_ids,
        titles,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_titles_genres_and_decades() {
        let movies = "movieId,title,genres\n1,Toy Story (1995),Animation|Children\n\
                      2,\"American President, The (1995)\",Comedy|Drama\n\
                      3,Untitled,(no genres listed)\n";
        let ratings = "userId,movieId,rating,timestamp\n1,2,4.5,0\n7,1,3,0\n";
        let ml = parse(movies, ratings).unwrap();
        assert_eq!(ml.titles[1], "American President, The (1995)");
        assert_eq!(
            ml.feature_names,
            vec![
                "genre:Animation",
                "genre:Children",
                "decade:1990s",
                "genre:Comedy",
                "genre:Drama"
            ]
        );
        assert_eq!(ml.features.of(1).0, &[2, 3, 4]);
        assert!(!ml.features.has_features(2));
        assert_eq!(
            (ml.ratings.items.clone(), ml.ratings.n_items),
            (vec![1, 0], 3)
        );
        assert!(parse(movies, "h\n1,99,4,0\n").is_err(), "unknown movie");
        assert!(parse(movies, "h\n1,x,4,0\n").is_err());
    }
}
