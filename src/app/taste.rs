//! The taste model in the page (`data/taste/`, written by `cartelera
//! taste` and shipped by `cartelera export-web`): the model for visitors
//! (`?view=rate`) and "more like this". It is composed only when a view
//! answering with it opens (`NeedsTaste`; "more like this" once scrolled
//! near): on a phone, composing it was most of every page's blocked main
//! thread. Real viewers' ratings, which the home and title pages show,
//! come from its manifest alone (`loader::ensure_viewers`). The ratings
//! model (`data/model/`) loads only when a user-id view opens.
//!
//! The page's catalog has no synopses (its first download), so
//! `taste/titles.parquet` brings the synopses' words the vocabulary holds:
//! composed over that, every title's vector is the one the CLI and the
//! API compose (`cartelera_store::taste_titles`).

use std::sync::Arc;

use bytes::Bytes;
use cartelera_core::{Catalog, Title};
use cartelera_recommender::{TasteRecommender, TasteSteps};
use cartelera_store::factors::{decode_items, decode_manifest};
use leptos::prelude::*;

use super::browser;

/// The taste model's folder, relative to the page.
pub const TASTE_DIR: &str = "data/taste";

/// Catalog titles composed per step: few, so that [`browser::TASK_MS`],
/// not a step's size, decides where a task ends.
const COMPOSE_STEP_ROWS: usize = 64;

/// The loaded taste model.
pub struct PageTaste {
    /// Composed over the page's catalog.
    pub recommender: TasteRecommender,
    /// How long composing took in the page (ms): read by the benchmark.
    pub compose_ms: f64,
}

/// Where loading the taste model stands.
#[derive(Clone)]
pub enum TasteLoad {
    /// Not started.
    Idle,
    /// Downloading and composing.
    Loading,
    /// Ready to answer.
    Ready(Arc<PageTaste>),
    /// Could not be loaded: why, naming the file.
    Failed(String),
}

/// Starts loading the taste model over `data`'s catalog (once; a failed
/// load is retried). Generic over what holds the catalog, so this module
/// need not import the app's state (which imports it).
pub fn ensure_taste<D: AsRef<Catalog> + 'static>(taste: RwSignal<TasteLoad>, data: Arc<D>) {
    if taste.with_untracked(|t| matches!(t, TasteLoad::Loading | TasteLoad::Ready(_))) {
        return;
    }
    taste.set(TasteLoad::Loading);
    leptos::task::spawn_local(async move {
        let loaded = load(data).await;
        taste.set(match loaded {
            Ok(loaded) => {
                browser::mark("cartelera:taste-ready");
                TasteLoad::Ready(Arc::new(loaded))
            }
            Err(e) => TasteLoad::Failed(e),
        });
    });
}

/// Rows of the catalog copied per step (the taste model composes over its
/// own copy, with the synopses' words in): copied in one go, 23,000 titles
/// were a third of a 0.3 s task on a throttled phone.
const COPY_STEP_ROWS: usize = 512;

async fn load<D: AsRef<Catalog>>(data: Arc<D>) -> Result<PageTaste, String> {
    let url = format!("{TASTE_DIR}/model.json");
    let bytes = browser::fetch_bytes(&url, |_, _| {}).await?;
    let manifest = decode_manifest(&bytes).map_err(|e| format!("{url}: {e}"))?;
    let url = format!("{TASTE_DIR}/items.parquet");
    let bytes = browser::fetch_bytes(&url, |_, _| {}).await?;
    let items = decode_items(&manifest, Bytes::from(bytes)).map_err(|e| format!("{url}: {e}"))?;
    // Each step below in a task of its own, and the copying and composing
    // in many short ones, so the page answers input between them (each
    // task's time over 50 ms is what Total Blocking Time counts; composed
    // in one go, this was a task of 3.6 s on Lighthouse's phone).
    browser::next_frame().await;
    let url = format!("{TASTE_DIR}/titles.parquet");
    let bytes = browser::fetch_bytes(&url, |_, _| {}).await?;
    let texts = cartelera_store::taste_titles::read(Bytes::from(bytes))
        .map_err(|e| format!("{url}: {e}"))?;
    browser::next_frame().await;
    // The words put into each chunk as it is copied: applied to the whole
    // copy at once, with `Catalog::new` after it, it was one task (14 ms
    // natively, several times that on a throttled phone).
    let mut budget = browser::TaskBudget::start();
    let catalog: &Catalog = (*data).as_ref();
    let mut titles: Vec<Title> = Vec::with_capacity(catalog.len());
    for chunk in catalog.titles().chunks(COPY_STEP_ROWS) {
        let start = titles.len();
        titles.extend_from_slice(chunk);
        cartelera_store::taste_titles::apply(&mut titles[start..], &texts);
        budget.pause_if_due().await;
    }
    drop(data);
    drop(texts);
    budget.pause().await;
    let catalog = Catalog::new(titles).map_err(|e| format!("{url}: {e}"))?;
    budget.pause_if_due().await;
    let invalid = |e: cartelera_recommender::TasteError| format!("{TASTE_DIR}: {e}");
    let mut steps = TasteSteps::new(&manifest, items, catalog).map_err(invalid)?;
    while steps.step(COMPOSE_STEP_ROWS).map_err(invalid)? {
        budget.pause_if_due().await;
    }
    let recommender = steps.finish().map_err(invalid)?;
    // The composing itself, without the waits between its tasks.
    let compose_ms = budget.busy_ms();
    Ok(PageTaste {
        recommender,
        compose_ms,
    })
}

/// `t`'s title as a person reads it: the catalog's display text, which
/// the page's catalog now carries itself (the taste model is no longer
/// needed for it; the parameter stays so callers need not change).
pub fn shown_title(_taste: RwSignal<TasteLoad>, t: &Title) -> String {
    t.display_title().to_string()
}
