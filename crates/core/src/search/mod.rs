//! Catalog search: free text over title, director and cast, with filters by
//! platform, type, release-year range, genre and age classification.
//!
//! The page runs it on every keystroke, so [`SearchIndex`] prepares one
//! lower-case haystack per title once; a search is then a linear scan of
//! plain substring tests (≈ 23,000 titles), with no allocation per title.

use memchr::memmem::Finder;

use crate::model::{Catalog, Platform, Title, TitleType};
use crate::param::{parse_year, ParamError, Params};

/// A search: every field optional; an empty query matches every title.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// Words that must all appear in the title, director or cast.
    pub text: String,
    /// Only this platform.
    pub platform: Option<Platform>,
    /// Only movies or only shows.
    pub kind: Option<TitleType>,
    /// Released in or after this year.
    pub year_from: Option<i32>,
    /// Released in or before this year.
    pub year_to: Option<i32>,
    /// Listed in this genre (exact, lower-case, as in `listed_in`).
    pub genre: Option<String>,
    /// This age classification (as in `rating`).
    pub rating: Option<String>,
}

impl SearchQuery {
    /// The URL/API parameter names, in the order the page writes them.
    pub const PARAMS: [&'static str; 7] = [
        "q",
        "platform",
        "type",
        "year_from",
        "year_to",
        "genre",
        "rating",
    ];

    /// Parses `(parameter, value)` pairs with the request layer's
    /// conventions ([`Params`]: empty values are absent, the last repeat
    /// wins, an unknown name is an error naming the accepted ones); a bad
    /// value is an error naming its parameter.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<SearchQuery, ParamError> {
        let values = Params::collect("search", &Self::PARAMS, pairs)?;
        let lower = |name| values.get(name).map(|v| v.trim().to_lowercase());
        let query = SearchQuery {
            text: values.get("q").unwrap_or("").trim().to_string(),
            platform: values.parse("platform", |_, v| v.parse())?,
            kind: values.parse("type", |_, v| v.parse())?,
            year_from: values.parse("year_from", parse_year)?,
            year_to: values.parse("year_to", parse_year)?,
            genre: lower("genre"),
            rating: lower("rating"),
        };
        if let (Some(from), Some(to)) = (query.year_from, query.year_to) {
            if from > to {
                return Err(ParamError::new(
                    "year_to",
                    &to.to_string(),
                    &format!("a year not before year_from ({from})"),
                ));
            }
        }
        Ok(query)
    }

    /// The query as `(parameter, value)` pairs, absent fields left out:
    /// the inverse of [`SearchQuery::parse`].
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        let mut push = |key, value: Option<String>| {
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                pairs.push((key, v));
            }
        };
        push("q", Some(self.text.clone()));
        push("platform", self.platform.map(|p| p.as_str().to_string()));
        push("type", self.kind.map(|k| k.as_str().to_string()));
        push("year_from", self.year_from.map(|y| y.to_string()));
        push("year_to", self.year_to.map(|y| y.to_string()));
        push("genre", self.genre.clone());
        push("rating", self.rating.clone());
        pairs
    }
}

/// What a search found: how many titles match and the best `limit` of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchResult {
    /// Number of matching titles.
    pub total: usize,
    /// Catalog rows of the best matches, best first.
    pub rows: Vec<usize>,
}

/// The catalog prepared for searching.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    /// Per row: `title \n director \n cast`, lower-case.
    haystacks: Vec<String>,
    /// Per row: byte length of the title part of its haystack.
    title_len: Vec<usize>,
    genres: Vec<String>,
    ratings: Vec<String>,
}

impl SearchIndex {
    /// Prepares `catalog` (its text is already lower-case; this lowers it
    /// again so a catalog built elsewhere still searches case-blind).
    pub fn new(catalog: &Catalog) -> SearchIndex {
        let mut index = SearchIndex::default();
        for t in catalog.titles() {
            let title = t.title.to_lowercase();
            index.title_len.push(title.len());
            let mut hay = title;
            for field in [&t.director, &t.cast] {
                hay.push('\n');
                hay.push_str(&field.as_deref().unwrap_or("").to_lowercase());
            }
            index.haystacks.push(hay);
            for genre in Title::split_list(t.listed_in.as_deref()) {
                index.genres.push(genre.to_string());
            }
            index.ratings.push(t.rating.clone());
        }
        for list in [&mut index.genres, &mut index.ratings] {
            list.sort_unstable();
            list.dedup();
        }
        index
    }

    /// Every genre of the catalog, sorted.
    pub fn genres(&self) -> &[String] {
        &self.genres
    }

    /// Every age classification of the catalog, sorted.
    pub fn ratings(&self) -> &[String] {
        &self.ratings
    }

    /// Runs `query` over `catalog` (the one this index was built from) and
    /// keeps the best `limit` rows: titles starting with the text first,
    /// then titles containing it, then matches in director or cast; within
    /// a group the most-rated first, then by title and id.
    pub fn search(&self, catalog: &Catalog, query: &SearchQuery, limit: usize) -> SearchResult {
        let lowered = query.text.to_lowercase();
        let words: Vec<&str> = lowered.split_whitespace().collect();
        let phrase = words.join(" ");
        // One prepared searcher per word, reused over every title: the
        // per-call set-up of `str::contains` dominated a keystroke's time
        // in the browser (17 ms for the catalog, measured).
        let finders: Vec<Finder> = words.iter().map(|w| Finder::new(w.as_bytes())).collect();
        let phrase_finder = Finder::new(phrase.as_bytes());
        let mut hits: Vec<(u8, usize)> = Vec::new();
        for (row, t) in catalog.titles().iter().enumerate() {
            if !passes_filters(t, query) {
                continue;
            }
            let Some(hay) = self.haystacks.get(row) else {
                continue;
            };
            if !finders.iter().all(|f| f.find(hay.as_bytes()).is_some()) {
                continue;
            }
            let title = &hay.as_bytes()[..self.title_len[row]];
            // The exact title first (someone typing "toy story" wants Toy
            // Story before its sequels), then titles starting with the
            // phrase, then titles holding it, then other fields' matches.
            let group = if title == phrase.as_bytes() {
                0
            } else if title.starts_with(phrase.as_bytes()) {
                1
            } else if phrase_finder.find(title).is_some() {
                2
            } else {
                3
            };
            hits.push((group, row));
        }
        let total = hits.len();
        let titles = catalog.titles();
        let key = |&(group, row): &(u8, usize)| {
            let t = &titles[row];
            (group, std::cmp::Reverse(t.score_count), &t.title, &t.id)
        };
        if hits.len() > limit {
            hits.select_nth_unstable_by(limit, |a, b| key(a).cmp(&key(b)));
            hits.truncate(limit);
        }
        hits.sort_unstable_by(|a, b| key(a).cmp(&key(b)));
        SearchResult {
            total,
            rows: hits.into_iter().map(|(_, row)| row).collect(),
        }
    }
}

fn passes_filters(t: &Title, q: &SearchQuery) -> bool {
    q.platform.is_none_or(|p| t.platform == p)
        && q.kind.is_none_or(|k| t.kind == k)
        && q.year_from.is_none_or(|y| t.release_year >= y)
        && q.year_to.is_none_or(|y| t.release_year <= y)
        && q.rating.as_deref().is_none_or(|r| t.rating == r)
        && q.genre
            .as_deref()
            .is_none_or(|g| Title::split_list(t.listed_in.as_deref()).any(|x| x == g))
}

#[cfg(test)]
mod tests;
