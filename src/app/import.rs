//! "Import your history" (`?view=import`, issue 16): a visitor chooses an
//! export from IMDb, Letterboxd or Netflix (or the page's own ratings CSV
//! or "My list" file); the page reads it and matches it to the catalog's
//! works with `cartelera_history::import` (what `cartelera history` and the
//! API's `POST /history` answer for the same file), shows the match report
//! — found, to choose, not found, rows left out — and keeps nothing until
//! the visitor confirms. Confirming keeps the ratings as the visitor's
//! picks and every matched title as seen, so the rate view recommends what
//! `cartelera recommend --history FILE` recommends and the fit view ranks
//! the platforms as `cartelera platform-fit --history FILE` does. The file
//! never leaves the browser.

use std::collections::HashMap;
use std::sync::Arc;

use cartelera_history::{
    implicit_rating, Choice, HistoryEntry, MatchReport, MatchedEntry, UnmatchedEntry,
};
use cartelera_recommender::VisitorRequest;
use leptos::prelude::*;

use super::browser;
use super::needs_model::NeedsTaste;
use super::state::{store_picks, stored_picks, AppState, Data};
use super::taste::PageTaste;
use super::widgets::{Link, PlatformBadge, Problem};
use crate::format::title_text;
use crate::i18n::{self, Msg};
use crate::route::{Route, View};
use crate::watchlist::Lists;

/// The largest file read: the history reader's own bound (a bigger file
/// is refused before a byte of it is read).
const MAX_FILE_BYTES: f64 = cartelera_history::MAX_BYTES as f64;

/// A file chosen and read, waiting for the taste model and the visitor.
#[derive(Clone)]
struct Chosen {
    name: String,
    bytes: Arc<Vec<u8>>,
}

/// What the last confirmation kept.
#[derive(Clone, Copy)]
struct Kept {
    ratings: usize,
    seen: usize,
    left_out: usize,
}

/// The import view.
#[component]
pub fn ImportView(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let chosen = RwSignal::new(None::<Chosen>);
    let problem = RwSignal::new(None::<String>);
    let kept = RwSignal::new(None::<Kept>);
    let lists_done = RwSignal::new(false);
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        leptos::task::spawn_local(async move {
            let read = browser::chosen_file_bytes(&input, MAX_FILE_BYTES).await;
            // The same file chosen again is read again.
            input.set_value("");
            kept.set(None);
            lists_done.set(false);
            match read {
                Ok(None) => {}
                Ok(Some((name, bytes))) if bytes.trim_ascii_start().starts_with(b"{") => {
                    // The page's own "My list" file: nothing to match.
                    chosen.set(None);
                    match Lists::from_json(&String::from_utf8_lossy(&bytes)) {
                        Ok(file) => {
                            state.change_lists(|stored| stored.merged(&file));
                            problem.set(None);
                            lists_done.set(true);
                        }
                        Err(e) => problem.set(Some(format!(
                            "{name}: {}",
                            e.text(state.lang.get_untracked())
                        ))),
                    }
                }
                Ok(Some((name, bytes))) => {
                    problem.set(None);
                    chosen.set(Some(Chosen {
                        name,
                        bytes: Arc::new(bytes),
                    }));
                }
                Err(e) => {
                    chosen.set(None);
                    problem.set(Some(e));
                }
            }
        });
    };
    let report = move |taste: Arc<PageTaste>| {
        let file = chosen.get()?;
        match cartelera_history::import(&file.name, &file.bytes, &taste.recommender) {
            Ok(report) => Some(
                view! { <Report report=Arc::new(report) data=data.clone() chosen=chosen kept=kept/> }
                    .into_any(),
            ),
            Err(e) => Some(view! { <Problem title=Msg::ImportFailed detail=e.to_string()/> }.into_any()),
        }
    };
    let rate = Route::new(View::Rate, Vec::new());
    let fit = Route::new(View::Fit, Vec::new());
    view! {
        <section class="import" aria-labelledby="import-heading">
            <h1 id="import-heading">{move || state.t(Msg::NavImport)}</h1>
            <p class="help">{move || state.t(Msg::ImportHelp)}</p>
            <details class="import-where">
                <summary>{move || state.t(Msg::ImportWhere)}</summary>
                <ul>
                    <li>{move || state.t(Msg::ImportWhereImdb)}</li>
                    <li>{move || state.t(Msg::ImportWhereLetterboxd)}</li>
                    <li>{move || state.t(Msg::ImportWhereNetflix)}</li>
                    <li>{move || state.t(Msg::ImportWhereOwn)}</li>
                </ul>
            </details>
            <p>
                <label class="button import-file">
                    {move || state.t(Msg::ImportChoose)}
                    <input type="file" class="visually-hidden" accept=".csv,.zip,.json,text/csv,application/zip,application/json" on:change=on_file/>
                </label>
            </p>
            {move || problem.get().map(|detail| view! { <Problem title=Msg::ImportFailed detail=detail/> })}
            {move || lists_done.get().then(|| view! { <p class="note" role="status">{move || state.t(Msg::ImportListsDone)}</p> })}
            {move || kept.get().map(|k| {
                let (rate, fit) = (rate.clone(), fit.clone());
                view! {
                    <div class="import-kept" role="status">
                        <p class="note">{move || i18n::import_saved(state.lang.get(), k.ratings, k.seen, k.left_out)}</p>
                        <p class="import-next">
                            <Link route=rate class="button">{move || state.t(Msg::ImportSeeReco)}</Link>
                            " "
                            <Link route=fit class="button secondary">{move || state.t(Msg::NavFit)}</Link>
                        </p>
                    </div>
                }
            })}
            {move || chosen.with(Option::is_some).then(|| view! { <NeedsTaste ready=report.clone()/> })}
        </section>
    }
}

/// The match report of one file, the choices to make, and the buttons to
/// keep or discard it.
#[component]
fn Report(
    report: Arc<MatchReport>,
    data: Arc<Data>,
    chosen: RwSignal<Option<Chosen>>,
    kept: RwSignal<Option<Kept>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Ambiguous entry's line → the candidate chosen (none: left out).
    let choices = RwSignal::new(HashMap::<usize, String>::new());
    let summary = {
        let report = report.clone();
        move || i18n::import_summary(state.lang.get(), &report)
    };
    let confirm = {
        let report = report.clone();
        move |_| {
            let choices: Vec<Choice> = choices.with_untracked(|c| {
                let mut c: Vec<Choice> = c
                    .iter()
                    .map(|(line, id)| Choice {
                        line: *line,
                        id: id.clone(),
                    })
                    .collect();
                c.sort_by_key(|c| c.line);
                c
            });
            // The choices come from the report's own candidates.
            let Ok(picks) = report.picks(&choices) else {
                return;
            };
            let imported = picks.len();
            let (picks, left_out) = merged_picks(&stored_picks(), &picks, &report, &choices);
            store_picks(&picks);
            let seen: Vec<String> = report
                .matched
                .iter()
                .map(|m| m.id.clone())
                .chain(choices.iter().map(|c| c.id.clone()))
                .collect();
            let seen_count = seen.len();
            state.change_lists(|stored| {
                stored.merged(&Lists {
                    watchlist: Vec::new(),
                    seen,
                })
            });
            // This file's ratings kept (the stored ones are never cut:
            // they come first, at most the bound themselves).
            kept.set(Some(Kept {
                ratings: imported - left_out,
                seen: seen_count,
                left_out,
            }));
            chosen.set(None);
        }
    };
    let nothing = report.matched.is_empty() && report.ambiguous.is_empty();
    // Seen without a rating somewhere: say what it counts as.
    let seen_only = report.matched.iter().any(|m| m.entry.rating.is_none())
        || report.ambiguous.iter().any(|a| a.entry.rating.is_none());
    let matched = report.matched.clone();
    let many = matched.len() > 30;
    let matched_count = matched.len();
    let ambiguous = report.ambiguous.clone();
    let unmatched = report.unmatched.clone();
    let skipped = report.skipped.clone();
    let unmatched_count = unmatched.len();
    let skipped_count = skipped.len();
    view! {
        <section class="import-report" aria-labelledby="import-report-heading">
            <h2 id="import-report-heading">{report.file.clone()}</h2>
            <p class="import-summary" role="status">{summary}</p>
            {(!ambiguous.is_empty()).then(|| view! {
                <section class="import-ambiguous" aria-labelledby="import-ambiguous-heading">
                    <h3 id="import-ambiguous-heading">{move || state.t(Msg::ImportAmbiguous)}</h3>
                    {ambiguous.into_iter().map(|a| view! { <AmbiguousEntry entry=a choices=choices data=data.clone()/> }).collect_view()}
                </section>
            })}
            {seen_only.then(|| view! { <p class="help">{move || state.t(Msg::ImportImplicit)}</p> })}
            {if nothing {
                view! { <p class="empty">{move || state.t(Msg::ImportNothing)}</p> }.into_any()
            } else {
                view! {
                    <p class="import-buttons">
                        <button type="button" class="import-confirm" on:click=confirm>{move || state.t(Msg::ImportConfirm)}</button>
                        " "
                        <button type="button" class="secondary" on:click=move |_| chosen.set(None)>{move || state.t(Msg::ImportDiscard)}</button>
                    </p>
                }.into_any()
            }}
            {(matched_count > 0).then(|| view! {
                <details class="import-matched" open=!many>
                    <summary>{move || state.t(Msg::ImportMatched)}" ("{matched_count}")"</summary>
                    <table class="import-table">
                        <thead><tr>
                            <th scope="col">{move || state.t(Msg::ImportInFile)}</th>
                            <th scope="col">{move || state.t(Msg::ImportInCatalog)}</th>
                            <th scope="col">{move || state.t(Msg::ImportYourRating)}</th>
                        </tr></thead>
                        <tbody>{matched.into_iter().map(|m| matched_row(&data, m)).collect_view()}</tbody>
                    </table>
                </details>
            })}
            {(unmatched_count > 0).then(|| view! {
                <details class="import-unmatched">
                    <summary>{move || state.t(Msg::ImportUnmatched)}" ("{unmatched_count}")"</summary>
                    <ul>{unmatched.into_iter().map(|u| {
                        let reason = u.reason;
                        view! { <li>{entry_name(&u.entry)}" — "<span class="muted">{move || i18n::unmatched_reason(state.lang.get(), reason)}</span></li> }
                    }).collect_view()}</ul>
                </details>
            })}
            {(skipped_count > 0).then(|| view! {
                <details class="import-skipped">
                    <summary>{move || state.t(Msg::ImportSkipped)}" ("{skipped_count}")"</summary>
                    <ul>{skipped.into_iter().map(|(line, why)| view! { <li>{format!("{line}: {why}")}</li> }).collect_view()}</ul>
                </details>
            })}
        </section>
    }
}

/// One ambiguous entry: its name as the file gives it and one radio button
/// per candidate, "none of these" first and chosen.
#[component]
fn AmbiguousEntry(
    entry: UnmatchedEntry,
    choices: RwSignal<HashMap<usize, String>>,
    data: Arc<Data>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let line = entry.entry.line;
    let group = format!("choose-{line}");
    let none = {
        let group = group.clone();
        view! {
            <label class="choice">
                <input type="radio" name=group value="" checked=true
                    on:change=move |_| choices.update(|c| { c.remove(&line); })/>
                {move || state.t(Msg::ImportNoneOfThese)}
            </label>
        }
    };
    let candidates = entry
        .candidates
        .iter()
        .map(|c| {
            // The catalog's display text (the candidate carries the query case).
            let name = data
                .catalog
                .get(&c.id)
                .map_or_else(|| crate::format::display_case(&c.title), title_text);
            let (id, year, kind) = (c.id.clone(), c.release_year, c.kind);
            let platform = cartelera_core::Platform::from_id(&id);
            let group = group.clone();
            let value = id.clone();
            view! {
                <label class="choice">
                    <input type="radio" name=group value=value
                        on:change=move |_| choices.update(|c| { c.insert(line, id.clone()); })/>
                    {move || i18n::candidate_text(state.lang.get(), &name, year, kind)}
                    " "{platform.map(|p| view! { <PlatformBadge platform=p/> })}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="import-choice" data-line=line>
            <legend>{entry_name(&entry.entry)}</legend>
            {none}
            {candidates}
        </fieldset>
    }
}

/// An entry as the file names it: "Death Note (2006)".
fn entry_name(entry: &HistoryEntry) -> String {
    match entry.year {
        Some(year) => format!("{} ({year})", entry.name),
        None => entry.name.clone(),
    }
}

/// A matched entry's row: the file's name, the catalog's title (a link),
/// the rating kept.
fn matched_row(data: &Data, m: MatchedEntry) -> impl IntoView {
    let state = expect_context::<AppState>();
    let in_file = entry_name(&m.entry);
    let title = data.catalog.get(&m.id).cloned();
    let route = Route::new(View::Title, vec![("id".into(), m.id.clone())]);
    let name = title.as_ref().map_or_else(|| m.id.clone(), title_text);
    let year = title.as_ref().map(|t| t.release_year);
    let (rating, views) = (m.entry.rating, m.entry.views);
    let rating_text = move || {
        let lang = state.lang.get();
        match rating {
            Some(r) => format!("{} ★", lang.num(f64::from(r))),
            None => i18n::seen_counts_as(lang, views, implicit_rating(views)),
        }
    };
    view! {
        <tr data-id=m.id.clone()>
            <td>{in_file}</td>
            <td><Link route=route>{name}</Link>{year.map(|y| format!(" ({y})"))}</td>
            <td>{rating_text}</td>
        </tr>
    }
}

/// The visitor's stored picks with the history's on top (the history's
/// rating wins for a title in both), at most [`VisitorRequest::MAX_PICKS`]
/// (the strict parser's bound, which reads them back): past it, seen-only
/// entries go first, then the file's last rows. Returns the picks and how
/// many were left out.
fn merged_picks(
    stored: &[(String, f32)],
    imported: &[(String, f32)],
    report: &MatchReport,
    choices: &[Choice],
) -> (Vec<(String, f32)>, usize) {
    let rated: std::collections::HashSet<&str> = report
        .matched
        .iter()
        .filter(|m| m.entry.rating.is_some())
        .map(|m| m.id.as_str())
        .chain(
            choices
                .iter()
                .filter(|c| {
                    report
                        .ambiguous
                        .iter()
                        .any(|a| a.entry.line == c.line && a.entry.rating.is_some())
                })
                .map(|c| c.id.as_str()),
        )
        .collect();
    // A set: a history can bring thousands of titles, each looked up here.
    let from_file: std::collections::HashSet<&str> =
        imported.iter().map(|(id, _)| id.as_str()).collect();
    let mut out: Vec<(String, f32)> = stored
        .iter()
        .filter(|(id, _)| !from_file.contains(id.as_str()))
        .cloned()
        .collect();
    out.extend(imported.iter().cloned());
    let max = VisitorRequest::MAX_PICKS;
    if out.len() <= max {
        return (out, 0);
    }
    let total = out.len();
    let (keep_rated, seen_only): (Vec<_>, Vec<_>) = out
        .into_iter()
        .partition(|(id, _)| rated.contains(id.as_str()) || !from_file.contains(id.as_str()));
    let mut out = keep_rated;
    out.extend(seen_only);
    out.truncate(max);
    (out, total - max)
}
