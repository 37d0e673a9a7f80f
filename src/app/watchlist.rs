//! "My list" (`?view=watchlist`): the visitor's watchlist and seen titles,
//! kept in this browser only (`AppState::lists`, localStorage), each title
//! with its cover, platforms and a button to take it off; exported and
//! imported as a JSON file and shared as a link (`&ids=ns2186,hs1518`,
//! the watchlist only). A shared link shows its titles apart, with a button
//! to save them to one's own list; nothing is stored until then. The file
//! and link formats and their strict parsers are `crate::watchlist`'s.

use std::sync::Arc;

use leptos::prelude::*;

use super::browser;
use super::state::{AppState, Data};
use super::widgets::{Cover, Link, PlatformBadge, Problem};
use crate::format::title_text;
use crate::i18n::Msg;
use crate::route::{Route, View};
use crate::watchlist::Lists;

/// The largest file "import" reads (a full file of both lists is about
/// 100 kB).
const MAX_FILE_BYTES: f64 = 1e6;

/// The exported file's name.
const FILE_NAME: &str = "cartelera-watchlist.json";

/// Which list a row is on (its button takes it off that list).
#[derive(Clone, Copy, PartialEq)]
enum Which {
    Watchlist,
    Seen,
    Shared,
}

/// The watchlist view.
#[component]
pub fn WatchlistView(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let shared = state
        .route
        .with_untracked(|r| r.get("ids").map(Lists::from_share_ids));
    let import_note = RwSignal::new(None::<Result<(), String>>);
    let (shared_list, shared_problem) = match shared {
        Some(Ok(list)) => (Some(list), None),
        Some(Err(e)) => (None, Some(e.text(state.lang.get_untracked()))),
        None => (None, None),
    };
    let shared_block = {
        let data = data.clone();
        shared_list.map(|list| {
            let ids = list.watchlist.clone();
            let save = move |_| {
                state.change_lists(|stored| stored.merged(&list));
                state.go(Route::new(View::Watchlist, Vec::new()), true);
            };
            view! {
                // Hidden once saved (the address then has no `ids`); Back
                // to the shared address shows it again.
                <section class="shared-list" aria-labelledby="shared-heading"
                    hidden=move || state.route.with(|r| r.get("ids").is_none())>
                    <h2 id="shared-heading">{move || state.t(Msg::WatchlistShared)}</h2>
                    <p class="help">{move || state.t(Msg::WatchlistSharedHelp)}</p>
                    <p><button type="button" on:click=save>{move || state.t(Msg::WatchlistKeep)}</button></p>
                    <ListRows ids=ids which=Which::Shared data=data/>
                </section>
            }
        })
    };
    let watch_data = data.clone();
    let seen_data = data;
    let export = move |_| {
        let text = state.lists.with_untracked(Lists::to_json);
        if let Err(e) = browser::download(FILE_NAME, &text, "application/json") {
            import_note.set(Some(Err(e)));
        }
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        leptos::task::spawn_local(async move {
            let read = browser::chosen_file_text(&input, MAX_FILE_BYTES).await;
            let outcome = match read {
                Ok(None) => return,
                Ok(Some((name, text))) => Lists::from_json(&text)
                    .map(|file| state.change_lists(|stored| stored.merged(&file)))
                    .map_err(|e| format!("{name}: {}", e.text(state.lang.get_untracked()))),
                Err(e) => Err(e),
            };
            // The same file chosen again is read again.
            input.set_value("");
            import_note.set(Some(outcome));
        });
    };
    let share_href = move || {
        let ids = state.lists.with(Lists::share_ids);
        let mut route = Route::new(View::Watchlist, vec![("ids".into(), ids)]);
        route.lang = Some(state.lang.get());
        route.to_search()
    };
    view! {
        <section class="watchlist" aria-labelledby="watchlist-heading">
            <h1 id="watchlist-heading">{move || state.t(Msg::NavWatchlist)}</h1>
            <p class="help">{move || state.t(Msg::WatchlistPrivacy)}</p>
            {shared_problem.map(|detail| view! { <Problem title=Msg::WatchlistBadLink detail=detail/> })}
            {shared_block}
            <ListSection which=Which::Watchlist data=watch_data/>
            <ListSection which=Which::Seen data=seen_data/>
            <section class="list-tools" aria-labelledby="list-tools-heading">
                <h2 id="list-tools-heading">{move || state.t(Msg::WatchlistFileHeading)}</h2>
                <p class="list-tool-buttons">
                    <button type="button" class="secondary export-lists" on:click=export>{move || state.t(Msg::WatchlistExport)}</button>
                    " "
                    <label class="button secondary import-lists">
                        {move || state.t(Msg::WatchlistImport)}
                        <input type="file" class="visually-hidden" accept=".json,application/json" on:change=import/>
                    </label>
                </p>
                {move || import_note.get().map(|outcome| match outcome {
                    Ok(()) => view! { <p class="note" role="status">{move || state.t(Msg::WatchlistImported)}</p> }.into_any(),
                    Err(detail) => view! { <Problem title=Msg::WatchlistImportFailed detail=detail/> }.into_any(),
                })}
                {move || (!state.lists.with(|l| l.watchlist.is_empty())).then(|| view! {
                    <p>
                        <a class="share-lists" href=share_href>{move || state.t(Msg::WatchlistShare)}</a>
                        " "<small class="muted">{move || state.t(Msg::WatchlistShareHelp)}</small>
                    </p>
                })}
            </section>
        </section>
    }
}

/// One of the visitor's own lists: its heading, its help line (seen only)
/// and its rows, or what to do while it is empty.
#[component]
fn ListSection(which: Which, data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (heading_id, heading, empty, help) = match which {
        Which::Seen => (
            "seen-heading",
            Msg::SeenHeading,
            Msg::SeenEmpty,
            Some(Msg::SeenHelp),
        ),
        _ => ("to-watch-heading", Msg::ToWatch, Msg::WatchlistEmpty, None),
    };
    view! {
        <section aria-labelledby=heading_id>
            <h2 id=heading_id>{move || state.t(heading)}</h2>
            {help.map(|help| view! { <p class="help">{move || state.t(help)}</p> })}
            {move || {
                let ids = state.lists.with(|l| match which {
                    Which::Seen => l.seen.clone(),
                    _ => l.watchlist.clone(),
                });
                if ids.is_empty() {
                    view! { <p class="empty">{move || state.t(empty)}</p> }.into_any()
                } else {
                    view! { <ListRows ids=ids which=which data=data.clone()/> }.into_any()
                }
            }}
        </section>
    }
}

/// The titles `ids`, in order, each with its cover, name, platforms of its
/// work and year; on the visitor's own lists, a button that takes it off.
/// An id the catalog no longer holds is shown as such, still removable.
#[component]
fn ListRows(ids: Vec<String>, which: Which, data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = ids
        .into_iter()
        .map(|id| {
            let title = data.catalog.get(&id).cloned();
            let remove = {
                let id = id.clone();
                move |_| {
                    state.change_lists(|stored| match which {
                        Which::Seen => stored.toggle_seen(&id),
                        _ => stored.toggle_watch(&id),
                    })
                }
            };
            let button = (which != Which::Shared).then(|| {
                let label = if which == Which::Seen { Msg::SeenUnmark } else { Msg::WatchlistRemove };
                view! { <button type="button" class="secondary remove" on:click=remove>{move || state.t(label)}</button> }
            });
            let body = match title {
                Some(t) => {
                    let route = Route::new(View::Title, vec![("id".into(), t.id.clone())]);
                    // Every platform of its work, from the search index's works.
                    let platforms: Vec<_> = data
                        .catalog
                        .row_of(&t.id)
                        .map_or_else(|| vec![t.platform], |row| data.search().platforms_of(row).to_vec());
                    let (svg, name, year) = (crate::cover::cover_of(&t), title_text(&t), t.release_year);
                    view! {
                        <Cover svg=svg/>
                        <div class="result-body">
                            <Link route=route class="result-title">{name}</Link>
                            <span class="result-meta">
                                {platforms.into_iter().map(|p| view! { <PlatformBadge platform=p/>" " }).collect_view()}
                                {year}
                            </span>
                        </div>
                    }
                    .into_any()
                }
                None => view! {
                    <div class="result-body">
                        <span class="result-title">{id.clone()}</span>
                        <span class="result-meta muted">{move || state.t(Msg::WatchlistGone)}</span>
                    </div>
                }
                .into_any(),
            };
            view! { <li class="result has-cover list-row" data-id=id>{body}{button}</li> }
        })
        .collect_view();
    view! { <ol class="results">{rows}</ol> }
}
