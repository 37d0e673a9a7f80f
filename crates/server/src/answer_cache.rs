//! Memoised query answers. The catalog is loaded once and never changes,
//! so the response to a route and query string is always the same: the
//! first request parses and computes it (40–100 µs on the full catalog) and
//! later ones reuse the stored status and body. The key is the raw query
//! string, so a repeated request skips even the parsing; `platform=Hulu`
//! and `platform=hulu` are two entries with the same body.

use std::collections::HashMap;
use std::sync::RwLock;

use axum::http::StatusCode;
use bytes::Bytes;

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
    /// answers are computed every time (the realistic requests number a few
    /// thousand, but `scored` is any number and a client may send anything).
    pub fn new(capacity: usize) -> AnswerCache {
        AnswerCache {
            entries: RwLock::new(HashMap::new()),
            capacity,
        }
    }

    /// The answer stored under `key`, else `compute`'s (stored while
    /// there is room).
    pub fn get_or_compute(&self, key: &str, compute: impl FnOnce() -> Cached) -> Cached {
        if let Some(hit) = self.read(key) {
            return hit;
        }
        let answer = compute();
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() < self.capacity {
                entries.insert(key.to_string(), answer.clone());
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

    fn answer(body: &'static str) -> Cached {
        (StatusCode::OK, Bytes::from_static(body.as_bytes()))
    }

    #[test]
    fn computes_once_per_key_and_respects_capacity() {
        let cache = AnswerCache::new(1);
        let mut calls = 0;
        let mut ask = |key: &str, body: &'static str| {
            cache.get_or_compute(key, || {
                calls += 1;
                answer(body)
            })
        };
        assert_eq!(ask("count?platform=hulu", "a").1, "a");
        assert_eq!(
            ask("count?platform=hulu", "b").1,
            "a",
            "served from the cache"
        );
        // Full: a new key is computed each time and not stored.
        assert_eq!(ask("count?platform=disney", "c").1, "c");
        assert_eq!(ask("count?platform=disney", "d").1, "d");
        assert_eq!(calls, 3);
        assert_eq!(cache.len(), 1);
        assert!(!cache.is_empty());
    }

    #[test]
    fn statuses_are_kept_with_bodies() {
        let cache = AnswerCache::new(10);
        cache.get_or_compute("actor?year=x", || (StatusCode::BAD_REQUEST, Bytes::new()));
        let again = cache.get_or_compute("actor?year=x", || answer("never"));
        assert_eq!(again.0, StatusCode::BAD_REQUEST);
    }
}
