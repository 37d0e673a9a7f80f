//! "Which platform fits you" (`?view=fit`, issue 16): the four platforms
//! ranked for the visitor by `cartelera_history::platform_fit` (what
//! `cartelera platform-fit` and the API's `POST /platform-fit` answer),
//! from the ratings kept in this browser (rated on the rate view or
//! confirmed from an imported history) and the titles marked seen. The
//! share link carries the ranking's figures only (`fit=`, `seen_count=`,
//! `FitSummary`), never a title or a rating; opened elsewhere it shows
//! that ranking and a way to work out one's own.

use std::collections::HashSet;
use std::sync::Arc;

use cartelera_history::{platform_fit, FitSummary, PlatformScore};
use leptos::prelude::*;

use super::needs_model::NeedsTaste;
use super::state::{stored_picks, AppState, Data};
use super::taste::PageTaste;
use super::widgets::{Link, PlatformBadge, Problem};
use crate::i18n::{self, Msg};
use crate::route::{Route, View};

/// The fit view.
#[component]
pub fn FitView(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let shared = state.route.with_untracked(|r| {
        r.get("fit")
            .is_some()
            .then(|| FitSummary::parse(r.params.iter().map(|(k, v)| (k.as_str(), v.as_str()))))
    });
    let body = match shared {
        Some(Ok(summary)) => view! {
            <section class="fit-shared" aria-labelledby="fit-shared-heading">
                <h2 id="fit-shared-heading">{move || state.t(Msg::FitShared)}</h2>
                <p class="help">{move || state.t(Msg::FitSharedHelp)}</p>
                <Ranking summary=summary/>
                <p><Link route=Route::new(View::Import, Vec::new()) class="button">{move || state.t(Msg::FitYours)}</Link></p>
            </section>
        }
        .into_any(),
        Some(Err(e)) => {
            let detail = i18n::param_error(state.lang.get_untracked(), &e);
            view! { <Problem title=Msg::FitBadLink detail=detail/> }.into_any()
        }
        None => {
            let own = move |taste: Arc<PageTaste>| {
                let picks = stored_picks();
                // Seen titles as works (a work on two platforms counts for both).
                let seen: HashSet<String> = state.lists.with(|l| {
                    l.seen
                        .iter()
                        .filter_map(|id| data.catalog.get(id))
                        .map(|t| t.work_id.clone())
                        .collect()
                });
                let seen: Vec<&str> = seen.iter().map(String::as_str).collect();
                match platform_fit(&taste.recommender, &picks, &seen) {
                    None => view! {
                        <p class="empty">{move || state.t(Msg::FitEmpty)}</p>
                        <p>
                            <Link route=Route::new(View::Rate, Vec::new()) class="button">{move || state.t(Msg::NavRate)}</Link>
                            " "
                            <Link route=Route::new(View::Import, Vec::new()) class="button secondary">{move || state.t(Msg::NavImport)}</Link>
                        </p>
                    }
                    .into_any(),
                    Some(fit) => {
                        let summary = fit.summary();
                        // The link's parameters do not change with the language.
                        let params: Vec<(String, String)> = summary
                            .to_params()
                            .into_iter()
                            .map(|(k, v)| (k.to_string(), v))
                            .collect();
                        let share = move || {
                            state.href(&Route::new(View::Fit, params.clone()))
                        };
                        view! {
                            <Ranking summary=summary/>
                            <p>
                                <a class="share-fit" href=share>{move || state.t(Msg::FitShare)}</a>
                                " "<small class="muted">{move || state.t(Msg::FitShareHelp)}</small>
                            </p>
                        }
                        .into_any()
                    }
                }
            };
            view! { <NeedsTaste ready=own/> }.into_any()
        }
    };
    view! {
        <section class="fit" aria-labelledby="fit-heading">
            <h1 id="fit-heading">{move || state.t(Msg::NavFit)}</h1>
            <p class="help">{move || state.t(Msg::FitHelp)}</p>
            {body}
        </section>
    }
}

/// The platforms, best first, each with how many of the visitor's top 100
/// it carries and the one-line reason.
#[component]
fn Ranking(summary: FitSummary) -> impl IntoView {
    let seen = summary.seen;
    let rows = summary
        .platforms
        .into_iter()
        .map(|p| view! { <PlatformRow score=p seen=seen/> })
        .collect_view();
    view! { <ol class="fit-ranking">{rows}</ol> }
}

#[component]
fn PlatformRow(score: PlatformScore, seen: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let platform = score.platform;
    let top = score.top_carried;
    view! {
        <li class="fit-row" data-platform=platform.as_str() data-top=top>
            <span class="fit-name"><PlatformBadge platform=platform/></span>
            <span class="fit-top"><strong>{top}</strong>" "{move || state.t(Msg::FitOutOf)}</span>
            <span class="fit-reason">{move || score.reason(state.lang.get(), seen)}</span>
        </li>
    }
}
