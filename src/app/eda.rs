//! The exploratory-analysis view: every chart of `cartelera-charts` for the
//! titles the filter selects (platform, type, release years), the filter
//! in the address (`?view=eda&platform=…`), each chart with its reading
//! and its numbers as a table (the text alternative).

use std::sync::Arc;

use cartelera_charts::Chart;
use cartelera_core::eda::EdaFilter;
use leptos::prelude::*;

use super::browser;
use super::loader::ensure_eda_inputs;
use super::state::{AppState, Data, Remote};
use super::widgets::{FieldKind, FilterField, Problem};
use crate::i18n::{self, Msg};
use crate::route::View;

/// What the view draws: the charts, the parts that could not be drawn,
/// and how long computing and drawing took (ms).
#[derive(Clone, PartialEq)]
struct Drawn {
    charts: Vec<Chart>,
    missing: Vec<(Msg, String)>,
    /// Charts still on the way (their files are loading): each gets its
    /// space held so the page does not jump when it comes.
    pending: usize,
    ms: f64,
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
    let drawn = Memo::new(move |_| {
        let filter = filter.get().ok()?;
        let lang = state.lang.get();
        let started = browser::now_ms();
        let mut charts = cartelera_charts::catalog_charts(&data.catalog, &filter, lang);
        let mut missing = Vec::new();
        let mut pending = 0;
        match state.report.get() {
            Remote::Ready(report) => {
                charts.extend(cartelera_charts::quality_charts(&report, &filter, lang))
            }
            Remote::Failed(e) => missing.push((Msg::QualityUnavailable, e)),
            Remote::Idle | Remote::Loading => pending += QUALITY_CHARTS,
        }
        match state.card.get() {
            Remote::Ready(card) => charts.extend(cartelera_charts::model_charts(&card, lang)),
            Remote::Failed(e) => missing.push((Msg::ModelChartsUnavailable, e)),
            Remote::Idle | Remote::Loading => pending += MODEL_CHARTS,
        }
        Some(Drawn {
            charts,
            missing,
            pending,
            ms: browser::now_ms() - started,
        })
    });
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
            {move || drawn.get().map(|d| view! { <ChartList drawn=d/> })}
        </section>
    }
}

#[component]
fn ChartList(drawn: Drawn) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Marked after the charts are in the DOM (the benchmark reads it).
    request_animation_frame(|| browser::mark("cartelera:eda-ready"));
    let missing = drawn
        .missing
        .into_iter()
        .map(|(msg, detail)| view! { <Problem title=msg detail=detail/> })
        .collect_view();
    let charts = drawn
        .charts
        .into_iter()
        .map(|chart| {
            let heading_id = format!("{}-heading", chart.id);
            let labelled_by = heading_id.clone();
            let headers = chart.table.headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view();
            let rows = chart
                .table
                .rows
                .into_iter()
                .map(|row| view! { <tr>{row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr> })
                .collect_view();
            view! {
                <figure class="chart" id=chart.id.clone() aria-labelledby=labelled_by>
                    <h2 id=heading_id>{chart.title}</h2>
                    <p class="reading">{chart.reading}</p>
                    // The SVG is built by cartelera-charts, which escapes
                    // every text it draws (tested with markup in names).
                    <div class="chart-svg" inner_html=chart.svg></div>
                    <details class="chart-numbers">
                        <summary>{move || state.t(Msg::ShowNumbers)}</summary>
                        <div class="table-scroll">
                            <table><thead><tr>{headers}</tr></thead><tbody>{rows}</tbody></table>
                        </div>
                    </details>
                </figure>
            }
        })
        .collect_view();
    let pending = (0..drawn.pending)
        .map(|_| view! { <div class="chart-pending" aria-hidden="true"></div> })
        .collect_view();
    view! {
        {missing}
        <div class="charts" data-ms=format!("{:.3}", drawn.ms)>{charts}{pending}</div>
    }
}
