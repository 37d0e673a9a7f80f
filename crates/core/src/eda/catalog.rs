//! Counts per platform over the catalog's columns: what each platform
//! lists, from when, how long, for whom, and what is missing.

use crate::eda::{tally, Bin, EdaFilter, PlatformTable, YearMonth};
use crate::genres::AgeBand;
use crate::model::{Catalog, DurationType, Title, TitleType};

/// Movie lengths are counted in bins this many minutes wide …
pub const MINUTES_BIN_WIDTH: u64 = 10;
/// … up to this many minutes; longer movies share one open bin.
pub const MINUTES_OPEN_FROM: u64 = 200;
/// Shows of this many seasons or more share one open bin.
pub const SEASONS_OPEN_FROM: u64 = 10;

/// Whether a title's column is null.
pub type IsNull = fn(&Title) -> bool;

/// The columns of `titles.parquet` that may be null, with their test
/// (the data-quality chart and the ETL report's `null_counts`).
pub const NULLABLE_COLUMNS: [(&str, IsNull); 8] = [
    ("director", |t| t.director.is_none()),
    ("cast", |t| t.cast.is_none()),
    ("country", |t| t.country.is_none()),
    ("date_added", |t| t.date_added.is_none()),
    ("duration_int", |t| t.duration_int.is_none()),
    ("listed_in", |t| t.listed_in.is_none()),
    ("description", |t| t.description.is_none()),
    ("score", |t| t.score.is_none()),
];

/// Movies and TV shows per platform (keys: movie, then tv show).
pub fn titles_by_type(catalog: &Catalog, filter: &EdaFilter) -> PlatformTable<TitleType> {
    let seed = [TitleType::Movie, TitleType::TvShow]
        .into_iter()
        .filter(|k| filter.kind.is_none_or(|f| f == *k));
    tally(catalog, filter, seed, |_, t| Some(t.kind))
}

/// Titles per release year and platform, every year from the first to the
/// last present (a year with no title counts 0).
pub fn release_years(catalog: &Catalog, filter: &EdaFilter) -> PlatformTable<i32> {
    let table = tally(catalog, filter, [], |_, t| Some(t.release_year));
    fill_gaps(table, |y| y + 1)
}

/// Titles added per month (`date_added`) and platform, every month from the
/// first to the last present; titles without a date are not counted.
pub fn added_per_month(catalog: &Catalog, filter: &EdaFilter) -> PlatformTable<YearMonth> {
    let table = tally(catalog, filter, [], |_, t| {
        t.date_added.map(|d| {
            let (year, month, _) = d.ymd();
            YearMonth { year, month }
        })
    });
    fill_gaps(table, YearMonth::next)
}

/// Movie lengths in minutes per platform, in bins of
/// [`MINUTES_BIN_WIDTH`] up to [`MINUTES_OPEN_FROM`] and one open bin
/// after; every bin appears. Only titles measured in minutes count.
pub fn movie_minutes(catalog: &Catalog, filter: &EdaFilter) -> PlatformTable<Bin> {
    let bins: Vec<Bin> = (0..MINUTES_OPEN_FROM / MINUTES_BIN_WIDTH)
        .map(|i| Bin {
            lo: i * MINUTES_BIN_WIDTH,
            hi: Some((i + 1) * MINUTES_BIN_WIDTH - 1),
        })
        .chain([Bin {
            lo: MINUTES_OPEN_FROM,
            hi: None,
        }])
        .collect();
    durations(catalog, filter, DurationType::Min, bins)
}

/// Show lengths in seasons per platform: 1, 2, … and one open bin from
/// [`SEASONS_OPEN_FROM`]; every bin appears. Only titles measured in
/// seasons count.
pub fn show_seasons(catalog: &Catalog, filter: &EdaFilter) -> PlatformTable<Bin> {
    let bins: Vec<Bin> = (1..SEASONS_OPEN_FROM)
        .map(|s| Bin { lo: s, hi: Some(s) })
        .chain([Bin {
            lo: SEASONS_OPEN_FROM,
            hi: None,
        }])
        .collect();
    durations(catalog, filter, DurationType::Season, bins)
}

/// Counts the durations of one unit into `bins` (contiguous, ascending).
fn durations(
    catalog: &Catalog,
    filter: &EdaFilter,
    unit: DurationType,
    bins: Vec<Bin>,
) -> PlatformTable<Bin> {
    tally(catalog, filter, bins.iter().copied(), |_, t| {
        let length = t.duration_int.filter(|_| t.duration_type == Some(unit))?;
        bins.iter().find(|b| b.contains(length.into())).copied()
    })
}

/// Titles per age band ([`AgeBand::of_label`] of the `rating` column) and
/// platform, every band in [`AgeBand::ALL`] order (youngest audience
/// first). A classification the bands do not know counts as unrated.
pub fn age_bands(catalog: &Catalog, filter: &EdaFilter) -> PlatformTable<AgeBand> {
    tally(catalog, filter, AgeBand::ALL, |_, t| {
        Some(AgeBand::of_label(&t.rating).unwrap_or(AgeBand::Unrated))
    })
}

/// Null values per column of [`NULLABLE_COLUMNS`] (in that order) and
/// platform; every column appears.
pub fn missing_values(catalog: &Catalog, filter: &EdaFilter) -> PlatformTable<&'static str> {
    let table = tally(catalog, filter, 0..NULLABLE_COLUMNS.len(), |_, t| {
        NULLABLE_COLUMNS
            .iter()
            .enumerate()
            .filter(|(_, (_, is_null))| is_null(t))
            .map(|(c, _)| c)
    });
    PlatformTable {
        keys: table.keys.iter().map(|&c| NULLABLE_COLUMNS[c].0).collect(),
        counts: table.counts,
        platforms: table.platforms,
    }
}

/// The same table with every key from its first to its last (by `next`),
/// absent keys counting 0.
fn fill_gaps<K: Ord + Copy>(table: PlatformTable<K>, next: impl Fn(K) -> K) -> PlatformTable<K> {
    let (Some(&first), Some(&last)) = (table.keys.first(), table.keys.last()) else {
        return table;
    };
    let mut keys = vec![first];
    while let Some(&key) = keys.last().filter(|&&k| k < last) {
        keys.push(next(key));
    }
    let counts = table
        .counts
        .iter()
        .map(|row| {
            let mut filled = vec![0; keys.len()];
            let mut at = 0;
            for (key, &count) in table.keys.iter().zip(row) {
                while keys[at] < *key {
                    at += 1;
                }
                filled[at] = count;
            }
            filled
        })
        .collect();
    PlatformTable {
        platforms: table.platforms,
        keys,
        counts,
    }
}
