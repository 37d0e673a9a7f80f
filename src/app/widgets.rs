//! Small pieces every view uses: in-app links, platform badges, panels.

use cartelera_core::Platform;
use leptos::ev::MouseEvent;
use leptos::prelude::*;

use super::state::AppState;
use crate::format::platform_name;
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
    view! { <span class=format!("badge badge-{}", platform.as_str())>{platform_name(platform)}</span> }
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
        .map(|p| view! { <option value=p.as_str()>{platform_name(p)}</option> })
        .collect_view();
    (any, options)
}
