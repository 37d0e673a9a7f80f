//! The Leptos app (wasm32 only): the shell, the load states, and the
//! switch between views. Views call `cartelera-core` for every answer;
//! nothing here computes a domain result.

mod browser;
mod card;
mod eda;
mod home;
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
mod visitor;
mod widgets;

use cartelera_core::{Lang, QueryKind};
use leptos::prelude::*;

use crate::i18n::{self, Msg};
use crate::route::{Route, View};
use state::{AppState, Load};
use widgets::Link;

/// Mounts the app into `#app` and starts loading the catalog.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal(&info.to_string());
    }));
    let state = AppState::from_location();
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    else {
        show_fatal("the page has no #app element");
        return;
    };
    // Clear the static "loading" fallback of index.html.
    root.set_inner_html("");
    let handle = leptos::mount::mount_to(root, move || {
        provide_context(state);
        view! { <App/> }
    });
    handle.forget();
    leptos::task::spawn_local(async move {
        loader::load_catalog(state).await;
        // The taste model (visitors, "more like this") is part of the
        // first visit too, but after the first answer is painted: composing
        // it must not delay that. The ratings model waits for a user-id
        // view (recommend, predict, the model card).
        browser::after_paint().await;
        if let Load::Ready(data) = state.load.get_untracked() {
            taste::ensure_taste(state.taste, &data.catalog);
        }
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
    view! {
        <a class="skip-link" href="#main">{move || state.t(Msg::SkipToContent)}</a>
        <Header/>
        <main id="main" tabindex="-1">
            {move || state.route.with(|r| r.problem.clone()).map(|p| view! {
                <widgets::Problem title=Msg::LinkProblem detail=p.to_string()/>
            })}
            <Content/>
        </main>
        <footer class="site-footer">
            <p>{move || state.t(Msg::Footer)}</p>
            <p class="offline" hidden=move || !state.offline_ready.get()>"✓ "{move || state.t(Msg::OfflineReady)}</p>
        </footer>
    }
}

#[component]
fn Header() -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = Memo::new(move |_| state.route.with(|r| r.view));
    let nav_link = move |view: View, label: Msg| {
        let route = Route::new(view, Vec::new());
        view! {
            <li aria-current=move || (current.get() == view).then_some("page")>
                <Link route=route>{move || state.t(label)}</Link>
            </li>
        }
    };
    view! {
        <header class="site-header">
            <Link route=Route::new(View::Home, Vec::new()) class="brand">"Cartelera"</Link>
            <nav aria-label=move || state.t(Msg::NavQueries)>
                <ul>
                    {nav_link(View::Home, Msg::NavHome)}
                    {nav_link(View::Search, Msg::NavSearch)}
                    {nav_link(View::Eda, Msg::NavEda)}
                    {nav_link(View::Recommend, Msg::NavRecommend)}
                    {nav_link(View::Predict, Msg::NavPredict)}
                    {nav_link(View::Rate, Msg::NavRate)}
                    {nav_link(View::Model, Msg::NavModel)}
                    {QueryKind::ALL.into_iter().map(|kind| nav_link(View::Query(kind), queries::query_texts(kind).0)).collect_view()}
                </ul>
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
    move || {
        match state.load.get() {
        Load::Downloading(received, total) => view! {
            <div class="loading" role="status" aria-live="polite">
                <p>{move || state.t(Msg::Loading)}</p>
                <progress max=total.map(|t| t as f64) value=received as f64></progress>
                <p class="muted">{move || i18n::progress(state.lang.get(), received, total)}</p>
            </div>
        }
        .into_any(),
        Load::Decoding => view! {
            <div class="loading" role="status" aria-live="polite">
                <p>{move || state.t(Msg::Decoding)}</p>
                <progress></progress>
            </div>
        }
        .into_any(),
        Load::Failed(detail) => view! {
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
        Load::Ready(data) => {
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
                View::Model => view! { <card::ModelView/> }.into_any(),
            })
            .into_any()
        }
    }
    }
}
