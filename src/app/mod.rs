//! The Leptos app (wasm32 only): the shell, the load states, and the
//! switch between views. Views call `cartelera-core` for every answer;
//! nothing here computes a domain result.

mod browser;
mod card;
mod eda;
mod fit;
mod home;
mod import;
mod loader;
mod model;
mod needs_model;
mod predict;
mod queries;
mod ranked;
mod reco;
mod search;
mod similar;
mod state;
mod taste;
mod title;
mod train;
mod trained;
mod visitor;
mod watchlist;
mod widgets;

use std::sync::Arc;

use cartelera_core::{Lang, QueryKind};
use leptos::prelude::*;

use crate::i18n::{self, Msg};
use crate::route::{Route, View};
use state::{AppState, Data, Load};
use widgets::Link;

/// Mounts the app into `#app` and starts loading the catalog.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal(&info.to_string());
    }));
    // Tasks are spawned before the mount (below), which would otherwise be
    // what starts Leptos' executor; a second start is a no-op.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let state = AppState::from_location();
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    else {
        show_fatal("the page has no #app element");
        return;
    };
    // The prerendered shell is replaced only once the browser has painted
    // it. Replaced at once, it was sometimes gone before Chromium had
    // recorded its paint (in some loads even after the first paint): the
    // largest paint (LCP) was then whatever the view drew once the catalog
    // was in (a query's help text at 14.3 s in a mobile Lighthouse run).
    // Measured on the query view (headless Chromium, 412 px, unthrottled
    // as Lighthouse's trace):
    // the shell's tagline was missing from the LCP entries in 3 of 30
    // loads before, in none of 21 after. The catalog's download does not
    // wait for the mount (below).
    leptos::task::spawn_local(async move {
        browser::after_paint().await;
        root.set_inner_html("");
        let handle = leptos::mount::mount_to(root, move || {
            provide_context(state);
            view! { <App/> }
        });
        handle.forget();
    });
    // Real viewers' ratings are small and the home ranks by them: asked
    // for with the catalog. The taste model itself is composed only when a
    // view answering with it opens (`NeedsTaste`), the ratings model when
    // a user-id view does (`NeedsModel`): composing either on every page
    // was most of a phone's blocked main thread.
    loader::ensure_viewers(state);
    leptos::task::spawn_local(async move {
        loader::load_catalog(state).await;
        browser::after_paint().await;
        // Only now: the worker's precache download must not compete with
        // the catalog's on the first visit.
        if browser::register_service_worker().await.is_ok() {
            state.offline_ready.set(true);
        }
    });
}

/// Shows a last-resort message when the app itself fails (a panic): the
/// visitor sees text, not a blank page.
fn show_fatal(detail: &str) {
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("fatal"))
    else {
        return;
    };
    el.set_text_content(Some(&format!(
        "Cartelera stopped because of an internal error / Cartelera se detuvo por un error interno: {detail}"
    )));
    let _ = el.remove_attribute("hidden");
}

#[component]
fn App() -> impl IntoView {
    let state = expect_context::<AppState>();
    let _popstate =
        window_event_listener(leptos::ev::popstate, move |_| state.sync_from_location());
    // The tab says where the visitor is; a title's page names the title.
    Effect::new(move |_| {
        let view = state.route.with(|r| r.view);
        let subject = match (view, state.load.get()) {
            (View::Title | View::Similar, Load::Ready(data)) => state.route.with(|r| {
                r.get("id")
                    .and_then(|id| data.catalog.get(id.trim()))
                    .map(crate::format::title_text)
            }),
            _ => None,
        };
        let text = i18n::document_title(state.lang.get(), view, subject.as_deref());
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(&text);
        }
    });
    view! {
        <a class="skip-link" href="#main">{move || state.t(Msg::SkipToContent)}</a>
        <Header/>
        <main id="main" tabindex="-1">
            {move || state.route.with(|r| r.problem.clone()).map(|p| view! {
                <widgets::Problem title=Msg::LinkProblem detail=i18n::route_problem(state.lang.get_untracked(), &p)/>
            })}
            <Content/>
        </main>
        <footer class="site-footer">
            <p>{move || state.t(Msg::Footer)}</p>
            <p class="offline" hidden=move || !state.offline_ready.get()>"✓ "{move || state.t(Msg::OfflineReady)}</p>
        </footer>
    }
}

/// The navigation's groups: a heading and its views.
fn nav_groups() -> [(Msg, Vec<(View, Msg)>); 4] {
    [
        (
            Msg::NavExplore,
            vec![(View::Home, Msg::NavHome), (View::Search, Msg::NavSearch)],
        ),
        (
            Msg::NavQueries,
            QueryKind::ALL
                .into_iter()
                .map(|kind| (View::Query(kind), queries::query_texts(kind).0))
                .collect(),
        ),
        (
            Msg::ForYou,
            vec![
                (View::Rate, Msg::NavRate),
                (View::Import, Msg::NavImport),
                (View::Fit, Msg::NavFit),
                (View::Watchlist, Msg::NavWatchlist),
                (View::Recommend, Msg::NavRecommend),
                (View::Predict, Msg::NavPredict),
            ],
        ),
        (
            Msg::NavAnalysis,
            vec![
                (View::Eda, Msg::NavEda),
                (View::Model, Msg::NavModel),
                (View::Train, Msg::NavTrain),
            ],
        ),
    ]
}

/// The header: the brand, the grouped navigation (each group a disclosure
/// on desktop; on phones the whole of it behind one menu button), and the
/// language switch. Any navigation closes what was open.
#[component]
fn Header() -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = Memo::new(move |_| state.route.with(|r| r.view));
    let menu_open = RwSignal::new(false);
    let open_group = RwSignal::new(None::<usize>);
    Effect::new(move |_| {
        current.track();
        menu_open.set(false);
        open_group.set(None);
    });
    // A click anywhere outside the navigation closes an open group.
    let _outside = window_event_listener(leptos::ev::click, move |ev| {
        let inside = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|el| el.closest(".site-nav").ok().flatten())
            .is_some();
        if !inside && open_group.get_untracked().is_some() {
            open_group.set(None);
        }
    });
    let _escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            open_group.set(None);
            menu_open.set(false);
        }
    });
    let groups = nav_groups()
        .into_iter()
        .enumerate()
        .map(|(i, (group, links))| {
            let views: Vec<View> = links.iter().map(|(v, _)| *v).collect();
            let here = move || views.contains(&current.get());
            let list_id = format!("nav-group-{i}");
            let items = links
                .into_iter()
                .map(|(view, label)| {
                    let route = Route::new(view, Vec::new());
                    view! {
                        <li aria-current=move || (current.get() == view).then_some("page")>
                            <Link route=route>{move || state.t(label)}</Link>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <li class="nav-group" class:here=here>
                    <button type="button" class="nav-group-button" aria-controls=list_id.clone()
                        aria-expanded=move || (open_group.get() == Some(i)).to_string()
                        on:click=move |_| open_group.update(|g| *g = if *g == Some(i) { None } else { Some(i) })>
                        {move || state.t(group)}
                    </button>
                    <span class="nav-group-label" aria-hidden="true">{move || state.t(group)}</span>
                    <ul id=list_id aria-label=move || state.t(group) class:open=move || open_group.get() == Some(i)>{items}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <header class="site-header">
            <Link route=Route::new(View::Home, Vec::new()) class="brand">"Cartelera"</Link>
            <button type="button" class="menu-button secondary" aria-controls="site-nav"
                aria-expanded=move || menu_open.get().to_string()
                on:click=move |_| menu_open.update(|o| *o = !*o)>
                <span aria-hidden="true">"☰ "</span>{move || state.t(Msg::Menu)}
            </button>
            <nav id="site-nav" class="site-nav" class:open=move || menu_open.get()
                aria-label=move || state.t(Msg::MainNav)>
                <ul class="nav-groups">{groups}</ul>
            </nav>
            <div class="lang-switch" role="group" aria-label=move || state.t(Msg::LanguageLabel)>
                {Lang::ALL.into_iter().map(|lang| view! {
                    <button type="button" lang=lang.code()
                        aria-pressed=move || (state.lang.get() == lang).to_string()
                        on:click=move |_| state.set_lang(lang)>
                        {lang.own_name()}
                    </button>
                }).collect_view()}
            </div>
        </header>
    }
}

/// The loading indicator, the error panel, or the current view.
#[component]
fn Content() -> impl IntoView {
    let state = expect_context::<AppState>();
    let view_kind = Memo::new(move |_| state.route.with(|r| r.view));
    // Rebuilt when loading starts, fails or ends, not on every progress
    // tick: the home's search box keeps what is being typed meanwhile.
    let stage = Memo::new(move |_| Stage::of(&state.load.read()));
    move || {
        match stage.get() {
        // The home's first block needs no data: it stays on screen (where
        // the prerendered shell put the same texts) while the catalog loads.
        Stage::Loading => (move || {
            if view_kind.get() == View::Home {
                view! {
                    <section class="home" aria-labelledby="home-heading">
                        <home::HomeTop/>
                        <LoadStatus/>
                    </section>
                }
                .into_any()
            } else {
                view! { <LoadStatus/> }.into_any()
            }
        })
        .into_any(),
        Stage::Failed(detail) => view! {
            <section class="error-panel" role="alert" aria-labelledby="error-heading">
                <h1 id="error-heading">{move || state.t(Msg::LoadFailed)}</h1>
                <p class="error-detail">{detail}</p>
                <p>{move || state.t(Msg::LoadFailedHint)}</p>
                <button type="button" on:click=move |_| leptos::task::spawn_local(loader::load_catalog(state))>
                    {move || state.t(Msg::Retry)}
                </button>
            </section>
        }
        .into_any(),
        Stage::Ready(data) => {
            // Re-rendered when the view changes, not on every parameter, so
            // typing in the search box keeps its focus.
            (move || match view_kind.get() {
                View::Home => view! { <home::HomeView data=data.clone()/> }.into_any(),
                View::Query(kind) => view! { <queries::QueryView kind=kind data=data.clone()/> }.into_any(),
                View::Search => view! { <search::SearchView data=data.clone()/> }.into_any(),
                View::Title => view! { <title::TitleView data=data.clone()/> }.into_any(),
                View::Eda => view! { <eda::EdaView data=data.clone()/> }.into_any(),
                View::Recommend => view! { <reco::RecommendView data=data.clone()/> }.into_any(),
                View::Predict => view! { <predict::PredictView data=data.clone()/> }.into_any(),
                View::Similar => view! { <similar::SimilarView data=data.clone()/> }.into_any(),
                View::Rate => view! { <visitor::RateView data=data.clone()/> }.into_any(),
                View::Watchlist => view! { <watchlist::WatchlistView data=data.clone()/> }.into_any(),
                View::Import => view! { <import::ImportView data=data.clone()/> }.into_any(),
                View::Fit => view! { <fit::FitView data=data.clone()/> }.into_any(),
                View::Train => view! { <train::TrainView data=data.clone()/> }.into_any(),
                View::Model => view! { <card::ModelView/> }.into_any(),
            })
            .into_any()
        }
    }
    }
}

/// What [`Content`] shows, by the catalog's [`Load`] without its progress.
#[derive(Clone)]
enum Stage {
    Loading,
    Failed(String),
    Ready(Arc<Data>),
}

impl Stage {
    fn of(load: &Load) -> Stage {
        match load {
            Load::Downloading(..) | Load::Decoding => Stage::Loading,
            Load::Failed(detail) => Stage::Failed(detail.clone()),
            Load::Ready(data) => Stage::Ready(data.clone()),
        }
    }
}

impl PartialEq for Stage {
    fn eq(&self, other: &Stage) -> bool {
        match (self, other) {
            (Stage::Loading, Stage::Loading) => true,
            (Stage::Failed(a), Stage::Failed(b)) => a == b,
            (Stage::Ready(a), Stage::Ready(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// The catalog's download progress, then "preparing".
#[component]
fn LoadStatus() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || match state.load.get() {
        Load::Downloading(received, total) => view! {
            <div class="loading" role="status" aria-live="polite">
                <p>{move || state.t(Msg::Loading)}</p>
                <progress max=total.map(|t| t as f64) value=received as f64></progress>
                <p class="muted">{move || i18n::progress(state.lang.get(), received, total)}</p>
            </div>
        }
        .into_any(),
        _ => view! {
            <div class="loading" role="status" aria-live="polite">
                <p>{move || state.t(Msg::Decoding)}</p>
                <progress></progress>
            </div>
        }
        .into_any(),
    }
}
