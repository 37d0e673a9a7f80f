//! Cartelera's EDA charts: the numbers of [`cartelera_core::eda`] drawn as
//! SVG with plotters, each with a title, axis labels, a one-line reading
//! computed from the numbers, and the numbers themselves as a table (the
//! text alternative). The page inserts them live (filtered, bilingual);
//! `cartelera eda` writes them into a standalone HTML report.
//!
//! Three entry points, by what the caller has:
//!
//! - [`catalog_charts`]: a [`Catalog`] (`titles.parquet`) and an
//!   [`EdaFilter`];
//! - [`quality_charts`]: the ETL's report (`etl_report.json`, read with
//!   [`parse_etl_report`]);
//! - [`model_charts`]: a factor file's card (`model.json`'s `card`, read
//!   with [`parse_model_card`]).
//!
//! Every SVG is safe to insert as markup: plotters escapes each text node
//! and attribute (catalog names included), and [`Chart::svg`] carries
//! `role="img"`, a `<title>` and a `viewBox`.

mod catalog;
mod catalog_more;
mod draw;
mod model;
mod quality;
mod table;

use std::fmt::Display;

use cartelera_core::eda::etl_report::EtlReport;
use cartelera_core::eda::model_card::ModelCard;
use cartelera_core::eda::{EdaFilter, PlatformTable};
use cartelera_core::Catalog;
use serde::Serialize;

/// The charts' language: the workspace's one [`cartelera_core::lang::Lang`],
/// re-exported so callers of the chart functions need not name the core.
pub use cartelera_core::lang::Lang;

use draw::{Kind, Plot, Series, XAxis};

/// One chart, ready to show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Chart {
    /// Stable identifier (`titles-by-type`, …): anchors, tests, CSS.
    pub id: String,
    /// The heading.
    pub title: String,
    /// What the x axis shows.
    pub x_label: String,
    /// What the y axis shows.
    pub y_label: String,
    /// One sentence saying what the chart shows, from its numbers.
    pub reading: String,
    /// The SVG document (`role="img"`, `<title>`, `viewBox`), escaped.
    pub svg: String,
    /// The numbers behind it.
    pub table: Table,
}

/// A chart's numbers as text: a header row and data rows of cells.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Table {
    /// Column headings.
    pub headers: Vec<String>,
    /// Rows, each as long as `headers`.
    pub rows: Vec<Vec<String>>,
}

/// The charts of the catalog (titles per platform and type, release years,
/// months added, durations, top names, age classification, missing values,
/// scores and ratings per title), for the titles `filter` selects.
pub fn catalog_charts(catalog: &Catalog, filter: &EdaFilter, lang: Lang) -> Vec<Chart> {
    catalog_chart_makers()
        .map(|chart| chart(catalog, filter, lang))
        .collect()
}

/// A function drawing one of the catalog's charts.
pub type CatalogChart = fn(&Catalog, &EdaFilter, Lang) -> Chart;

/// The catalog's charts one by one, in [`catalog_charts`]' order: for a
/// caller that draws each in a task of its own (the page: all fourteen in
/// one task were the EDA view's longest task on a phone).
pub fn catalog_chart_makers() -> impl Iterator<Item = CatalogChart> {
    catalog::CHARTS.into_iter().chain(catalog_more::CHARTS)
}

/// The data-quality charts from the ETL's report: what the pipeline
/// rejected and repaired per catalog (the platforms `filter` selects), the
/// ratings it rejected, the ratings histogram and ratings per user (all
/// platforms: ratings are not per platform).
pub fn quality_charts(report: &EtlReport, filter: &EdaFilter, lang: Lang) -> Vec<Chart> {
    quality::charts(report, filter, lang)
}

/// The model charts a card has the numbers for: hyperparameters and test
/// errors against the baselines, the learning curve, RMSE by test size
/// (the sweep) and the cross-validation folds.
pub fn model_charts(card: &ModelCard, lang: Lang) -> Vec<Chart> {
    model::charts(card, lang)
}

/// Reads `etl_report.json`.
pub fn parse_etl_report(json: &str) -> Result<EtlReport, serde_json::Error> {
    serde_json::from_str(json)
}

/// Reads a model card: either a whole `model.json` (its `card` is taken)
/// or a bare card, or the JSON `cartelera train --sweep --json` prints.
pub fn parse_model_card(json: &str) -> Result<ModelCard, serde_json::Error> {
    let mut value: serde_json::Value = serde_json::from_str(json)?;
    if value.get("format_version").is_some() {
        value = value["card"].take();
    }
    serde_json::from_value(value)
}

/// Escapes text for XML and HTML: `&`, `<`, `>`, `"`, `'`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Assembles a chart: gives the SVG its role and title (or, if drawing
/// failed, a small SVG saying so: the table still holds the numbers).
fn chart(
    id: &str,
    title: String,
    (x_label, y_label): (String, String),
    reading: String,
    svg: Result<String, String>,
    table: Table,
) -> Chart {
    let svg = svg.unwrap_or_else(|e| {
        format!(
            "<svg viewBox=\"0 0 {} 40\" xmlns=\"http://www.w3.org/2000/svg\"><text x=\"8\" y=\"24\">{}</text></svg>",
            draw::WIDTH,
            escape(&e)
        )
    });
    let labelled = format!("<svg role=\"img\" aria-labelledby=\"chart-{id}-title\" ");
    let svg = svg.replacen("<svg ", &labelled, 1);
    let svg = match svg.find('>') {
        Some(end) => format!(
            "{}\n<title id=\"chart-{id}-title\">{}</title>{}",
            &svg[..=end],
            escape(&title),
            &svg[end + 1..]
        ),
        None => svg,
    };
    Chart {
        id: id.to_string(),
        title,
        x_label,
        y_label,
        reading,
        svg,
        table,
    }
}

/// A chart of a [`PlatformTable`]: one series per platform over its keys.
struct TableChart<'a, K> {
    id: &'a str,
    title: String,
    x_label: String,
    y_label: String,
    reading: String,
    table: &'a PlatformTable<K>,
    kind: Kind,
    lang: Lang,
}

impl<K: Display> TableChart<'_, K> {
    fn build(self) -> Chart {
        let lang = self.lang;
        let series: Vec<Series> = self
            .table
            .platforms
            .iter()
            .zip(&self.table.counts)
            .map(|(&p, row)| Series {
                name: p.display_name().to_string(),
                color: draw::platform_color(p),
                values: row.iter().map(|&c| Some(c as f64)).collect(),
            })
            .collect();
        let plot = Plot {
            x_desc: self.x_label.clone(),
            y_desc: self.y_label.clone(),
            x: XAxis::Categories(self.table.keys.iter().map(|k| k.to_string()).collect()),
            series,
            y_format: &|y| lang.dec(y, 0),
            y_from_zero: true,
        };
        let svg = draw::xy(&plot, self.kind);
        let table = table::counts(&self.x_label, self.table, lang);
        chart(
            self.id,
            self.title,
            (self.x_label, self.y_label),
            self.reading,
            svg,
            table,
        )
    }
}
