//! The app's state: the address (the source of truth for what is shown),
//! the language, and the data as it loads. Shared through Leptos context.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use cartelera_core::eda::etl_report::EtlReport;
use cartelera_core::eda::model_card::ModelCard;
use cartelera_core::{Catalog, Lang, SearchIndex, SearchSteps};
use cartelera_recommender::ViewerScores;
use leptos::prelude::*;

use super::browser;
use super::model::ModelLoad;
use super::taste::TasteLoad;
use super::trained::TrainSignals;
use crate::i18n::Msg;
use crate::route::Route;
use crate::watchlist::Lists;

/// The loaded catalog and what is derived from it once.
pub struct Data {
    /// All titles.
    pub catalog: Catalog,
    /// The search index over them, built on first use: most views never
    /// search, and building it is the longest step after decoding
    /// (≈ 0.5 s on a phone), which the first answer must not wait for.
    search: OnceLock<SearchIndex>,
}

impl AsRef<Catalog> for Data {
    fn as_ref(&self) -> &Catalog {
        &self.catalog
    }
}

impl Data {
    /// The loaded catalog (its search index not built yet).
    pub fn new(catalog: Catalog) -> Data {
        Data {
            catalog,
            search: OnceLock::new(),
        }
    }

    /// The search index, built now if this is its first use (the loader
    /// builds it in short tasks beforehand: [`Data::build_indexes`]).
    pub fn search(&self) -> &SearchIndex {
        self.search.get_or_init(|| {
            let index = SearchIndex::new(&self.catalog);
            browser::mark("cartelera:search-indexed");
            index
        })
    }

    /// Builds the indexes not built yet, the search index when `search`
    /// and the cast index when `cast`, a few rows per step in tasks of
    /// [`browser::TASK_MS`]: each was one long task when built on first
    /// use (≈ 0.5 s and 0.2 s on a throttled phone).
    pub async fn build_indexes(&self, search: bool, cast: bool) {
        let mut budget = browser::TaskBudget::start();
        if cast && !self.catalog.cast_is_built() {
            let mut steps = self.catalog.cast_steps();
            while steps.step(INDEX_STEP_ROWS) {
                budget.pause_if_due().await;
            }
            steps.finish();
            browser::mark("cartelera:cast-indexed");
        }
        if search && self.search.get().is_none() {
            let mut steps = SearchSteps::new(&self.catalog);
            while steps.step(INDEX_STEP_ROWS) {
                budget.pause_if_due().await;
            }
            let index = steps.finish();
            if self.search.set(index).is_ok() {
                browser::mark("cartelera:search-indexed");
            }
        }
    }
}

/// Catalog rows indexed per step: few (a row takes microseconds), so
/// that [`browser::TASK_MS`], not a step's size, decides where a task ends.
const INDEX_STEP_ROWS: usize = 64;

/// Where loading the catalog stands.
#[derive(Clone)]
pub enum Load {
    /// Downloading: bytes so far, and the total when the server says it.
    Downloading(u64, Option<u64>),
    /// Decoding the Parquet file.
    Decoding,
    /// Ready.
    Ready(Arc<Data>),
    /// Failed, with a readable reason naming the file.
    Failed(String),
}

/// A data file fetched when a view first needs it.
pub enum Remote<T> {
    /// Not asked for yet.
    Idle,
    /// On the way.
    Loading,
    /// Loaded and decoded.
    Ready(Arc<T>),
    /// Could not be loaded: a readable reason naming the file (the view
    /// shows it and goes on without this part).
    Failed(String),
}

// Derived Clone would demand `T: Clone`; only the Arc is cloned.
impl<T> Clone for Remote<T> {
    fn clone(&self) -> Self {
        match self {
            Remote::Idle => Remote::Idle,
            Remote::Loading => Remote::Loading,
            Remote::Ready(v) => Remote::Ready(v.clone()),
            Remote::Failed(e) => Remote::Failed(e.clone()),
        }
    }
}

/// One file of synopses: title id → text.
pub type Descriptions = HashMap<String, String>;

/// Everything components share; cheap to copy (signals are handles).
#[derive(Clone, Copy)]
pub struct AppState {
    /// The current address.
    pub route: RwSignal<Route>,
    /// The interface language.
    pub lang: RwSignal<Lang>,
    /// The catalog.
    pub load: RwSignal<Load>,
    /// The synopses files, one slot per file
    /// (`cartelera_store::descriptions::shard_of` gives a title's); made
    /// with the state, so they outlive the views that fill them.
    pub descriptions: StoredValue<Vec<RwSignal<Remote<Descriptions>>>>,
    /// The pipeline's report (data-quality charts).
    pub report: RwSignal<Remote<EtlReport>>,
    /// The model card from the factor file's `model.json` (model charts).
    pub card: RwSignal<Remote<ModelCard>>,
    /// The ratings model's factor file (the user-id views).
    pub model: RwSignal<ModelLoad>,
    /// Real viewers' ratings (the taste model's manifest alone): the
    /// home's rows and a title's page rank and show them without waiting
    /// for the model to be composed.
    pub viewers: RwSignal<Remote<ViewerScores>>,
    /// The taste model (visitors, "more like this"), composed when a view
    /// that answers with it opens.
    pub taste: RwSignal<TasteLoad>,
    /// Training on the visitor's own ratings (`?view=train`): the run,
    /// the model its worker holds, its last answer.
    pub train: TrainSignals,
    /// The service worker controls the page: it works offline.
    pub offline_ready: RwSignal<bool>,
    /// The visitor's watchlist and seen titles (kept in localStorage).
    pub lists: RwSignal<Lists>,
}

const LANG_KEY: &str = "cartelera.lang";

/// localStorage's key for the visitor's watchlist and seen titles.
const LISTS_KEY: &str = "cartelera.lists";

/// localStorage's key for the visitor's own ratings (`crate::picks`' text):
/// rated on the rate view or confirmed from an imported history.
const PICKS_KEY: &str = "cartelera.picks";

/// The visitor's ratings as stored (an unreadable value starts afresh).
pub fn stored_picks() -> Vec<(String, f32)> {
    crate::picks::stored_picks(&browser::stored(PICKS_KEY).unwrap_or_default())
}

/// Keeps the visitor's ratings.
pub fn store_picks(picks: &[(String, f32)]) {
    browser::store(PICKS_KEY, &crate::picks::format_picks(picks));
}

/// The visitor's lists as stored (an unreadable value starts afresh).
fn stored_lists() -> Lists {
    Lists::stored(browser::stored(LISTS_KEY).as_deref())
}

impl AppState {
    /// State for the page's current address: the language comes from the
    /// URL, else the last choice, else the browser's preferences.
    pub fn from_location() -> AppState {
        let route = Route::parse(&browser::location_search());
        let lang = route
            .lang
            .or_else(|| {
                browser::stored(LANG_KEY)
                    .as_deref()
                    .and_then(Lang::from_code)
            })
            .unwrap_or_else(|| {
                let langs = browser::browser_languages();
                Lang::from_browser(langs.iter().map(String::as_str))
            });
        if route.lang.is_some() {
            browser::store(LANG_KEY, lang.code());
        }
        browser::set_document_lang(lang.code());
        AppState {
            route: RwSignal::new(route),
            lang: RwSignal::new(lang),
            load: RwSignal::new(Load::Downloading(0, None)),
            descriptions: StoredValue::new(
                (0..cartelera_store::descriptions::SHARDS)
                    .map(|_| RwSignal::new(Remote::Idle))
                    .collect(),
            ),
            report: RwSignal::new(Remote::Idle),
            card: RwSignal::new(Remote::Idle),
            model: RwSignal::new(ModelLoad::Idle),
            viewers: RwSignal::new(Remote::Idle),
            taste: RwSignal::new(TasteLoad::Idle),
            train: TrainSignals::new(),
            offline_ready: RwSignal::new(false),
            lists: RwSignal::new(stored_lists()),
        }
    }

    /// Changes the visitor's lists by `change`, starting from what is
    /// stored (another tab may have changed them), and keeps the result.
    pub fn change_lists(&self, change: impl FnOnce(&Lists) -> Lists) {
        let next = change(&stored_lists());
        browser::store(LISTS_KEY, &next.to_json());
        self.lists.set(next);
    }

    /// The address of `route` in the current language (for links).
    pub fn href(&self, route: &Route) -> String {
        route.with_lang(self.lang.get()).to_search()
    }

    /// Shows `route`: a new history entry when `push`, else replacing the
    /// current one.
    pub fn go(&self, route: Route, push: bool) {
        let route = route.with_lang(self.lang.get_untracked());
        browser::set_address(&route.to_search(), push);
        self.route.set(route);
        if push {
            // A new view starts at its top, as a page load would.
            if let Some(w) = web_sys::window() {
                w.scroll_to_with_x_and_y(0.0, 0.0);
            }
        }
    }

    /// Back/forward: re-read the address.
    pub fn sync_from_location(&self) {
        let route = Route::parse(&browser::location_search());
        if let Some(lang) = route.lang {
            self.set_lang_only(lang);
        }
        self.route.set(route);
    }

    /// Switches the language, remembers it, and writes it in the address.
    pub fn set_lang(&self, lang: Lang) {
        self.set_lang_only(lang);
        let route = self.route.get_untracked().with_lang(lang);
        browser::set_address(&route.to_search(), false);
        self.route.set(route);
    }

    fn set_lang_only(&self, lang: Lang) {
        browser::store(LANG_KEY, lang.code());
        browser::set_document_lang(lang.code());
        self.lang.set(lang);
    }

    /// The text of `msg` in the current language (reactive).
    pub fn t(&self, msg: Msg) -> &'static str {
        msg.text(self.lang.get())
    }
}
