//! The catalog's types: one [`Title`] per row of `titles.parquet`.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::param::ParamError;

/// One of the four streaming platforms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// Amazon Prime Video (`a` id prefix).
    Amazon,
    /// Disney+ (`d`).
    Disney,
    /// Hulu (`h`).
    Hulu,
    /// Netflix (`n`).
    Netflix,
}

impl Platform {
    /// All platforms, in the order the catalogs are unioned.
    pub const ALL: [Platform; 4] = [
        Platform::Amazon,
        Platform::Disney,
        Platform::Hulu,
        Platform::Netflix,
    ];

    /// The name used in data, URLs and JSON: `amazon`, `disney`, `hulu`, `netflix`.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Amazon => "amazon",
            Platform::Disney => "disney",
            Platform::Hulu => "hulu",
            Platform::Netflix => "netflix",
        }
    }

    /// The name a person knows the service by, in either language:
    /// `Amazon Prime Video`, `Disney+`, `Hulu`, `Netflix`. Every screen,
    /// chart and report shows this one (data and URLs use [`Platform::as_str`]).
    ///
    /// ```
    /// use cartelera_core::Platform;
    /// assert_eq!(Platform::Amazon.display_name(), "Amazon Prime Video");
    /// ```
    pub fn display_name(self) -> &'static str {
        match self {
            Platform::Amazon => "Amazon Prime Video",
            Platform::Disney => "Disney+",
            Platform::Hulu => "Hulu",
            Platform::Netflix => "Netflix",
        }
    }

    /// The letter that prefixes `show_id` to make the catalog-wide `id`.
    pub fn initial(self) -> char {
        self.as_str().as_bytes()[0] as char
    }

    /// The platform whose initial starts a catalog-wide `id` such as `ns2186`.
    pub fn from_id(id: &str) -> Option<Platform> {
        let first = *id.as_bytes().first()?;
        Platform::ALL
            .into_iter()
            .find(|p| p.initial() as u8 == first)
    }

    /// Index in [`Platform::ALL`] (handy for per-platform arrays).
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Platform {
    type Err = ParamError;

    /// Accepts the four names in any case and with surrounding spaces.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.trim();
        Platform::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| {
                ParamError::new("platform", text, "one of amazon, disney, hulu, netflix")
            })
    }
}

/// Movie or TV show (the raw `type` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TitleType {
    /// `movie`.
    #[serde(rename = "movie")]
    Movie,
    /// `tv show`.
    #[serde(rename = "tv show")]
    TvShow,
}

impl TitleType {
    /// The stored (lower-case) value: `movie` or `tv show`.
    pub fn as_str(self) -> &'static str {
        match self {
            TitleType::Movie => "movie",
            TitleType::TvShow => "tv show",
        }
    }

    /// Parses `movie` / `tv show` in any case.
    pub fn parse(text: &str) -> Option<TitleType> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("movie") {
            Some(TitleType::Movie)
        } else if text.eq_ignore_ascii_case("tv show") {
            Some(TitleType::TvShow)
        } else {
            None
        }
    }
}

impl FromStr for TitleType {
    type Err = ParamError;

    /// Accepts `movie` and `tv show` in any case, as the `type` parameter.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        TitleType::parse(text).ok_or_else(|| ParamError::new("type", text, "movie or tv show"))
    }
}

/// The unit of `duration_int`: minutes (movies) or seasons (shows).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DurationType {
    /// Minutes.
    Min,
    /// Seasons (`Season` and `Seasons` in the raw files).
    Season,
}

impl DurationType {
    /// The stored value: `min` or `season`.
    pub fn as_str(self) -> &'static str {
        match self {
            DurationType::Min => "min",
            DurationType::Season => "season",
        }
    }

    /// Parses a unit: `min`, `season` or `seasons`, any case.
    pub fn parse(text: &str) -> Option<DurationType> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("min") {
            Some(DurationType::Min)
        } else if text.eq_ignore_ascii_case("season") || text.eq_ignore_ascii_case("seasons") {
            Some(DurationType::Season)
        } else {
            None
        }
    }
}

impl FromStr for DurationType {
    type Err = ParamError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DurationType::parse(text).ok_or_else(|| {
            ParamError::new("duration_type", text, "one of min, season (or seasons)")
        })
    }
}

/// One title of the unified catalog: a row of `titles.parquet`.
///
/// Text fields hold the transformation rules' output (trimmed, lower-case):
/// the queries compare and answer with them. What a person reads is in
/// [`Title::display`] (the raw files' case), through the `display_*`
/// methods.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Title {
    /// Catalog-wide id: platform initial + `show_id`, e.g. `ns2186`.
    pub id: String,
    /// The id inside its platform's file, e.g. `s2186`.
    pub show_id: String,
    /// The platform that lists the title.
    pub platform: Platform,
    /// Movie or TV show.
    #[serde(rename = "type")]
    pub kind: TitleType,
    /// The title.
    pub title: String,
    /// Director(s), comma-separated.
    pub director: Option<String>,
    /// Cast, comma-separated.
    pub cast: Option<String>,
    /// Production countries, comma-separated.
    pub country: Option<String>,
    /// When the platform added it.
    pub date_added: Option<Date>,
    /// Release year.
    pub release_year: i32,
    /// Age classification (`g` when the raw file has none).
    pub rating: String,
    /// Length in `duration_type` units.
    pub duration_int: Option<u32>,
    /// Unit of `duration_int`.
    pub duration_type: Option<DurationType>,
    /// Genres, comma-separated.
    pub listed_in: Option<String>,
    /// Synopsis.
    pub description: Option<String>,
    /// Mean user rating (0.5–5.0), `None` when nobody rated it.
    pub score: Option<f64>,
    /// Number of user ratings behind `score`.
    pub score_count: u32,
    /// The text fields as the raw file writes them, for display.
    #[serde(default, skip_serializing_if = "TitleDisplay::is_empty")]
    pub display: TitleDisplay,
    /// The work (one film or show across platforms) this row belongs to,
    /// such as `w-as7042` (see [`crate::works`]); empty until the ETL
    /// groups the catalog.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub work_id: String,
}

/// The display text of a title's text fields: the raw value, trimmed, in
/// its original case ("Tommaso Buscetta", "The Office (U.K.)").
///
/// One optional field per text field, `None` where the display text is the
/// query text itself (already lower-case, missing, or read from a file
/// written before these fields existed). Keeping only the differences
/// makes the fallback to the lower-case text one rule, used by every
/// reader, and stores nothing for values that have no case. Invariant: a
/// present value lower-cased is the query field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TitleDisplay {
    /// `title` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `director` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub director: Option<String>,
    /// `cast` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cast: Option<String>,
    /// `country` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// `listed_in` (genre labels) as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed_in: Option<String>,
    /// `description` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl TitleDisplay {
    /// Whether no field differs from the query text.
    pub fn is_empty(&self) -> bool {
        *self == TitleDisplay::default()
    }

    /// The display value to keep for a raw value whose query text is
    /// `query`: the raw text when it differs, else `None`.
    pub fn differing(raw: Option<&str>, query: Option<&str>) -> Option<String> {
        raw.filter(|&raw| Some(raw) != query).map(str::to_string)
    }
}

impl Title {
    /// The title as a person reads it (original case).
    pub fn display_title(&self) -> &str {
        self.display.title.as_deref().unwrap_or(&self.title)
    }

    /// The director(s) as a person reads them.
    pub fn display_director(&self) -> Option<&str> {
        self.display
            .director
            .as_deref()
            .or(self.director.as_deref())
    }

    /// The cast as a person reads it.
    pub fn display_cast(&self) -> Option<&str> {
        self.display.cast.as_deref().or(self.cast.as_deref())
    }

    /// The countries as a person reads them.
    pub fn display_country(&self) -> Option<&str> {
        self.display.country.as_deref().or(self.country.as_deref())
    }

    /// The genre labels as a person reads them.
    pub fn display_listed_in(&self) -> Option<&str> {
        self.display
            .listed_in
            .as_deref()
            .or(self.listed_in.as_deref())
    }

    /// The synopsis as a person reads it.
    pub fn display_description(&self) -> Option<&str> {
        self.display
            .description
            .as_deref()
            .or(self.description.as_deref())
    }

    /// The comma-separated names of a list field (cast, director, country,
    /// genres), each trimmed, empty entries skipped.
    pub fn split_list(field: Option<&str>) -> impl Iterator<Item = &str> {
        field
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
    }
}

/// Two titles share a catalog-wide id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateId(pub String);

impl fmt::Display for DuplicateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "duplicate title id {:?}", self.0)
    }
}

impl std::error::Error for DuplicateId {}

/// The unified catalog: all titles plus an index by id and the cast lists
/// split once (queries then count integers instead of re-splitting text).
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    titles: Vec<Title>,
    by_id: FxHashMap<String, u32>,
    /// Built on first use: only the actor query and the EDA's top cast
    /// read it, and on a phone building it is a long task the page's first
    /// answer need not wait for.
    cast: OnceLock<NameIndex>,
}

/// Names of a list column interned to integers: `ids[offsets[r]..offsets[r + 1]]`
/// are row `r`'s distinct names.
#[derive(Clone, Debug, Default)]
pub struct NameIndex {
    /// Every distinct name, one after another: name `i` is
    /// `text[ends[i - 1]..ends[i]]`: one allocation, not one per name
    /// (62,282 on the shipped catalog).
    text: String,
    ends: Vec<u32>,
    offsets: Vec<u32>,
    ids: Vec<u32>,
}

/// A [`NameIndex`] being built a few rows at a time ([`Catalog::cast_steps`]):
/// the page's main thread yields between steps, so building it is not one
/// long task (0.21–0.23 s on a throttled phone as one), and the CLI, the
/// API and [`Catalog::cast`] run the same steps to the end in one call.
pub struct CastSteps<'a> {
    catalog: &'a Catalog,
    interned: FxHashMap<&'a str, u32>,
    index: NameIndex,
}

impl<'a> CastSteps<'a> {
    fn new(catalog: &'a Catalog) -> CastSteps<'a> {
        // Sized from the shipped catalog's shape (per title: 2.7 distinct
        // cast names, 36 bytes of them, 5.0 listed; the example
        // `catalog_index` prints them) so that none of these grows.
        let rows = if catalog.cast.get().is_some() {
            0
        } else {
            catalog.titles.len()
        };
        let mut index = NameIndex {
            text: String::with_capacity(rows * 40),
            ends: Vec::with_capacity(rows * 3),
            offsets: Vec::with_capacity(rows + 1),
            ids: Vec::with_capacity(rows * 5 + rows / 2),
        };
        index.offsets.push(0);
        CastSteps {
            catalog,
            interned: FxHashMap::with_capacity_and_hasher(rows * 3, Default::default()),
            index,
        }
    }

    /// Indexes the next `rows` catalog rows (at least one); `false` once
    /// every row is indexed.
    pub fn step(&mut self, rows: usize) -> bool {
        if self.catalog.cast_is_built() {
            return false;
        }
        let done = self.index.offsets.len() - 1;
        let titles = &self.catalog.titles;
        let end = done.saturating_add(rows.max(1)).min(titles.len());
        let index = &mut self.index;
        for title in &titles[done..end] {
            let start = index.ids.len();
            for name in Title::split_list(title.cast.as_deref()) {
                let next = self.interned.len() as u32;
                let id = *self.interned.entry(name).or_insert_with(|| {
                    index.text.push_str(name);
                    index.ends.push(index.text.len() as u32);
                    next
                });
                index.ids.push(id);
            }
            index.ids[start..].sort_unstable();
            let mut w = start;
            for r in start..index.ids.len() {
                if r == start || index.ids[r] != index.ids[r - 1] {
                    index.ids[w] = index.ids[r];
                    w += 1;
                }
            }
            index.ids.truncate(w);
            index.offsets.push(index.ids.len() as u32);
        }
        end < titles.len()
    }

    /// Runs the remaining steps, then keeps the index in the catalog
    /// (unless [`Catalog::cast`] built it meanwhile) and returns it.
    pub fn finish(mut self) -> &'a NameIndex {
        if let Some(built) = self.catalog.cast.get() {
            return built;
        }
        while self.step(usize::MAX) {}
        let catalog = self.catalog;
        let index = self.index;
        catalog.cast.get_or_init(|| index)
    }
}

impl NameIndex {
    /// The distinct name ids of row `row`.
    pub fn of_row(&self, row: usize) -> &[u32] {
        &self.ids[self.offsets[row] as usize..self.offsets[row + 1] as usize]
    }

    /// The name of an id.
    pub fn name(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 {
            0
        } else {
            self.ends[id - 1] as usize
        };
        &self.text[start..self.ends[id] as usize]
    }

    /// Number of distinct names.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when no row lists a name.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

impl Catalog {
    /// Builds the catalog; ids must be unique.
    pub fn new(titles: Vec<Title>) -> Result<Catalog, DuplicateId> {
        let mut by_id = FxHashMap::with_capacity_and_hasher(titles.len(), Default::default());
        for (row, title) in titles.iter().enumerate() {
            if by_id.insert(title.id.clone(), row as u32).is_some() {
                return Err(DuplicateId(title.id.clone()));
            }
        }
        Ok(Catalog {
            titles,
            by_id,
            cast: OnceLock::new(),
        })
    }

    /// The cast lists, split and interned (built now if this is their
    /// first use).
    pub fn cast(&self) -> &NameIndex {
        match self.cast.get() {
            Some(index) => index,
            None => self.cast_steps().finish(),
        }
    }

    /// The cast index built a few rows per [`CastSteps::step`], for a
    /// caller that must stay responsive between steps (the page); a no-op
    /// to finish when the index is already built.
    pub fn cast_steps(&self) -> CastSteps<'_> {
        CastSteps::new(self)
    }

    /// Whether the cast index is built (by [`cast`](Self::cast) or
    /// [`CastSteps::finish`]).
    pub fn cast_is_built(&self) -> bool {
        self.cast.get().is_some()
    }

    /// All titles, in file order.
    pub fn titles(&self) -> &[Title] {
        &self.titles
    }

    /// Number of titles.
    pub fn len(&self) -> usize {
        self.titles.len()
    }

    /// True when there are no titles.
    pub fn is_empty(&self) -> bool {
        self.titles.is_empty()
    }

    /// The row of a title id.
    pub fn row_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).map(|&row| row as usize)
    }

    /// The title with this id.
    pub fn get(&self, id: &str) -> Option<&Title> {
        self.row_of(id).map(|row| &self.titles[row])
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A movie with every optional field empty; tests fill in what they need.
    pub(crate) fn movie(id: &str, title: &str, year: i32) -> Title {
        Title {
            id: id.to_string(),
            show_id: id[1..].to_string(),
            platform: Platform::from_id(id).expect("test ids start with a platform initial"),
            kind: TitleType::Movie,
            title: title.to_string(),
            director: None,
            cast: None,
            country: None,
            date_added: None,
            release_year: year,
            rating: "g".to_string(),
            duration_int: None,
            duration_type: None,
            listed_in: None,
            description: None,
            score: None,
            score_count: 0,
            display: TitleDisplay::default(),
            work_id: String::new(),
        }
    }

    #[test]
    fn display_text_falls_back_to_the_query_text() {
        let mut t = movie("ns1", "flcl", 2000);
        t.cast = Some("ana ruiz".into());
        assert_eq!(t.display_title(), "flcl");
        assert_eq!(t.display_cast(), Some("ana ruiz"));
        assert_eq!(t.display_director(), None);
        t.display.title = Some("FLCL".into());
        assert_eq!(t.display_title(), "FLCL");
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(json["display"]["title"], "FLCL");
        assert!(json.get("work_id").is_none());
    }

    #[test]
    fn platform_parses_any_case_and_lists_valid_values() {
        assert_eq!(" HuLu ".parse::<Platform>().unwrap(), Platform::Hulu);
        let err = "hbo".parse::<Platform>().unwrap_err();
        assert_eq!(err.param, "platform");
        assert!(
            err.to_string().contains("amazon, disney, hulu, netflix"),
            "{err}"
        );
        assert_eq!(Platform::from_id("ns2186"), Some(Platform::Netflix));
        assert_eq!(Platform::from_id("xs1"), None);
        assert_eq!(Platform::from_id(""), None);
    }

    #[test]
    fn duration_type_folds_seasons() {
        assert_eq!(DurationType::parse("Seasons"), Some(DurationType::Season));
        assert_eq!(DurationType::parse("MIN"), Some(DurationType::Min));
        assert!("hours".parse::<DurationType>().is_err());
    }

    #[test]
    fn title_type_parses_any_case_and_names_the_type_parameter() {
        assert_eq!(" TV Show ".parse::<TitleType>(), Ok(TitleType::TvShow));
        let e = "film".parse::<TitleType>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid value \"film\" for parameter `type`: expected movie or tv show"
        );
    }

    #[test]
    fn catalog_rejects_duplicate_ids_and_indexes_rows() {
        let cat = Catalog::new(vec![movie("ns1", "a", 2000), movie("hs1", "b", 2001)]).unwrap();
        assert_eq!(cat.get("hs1").unwrap().title, "b");
        assert_eq!(cat.row_of("ns1"), Some(0));
        assert!(cat.get("as1").is_none());
        let err = Catalog::new(vec![movie("ns1", "a", 2000), movie("ns1", "b", 2001)]).unwrap_err();
        assert_eq!(err, DuplicateId("ns1".into()));
    }

    #[test]
    fn cast_index_holds_each_rows_distinct_names() {
        let mut a = movie("ns1", "a", 2000);
        a.cast = Some("x, y, x".into());
        let mut b = movie("ns2", "b", 2000);
        b.cast = Some("y".into());
        let cat = Catalog::new(vec![a, b, movie("ns3", "c", 2000)]).unwrap();
        let names = |row| -> Vec<&str> {
            cat.cast()
                .of_row(row)
                .iter()
                .map(|&id| cat.cast().name(id))
                .collect()
        };
        assert_eq!(names(0), ["x", "y"]);
        assert_eq!(names(1), ["y"]);
        assert!(names(2).is_empty());
        assert_eq!(cat.cast().len(), 2);
    }

    #[test]
    fn cast_index_built_in_steps_is_the_index_built_at_once() {
        let casts = [
            Some("x, y, x"),
            None,
            Some("z"),
            Some("y, w"),
            Some(""),
            Some("w, x"),
        ];
        let titles = || -> Vec<Title> {
            casts
                .iter()
                .enumerate()
                .map(|(i, cast)| {
                    let mut t = movie(&format!("ns{i}"), "t", 2000);
                    t.cast = cast.map(str::to_string);
                    t
                })
                .collect()
        };
        let at_once = Catalog::new(titles()).unwrap();
        let whole = at_once.cast();
        for rows in [1, 2, 4, 100] {
            let stepped = Catalog::new(titles()).unwrap();
            let mut steps = stepped.cast_steps();
            let mut calls = 1;
            while steps.step(rows) {
                calls += 1;
            }
            assert_eq!(
                calls,
                casts.len().div_ceil(rows).max(1),
                "{rows} rows per step"
            );
            assert!(
                !stepped.cast_is_built(),
                "stepping alone does not install the index"
            );
            let index = steps.finish();
            assert!(stepped.cast_is_built());
            assert_eq!(
                (index.text.as_str(), &index.ends),
                (whole.text.as_str(), &whole.ends)
            );
            assert_eq!((&index.offsets, &index.ids), (&whole.offsets, &whole.ids));
            // Once built, stepping again has nothing to do.
            assert!(!stepped.cast_steps().step(1));
        }
    }

    #[test]
    fn title_json_uses_the_column_names() {
        let json = serde_json::to_value(movie("ds7", "x", 1999)).unwrap();
        assert_eq!(json["type"], "movie");
        assert_eq!(json["platform"], "disney");
        assert!(json["score"].is_null());
    }

    #[test]
    fn split_list_trims_and_skips_empty_names() {
        let names: Vec<_> = Title::split_list(Some(" a, b ,,c ")).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(Title::split_list(None).count(), 0);
    }
}
