//! A visitor's watchlist and seen titles, kept in the browser only
//! (localStorage, through `app::browser`), exported and imported as a JSON
//! file, and shared as a link (`?view=watchlist&ids=ns2186,hs1518`). Pure.
//!
//! The file is `{"format":"cartelera-watchlist","version":1,"watchlist":
//! [ids…],"seen":[ids…]}`. Ids are catalog ids (`ns2186`); they are kept
//! in the order the visitor added them, each once. The parser is strict:
//! anything else is an error naming what is wrong, never a half-read list.

use std::fmt;

use cartelera_core::quote::quoted;
use cartelera_core::Lang;
use serde::{Deserialize, Serialize};

/// The file's `format` value.
pub const FORMAT: &str = "cartelera-watchlist";
/// The file's `version` this page writes and reads.
pub const VERSION: u32 = 1;
/// The most ids one list holds (a file or link bigger than this is
/// refused before anything is sized by it).
pub const MAX_IDS: usize = 5000;

/// Why a file or a share link was refused; said in either language
/// (`Display` is English).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListError {
    /// Not JSON of the file's shape: the JSON parser's own words (kept as
    /// they are: they name the field, line and column).
    NotAFile(String),
    /// `format` is not [`FORMAT`] (quoted).
    Format(String),
    /// `version` is not [`VERSION`].
    Version(u32),
    /// A list holds more than [`MAX_IDS`] ids: the list and the count.
    TooMany(&'static str, usize),
    /// A list's entry (1-based) is not a title id (quoted).
    NotAnId(&'static str, usize, String),
}

impl ListError {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            ListError::NotAFile(e) => lang.pick(
                format!("no es un archivo de lista de Cartelera (JSON: {e})"),
                format!("not a watchlist file (JSON: {e})"),
            ),
            ListError::Format(f) => lang.pick(
                format!("\"format\" es {f}; se espera {FORMAT:?}"),
                format!("\"format\" is {f}, expected {FORMAT:?}"),
            ),
            ListError::Version(v) => lang.pick(
                format!("\"version\" es {v}; esta página lee la versión {VERSION}"),
                format!("\"version\" is {v}, this page reads version {VERSION}"),
            ),
            ListError::TooMany(field, n) => lang.pick(
                format!("\"{field}\" tiene {n} títulos; se leen {MAX_IDS} como máximo"),
                format!("\"{field}\" holds {n} ids, at most {MAX_IDS} are read"),
            ),
            ListError::NotAnId(field, at, id) => lang.pick(
                format!("\"{field}\", elemento {at}: {id} no es un id de título como ns2186"),
                format!("\"{field}\" entry {at}: {id} is not a title id such as ns2186"),
            ),
        }
    }
}

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// The watchlist and the seen titles.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lists {
    /// Titles to watch, in the order they were added.
    pub watchlist: Vec<String>,
    /// Titles seen (they leave the visitor's recommendations).
    pub seen: Vec<String>,
}

/// The file as written.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    format: String,
    version: u32,
    watchlist: Vec<String>,
    seen: Vec<String>,
}

impl Lists {
    /// Whether `id` is on the watchlist.
    pub fn wants(&self, id: &str) -> bool {
        self.watchlist.iter().any(|w| w == id)
    }

    /// Whether `id` is marked seen.
    pub fn has_seen(&self, id: &str) -> bool {
        self.seen.iter().any(|s| s == id)
    }

    /// The lists with `id` added to the watchlist, or removed if it was on it.
    pub fn toggle_watch(&self, id: &str) -> Lists {
        Lists {
            watchlist: toggled(&self.watchlist, id),
            seen: self.seen.clone(),
        }
    }

    /// The lists with `id` marked seen, or unmarked if it was; a title
    /// marked seen leaves the watchlist.
    pub fn toggle_seen(&self, id: &str) -> Lists {
        let seen = toggled(&self.seen, id);
        let watchlist = match seen.iter().any(|s| s == id) {
            true => self
                .watchlist
                .iter()
                .filter(|w| *w != id)
                .cloned()
                .collect(),
            false => self.watchlist.clone(),
        };
        Lists { watchlist, seen }
    }

    /// Both lists merged with `other`'s (an imported file, a shared link,
    /// an imported history's seen titles): this one's order first, new ids
    /// after, each id once, at most [`MAX_IDS`] each — more would make the
    /// stored value unreadable by [`Lists::from_json`] and the next visit
    /// would start afresh, losing both lists.
    pub fn merged(&self, other: &Lists) -> Lists {
        let join = |a: &[String], b: &[String]| {
            let mut out = a.to_vec();
            let mut have: std::collections::HashSet<String> = a.iter().cloned().collect();
            for id in b {
                if out.len() >= MAX_IDS {
                    break;
                }
                if have.insert(id.clone()) {
                    out.push(id.clone());
                }
            }
            out.truncate(MAX_IDS);
            out
        };
        Lists {
            watchlist: join(&self.watchlist, &other.watchlist),
            seen: join(&self.seen, &other.seen),
        }
    }

    /// The export file's text (also what localStorage keeps).
    pub fn to_json(&self) -> String {
        let file = File {
            format: FORMAT.to_string(),
            version: VERSION,
            watchlist: self.watchlist.clone(),
            seen: self.seen.clone(),
        };
        serde_json::to_string_pretty(&file).expect("strings always serialise")
    }

    /// Reads an export file strictly: the right `format` and `version`,
    /// both lists, only valid ids, at most [`MAX_IDS`] each, no other field.
    pub fn from_json(text: &str) -> Result<Lists, ListError> {
        let file: File =
            serde_json::from_str(text).map_err(|e| ListError::NotAFile(e.to_string()))?;
        if file.format != FORMAT {
            return Err(ListError::Format(quoted(&file.format)));
        }
        if file.version != VERSION {
            return Err(ListError::Version(file.version));
        }
        Ok(Lists {
            watchlist: checked_ids("watchlist", file.watchlist)?,
            seen: checked_ids("seen", file.seen)?,
        })
    }

    /// What localStorage holds: an unreadable value (edited by hand, an
    /// older page) starts afresh rather than failing every view.
    pub fn stored(text: Option<&str>) -> Lists {
        text.and_then(|t| Lists::from_json(t).ok())
            .unwrap_or_default()
    }

    /// The watchlist as a share link's `ids` value (comma-separated).
    pub fn share_ids(&self) -> String {
        self.watchlist.join(",")
    }

    /// A share link's `ids` value read strictly (comma-separated ids).
    pub fn from_share_ids(text: &str) -> Result<Lists, ListError> {
        let ids: Vec<String> = text
            .split(',')
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_string)
            .collect();
        Ok(Lists {
            watchlist: checked_ids("ids", ids)?,
            seen: Vec::new(),
        })
    }
}

/// `list` with `id` appended, or removed when present.
fn toggled(list: &[String], id: &str) -> Vec<String> {
    if list.iter().any(|x| x == id) {
        list.iter().filter(|x| *x != id).cloned().collect()
    } else {
        let mut out = list.to_vec();
        out.push(id.to_string());
        out
    }
}

/// Whether `id` looks like a catalog id: a platform initial (a, d, h, n)
/// then `s` and digits (`ns2186`).
pub fn is_catalog_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    bytes.len() >= 3
        && bytes.len() <= 12
        && b"adhn".contains(&bytes[0])
        && bytes[1] == b's'
        && bytes[2..].iter().all(u8::is_ascii_digit)
}

/// `ids` checked (each a catalog id, at most [`MAX_IDS`]) and de-duplicated
/// in order; `field` names the list in the error.
fn checked_ids(field: &'static str, ids: Vec<String>) -> Result<Vec<String>, ListError> {
    if ids.len() > MAX_IDS {
        return Err(ListError::TooMany(field, ids.len()));
    }
    let mut out: Vec<String> = Vec::with_capacity(ids.len());
    for (at, id) in ids.into_iter().enumerate() {
        if !is_catalog_id(&id) {
            return Err(ListError::NotAnId(field, at + 1, quoted(&id)));
        }
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(watch: &[&str], seen: &[&str]) -> Lists {
        Lists {
            watchlist: watch.iter().map(|s| s.to_string()).collect(),
            seen: seen.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn a_merge_past_the_limit_keeps_what_was_there_and_stays_readable() {
        let ids = |from: usize, n: usize| {
            (from..from + n)
                .map(|i| format!("ns{i}"))
                .collect::<Vec<_>>()
        };
        let stored = Lists {
            watchlist: ids(0, 3),
            seen: ids(0, MAX_IDS - 10),
        };
        let imported = Lists {
            watchlist: Vec::new(),
            seen: ids(MAX_IDS - 20, 100),
        };
        let merged = stored.merged(&imported);
        assert_eq!(merged.seen.len(), MAX_IDS);
        assert_eq!(merged.seen[..MAX_IDS - 10], stored.seen[..]);
        assert_eq!(merged.watchlist, stored.watchlist);
        assert_eq!(Lists::stored(Some(&merged.to_json())), merged);
    }

    #[test]
    fn toggles_add_remove_and_seen_leaves_the_watchlist() {
        let l = Lists::default().toggle_watch("ns1").toggle_watch("hs2");
        assert_eq!(l, lists(&["ns1", "hs2"], &[]));
        assert!(l.wants("hs2") && !l.has_seen("hs2"));
        assert_eq!(l.toggle_watch("ns1"), lists(&["hs2"], &[]));
        let seen = l.toggle_seen("hs2");
        assert_eq!(seen, lists(&["ns1"], &["hs2"]));
        assert_eq!(seen.toggle_seen("hs2"), lists(&["ns1"], &[]));
    }

    #[test]
    fn the_file_round_trips_and_merges_without_duplicates() {
        let l = lists(&["ns1", "hs2"], &["ds3"]);
        assert_eq!(Lists::from_json(&l.to_json()).unwrap(), l);
        let other = lists(&["hs2", "as4"], &["ds3", "ns1"]);
        assert_eq!(
            l.merged(&other),
            lists(&["ns1", "hs2", "as4"], &["ds3", "ns1"])
        );
    }

    #[test]
    fn the_parser_is_strict_and_names_the_problem() {
        let good = r#"{"format":"cartelera-watchlist","version":1,"watchlist":["ns1"],"seen":[]}"#;
        assert_eq!(Lists::from_json(good).unwrap(), lists(&["ns1"], &[]));
        for (text, says) in [
            ("", "not a watchlist file"),
            ("[1,2]", "not a watchlist file"),
            (
                r#"{"format":"other","version":1,"watchlist":[],"seen":[]}"#,
                "\"format\" is \"other\"",
            ),
            (
                r#"{"format":"cartelera-watchlist","version":2,"watchlist":[],"seen":[]}"#,
                "\"version\" is 2",
            ),
            (
                r#"{"format":"cartelera-watchlist","version":1,"watchlist":["ns1"]}"#,
                "missing field `seen`",
            ),
            (
                r#"{"format":"cartelera-watchlist","version":1,"watchlist":[],"seen":[],"x":1}"#,
                "unknown field `x`",
            ),
            (
                r#"{"format":"cartelera-watchlist","version":1,"watchlist":["ns1","<b>"],"seen":[]}"#,
                "\"watchlist\" entry 2: \"<b>\" is not a title id",
            ),
            (
                r#"{"format":"cartelera-watchlist","version":1,"watchlist":[],"seen":[7]}"#,
                "not a watchlist file",
            ),
        ] {
            let e = Lists::from_json(text).unwrap_err().to_string();
            assert!(e.contains(says), "{text}: {e}");
        }
        let many: Vec<String> = (0..=MAX_IDS).map(|i| format!("ns{i}")).collect();
        let big = Lists {
            watchlist: many,
            seen: Vec::new(),
        };
        let e = Lists::from_json(&big.to_json()).unwrap_err();
        assert!(e.to_string().contains("at most 5000"), "{e}");
        assert_eq!(
            e.text(Lang::Es),
            "\"watchlist\" tiene 5001 títulos; se leen 5000 como máximo"
        );
    }

    #[test]
    fn storage_starts_afresh_on_a_bad_value() {
        assert_eq!(Lists::stored(None), Lists::default());
        assert_eq!(Lists::stored(Some("{oops")), Lists::default());
        let l = lists(&["ns1"], &["hs2"]);
        assert_eq!(Lists::stored(Some(&l.to_json())), l);
    }

    #[test]
    fn share_links_carry_the_watchlist() {
        let l = lists(&["ns1", "hs2"], &["ds3"]);
        assert_eq!(l.share_ids(), "ns1,hs2");
        assert_eq!(
            Lists::from_share_ids(" ns1, hs2,,ns1").unwrap(),
            lists(&["ns1", "hs2"], &[])
        );
        let e = Lists::from_share_ids("ns1,zz9").unwrap_err();
        assert!(e.to_string().contains("\"ids\" entry 2: \"zz9\""), "{e}");
        assert!(
            e.text(Lang::Es)
                .starts_with("\"ids\", elemento 2: \"zz9\" no es"),
            "{e}"
        );
    }

    #[test]
    fn catalog_ids_are_recognised() {
        for id in ["ns1", "as7042", "ds3", "hs1518"] {
            assert!(is_catalog_id(id), "{id}");
        }
        for id in [
            "",
            "n",
            "ns",
            "xs1",
            "nsx",
            "ns1 ",
            "w-as7042",
            "ns12345678901",
        ] {
            assert!(!is_catalog_id(id), "{id:?}");
        }
    }
}
