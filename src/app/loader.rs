//! Downloads and decodes the page's data files with the same store code
//! the CLI uses; every failure becomes a readable message naming the file.

use std::sync::Arc;

use bytes::Bytes;
use cartelera_core::{Catalog, QueryKind};
use cartelera_recommender::ViewerScores;
use leptos::prelude::*;

use super::browser;
use super::state::{AppState, Data, Descriptions, Load, Remote};
use crate::route::View;

/// The catalog, relative to the page (so any sub-path works).
pub const TITLES_URL: &str = "data/titles.parquet";
/// The folder the synopses files are in (`descriptions::shard_file`
/// names each).
pub const DESCRIPTIONS_DIR: &str = "data/";
/// The pipeline's report.
pub const REPORT_URL: &str = "data/etl_report.json";
/// The taste model's manifest: real viewers' ratings (and its card).
pub const VIEWERS_URL: &str = "data/taste/model.json";
/// The factor file's manifest (and model card).
pub const MODEL_URL: &str = "data/model/model.json";

/// Loads the catalog into `state.load`, reporting progress.
pub async fn load_catalog(state: AppState) {
    state.load.set(Load::Downloading(0, None));
    let bytes = browser::fetch_bytes(TITLES_URL, |received, total| {
        state.load.set(Load::Downloading(received, total));
    })
    .await;
    let result = match bytes {
        Ok(bytes) => {
            state.load.set(Load::Decoding);
            decode_catalog(bytes).await
        }
        Err(e) => Err(e),
    };
    let data = match result {
        Ok(data) => Arc::new(data),
        Err(e) => {
            state.load.set(Load::Failed(e));
            return;
        }
    };
    // The index the first view answers with, before it is drawn, in short
    // tasks; then the other, after that view's paint, so that a later
    // search or actor query does not build it in one long task either.
    let (search, cast) = reads_index(state.route.get_untracked().view);
    data.build_indexes(search, cast).await;
    browser::mark("cartelera:catalog-ready");
    state.load.set(Load::Ready(data.clone()));
    leptos::task::spawn_local(async move {
        browser::after_paint().await;
        data.build_indexes(true, true).await;
    });
}

/// Which of the catalog's lazily built indexes `view`'s first answer
/// reads: (search, cast). A view left out still answers, building the
/// index in one task on first use.
fn reads_index(view: View) -> (bool, bool) {
    match view {
        View::Search | View::Recommend | View::Watchlist => (true, false),
        View::Query(QueryKind::Actor) | View::Eda => (false, true),
        _ => (false, false),
    }
}

/// Rows of the catalog decoded per step: few, so that
/// [`browser::TASK_MS`], not a step's size, decides where a task ends.
const DECODE_STEP_ROWS: usize = 256;

/// Decodes the catalog with `page_titles`' step reader, a few batches per task,
/// then indexes it (the search index waits for its first use: `Data`),
/// marking each phase on the performance timeline.
async fn decode_catalog(bytes: Vec<u8>) -> Result<Data, String> {
    if bytes.is_empty() {
        return Err(format!("{TITLES_URL} is empty"));
    }
    let invalid =
        |e: cartelera_store::StoreError| format!("{TITLES_URL} is not a valid titles table: {e}");
    // Lets the "preparing" state paint before decoding starts.
    browser::next_frame().await;
    let mut steps =
        cartelera_store::page_titles::StepReader::new(Bytes::from(bytes), DECODE_STEP_ROWS)
            .map_err(invalid)?;
    let mut budget = browser::TaskBudget::start();
    while steps.step().map_err(invalid)? {
        budget.pause_if_due().await;
    }
    let titles = steps.finish();
    if titles.is_empty() {
        return Err(format!("{TITLES_URL} holds no titles"));
    }
    browser::mark("cartelera:titles-decoded");
    // Indexing, then the first view drawn over it, each in a task of its
    // own (together with the last step they were one task of 0.2 s on a
    // throttled phone).
    browser::yield_task().await;
    let catalog =
        Catalog::new(titles).map_err(|e| format!("{TITLES_URL} is not a valid catalog: {e}"))?;
    browser::mark("cartelera:catalog-indexed");
    browser::yield_task().await;
    Ok(Data::new(catalog))
}

/// Starts fetching `url` into `slot` unless it is loaded or on the way
/// (a failed fetch is retried), decoding it with `decode`.
fn ensure<T: Send + Sync + 'static>(
    slot: RwSignal<Remote<T>>,
    url: String,
    decode: impl FnOnce(Vec<u8>) -> Result<T, String> + 'static,
) {
    if matches!(slot.get_untracked(), Remote::Loading | Remote::Ready(_)) {
        return;
    }
    slot.set(Remote::Loading);
    leptos::task::spawn_local(async move {
        let result = browser::fetch_bytes(&url, |_, _| {}).await.and_then(decode);
        slot.set(match result {
            Ok(value) => Remote::Ready(Arc::new(value)),
            Err(e) => Remote::Failed(e),
        });
    });
}

fn utf8(url: &str, bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|_| format!("{url} is not UTF-8 text"))
}

/// The synopses file holding title `id`'s synopsis as a person reads it
/// (one of `descriptions::SHARDS`), for the title view: fetched unless
/// loaded or on the way (a failed fetch is retried); its slot is returned.
pub fn ensure_description(state: AppState, id: &str) -> RwSignal<Remote<Descriptions>> {
    let shard = cartelera_store::descriptions::shard_of(id);
    let slot = state.descriptions.with_value(|files| files[shard as usize]);
    let url = format!(
        "{DESCRIPTIONS_DIR}{}",
        cartelera_store::descriptions::shard_file(shard)
    );
    let named = url.clone();
    ensure(slot, url, move |bytes| {
        cartelera_store::descriptions::read_display(Bytes::from(bytes))
            .map_err(|e| format!("{named} is not a valid descriptions table: {e}"))
    });
    slot
}

/// The pipeline's report and the model card, for the EDA view.
pub fn ensure_eda_inputs(state: AppState) {
    ensure(state.report, REPORT_URL.to_string(), |bytes| {
        cartelera_charts::parse_etl_report(&utf8(REPORT_URL, bytes)?)
            .map_err(|e| format!("{REPORT_URL} is not a valid ETL report: {e}"))
    });
    ensure(state.card, MODEL_URL.to_string(), |bytes| {
        cartelera_charts::parse_model_card(&utf8(MODEL_URL, bytes)?)
            .map_err(|e| format!("{MODEL_URL} holds no valid model card: {e}"))
    });
}

/// Real viewers' ratings from the taste model's manifest (14 kB Brotli),
/// for the home's rows and a title's page: fetched alongside the catalog,
/// so the home's first rows are already ranked by them.
pub fn ensure_viewers(state: AppState) {
    ensure(state.viewers, VIEWERS_URL.to_string(), |bytes| {
        let manifest = cartelera_store::factors::decode_manifest(&bytes)
            .map_err(|e| format!("{VIEWERS_URL}: {e}"))?;
        ViewerScores::new(&manifest).map_err(|e| format!("{VIEWERS_URL}: {e}"))
    });
}
