//! The text alternative of each chart: its numbers as a table.

use std::fmt::Display;

use cartelera_core::eda::PlatformTable;

use crate::{Lang, Table};

/// A [`PlatformTable`] as text: the key, one column per platform and,
/// with more than one platform, their total.
pub(crate) fn counts<K: Display>(key_header: &str, table: &PlatformTable<K>, lang: Lang) -> Table {
    let with_total = table.platforms.len() > 1;
    let mut headers = vec![key_header.to_string()];
    headers.extend(
        table
            .platforms
            .iter()
            .map(|&p| p.display_name().to_string()),
    );
    if with_total {
        headers.push(lang.pick("Total", "Total").to_string());
    }
    let totals = table.key_totals();
    let rows = table
        .keys
        .iter()
        .enumerate()
        .map(|(k, key)| {
            let mut row = vec![key.to_string()];
            row.extend(table.counts.iter().map(|c| lang.int(c[k])));
            if with_total {
                row.push(lang.int(totals[k]));
            }
            row
        })
        .collect();
    Table { headers, rows }
}

/// The index of the largest value (the first of equals), if any is above 0.
pub(crate) fn peak(values: &[u64]) -> Option<usize> {
    let (index, &top) = values.iter().enumerate().rev().max_by_key(|(_, &v)| v)?;
    (top > 0).then_some(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartelera_core::Platform;

    #[test]
    fn a_table_has_a_total_column_only_for_several_platforms() {
        let table = PlatformTable {
            platforms: vec![Platform::Disney, Platform::Hulu],
            keys: vec!["a", "b"],
            counts: vec![vec![1, 2000], vec![3, 4]],
        };
        let t = counts("Key", &table, Lang::En);
        assert_eq!(t.headers, ["Key", "Disney+", "Hulu", "Total"]);
        assert_eq!(t.rows[1], ["b", "2,000", "4", "2,004"]);
        let one = PlatformTable {
            platforms: vec![Platform::Hulu],
            keys: vec!["a"],
            counts: vec![vec![7]],
        };
        assert_eq!(counts("Key", &one, Lang::Es).headers, ["Key", "Hulu"]);
    }

    #[test]
    fn peak_is_the_first_largest_value() {
        assert_eq!(peak(&[1, 5, 5, 2]), Some(1));
        assert_eq!(peak(&[0, 0]), None);
        assert_eq!(peak(&[]), None);
    }
}
