//! Transform: the clean ratings' final order and de-duplication.
//!
//! `ratings.parquet` holds one row per (user, title), sorted by user, then
//! time, then title row. When a user rated a title more than once, the
//! latest rating wins (ties: the one read last), as a re-rating replaces
//! the old opinion.

use cartelera_store::RatingsTable;

/// Sorts the table into its final order and drops superseded duplicates;
/// returns the table and the number of rows dropped.
pub fn sort_and_dedupe(table: &RatingsTable, threads: usize) -> (RatingsTable, u64) {
    let by_user = order_by_user(&table.user_id);
    // User groups are contiguous in `by_user`; split them over the threads.
    let mut bounds = vec![0];
    for k in 1..by_user.len() {
        if table.user_id[by_user[k] as usize] != table.user_id[by_user[k - 1] as usize] {
            bounds.push(k);
        }
    }
    bounds.push(by_user.len());
    let groups: Vec<(usize, usize)> = bounds.windows(2).map(|w| (w[0], w[1])).collect();
    let parts = threads.clamp(1, 16);
    let per_part = groups.len().div_ceil(parts).max(1);
    // One part is ordered on this thread (wasm32 has no threads).
    let orders: Vec<Vec<u32>> = if parts == 1 {
        vec![order_groups(table, &by_user, &groups)]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = groups
                .chunks(per_part)
                .map(|part| {
                    let by_user = &by_user;
                    s.spawn(move || order_groups(table, by_user, part))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a sorting thread panicked"))
                .collect()
        })
    };
    let kept: usize = orders.iter().map(Vec::len).sum();
    let mut out = RatingsTable {
        user_id: Vec::with_capacity(kept),
        title_row: Vec::with_capacity(kept),
        half_stars: Vec::with_capacity(kept),
        timestamp: Vec::with_capacity(kept),
    };
    for &k in orders.iter().flatten() {
        let k = k as usize;
        out.push(
            table.user_id[k],
            table.title_row[k],
            table.half_stars[k],
            table.timestamp[k],
        );
    }
    let dropped = (table.len() - kept) as u64;
    (out, dropped)
}

/// Row indices stably ordered by user id: a counting sort when ids are
/// dense enough (the usual case: O(n)), a stable comparison sort otherwise.
fn order_by_user(user_id: &[u32]) -> Vec<u32> {
    let max = user_id.iter().copied().max().unwrap_or(0) as usize;
    if max <= 4 * user_id.len() + 1024 {
        let mut start = vec![0u32; max + 2];
        for &u in user_id {
            start[u as usize + 1] += 1;
        }
        for k in 1..start.len() {
            start[k] += start[k - 1];
        }
        let mut order = vec![0u32; user_id.len()];
        for (k, &u) in user_id.iter().enumerate() {
            let slot = &mut start[u as usize];
            order[*slot as usize] = k as u32;
            *slot += 1;
        }
        order
    } else {
        let mut order: Vec<u32> = (0..user_id.len() as u32).collect();
        order.sort_by_key(|&k| user_id[k as usize]);
        order
    }
}

/// For each user group, the surviving rows in (time, title row) order.
fn order_groups(table: &RatingsTable, by_user: &[u32], groups: &[(usize, usize)]) -> Vec<u32> {
    let mut out =
        Vec::with_capacity(groups.last().map_or(0, |g| g.1) - groups.first().map_or(0, |g| g.0));
    let mut group: Vec<(u32, i64, u32)> = Vec::new();
    for &(start, end) in groups {
        group.clear();
        group.extend(
            by_user[start..end]
                .iter()
                .map(|&k| (table.title_row[k as usize], table.timestamp[k as usize], k)),
        );
        // By title, then time, then read order: the last of each title wins.
        group.sort_unstable();
        let mut w = 0;
        for r in 0..group.len() {
            if r + 1 < group.len() && group[r + 1].0 == group[r].0 {
                continue;
            }
            group[w] = group[r];
            w += 1;
        }
        group.truncate(w);
        group.sort_unstable_by_key(|&(title, ts, _)| (ts, title));
        out.extend(group.iter().map(|&(_, _, k)| k));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_user_then_time_and_keeps_the_latest_duplicate() {
        let mut t = RatingsTable::default();
        t.push(7, 1, 2, 300);
        t.push(3, 9, 4, 100);
        t.push(7, 1, 10, 500); // re-rates title 1 later: wins
        t.push(3, 2, 6, 50);
        t.push(7, 0, 8, 400);
        t.push(7, 1, 6, 200); // older: dropped
        for threads in [1, 2, 3] {
            let (out, dropped) = sort_and_dedupe(&t, threads);
            assert_eq!(dropped, 2);
            assert_eq!(out.user_id, [3, 3, 7, 7]);
            assert_eq!(out.title_row, [2, 9, 0, 1]);
            assert_eq!(out.timestamp, [50, 100, 400, 500]);
            assert_eq!(out.half_stars, [6, 4, 8, 10]);
        }
    }

    #[test]
    fn sparse_user_ids_take_the_comparison_sort() {
        let mut t = RatingsTable::default();
        t.push(4_000_000_000, 0, 1, 1);
        t.push(5, 0, 1, 1);
        let (out, _) = sort_and_dedupe(&t, 2);
        assert_eq!(out.user_id, [5, 4_000_000_000]);
    }
}
