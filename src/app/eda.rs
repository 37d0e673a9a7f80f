//! The exploratory-analysis view: every chart of `cartelera-charts` for the
//! titles the filter selects (platform, type, release years), the filter
//! in the address (`?view=eda&platform=…`), each chart with its reading
//! and its numbers as a table (the text alternative).

use std::sync::Arc;

use cartelera_charts::Chart;
use cartelera_core::eda::EdaFilter;
use cartelera_core::Lang;
use leptos::prelude::*;

use super::browser;
use super::loader::ensure_eda_inputs;
use super::state::{AppState, Data, Remote};
use super::widgets::{FieldKind, FilterField, Problem};
use crate::i18n::{self, Msg};
use crate::route::View;

/// One group of charts whose input comes on its own: the catalog's, the
/// ETL report's, the model card's. Each group is computed and drawn when
/// its own input changes, so a file that arrives later adds its charts
/// without computing and drawing the others again (on a phone, each full
/// redraw was a long task).
#[derive(Clone, PartialEq)]
enum Group {
    /// Its charts, and how long computing them took (ms).
    Drawn(Vec<Chart>, f64),
    /// Its file could not be used: what it was for, and why.
    Missing(Msg, String),
    /// Its file is loading: as many charts as it usually gives, each with
    /// its space held so the page does not jump when they come.
    Pending(usize),
}

impl Group {
    /// Computes a group's charts, timing it.
    fn drawn(charts: impl FnOnce() -> Vec<Chart>) -> Group {
        let started = browser::now_ms();
        let charts = charts();
        Group::Drawn(charts, browser::now_ms() - started)
    }

    /// A group drawn from a file: its charts, why not, or space held.
    fn from_file<T>(
        file: Remote<T>,
        missing: Msg,
        expected: usize,
        charts: impl FnOnce(&T) -> Vec<Chart>,
    ) -> Group {
        match file {
            Remote::Ready(input) => Group::drawn(|| charts(&input)),
            Remote::Failed(e) => Group::Missing(missing, e),
            Remote::Idle | Remote::Loading => Group::Pending(expected),
        }
    }

    fn ms(&self) -> f64 {
        match self {
            Group::Drawn(_, ms) => *ms,
            Group::Missing(..) | Group::Pending(_) => 0.0,
        }
    }
}

/// The catalog's charts, computed and drawn one per task (all fourteen in
/// one task were the view's longest: 0.7 s in a mobile Lighthouse run).
/// A new filter draws them again in place, chart by chart, the old one
/// shown until its replacement comes, so the page does not jump.
#[derive(Clone, Copy)]
struct CatalogCharts {
    /// The charts on screen, each with the run that drew it (the keyed
    /// list replaces a figure when its run changes).
    drawn: RwSignal<Vec<(u64, Arc<Chart>)>>,
    /// Whether the current run has charts still to draw (`aria-busy`).
    pending: RwSignal<bool>,
    /// Time spent computing the current run's charts (ms).
    ms: RwSignal<f64>,
    run: StoredValue<u64>,
}

impl CatalogCharts {
    fn new() -> CatalogCharts {
        CatalogCharts {
            drawn: RwSignal::new(Vec::new()),
            pending: RwSignal::new(true),
            ms: RwSignal::new(0.0),
            run: StoredValue::new(0),
        }
    }

    /// Draws every chart for `filter` (none when it is not valid), one
    /// per task; a later call stops this one at its next chart.
    fn draw(self, data: Arc<Data>, filter: Option<EdaFilter>, lang: Lang) {
        let run = self.run.get_value() + 1;
        self.run.set_value(run);
        self.ms.set(0.0);
        let Some(filter) = filter else {
            self.drawn.set(Vec::new());
            self.pending.set(false);
            return;
        };
        self.pending.set(true);
        leptos::task::spawn_local(async move {
            for (i, make) in cartelera_charts::catalog_chart_makers().enumerate() {
                if self.run.get_value() != run {
                    return;
                }
                let started = browser::now_ms();
                let chart = Arc::new(make(&data.catalog, &filter, lang));
                let took = browser::now_ms() - started;
                self.drawn.update(|drawn| match drawn.get_mut(i) {
                    Some(old) => *old = (run, chart),
                    None => drawn.push((run, chart)),
                });
                self.ms.update(|ms| *ms += took);
                browser::yield_task().await;
            }
            if self.run.get_value() == run {
                self.pending.set(false);
                // Marked after the charts are in the DOM (the benchmark reads it).
                request_animation_frame(|| browser::mark("cartelera:eda-ready"));
            }
        });
    }
}

/// The charts of the pipeline's report and of the model card, as many as
/// their files usually give (space is held for them while they load).
const QUALITY_CHARTS: usize = 4;
/// See [`QUALITY_CHARTS`].
const MODEL_CHARTS: usize = 2;

/// The EDA view.
#[component]
pub fn EdaView(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    ensure_eda_inputs(state);
    let filter = Memo::new(move |_| {
        state.route.with(|r| {
            if r.view == View::Eda {
                EdaFilter::parse(r.pairs()).map_err(|e| i18n::param_error(state.lang.get(), &e))
            } else {
                Ok(EdaFilter::default())
            }
        })
    });
    // `None` while the filter is not valid: its problem is shown instead.
    let valid = Memo::new(move |_| filter.with(Result::is_ok));
    let catalog = CatalogCharts::new();
    Effect::new(move |_| {
        let filter = filter.get().ok();
        let lang = state.lang.get();
        catalog.draw(data.clone(), filter, lang);
    });
    let quality = Memo::new(move |_| {
        let filter = filter.get().ok()?;
        let lang = state.lang.get();
        Some(Group::from_file(
            state.report.get(),
            Msg::QualityUnavailable,
            QUALITY_CHARTS,
            |report| cartelera_charts::quality_charts(report, &filter, lang),
        ))
    });
    let model = Memo::new(move |_| {
        valid.get().then_some(())?;
        let lang = state.lang.get();
        Some(Group::from_file(
            state.card.get(),
            Msg::ModelChartsUnavailable,
            MODEL_CHARTS,
            |card| cartelera_charts::model_charts(card, lang),
        ))
    });
    let groups = [quality, model];
    let missing = move || {
        groups
            .iter()
            .filter_map(|group| match group.get() {
                Some(Group::Missing(msg, detail)) => {
                    Some(view! { <Problem title=msg detail=detail/> })
                }
                _ => None,
            })
            .collect_view()
    };
    // The time spent computing the charts on screen (the benchmark reads it).
    let ms = move || {
        let ms: f64 = groups
            .iter()
            .map(|group| group.with(|g| g.as_ref().map_or(0.0, Group::ms)))
            .sum::<f64>()
            + catalog.ms.get();
        format!("{ms:.3}")
    };
    let charts = move || {
        valid.get().then(|| {
            view! {
                <div class="charts" data-ms=ms aria-busy=move || catalog.pending.get().to_string()>
                    <For each=move || catalog.drawn.get() key=|(run, chart)| (*run, chart.id.clone()) let((_, chart))>
                        {figure(chart)}
                    </For>
                    {move || catalog.pending.get().then(|| {
                        let total = cartelera_charts::catalog_chart_makers().count();
                        (catalog.drawn.with(Vec::len)..total)
                            .map(|_| view! { <div class="chart-pending" aria-hidden="true"></div> })
                            .collect_view()
                    })}
                    {move || quality.get().map(|g| view! { <ChartGroup group=g/> })}
                    {move || model.get().map(|g| view! { <ChartGroup group=g/> })}
                </div>
            }
        })
    };
    view! {
        <section class="eda" aria-labelledby="eda-heading">
            <h1 id="eda-heading">{move || state.t(Msg::NavEda)}</h1>
            <p class="help">{move || state.t(Msg::EdaHelp)}</p>
            <form class="query-form" on:submit=|ev| ev.prevent_default()>
                <FilterField id="eda-platform" name="platform" label=Msg::Platform kind=FieldKind::Platform live=true/>
                <FilterField id="eda-type" name="type" label=Msg::Type kind=FieldKind::Type live=true/>
                <FilterField id="eda-year-min" name="year_min" label=Msg::YearFrom kind=FieldKind::Year live=true/>
                <FilterField id="eda-year-max" name="year_max" label=Msg::YearTo kind=FieldKind::Year live=true/>
            </form>
            {move || filter.get().err().map(|e| view! { <Problem title=Msg::BadParameter detail=e/> })}
            {missing}
            {charts}
        </section>
    }
}

/// One group's figures, inserted in the `.charts` grid without a wrapper.
#[component]
fn ChartGroup(group: Group) -> impl IntoView {
    let charts = match group {
        Group::Drawn(charts, _) => charts,
        Group::Pending(n) => {
            return (0..n)
                .map(|_| view! { <div class="chart-pending" aria-hidden="true"></div> })
                .collect_view()
                .into_any()
        }
        Group::Missing(..) => return ().into_any(),
    };
    // Marked after the charts are in the DOM (the benchmark reads it).
    request_animation_frame(|| browser::mark("cartelera:eda-ready"));
    charts
        .into_iter()
        .map(|chart| figure(Arc::new(chart)))
        .collect_view()
        .into_any()
}

/// One chart: heading, reading, drawing and its numbers (a table built
/// when first opened).
fn figure(chart: Arc<Chart>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let heading_id = format!("{}-heading", chart.id);
    let labelled_by = heading_id.clone();
    // The numbers' table is built when first opened: the twenty tables
    // were 1,556 of the view's 3,393 elements, and a closed `<details>`
    // shows and reads none of it.
    let opened = RwSignal::new(false);
    let table = chart.clone();
    view! {
        <figure class="chart" id=chart.id.clone() aria-labelledby=labelled_by>
            <h2 id=heading_id>{chart.title.clone()}</h2>
            <p class="reading">{chart.reading.clone()}</p>
            // The SVG is built by cartelera-charts, which escapes every
            // text it draws (tested with markup in names).
            <div class="chart-svg" inner_html=chart.svg.clone()></div>
            <details class="chart-numbers" on:toggle=move |_| opened.set(true)>
                <summary>{move || state.t(Msg::ShowNumbers)}</summary>
                {move || opened.get().then(|| numbers(&table.table))}
            </details>
        </figure>
    }
}

/// A chart's numbers as a table.
fn numbers(table: &cartelera_charts::Table) -> impl IntoView {
    let headers = table
        .headers
        .iter()
        .map(|h| view! { <th scope="col">{h.clone()}</th> })
        .collect_view();
    let rows = table
        .rows
        .iter()
        .map(|row| view! { <tr>{row.iter().map(|cell| view! { <td>{cell.clone()}</td> }).collect_view()}</tr> })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table><thead><tr>{headers}</tr></thead><tbody>{rows}</tbody></table>
        </div>
    }
}
