//! The most frequent names of a list column (genres, countries, directors,
//! actors) per platform. Lists are split as the queries split them
//! ([`Title::split_list`]; the cast through the catalog's interned index),
//! and a name counts once per title. Genres count as the canonical
//! vocabulary ([`genres_of_listed_in`]: "comedies" and "comedy" are one
//! genre), named by their code.

use serde::{Deserialize, Serialize};

use crate::eda::{EdaFilter, FastMap};
use crate::genres::genres_of_listed_in;
use crate::model::{Catalog, Platform, Title};

/// A comma-separated column of the catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ListField {
    /// `listed_in`, as canonical genres.
    Genres,
    /// `country`.
    Countries,
    /// `director`.
    Directors,
    /// `cast`.
    Cast,
}

impl ListField {
    /// The four fields, in the charts' order.
    pub const ALL: [ListField; 4] = [
        ListField::Genres,
        ListField::Countries,
        ListField::Directors,
        ListField::Cast,
    ];

    /// The column's text in a title.
    fn of(self, title: &Title) -> Option<&str> {
        match self {
            ListField::Genres => title.listed_in.as_deref(),
            ListField::Countries => title.country.as_deref(),
            ListField::Directors => title.director.as_deref(),
            ListField::Cast => title.cast.as_deref(),
        }
    }
}

/// A name and the number of selected titles that list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameCount {
    /// The name, as stored (lower-case); for genres the canonical
    /// genre's code ([`crate::genres::Genre::code`]).
    pub name: String,
    /// Titles listing it.
    pub count: u64,
}

/// One platform's most frequent names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopList {
    /// The platform.
    pub platform: Platform,
    /// At most `n` names, most titles first; ties by name (code point order).
    pub entries: Vec<NameCount>,
    /// Distinct names among the selected titles of the platform.
    pub distinct: usize,
    /// Selected titles of the platform with at least one name.
    pub titles_with_names: u64,
}

/// The `n` most frequent names of `field` for each selected platform.
pub fn top_names(
    catalog: &Catalog,
    filter: &EdaFilter,
    field: ListField,
    n: usize,
) -> Vec<TopList> {
    let (mut counts, with_names) = if field == ListField::Cast {
        count_cast(catalog, filter)
    } else {
        count_names(catalog, filter, field)
    };
    filter
        .platforms()
        .into_iter()
        .map(|platform| {
            let entries = &mut counts[platform.index()];
            let distinct = entries.len();
            let order = |a: &(&str, u64), b: &(&str, u64)| b.1.cmp(&a.1).then(a.0.cmp(b.0));
            if entries.len() > n && n > 0 {
                // Tens of thousands of actors: select the n first, sort only those.
                entries.select_nth_unstable_by(n - 1, order);
            }
            entries.truncate(n);
            entries.sort_unstable_by(order);
            TopList {
                platform,
                entries: entries
                    .iter()
                    .map(|&(name, count)| NameCount {
                        name: name.to_string(),
                        count,
                    })
                    .collect(),
                distinct,
                titles_with_names: with_names[platform.index()],
            }
        })
        .collect()
}

/// Each platform's (name, titles) pairs, and its titles with any name.
type Counted<'c> = ([Vec<(&'c str, u64)>; 4], [u64; 4]);

/// Splits a text column per title and counts each distinct name once.
fn count_names<'c>(catalog: &'c Catalog, filter: &EdaFilter, field: ListField) -> Counted<'c> {
    let mut counts: [FastMap<&str, u64>; 4] = Default::default();
    let mut with_names = [0u64; 4];
    let mut row_names: Vec<&'c str> = Vec::new();
    for title in catalog.titles().iter().filter(|t| filter.matches(t)) {
        row_names.clear();
        if field == ListField::Genres {
            row_names.extend(
                genres_of_listed_in(title.listed_in.as_deref())
                    .into_iter()
                    .map(|g| -> &'c str { g.code() }),
            );
        } else {
            row_names.extend(Title::split_list(field.of(title)));
        }
        row_names.sort_unstable();
        row_names.dedup();
        let p = title.platform.index();
        with_names[p] += u64::from(!row_names.is_empty());
        for name in &row_names {
            *counts[p].entry(name).or_insert(0) += 1;
        }
    }
    (counts.map(|c| c.into_iter().collect()), with_names)
}

/// The cast through the catalog's interned index (already split, trimmed
/// and de-duplicated per row): counted by integer id, then named.
fn count_cast<'c>(catalog: &'c Catalog, filter: &EdaFilter) -> Counted<'c> {
    let cast = catalog.cast();
    let mut by_id = vec![[0u32; 4]; cast.len()];
    let mut with_names = [0u64; 4];
    for (row, title) in catalog.titles().iter().enumerate() {
        if filter.matches(title) {
            let ids = cast.of_row(row);
            let p = title.platform.index();
            with_names[p] += u64::from(!ids.is_empty());
            for &id in ids {
                by_id[id as usize][p] += 1;
            }
        }
    }
    let mut counts: [Vec<(&str, u64)>; 4] = Default::default();
    for (id, per_platform) in by_id.iter().enumerate() {
        for (p, &n) in per_platform.iter().enumerate() {
            if n > 0 {
                counts[p].push((cast.name(id as u32), u64::from(n)));
            }
        }
    }
    (counts, with_names)
}
