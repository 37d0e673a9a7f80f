//! A history's entries matched to the catalog's works by the MovieLens
//! links' rules ([`Matcher`]), reported before anything is used, and
//! turned into picks once the visitor has confirmed.

use std::collections::{HashMap, HashSet};

use cartelera_core::links::{Candidate, Found, Matcher, NameQuery, RejectReason, Rule};
use serde::Serialize;

use crate::read::{History, HistoryEntry, HistoryFormat};

/// An entry matched to one work.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MatchedEntry {
    /// The entry as read.
    pub entry: HistoryEntry,
    /// The work's id (`w-…`).
    pub work_id: String,
    /// The catalog id the picks name (the work's first title).
    pub id: String,
    /// The rule that found it (`None`: the file named the id).
    pub rule: Option<Rule>,
    /// From 0 to 1 (1 for an id).
    pub confidence: f64,
}

/// An entry not matched: ambiguous (a choice to make among `candidates`)
/// or unmatched (near misses in `candidates`, maybe none).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnmatchedEntry {
    /// The entry as read.
    pub entry: HistoryEntry,
    /// `ambiguous`, `not_in_catalog`, `year_too_far`, `tv_show`,
    /// `low_confidence`, `work_taken` or `unknown_id`.
    pub reason: &'static str,
    /// The catalog rows involved.
    pub candidates: Vec<Candidate>,
}

/// What matching a history found, shown to the visitor before anything
/// is used.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MatchReport {
    /// The file's name.
    pub file: String,
    /// The service that wrote it.
    pub format: HistoryFormat,
    /// Entries matched to one work, in file order.
    pub matched: Vec<MatchedEntry>,
    /// Entries matching several works: the visitor chooses.
    pub ambiguous: Vec<UnmatchedEntry>,
    /// Entries matching nothing usable.
    pub unmatched: Vec<UnmatchedEntry>,
    /// Rows the reader left out on purpose (line, why).
    pub skipped: Vec<(usize, String)>,
}

/// The visitor's choice for an ambiguous entry: the entry's line and the
/// catalog id chosen among its candidates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// [`HistoryEntry::line`] of the ambiguous entry.
    pub line: usize,
    /// One of its candidates' ids.
    pub id: String,
}

/// Matches every entry of `history`: by id when the file names one, else
/// by its names, year and kind.
pub fn match_history(history: &History, matcher: &Matcher<'_>) -> MatchReport {
    let titles = matcher.titles();
    let works = matcher.works();
    let row_of: HashMap<&str, usize> = titles
        .iter()
        .enumerate()
        .map(|(r, t)| (t.id.as_str(), r))
        .collect();
    let mut report = MatchReport {
        file: history.file.clone(),
        format: history.format,
        matched: Vec::new(),
        ambiguous: Vec::new(),
        unmatched: Vec::new(),
        skipped: history.skipped.clone(),
    };
    let matched = |entry: &HistoryEntry, work: usize, rule, confidence| {
        let w = &works.all()[work];
        MatchedEntry {
            entry: entry.clone(),
            work_id: w.id.clone(),
            id: titles[w.rows[0]].id.clone(),
            rule,
            confidence,
        }
    };
    let unmatched = |entry: &HistoryEntry, reason, candidates| UnmatchedEntry {
        entry: entry.clone(),
        reason,
        candidates,
    };
    // One work per entry: where two entries reach one work (an IMDb
    // title and its original title on two rows), the first keeps it.
    let mut taken: HashSet<usize> = HashSet::new();
    for entry in &history.entries {
        if let Some(id) = &entry.id {
            match row_of.get(id.as_str()).and_then(|&r| works.of_row(r)) {
                Some(work) => report.matched.push(matched(entry, work, None, 1.0)),
                None => report
                    .unmatched
                    .push(unmatched(entry, "unknown_id", Vec::new())),
            }
            continue;
        }
        let query = NameQuery {
            names: std::iter::once(entry.name.clone())
                .chain(entry.original_name.clone())
                .collect(),
            year: entry.year,
            kind: entry.kind,
            genres: Vec::new(),
        };
        let mut found = matcher.find(&query);
        // A service's own history lists only its own titles: Netflix's
        // viewing history settles "The Witch" (a Netflix film, a Hulu
        // show) for the Netflix one.
        if let (
            Found::Ambiguous {
                rule,
                works: found_works,
            },
            Some(platform),
        ) = (&found, history.format.platform())
        {
            let own: Vec<usize> = found_works
                .iter()
                .copied()
                .filter(|&w| {
                    works.all()[w]
                        .rows
                        .iter()
                        .any(|&r| titles[r].platform == platform)
                })
                .collect();
            if let [work] = own[..] {
                found = Found::Linked {
                    work,
                    rule: *rule,
                    confidence: rule.confidence(),
                };
            }
        }
        match found {
            Found::Linked {
                work,
                rule,
                confidence,
            } => {
                if !taken.insert(work) {
                    report.unmatched.push(unmatched(
                        entry,
                        "work_taken",
                        matcher.candidates(works.all()[work].rows.iter().copied()),
                    ));
                } else {
                    report
                        .matched
                        .push(matched(entry, work, Some(rule), confidence));
                }
            }
            Found::Ambiguous { works: found, .. } => report.ambiguous.push(unmatched(
                entry,
                "ambiguous",
                // One candidate per work: the visitor chooses a film, not
                // a platform's copy of it.
                matcher.candidates(found.iter().map(|&w| works.all()[w].rows[0])),
            )),
            Found::Rejected { reason, rows } => report.unmatched.push(unmatched(
                entry,
                match reason {
                    RejectReason::YearTooFar => "year_too_far",
                    RejectReason::TvShow => "tv_show",
                    RejectReason::WorkTaken => "work_taken",
                    RejectReason::LowConfidence => "low_confidence",
                },
                matcher.candidates(rows.into_iter()),
            )),
            Found::NotFound => {
                report
                    .unmatched
                    .push(unmatched(entry, "not_in_catalog", Vec::new()))
            }
        }
    }
    report
}

/// The rating a title seen but not rated stands for: a title watched
/// more is taken as liked more (a show binged for 20 episodes, a film
/// seen twice). A heuristic, said so where it is shown: 3.5★ for one
/// viewing, 4★ for 2–4, 4.5★ for 5–19, 5★ for 20 or more.
pub fn implicit_rating(views: u32) -> f32 {
    match views {
        0 | 1 => 3.5,
        2..=4 => 4.0,
        5..=19 => 4.5,
        _ => 5.0,
    }
}

impl MatchReport {
    /// The picks the recommender takes, once the visitor has confirmed:
    /// the matched entries plus the ambiguous ones they chose, each as
    /// `(catalog id, rating)` — a seen-only entry rated by
    /// [`implicit_rating`]. An error names a choice that is not one of
    /// its entry's candidates.
    pub fn picks(&self, choices: &[Choice]) -> Result<Vec<(String, f32)>, String> {
        let mut picks: Vec<(String, f32)> = self
            .matched
            .iter()
            .map(|m| (m.id.clone(), rating_of(&m.entry)))
            .collect();
        for choice in choices {
            let entry = self
                .ambiguous
                .iter()
                .find(|a| a.entry.line == choice.line)
                .ok_or_else(|| format!("line {}: no ambiguous entry to choose for", choice.line))?;
            if !entry.candidates.iter().any(|c| c.id == choice.id) {
                return Err(format!(
                    "line {}: {:?} is not one of the candidates ({})",
                    choice.line,
                    choice.id,
                    entry
                        .candidates
                        .iter()
                        .map(|c| c.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            picks.push((choice.id.clone(), rating_of(&entry.entry)));
        }
        Ok(picks)
    }

    /// The work ids of everything matched (seen, rated or not).
    pub fn seen_works(&self) -> Vec<&str> {
        self.matched.iter().map(|m| m.work_id.as_str()).collect()
    }

    /// One line for people: "IMDb ratings: 41 matched, 3 to choose, 6 not in the catalog".
    pub fn summary(&self) -> String {
        format!(
            "{}: {} matched, {} to choose, {} not in the catalog{}",
            self.format.label(),
            self.matched.len(),
            self.ambiguous.len(),
            self.unmatched.len(),
            if self.skipped.is_empty() {
                String::new()
            } else {
                format!(", {} rows skipped", self.skipped.len())
            }
        )
    }
}

fn rating_of(entry: &HistoryEntry) -> f32 {
    entry.rating.unwrap_or_else(|| implicit_rating(entry.views))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::read_history;
    use cartelera_core::model::{Platform, Title, TitleDisplay, TitleType};
    use cartelera_core::works::Works;

    fn title(id: &str, platform: Platform, kind: TitleType, name: &str, year: i32) -> Title {
        Title {
            id: id.to_string(),
            show_id: id[1..].to_string(),
            platform,
            kind,
            title: name.to_string(),
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

    fn catalog() -> Vec<Title> {
        vec![
            title("ns1", Platform::Netflix, TitleType::Movie, "roma", 2018),
            title("as1", Platform::Amazon, TitleType::Movie, "heat", 1995),
            title("ns2", Platform::Netflix, TitleType::Movie, "heat", 1995),
            title("ds1", Platform::Disney, TitleType::Movie, "frozen", 2013),
            title("ns3", Platform::Netflix, TitleType::TvShow, "lupin", 2023),
            title("hs1", Platform::Hulu, TitleType::Movie, "the thing", 1982),
            title("as2", Platform::Amazon, TitleType::Movie, "the thing", 2011),
        ]
    }

    #[test]
    fn entries_match_works_and_ambiguity_is_a_choice() {
        let titles = catalog();
        let works = Works::group(&titles);
        let matcher = Matcher::new(&titles, &works);
        let history = read_history(
            "NetflixViewingHistory.csv",
            b"Title,Date\nRoma,1/2/21\n\"Lupin: Part 1: Chapter 1\",1/9/21\nThe Thing,2/2/22\nNowhere Film,3/3/22\n",
        )
        .unwrap();
        let report = match_history(&history, &matcher);
        let ids: Vec<&str> = report.matched.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["ns1", "ns3"], "{report:#?}");
        assert_eq!(
            report.ambiguous.len(),
            1,
            "two films called The Thing, no year"
        );
        assert_eq!(report.ambiguous[0].candidates.len(), 2);
        assert_eq!(report.unmatched[0].reason, "not_in_catalog");
        let picks = report
            .picks(&[Choice {
                line: 4,
                id: "as2".into(),
            }])
            .unwrap();
        assert_eq!(picks.len(), 3);
        assert_eq!(picks[0], ("ns1".to_string(), 3.5));
        assert!(report
            .picks(&[Choice {
                line: 4,
                id: "ns1".into()
            }])
            .unwrap_err()
            .contains("not one of the candidates"));
    }

    #[test]
    fn a_year_settles_what_a_name_alone_cannot_and_one_work_spans_platforms() {
        let titles = catalog();
        let works = Works::group(&titles);
        let matcher = Matcher::new(&titles, &works);
        let history = read_history(
            "ratings.csv",
            b"Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,The Thing,1982,u,5\n2024-01-01,Heat,1995,u,4\n",
        )
        .unwrap();
        let report = match_history(&history, &matcher);
        assert_eq!(report.ambiguous.len(), 0, "{report:#?}");
        assert_eq!(report.matched[0].id, "hs1");
        // Heat is on Amazon and Netflix: one work.
        assert_eq!(
            report.matched[1].work_id,
            works.all()[works.of_row(1).unwrap()].id
        );
        assert_eq!(
            report.summary(),
            "Letterboxd ratings: 2 matched, 0 to choose, 0 not in the catalog"
        );
    }

    #[test]
    fn viewings_stand_for_ratings_more_with_more_viewings() {
        assert!(implicit_rating(1) < implicit_rating(3));
        assert!(implicit_rating(3) < implicit_rating(8));
        assert!(implicit_rating(8) < implicit_rating(40));
    }
}
