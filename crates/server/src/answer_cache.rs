//! Memoised query answers. The catalog is loaded once and never changes,
//! so a query's answer depends only on its parsed parameters: the first
//! request computes it (40–100 µs on the full catalog) and later ones reuse
//! the stored body. Keys are the parsed query, not the raw URL, so
//! `platform=Hulu` and `platform=hulu` share an entry.

use std::collections::HashMap;
use std::sync::RwLock;

use axum::http::StatusCode;
use bytes::Bytes;
use cartelera_core::Query;

/// A computed answer: status and body.
pub type Cached = (StatusCode, Bytes);

/// A bounded map from parsed query to answer.
#[derive(Debug)]
pub struct AnswerCache {
    entries: RwLock<HashMap<String, Cached>>,
    capacity: usize,
}

impl AnswerCache {
    /// An empty cache holding at most `capacity` answers; past that, new
    /// answers are computed every time (the parameter space of three of the
    /// queries is a few thousand values, but `scored` is any number).
    pub fn new(capacity: usize) -> AnswerCache {
        AnswerCache {
            entries: RwLock::new(HashMap::new()),
            capacity,
        }
    }

    /// The answer to `query`, computed by `compute` unless already stored.
    pub fn get_or_compute(&self, query: &Query, compute: impl FnOnce() -> Cached) -> Cached {
        // Debug of the parsed query is canonical: enum variant, then each
        // field's value (f64 Debug round-trips exactly).
        let key = format!("{query:?}");
        if let Some(hit) = self.read(&key) {
            return hit;
        }
        let answer = compute();
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() < self.capacity {
                entries.insert(key, answer.clone());
            }
        }
        answer
    }

    fn read(&self, key: &str) -> Option<Cached> {
        // A poisoned lock (a panic while writing) only disables caching.
        self.entries.read().ok()?.get(key).cloned()
    }

    /// Number of stored answers.
    pub fn len(&self) -> usize {
        self.entries.read().map_or(0, |e| e.len())
    }

    /// No answer stored yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartelera_core::Platform;

    fn count(p: Platform) -> Query {
        Query::CountPlatform { platform: p }
    }

    #[test]
    fn computes_once_per_parsed_query_and_respects_capacity() {
        let cache = AnswerCache::new(1);
        let mut calls = 0;
        let mut ask = |q: &Query, body: &'static str| {
            cache.get_or_compute(q, || {
                calls += 1;
                (StatusCode::OK, Bytes::from_static(body.as_bytes()))
            })
        };
        assert_eq!(ask(&count(Platform::Hulu), "a").1, "a");
        assert_eq!(
            ask(&count(Platform::Hulu), "b").1,
            "a",
            "served from the cache"
        );
        // Full: a new query is computed each time and not stored.
        assert_eq!(ask(&count(Platform::Disney), "c").1, "c");
        assert_eq!(ask(&count(Platform::Disney), "d").1, "d");
        assert_eq!(calls, 3);
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn scores_that_differ_are_different_keys() {
        let cache = AnswerCache::new(10);
        let q = |scored| Query::ScoreCount {
            platform: Platform::Netflix,
            scored,
            year: 2020,
        };
        cache.get_or_compute(&q(3.5), || (StatusCode::OK, Bytes::from_static(b"x")));
        let other =
            cache.get_or_compute(&q(3.5000001), || (StatusCode::OK, Bytes::from_static(b"y")));
        assert_eq!(other.1, "y");
        assert_eq!(cache.len(), 2);
    }
}
