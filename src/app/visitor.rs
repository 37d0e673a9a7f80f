//! "Rate a few titles yourself": a visitor stars titles (a starter set of
//! the titles real viewers rated most, spread over genres and platforms,
//! or any title found by search) and gets recommendations at once from the
//! taste model (`TasteRecommender::recommend`, the CLI's `recommend
//! --picks` and the API's `/recommend?picks=`; nothing leaves the
//! browser), each with why. The picks live in localStorage; they go into
//! the address only when the visitor shares them (`?view=rate&picks=…`),
//! read back by the recommender's strict parser: a bad entry is shown,
//! not dropped.

use std::sync::Arc;

use cartelera_core::SearchQuery;
use cartelera_recommender::{RecommendFilter, RecommendRequest};
use leptos::prelude::*;

use super::browser;
use super::needs_model::NeedsTaste;
use super::ranked::{FallbackNote, TasteList};
use super::state::{store_picks, stored_picks, AppState, Data};
use super::taste::{shown_title, PageTaste, TasteLoad};
use super::widgets::{Link, PlatformBadge, Problem};
use crate::i18n::{self, Msg};
use crate::picks::{format_picks, picks_csv, with_pick};
use crate::route::{Route, View};

/// How many titles "rate yourself" opens with, at most this many of one
/// genre and of one platform.
const STARTER: (usize, usize, usize) = (12, 3, 4);

/// The rate-and-recommend view.
#[component]
pub fn RateView(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Shared picks in the address win over the stored ones, until kept; a
    // bad shared link is refused with the API's message.
    let shared = state.route.with_untracked(Route::visitor_request);
    let (shared, shared_problem) = match shared {
        Some(Ok(request)) => (Some(request), None),
        Some(Err(e)) => (
            None,
            Some(i18n::param_error(state.lang.get_untracked(), &e)),
        ),
        None => (None, None),
    };
    let n = shared.as_ref().map_or(RecommendRequest::DEFAULT_N, |r| r.n);
    let (picks, set_picks) = signal(
        shared
            .as_ref()
            .map_or_else(stored_picks, |r| r.picks.clone()),
    );
    let (viewing_shared, set_viewing_shared) = signal(shared.is_some());
    let save = move |next: Vec<(String, f32)>| {
        if !viewing_shared.get_untracked() {
            store_picks(&next);
        }
        set_picks.set(next);
    };
    let (typed, set_typed) = signal(String::new());
    let search_data = data.clone();
    let found = Memo::new(move |_| {
        let text = typed.get();
        if text.trim().len() < 2 {
            return Vec::new();
        }
        let q = SearchQuery {
            text,
            ..SearchQuery::default()
        };
        let r = search_data.search().search(&search_data.catalog, &q, 8);
        r.rows
            .into_iter()
            .map(|row| search_data.catalog.titles()[row].id.clone())
            .collect::<Vec<_>>()
    });
    // A bad shared link or filter in the address is refused with the
    // recommender's message (the API's), not dropped.
    let filter_problem = Memo::new(move |_| {
        state
            .route
            .with(Route::recommend_filter)
            .err()
            .map(|e| i18n::param_error(state.lang.get(), &e))
    });
    let filter: RecommendFilter = shared
        .as_ref()
        .map(|r| r.filter.clone())
        .unwrap_or_else(|| {
            state
                .route
                .with_untracked(Route::recommend_filter)
                .unwrap_or_default()
        });
    // Titles marked seen leave the recommendations: the visitor's own
    // list, or what a shared link says (`seen=`, as the API takes it).
    let shared_seen = shared.as_ref().map(|r| r.seen.clone());
    let seen = move || match (viewing_shared.get(), &shared_seen) {
        (true, Some(seen)) => seen.clone(),
        _ => state.lists.with(|l| l.seen.clone()),
    };
    let recommendations = move |taste: Arc<PageTaste>| {
        let current = picks.get();
        let seen = seen();
        let started = browser::now_ms();
        let answer = taste.recommender.recommend(&current, &seen, n, &filter);
        let ms = browser::now_ms() - started;
        view! {
            <div class="visitor-reco" data-ms=format!("{ms:.3}")
                data-compose-ms=format!("{:.3}", taste.compose_ms)>
                <FallbackNote fallback=answer.fallback/>
                {(!seen.is_empty()).then(|| view! {
                    <p class="muted seen-note">{move || i18n::seen_left_out(state.lang.get(), seen.len())}</p>
                })}
                <TasteList items=answer.items taste=taste.clone()/>
            </div>
        }
    };
    let row = {
        let data = data.clone();
        move |id: String| {
            let t = data.catalog.get(&id)?.clone();
            let platform = t.platform;
            let name = move || shown_title(state.taste, &t);
            let link = Route::new(View::Title, vec![("id".into(), id.clone())]);
            let select_id = format!("rate-{id}");
            let current = {
                let id = id.clone();
                move || {
                    picks.with(|p| {
                        p.iter()
                            .find(|(x, _)| *x == id)
                            .map_or(String::new(), |(_, r)| r.to_string())
                    })
                }
            };
            let on_change = move |ev: leptos::ev::Event| {
                let rating: f32 = event_target_value(&ev).parse().unwrap_or(0.0);
                save(with_pick(&picks.get_untracked(), &id, rating));
            };
            Some(view! {
                <li class="result rate-row">
                    <span><Link route=link class="result-title">{name}</Link>" "<PlatformBadge platform=platform/></span>
                    <span>
                        <label class="visually-hidden" for=select_id.clone()>{move || state.t(Msg::YourRating)}</label>
                        <select id=select_id class="stars" prop:value=current on:change=on_change>
                            <option value="">{move || state.t(Msg::NotRatedByYou)}</option>
                            {(1..=10).rev().map(|h| { let v = h as f32 / 2.0; view! { <option value=v.to_string()>{move || format!("{} ★", state.lang.get().num(f64::from(v)))}</option> } }).collect_view()}
                        </select>
                    </span>
                </li>
            })
        }
    };
    let row_found = row.clone();
    let rated_row = row.clone();
    // Titles a visitor recognises, once the taste model is in.
    let starter = move |taste: Arc<PageTaste>| {
        let (n, per_genre, per_platform) = STARTER;
        let ids: Vec<String> = taste
            .recommender
            .starter_set(n, per_genre, per_platform)
            .into_iter()
            .map(str::to_string)
            .collect();
        view! { <ol class="results starter">{ids.into_iter().map(row.clone()).collect_view()}</ol> }
    };
    let share_url = move || {
        let mut route = Route::new(
            View::Rate,
            vec![("picks".into(), format_picks(&picks.get()))],
        );
        route.lang = Some(state.lang.get());
        route.to_search()
    };
    let taste_loading = move || {
        state
            .taste
            .with(|t| matches!(t, TasteLoad::Idle | TasteLoad::Loading))
    };
    view! {
        <section class="rate" aria-labelledby="rate-heading">
            <h1 id="rate-heading">{move || state.t(Msg::NavRate)}</h1>
            <p class="help">{move || state.t(Msg::RateHelp)}</p>
            // Its own line: joined to the help it made that paragraph the
            // page's largest text, painted after the catalog (Lighthouse's
            // mobile LCP went from 0.8 s to 23 s under load).
            <p class="help"><Link route=Route::new(View::Import, Vec::new())>{move || state.t(Msg::RateImportLink)}</Link></p>
            {move || viewing_shared.get().then(|| view! {
                <p class="fallback" role="note">{move || state.t(Msg::SharedPicks)}" "
                    <button type="button" on:click=move |_| { set_viewing_shared.set(false); save(picks.get_untracked()); }>{move || state.t(Msg::KeepPicks)}</button>
                </p>
            })}
            // On a phone the columns stack: once there are picks, what they
            // are for comes first, not below a long list of titles to rate.
            // Both columns wait for the taste model and appear together: a
            // list arriving in one would push the other down (Lighthouse
            // measured a layout shift of 0.18 on a phone).
            {move || taste_loading().then(|| view! {
                <p class="muted" role="status">{move || state.t(Msg::ModelLoading)}</p>
            })}
            <div class="two-columns" class:picks-first=move || !picks.get().is_empty() hidden=taste_loading>
                <section aria-labelledby="rate-pick-heading">
                    <h2 id="rate-pick-heading">{move || state.t(Msg::YourRatings)}</h2>
                    <ol class="results">{move || picks.get().into_iter().map(|(id, _)| rated_row(id)).collect_view()}</ol>
                    <div class="field">
                        <label for="rate-search">{move || state.t(Msg::FindToRate)}</label>
                        <input id="rate-search" type="search" autocomplete="off" on:input=move |ev| set_typed.set(event_target_value(&ev))/>
                    </div>
                    <ol class="results">{move || found.get().into_iter().map(&row_found).collect_view()}</ol>
                    <h3>{move || state.t(Msg::StarterSet)}</h3>
                    <NeedsTaste ready=starter/>
                    <p>
                        <button type="button" class="secondary" on:click=move |_| save(Vec::new())>{move || state.t(Msg::ClearPicks)}</button>
                    </p>
                    <details class="share">
                        <summary>{move || state.t(Msg::SharePicks)}</summary>
                        <p><a href=share_url>{move || state.t(Msg::SharePicksLink)}</a></p>
                        <p>
                            <button type="button" class="secondary export-picks"
                                on:click=move |_| { let _ = browser::download("cartelera-ratings.csv", &picks_csv(&picks.get_untracked()), "text/csv"); }>
                                {move || state.t(Msg::RateExport)}
                            </button>
                        </p>
                    </details>
                </section>
                <section aria-labelledby="rate-reco-heading">
                    <h2 id="rate-reco-heading">{move || state.t(Msg::ForYou)}</h2>
                    {move || match (shared_problem.clone(), filter_problem.get()) {
                        (Some(detail), _) => view! { <Problem title=Msg::BadSharedPicks detail=detail/> }.into_any(),
                        (None, Some(detail)) => view! { <Problem title=Msg::BadParameter detail=detail/> }.into_any(),
                        (None, None) => view! { <NeedsTaste ready=recommendations.clone()/> }.into_any(),
                    }}
                </section>
            </div>
        </section>
    }
}
