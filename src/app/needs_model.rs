//! The one wrapper for views that need the model: it starts the download
//! (and the user's shard), shows the loading status meanwhile and the
//! problem if it fails, and renders the view's answer once the model is in.
//! [`NeedsTaste`] is the same for the taste model (visitors and "more
//! like this").
//! Shaped like Leptos' `<Transition fallback=…>` over a resource: the view
//! says what to show when ready, never how loading looks. The model itself
//! stays one signal rather than a `LocalResource`: it must start only after
//! the first answer is painted (a resource starts when created) and each
//! user shard is added to it in place as it arrives.

use std::sync::Arc;

use leptos::prelude::*;

use super::model::{ensure_model, ensure_user, model_ready, ModelStatus, PageModel};
use super::state::{AppState, Load};
use super::taste::{ensure_taste, PageTaste, TasteLoad};
use super::widgets::Problem;
use crate::i18n::Msg;

/// Renders `ready` with the loaded model once the item side is in (and,
/// when `user` holds an id, that user's shard); until then the "loading
/// the model" status; on failure `failed`'s view for the reason, or by
/// default the problem panel.
#[component]
pub fn NeedsModel<R, V>(
    /// Whose shard the answer also needs (none: the item side is enough).
    #[prop(optional, into)]
    user: Option<Signal<Option<String>>>,
    /// What to show instead of the bare problem when the model fails.
    #[prop(optional, into)]
    failed: Option<Callback<String, AnyView>>,
    /// The view's answer from the loaded model (reactive: it re-runs when
    /// the model or anything it reads changes).
    ready: R,
) -> impl IntoView
where
    R: Fn(&PageModel) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let state = expect_context::<AppState>();
    ensure_model(state.model);
    if let Some(user) = user {
        // Runs again once the model is in, to fetch the user's shard.
        Effect::new(move |_| {
            if let (true, Some(u)) = (model_ready(state.model), user.get()) {
                ensure_user(state.model, &u);
            }
        });
    }
    move || {
        let who = user.and_then(|u| u.get());
        match state.model.with(|m| m.status(who.as_deref())) {
            ModelStatus::Loading => {
                view! { <p class="muted" role="status">{move || state.t(Msg::ModelLoading)}</p> }
                    .into_any()
            }
            ModelStatus::Failed(e) => match failed {
                Some(failed) => failed.run(e),
                None => view! { <Problem title=Msg::ModelFailed detail=e/> }.into_any(),
            },
            ModelStatus::Ready => state.model.with(|m| match m {
                super::model::ModelLoad::Ready(model) => ready(model).into_any(),
                // `status` said Ready, so the model is loaded.
                _ => ().into_any(),
            }),
        }
    }
}

/// Renders `ready` with the loaded taste model; until then the "loading
/// the model" status; on failure `failed`'s view for the reason, or by
/// default the problem panel.
#[component]
pub fn NeedsTaste<R, V>(
    /// What to show instead of the bare problem when the model fails.
    #[prop(optional, into)]
    failed: Option<Callback<String, AnyView>>,
    /// The view's answer from the loaded model (reactive).
    ready: R,
) -> impl IntoView
where
    R: Fn(Arc<PageTaste>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let state = expect_context::<AppState>();
    if let Load::Ready(data) = state.load.get_untracked() {
        ensure_taste(state.taste, data);
    }
    move || match state.taste.get() {
        TasteLoad::Idle | TasteLoad::Loading => {
            view! { <p class="muted" role="status">{move || state.t(Msg::ModelLoading)}</p> }
                .into_any()
        }
        TasteLoad::Failed(e) => match failed {
            Some(failed) => failed.run(e),
            None => view! { <Problem title=Msg::ModelFailed detail=e/> }.into_any(),
        },
        TasteLoad::Ready(taste) => ready(taste).into_any(),
    }
}
