//! Small pieces every view uses: in-app links, platform badges, panels.

use cartelera_core::{Platform, TitleType};
use leptos::ev::MouseEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::AppState;
use crate::format::display_case;
use crate::i18n::Msg;
use crate::route::Route;

/// A link to another view: a real `href` (open in a new tab, copy the
/// link), and a click that changes the view without reloading.
#[component]
pub fn Link(
    route: Route,
    children: Children,
    #[prop(optional, into)] class: Option<&'static str>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let target = route.clone();
    let href = move || state.href(&route);
    let on_click = move |ev: MouseEvent| {
        let plain = ev.button() == 0
            && !ev.ctrl_key()
            && !ev.meta_key()
            && !ev.shift_key()
            && !ev.alt_key();
        if plain {
            ev.prevent_default();
            state.go(target.clone(), true);
        }
    };
    view! { <a href=href class=class on:click=on_click>{children()}</a> }
}

/// The platform's name in its brand colour.
#[component]
pub fn PlatformBadge(platform: Platform) -> impl IntoView {
    view! { <span class=format!("badge badge-{}", platform.as_str())>{platform.display_name()}</span> }
}

/// A problem the visitor can read: a title and the detail.
#[component]
pub fn Problem(title: Msg, detail: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="problem" role="alert">
            <strong>{move || state.t(title)}": "</strong>
            <span class="problem-detail">{detail}</span>
        </div>
    }
}

/// The `<select>` options for a platform picker, with "any" first when
/// the parameter is optional.
pub fn platform_options(state: AppState, optional: bool) -> impl IntoView {
    let any = optional.then(|| view! { <option value="">{move || state.t(Msg::Any)}</option> });
    let options = Platform::ALL
        .into_iter()
        .map(|p| view! { <option value=p.as_str()>{p.display_name()}</option> })
        .collect_view();
    (any, options)
}

/// The control of a [`FilterField`].
pub enum FieldKind {
    /// A platform picker ("any" first).
    Platform,
    /// Movie / show ("any" first).
    Type,
    /// A release year.
    Year,
    /// One of these genres ("any" first).
    Genre(Vec<String>),
}

/// A labelled filter control showing the address's `name` parameter. When
/// `live`, a change rewrites the address at once (replacing the history
/// entry); otherwise the enclosing form submits it.
#[component]
pub fn FilterField(
    #[prop(into)] id: String,
    name: &'static str,
    label: Msg,
    kind: FieldKind,
    #[prop(optional)] live: bool,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let value = move || state.route.with(|r| r.get(name).unwrap_or("").to_string());
    let on_change = move |ev: leptos::ev::Event| {
        if live {
            let route = state
                .route
                .get_untracked()
                .with_param(name, &event_target_value(&ev));
            state.go(route, false);
        }
    };
    let any = move || view! { <option value="">{move || state.t(Msg::Any)}</option> };
    let label_for = id.clone();
    let control = match kind {
        FieldKind::Year => view! {
            <input id=id name=name type="number" min="1800" max="2100" inputmode="numeric" prop:value=value on:change=on_change/>
        }
        .into_any(),
        FieldKind::Platform => view! {
            <select id=id name=name prop:value=value on:change=on_change>{platform_options(state, true)}</select>
        }
        .into_any(),
        FieldKind::Type => view! {
            <select id=id name=name prop:value=value on:change=on_change>
                {any()}
                <option value=TitleType::Movie.as_str()>{move || state.t(Msg::Movie)}</option>
                <option value=TitleType::TvShow.as_str()>{move || state.t(Msg::Show)}</option>
            </select>
        }
        .into_any(),
        FieldKind::Genre(genres) => view! {
            <select id=id name=name prop:value=value on:change=on_change>
                {any()}
                {genres.into_iter().map(|g| view! { <option value=g.clone()>{display_case(&g)}</option> }).collect_view()}
            </select>
        }
        .into_any(),
    };
    view! {
        <div class="field">
            <label for=label_for>{move || state.t(label)}</label>
            {control}
        </div>
    }
}

/// The title the address's `id` parameter names (reactive), or the
/// problem to show instead: the id is missing, or no title has it.
pub fn title_of_route(
    state: AppState,
    catalog: &cartelera_core::Catalog,
) -> Result<cartelera_core::Title, AnyView> {
    let id = state
        .route
        .with(|r| r.get("id").map(|s| s.trim().to_string()));
    match id {
        None => Err(
            view! { <Problem title=Msg::BadParameter detail=state.t(Msg::MissingId).to_string()/> }
                .into_any(),
        ),
        Some(id) => catalog.get(&id).cloned().ok_or_else(|| {
            view! { <Problem title=Msg::TitleNotFound detail=format!("id = {id:?}")/> }.into_any()
        }),
    }
}

/// Reads the named fields of a submitted form as URL parameters.
pub fn form_pairs(ev: &leptos::ev::SubmitEvent, names: &[&str]) -> Vec<(String, String)> {
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return Vec::new();
    };
    names
        .iter()
        .map(|&name| {
            let value = form
                .elements()
                .named_item(name)
                .and_then(|e| {
                    e.dyn_ref::<web_sys::HtmlInputElement>()
                        .map(|i| i.value())
                        .or_else(|| e.dyn_ref::<web_sys::HtmlSelectElement>().map(|s| s.value()))
                })
                .unwrap_or_default();
            (name.to_string(), value.trim().to_string())
        })
        .collect()
}

/// A title's generated cover (`crate::cover`): decorative, so hidden from
/// assistive technology; the card names the title in text.
#[component]
pub fn Cover(svg: String) -> impl IntoView {
    // The SVG is built by `crate::cover`, which escapes the only text it
    // draws (the initials), tested with markup in names.
    view! { <span class="cover" inner_html=svg></span> }
}

/// The cover of the catalog's title `id` (its name, first genre and
/// platform), or of `name` on `platform` when the catalog lacks it.
pub fn cover_of_id(state: AppState, id: &str, name: &str, platform: Option<Platform>) -> String {
    let from_catalog = state.load.with_untracked(|load| match load {
        super::state::Load::Ready(data) => data.catalog.get(id).map(crate::cover::cover_of),
        _ => None,
    });
    from_catalog.unwrap_or_else(|| {
        crate::cover::cover_svg(name, None, platform.unwrap_or(Platform::Netflix))
    })
}

/// A title as a card in a row to browse: its cover, its name as written,
/// its platform and year.
#[component]
pub fn TitleTile(title: cartelera_core::Title) -> impl IntoView {
    let route = Route::new(
        crate::route::View::Title,
        vec![("id".into(), title.id.clone())],
    );
    let svg = crate::cover::cover_of(&title);
    let name = crate::format::title_text(&title);
    view! {
        <li class="tile">
            <Link route=route class="tile-link">
                <Cover svg=svg/>
                <span class="tile-title">{name}</span>
            </Link>
            <span class="tile-meta"><PlatformBadge platform=title.platform/>" "{title.release_year}</span>
        </li>
    }
}

/// Renders `children` once its place on the page comes within 200 px of
/// the viewport: for parts below the fold whose work (composing the taste
/// model for "more like this", the home's lower rows) must not block the
/// first screen's taps.
#[component]
pub fn WhenNear(children: ChildrenFn) -> impl IntoView {
    let near = RwSignal::new(false);
    let place = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = place.get() {
            leptos::task::spawn_local(async move {
                super::browser::near_viewport(&el).await;
                // Each part drawn in a task of its own: the observer
                // reports every part near at once (the home's first rows
                // together were one task of 0.3–0.5 s on a throttled phone).
                super::browser::yield_task().await;
                near.set(true);
            });
        }
    });
    // `pending` holds the part's place (style.css) so the parts after it
    // are not all "near" at once.
    view! {
        <div class="when-near" class:pending=move || !near.get() node_ref=place>
            {move || near.get().then(|| children())}
        </div>
    }
}
