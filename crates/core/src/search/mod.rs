//! Catalog search: free text over title, director and cast, one answer per
//! work, with filters by platforms, type, release-year range, canonical
//! genre, age band (or raw age classification), minimum score, and four
//! orders.
//!
//! Ranking ([`Sort::Relevance`]): the exact title, then titles starting
//! with the text, then titles holding every word, then titles whose
//! director or cast hold the rest; ties by popularity (the work's number
//! of ratings), then score, then the newest. Text compares case- and
//! accent-blind ([`fold`]: "amelie" finds "Amélie").
//!
//! The page runs it on every keystroke, so [`SearchIndex`] prepares one
//! folded haystack per title and the works once; a search is then a
//! linear scan of plain substring tests (≈ 23,000 titles), with no
//! allocation per title.

use std::collections::{BTreeSet, HashMap};

use memchr::memmem::Finder;

use crate::genres::{genres_of_label, genres_of_listed_in, AgeBand, Genre};
use crate::model::{Catalog, DurationType, Platform, Title, TitleType};
use crate::param::{parse_count, parse_score, parse_year, ParamError, Params};

/// The order of a search's answers (`sort=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first (see the module docs).
    #[default]
    Relevance,
    /// Newest release first.
    Year,
    /// Highest score first, unrated last.
    Score,
    /// Longest first: movies by minutes, then shows by seasons (the units
    /// do not compare).
    Length,
}

impl Sort {
    /// The four orders, in the page's order.
    pub const ALL: [Sort; 4] = [Sort::Relevance, Sort::Year, Sort::Score, Sort::Length];

    /// The name in addresses: `relevance`, `year`, `score`, `length`.
    pub fn code(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Year => "year",
            Sort::Score => "score",
            Sort::Length => "length",
        }
    }

    fn parse(param: &str, text: &str) -> Result<Sort, ParamError> {
        let wanted = text.trim().to_lowercase();
        Sort::ALL
            .into_iter()
            .find(|s| s.code() == wanted)
            .ok_or_else(|| ParamError::new(param, text, "one of relevance, year, score, length"))
    }
}

/// A search: every field optional; an empty query matches every title.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchQuery {
    /// Words that must all appear in the title, director or cast.
    pub text: String,
    /// Only these platforms (any of them; none: all). A work counts when
    /// one of its rows is on one of them, and shows that row.
    pub platforms: Vec<Platform>,
    /// Only movies or only shows.
    pub kind: Option<TitleType>,
    /// Released in or after this year.
    pub year_from: Option<i32>,
    /// Released in or before this year.
    pub year_to: Option<i32>,
    /// Listed in this canonical genre.
    pub genre: Option<Genre>,
    /// In this age band.
    pub age: Option<AgeBand>,
    /// This raw age classification, exactly (as in `rating`; older links).
    pub rating: Option<String>,
    /// Score at least this (0–5); unrated titles are left out.
    pub min_score: Option<f64>,
    /// The answers' order.
    pub sort: Sort,
    /// How many answers to show (`n=`; [`SearchQuery::PAGE`] when absent):
    /// "show more" raises it by a page.
    pub n: Option<usize>,
}

impl SearchQuery {
    /// The URL/API parameter names, in the order the page writes them.
    pub const PARAMS: [&'static str; 12] = [
        "q",
        "platform",
        "type",
        "year_from",
        "year_to",
        "genre",
        "age",
        "rating",
        "min_score",
        "sort",
        "n",
        "page",
    ];

    /// Answers shown at first, and added by each "show more".
    pub const PAGE: usize = 30;
    /// The most answers one address asks for.
    pub const MAX_SHOWN: usize = 3000;

    /// Parses `(parameter, value)` pairs with the request layer's
    /// conventions ([`Params`]: empty values are absent, the last repeat
    /// wins, an unknown name is an error naming the accepted ones); a bad
    /// value is an error naming its parameter.
    ///
    /// `platform` takes one name or several, comma-separated. `genre` takes
    /// a canonical code (`comedy`); an older link's platform label
    /// (`comedies`) still works when it names exactly one genre, any other
    /// value is refused listing the codes. `page=k` (1-based) is the same as
    /// `n=k×PAGE`.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<SearchQuery, ParamError> {
        let values = Params::collect("search", &Self::PARAMS, pairs)?;
        let page = values.parse("page", |p, v| {
            parse_count(p, v, Self::MAX_SHOWN / Self::PAGE).map(|k| k * Self::PAGE)
        })?;
        let query = SearchQuery {
            text: values.get("q").unwrap_or("").trim().to_string(),
            platforms: values
                .parse("platform", parse_platforms)?
                .unwrap_or_default(),
            kind: values.parse("type", |_, v| v.parse())?,
            year_from: values.parse("year_from", parse_year)?,
            year_to: values.parse("year_to", parse_year)?,
            genre: values.parse("genre", parse_genre)?,
            age: values.parse("age", parse_age)?,
            rating: values.get("rating").map(|v| v.trim().to_lowercase()),
            min_score: values.parse("min_score", parse_score)?,
            sort: values.parse("sort", Sort::parse)?.unwrap_or_default(),
            n: values
                .parse("n", |p, v| parse_count(p, v, Self::MAX_SHOWN))?
                .or(page),
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

    /// How many answers to show.
    pub fn shown(&self) -> usize {
        self.n.unwrap_or(Self::PAGE)
    }

    /// The query as `(parameter, value)` pairs, absent fields left out:
    /// the inverse of [`SearchQuery::parse`] (`page` is written as `n`).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        let mut push = |key, value: Option<String>| {
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                pairs.push((key, v));
            }
        };
        push("q", Some(self.text.clone()));
        let platforms: Vec<&str> = self.platforms.iter().map(|p| p.as_str()).collect();
        push("platform", Some(platforms.join(",")));
        push("type", self.kind.map(|k| k.as_str().to_string()));
        push("year_from", self.year_from.map(|y| y.to_string()));
        push("year_to", self.year_to.map(|y| y.to_string()));
        push("genre", self.genre.map(|g| g.code().to_string()));
        push("age", self.age.map(|a| a.code().to_string()));
        push("rating", self.rating.clone());
        push("min_score", self.min_score.map(|s| s.to_string()));
        push(
            "sort",
            (self.sort != Sort::Relevance).then(|| self.sort.code().to_string()),
        );
        push("n", self.n.map(|n| n.to_string()));
        pairs
    }
}

fn parse_platforms(param: &str, text: &str) -> Result<Vec<Platform>, ParamError> {
    let mut platforms = Vec::new();
    for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let platform: Platform = name.parse().map_err(|_| {
            ParamError::new(
                param,
                text,
                "one or more of amazon, disney, hulu, netflix, comma-separated",
            )
        })?;
        platforms.push(platform);
    }
    platforms.sort_unstable();
    platforms.dedup();
    Ok(platforms)
}

fn parse_genre(param: &str, text: &str) -> Result<Genre, ParamError> {
    let wanted = text.trim().to_lowercase();
    if let Some(genre) = Genre::from_code(&wanted) {
        return Ok(genre);
    }
    // An older link's platform label, when it names one genre.
    match genres_of_label(&wanted) {
        Some([one]) => Ok(*one),
        _ => {
            let codes: Vec<&str> = Genre::ALL.iter().map(|g| g.code()).collect();
            Err(ParamError::new(
                param,
                text,
                &format!("a genre code, one of {}", codes.join(", ")),
            ))
        }
    }
}

fn parse_age(param: &str, text: &str) -> Result<AgeBand, ParamError> {
    AgeBand::from_code(&text.trim().to_lowercase())
        .ok_or_else(|| ParamError::new(param, text, "one of all, 7+, 13+, 16+, 18+, unrated"))
}

/// Text as the search compares it: lower-case, accents removed (`á` → `a`,
/// `ñ` → `n`, `ß` → `ss`), combining marks dropped. Covers Latin-1 and
/// Latin Extended-A, the letters of the four catalogs' titles and names.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        // Runs of ASCII, nearly all of the catalogs' text, copied and
        // lower-cased whole: char by char, folding the cast lists was most
        // of building the page's search index (issue #14).
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let start = out.len();
        out.push_str(&rest[..ascii]);
        out[start..].make_ascii_lowercase();
        rest = &rest[ascii..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        rest = &rest[c.len_utf8()..];
        for c in c.to_lowercase() {
            fold_char(c, &mut out);
        }
    }
    out
}

/// One lower-case character of [`fold`]'s output (ASCII ones are kept).
fn fold_char(c: char, out: &mut String) {
    match c {
        'a'..='z' | '0'..='9' | ' ' => out.push(c),
        '\u{300}'..='\u{36f}' => {}
        'ß' => out.push_str("ss"),
        'æ' => out.push_str("ae"),
        'œ' => out.push_str("oe"),
        _ => out.push(base_letter(c).unwrap_or(c)),
    }
}

/// The base letter of U+0100–U+017F, in code-point order.
const EXTENDED_A: &[u8; 128] = b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/// The unaccented letter of a lower-case accented Latin letter.
fn base_letter(c: char) -> Option<char> {
    Some(match c {
        'à'..='å' => 'a',
        'ç' => 'c',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ð' => 'd',
        'ñ' => 'n',
        'ò'..='ö' | 'ø' => 'o',
        'ù'..='ü' => 'u',
        'ý' | 'ÿ' => 'y',
        '\u{100}'..='\u{17f}' => EXTENDED_A[c as usize - 0x100] as char,
        _ => return None,
    })
}

/// What a search found: how many works match and the best rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchResult {
    /// Number of matching works.
    pub total: usize,
    /// One catalog row per work (its best-matching row), best first; the
    /// work's platforms are [`SearchIndex::platforms_of`].
    pub rows: Vec<usize>,
}

/// The catalog prepared for searching.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    /// Per row: `title \n director \n cast`, [`fold`]ed.
    haystacks: Vec<String>,
    /// Per row: byte length of the title part of its haystack.
    title_len: Vec<usize>,
    /// Per row: its canonical genres.
    genres: Vec<Vec<Genre>>,
    /// Per row: its work (index into `works`).
    work_of: Vec<usize>,
    works: Vec<WorkEntry>,
    ratings: Vec<String>,
    raw_genres: Vec<String>,
}

#[derive(Clone, Debug, Default)]
struct WorkEntry {
    platforms: Vec<Platform>,
    /// The most ratings of one of its rows: the work's popularity.
    popularity: u32,
}

/// A [`SearchIndex`] being built a few rows at a time: the page's main
/// thread yields between steps (built at once it was one task of ≈ 0.5 s
/// on a throttled phone); [`SearchIndex::new`] runs the same steps to the
/// end.
pub struct SearchSteps<'a> {
    titles: &'a [Title],
    index: SearchIndex,
    work_ids: HashMap<&'a str, usize>,
    // Each distinct value once, sorted, copied only at the end.
    ratings: BTreeSet<&'a str>,
    raw_genres: BTreeSet<&'a str>,
}

impl<'a> SearchSteps<'a> {
    /// Starts indexing `catalog` (rows with the same `work_id` are one
    /// work; a row without one is a work of its own).
    pub fn new(catalog: &'a Catalog) -> SearchSteps<'a> {
        SearchSteps {
            titles: catalog.titles(),
            index: SearchIndex::default(),
            work_ids: HashMap::new(),
            ratings: BTreeSet::new(),
            raw_genres: BTreeSet::new(),
        }
    }

    /// Indexes the next `rows` catalog rows (at least one); `false` once
    /// every row is indexed.
    pub fn step(&mut self, rows: usize) -> bool {
        let done = self.index.haystacks.len();
        let end = done.saturating_add(rows.max(1)).min(self.titles.len());
        let index = &mut self.index;
        for t in &self.titles[done..end] {
            let title = fold(&t.title);
            index.title_len.push(title.len());
            let mut hay = title;
            for field in [&t.director, &t.cast] {
                hay.push('\n');
                hay.push_str(&fold(field.as_deref().unwrap_or("")));
            }
            index.haystacks.push(hay);
            index
                .genres
                .push(genres_of_listed_in(t.listed_in.as_deref()));
            self.ratings.insert(t.rating.as_str());
            self.raw_genres
                .extend(Title::split_list(t.listed_in.as_deref()));
            let key = if t.work_id.is_empty() {
                &t.id
            } else {
                &t.work_id
            };
            let next = index.works.len();
            let work = *self.work_ids.entry(key.as_str()).or_insert(next);
            if work == next {
                index.works.push(WorkEntry::default());
            }
            let entry = &mut index.works[work];
            if !entry.platforms.contains(&t.platform) {
                entry.platforms.push(t.platform);
                entry.platforms.sort_unstable();
            }
            entry.popularity = entry.popularity.max(t.score_count);
            index.work_of.push(work);
        }
        end < self.titles.len()
    }

    /// Runs the remaining steps and returns the index.
    pub fn finish(mut self) -> SearchIndex {
        while self.step(usize::MAX) {}
        let mut index = self.index;
        index.ratings = self.ratings.into_iter().map(str::to_string).collect();
        index.raw_genres = self.raw_genres.into_iter().map(str::to_string).collect();
        index
    }
}

impl SearchIndex {
    /// Prepares `catalog`. Rows with the same `work_id` are one work; a
    /// row without one is a work of its own.
    pub fn new(catalog: &Catalog) -> SearchIndex {
        SearchSteps::new(catalog).finish()
    }

    /// Every platform genre label of the catalog (lower-case), sorted: the
    /// values the recommender's `genre` filter takes.
    pub fn genres(&self) -> &[String] {
        &self.raw_genres
    }

    /// Every raw age classification of the catalog, sorted.
    pub fn ratings(&self) -> &[String] {
        &self.ratings
    }

    /// The platforms of the work that catalog row `row` belongs to, in
    /// [`Platform::ALL`] order (empty for a row this index does not hold).
    pub fn platforms_of(&self, row: usize) -> &[Platform] {
        self.work_of
            .get(row)
            .map_or(&[], |&w| self.works[w].platforms.as_slice())
    }

    /// Runs `query` over `catalog` (the one this index was built from) and
    /// keeps the best `limit` works in the query's order (see the module
    /// docs); within equal keys by title and id, so answers are stable.
    pub fn search(&self, catalog: &Catalog, query: &SearchQuery, limit: usize) -> SearchResult {
        let folded = fold(&query.text);
        let words: Vec<&str> = folded.split_whitespace().collect();
        let phrase = words.join(" ");
        // One prepared searcher per word, reused over every title: the
        // per-call set-up of `str::contains` dominated a keystroke's time
        // in the browser (17 ms for the catalog, measured).
        let finders: Vec<Finder> = words.iter().map(|w| Finder::new(w.as_bytes())).collect();
        let titles = catalog.titles();
        // Per work: its best (group, row).
        let mut best: HashMap<usize, (u8, usize)> = HashMap::new();
        for (row, t) in titles.iter().enumerate() {
            let (Some(hay), Some(&work)) = (self.haystacks.get(row), self.work_of.get(row)) else {
                continue;
            };
            if !self.passes_filters(row, t, query) {
                continue;
            }
            if !finders.iter().all(|f| f.find(hay.as_bytes()).is_some()) {
                continue;
            }
            let title = &hay.as_bytes()[..self.title_len[row]];
            let group = if title == phrase.as_bytes() {
                0
            } else if title.starts_with(phrase.as_bytes()) {
                1
            } else if finders.iter().all(|f| f.find(title).is_some()) {
                2
            } else {
                3
            };
            // A work shows its best-matching row, the most rated of those.
            let rank = |(group, row): (u8, usize)| {
                let t = &titles[row];
                (group, std::cmp::Reverse(t.score_count), &t.id)
            };
            let hit = (group, row);
            best.entry(work)
                .and_modify(|b| {
                    if rank(hit) < rank(*b) {
                        *b = hit;
                    }
                })
                .or_insert(hit);
        }
        let mut hits: Vec<(u8, usize)> = best.into_values().collect();
        let total = hits.len();
        let key = |&(group, row): &(u8, usize)| self.sort_key(titles, query.sort, group, row);
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

    fn sort_key<'t>(
        &self,
        titles: &'t [Title],
        sort: Sort,
        group: u8,
        row: usize,
    ) -> (
        SortLead,
        u8,
        std::cmp::Reverse<u32>,
        SortLead,
        &'t str,
        &'t str,
    ) {
        use std::cmp::Reverse;
        let t = &titles[row];
        let popularity = self.works[self.work_of[row]].popularity;
        // Scores are 0.5–5.0 in half steps or means: ×1000 keeps order.
        let score = t.score.map_or(-1, |s| (s * 1000.0).round() as i64);
        let lead = match sort {
            Sort::Relevance => SortLead::default(),
            Sort::Year => SortLead(0, Reverse(i64::from(t.release_year))),
            Sort::Score => SortLead(0, Reverse(score)),
            Sort::Length => match (t.duration_type, t.duration_int) {
                (Some(DurationType::Min), Some(n)) => SortLead(0, Reverse(i64::from(n))),
                (Some(DurationType::Season), Some(n)) => SortLead(1, Reverse(i64::from(n))),
                _ => SortLead(2, Reverse(0)),
            },
        };
        let then = SortLead(0, Reverse(score * 10_000 + i64::from(t.release_year)));
        (lead, group, Reverse(popularity), then, &t.title, &t.id)
    }

    /// Whether row `row` passes the filters: per row, so a work found on
    /// a chosen platform shows that platform's row.
    fn passes_filters(&self, row: usize, t: &Title, q: &SearchQuery) -> bool {
        (q.platforms.is_empty() || q.platforms.contains(&t.platform))
            && q.kind.is_none_or(|k| t.kind == k)
            && q.year_from.is_none_or(|y| t.release_year >= y)
            && q.year_to.is_none_or(|y| t.release_year <= y)
            && q.rating.as_deref().is_none_or(|r| t.rating == r)
            && q.age
                .is_none_or(|a| AgeBand::of_label(&t.rating) == Some(a))
            && q.min_score.is_none_or(|m| t.score.is_some_and(|s| s >= m))
            && q.genre.is_none_or(|g| self.genres[row].contains(&g))
    }
}

/// A sort key's part: a class (lower first) and a value (its `Reverse`:
/// higher first).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct SortLead(u8, std::cmp::Reverse<i64>);

#[cfg(test)]
mod tests;
