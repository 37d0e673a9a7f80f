//! Data quality, from the ETL's report: what the pipeline rejected and
//! repaired, and the ratings it kept (histogram, ratings per user).

use cartelera_core::eda::etl_report::EtlReport;
use cartelera_core::eda::{Bin, EdaFilter};
use cartelera_core::Platform;

use crate::draw::{self, Kind, Plot, Series, XAxis};
use crate::table::peak;
use crate::{chart, Chart, Lang, Table};

pub(crate) fn charts(report: &EtlReport, filter: &EdaFilter, lang: Lang) -> Vec<Chart> {
    let mut charts = vec![
        fixes(report, filter, lang),
        ratings_rejected(report, lang),
        histogram(report, lang),
    ];
    if !report.ratings.ratings_per_user.is_empty() {
        charts.push(per_user(report, lang));
    }
    charts
}

/// A bar per labelled count, one series.
fn single_bars(
    id: &str,
    (title, x_label, y_label): (String, String, String),
    reading: String,
    items: &[(String, u64)],
    lang: Lang,
) -> Chart {
    let plot = Plot {
        x_desc: x_label.clone(),
        y_desc: y_label.clone(),
        x: XAxis::Categories(items.iter().map(|(k, _)| k.clone()).collect()),
        series: vec![Series {
            name: y_label.clone(),
            color: draw::PALETTE[0],
            values: items.iter().map(|&(_, n)| Some(n as f64)).collect(),
        }],
        y_format: &|y| lang.dec(y, 0),
        y_from_zero: true,
    };
    let table = Table {
        headers: vec![x_label.clone(), y_label.clone()],
        rows: items
            .iter()
            .map(|(k, n)| vec![k.clone(), lang.int(*n)])
            .collect(),
    };
    chart(
        id,
        title,
        (x_label, y_label),
        reading,
        draw::xy(&plot, Kind::Bars),
        table,
    )
}

fn fixes(report: &EtlReport, filter: &EdaFilter, lang: Lang) -> Chart {
    let files: Vec<_> = report
        .catalogs
        .iter()
        .filter_map(|c| Some((c.platform.parse::<Platform>().ok()?, c)))
        .filter(|(p, _)| filter.platform.is_none_or(|f| f == *p))
        .collect();
    let mut reasons: Vec<&String> = files
        .iter()
        .flat_map(|(_, c)| c.rejected.by_reason.keys())
        .collect();
    reasons.sort();
    reasons.dedup();
    let rejected = lang.pick("rechazadas", "rejected").to_string();
    let mut keys: Vec<String> = reasons.iter().map(|r| format!("{rejected}: {r}")).collect();
    keys.push(
        lang.pick("duración movida desde rating", "duration moved from rating")
            .to_string(),
    );
    keys.push(
        lang.pick("rating puesto a g", "rating set to g")
            .to_string(),
    );
    let rows: Vec<Vec<u64>> = files
        .iter()
        .map(|(_, c)| {
            let mut row: Vec<u64> = reasons
                .iter()
                .map(|r| c.rejected.by_reason.get(*r).copied().unwrap_or(0))
                .collect();
            row.extend([c.duration_moved_from_rating, c.rating_defaulted_to_g]);
            row
        })
        .collect();
    let quarantined: u64 = files.iter().map(|(_, c)| c.rows_rejected).sum();
    let moved: u64 = files
        .iter()
        .map(|(_, c)| c.duration_moved_from_rating)
        .sum();
    let defaulted: u64 = files.iter().map(|(_, c)| c.rating_defaulted_to_g).sum();
    let read: u64 = files.iter().map(|(_, c)| c.rows_read).sum();
    let reading = match lang {
        Lang::En => format!("Of {} catalog rows, the pipeline quarantined {}, moved {} durations out of the rating column and set {} missing age ratings to G.", lang.int(read), lang.int(quarantined), lang.int(moved), lang.int(defaulted)),
        Lang::Es => format!("De {} filas de catálogo, el proceso apartó {}, movió {} duraciones fuera de la columna rating y puso G en {} clasificaciones por edad vacías.", lang.int(read), lang.int(quarantined), lang.int(moved), lang.int(defaulted)),
    };
    let series = files
        .iter()
        .zip(&rows)
        .map(|((p, _), row)| Series {
            name: p.display_name().to_string(),
            color: draw::platform_color(*p),
            values: row.iter().map(|&n| Some(n as f64)).collect(),
        })
        .collect();
    let x_label = lang.pick("Problema", "Problem").to_string();
    let y_label = lang.pick("Filas", "Rows").to_string();
    let plot = Plot {
        x_desc: x_label.clone(),
        y_desc: y_label.clone(),
        x: XAxis::Categories(keys.clone()),
        series,
        y_format: &|y| lang.dec(y, 0),
        y_from_zero: true,
    };
    let mut headers = vec![x_label.clone()];
    headers.extend(files.iter().map(|(p, _)| p.display_name().to_string()));
    let table_rows = keys
        .iter()
        .enumerate()
        .map(|(k, key)| {
            std::iter::once(key.clone())
                .chain(rows.iter().map(|r| lang.int(r[k])))
                .collect()
        })
        .collect();
    let title = lang
        .pick(
            "Qué rechazó y reparó el proceso",
            "What the pipeline rejected and repaired",
        )
        .to_string();
    chart(
        "pipeline-fixes",
        title,
        (x_label, y_label),
        reading,
        draw::xy(&plot, Kind::Bars),
        Table {
            headers,
            rows: table_rows,
        },
    )
}

fn ratings_rejected(report: &EtlReport, lang: Lang) -> Chart {
    let mut reasons: std::collections::BTreeMap<String, u64> = Default::default();
    for file in &report.ratings.files {
        for (reason, n) in &file.rejected.by_reason {
            *reasons.entry(reason.clone()).or_insert(0) += n;
        }
    }
    let mut items: Vec<(String, u64)> = reasons.into_iter().collect();
    items.push((
        lang.pick(
            "duplicada (se descarta la anterior)",
            "duplicate (earlier one dropped)",
        )
        .to_string(),
        report.ratings.duplicates_dropped,
    ));
    let r = &report.ratings;
    let reading = match lang {
        Lang::En => format!("{} of {} ratings rows were rejected ({}) and {} earlier duplicates dropped; {} ratings kept.", lang.int(r.rows_rejected), lang.int(r.rows_read), lang.pct(r.rows_rejected, r.rows_read), lang.int(r.duplicates_dropped), lang.int(r.rows_kept)),
        Lang::Es => format!("Se rechazaron {} de {} filas de valoraciones ({}) y se descartaron {} duplicadas anteriores; quedan {} valoraciones.", lang.int(r.rows_rejected), lang.int(r.rows_read), lang.pct(r.rows_rejected, r.rows_read), lang.int(r.duplicates_dropped), lang.int(r.rows_kept)),
    };
    let texts = (
        lang.pick("Filas de valoraciones rechazadas", "Ratings rows rejected")
            .to_string(),
        lang.pick("Motivo", "Reason").to_string(),
        lang.pick("Filas", "Rows").to_string(),
    );
    single_bars("ratings-rejected", texts, reading, &items, lang)
}

fn histogram(report: &EtlReport, lang: Lang) -> Chart {
    let items: Vec<(String, u64)> = report
        .ratings
        .histogram
        .iter()
        // The report's keys are "4.0": said "4,0" in Spanish.
        .map(|(k, &n)| {
            let shown = k
                .parse::<f64>()
                .map_or_else(|_| k.clone(), |x| lang.dec(x, 1));
            (shown, n)
        })
        .collect();
    let counts: Vec<u64> = items.iter().map(|i| i.1).collect();
    let all: u64 = counts.iter().sum();
    let reading = match peak(&counts) {
        Some(k) => match lang {
            Lang::En => format!(
                "{} stars is the most common rating ({}, {} of {}).",
                items[k].0,
                lang.int(counts[k]),
                lang.pct(counts[k], all),
                lang.int(all)
            ),
            Lang::Es => format!(
                "{} estrellas es la valoración más común ({}, {} de {}).",
                items[k].0,
                lang.int(counts[k]),
                lang.pct(counts[k], all),
                lang.int(all)
            ),
        },
        None => lang
            .pick("No se conservó ninguna valoración.", "No rating was kept.")
            .to_string(),
    };
    let texts = (
        lang.pick("Histograma de valoraciones", "Ratings histogram")
            .to_string(),
        lang.pick("Valoración (estrellas)", "Rating (stars)")
            .to_string(),
        lang.pick("Valoraciones", "Ratings").to_string(),
    );
    single_bars("ratings-histogram", texts, reading, &items, lang)
}

fn per_user(report: &EtlReport, lang: Lang) -> Chart {
    let bins = &report.ratings.ratings_per_user;
    let label = |lo, hi| Bin { lo, hi: Some(hi) }.to_string();
    let items: Vec<(String, u64)> = bins.iter().map(|b| (label(b.lo, b.hi), b.count)).collect();
    let counts: Vec<u64> = bins.iter().map(|b| b.count).collect();
    let most = bins.iter().rev().find(|b| b.count > 0);
    let reading = match (peak(&counts), most) {
        (Some(k), Some(top)) => match lang {
            Lang::En => format!("Most users rated {} titles ({} users); the most active rated {} or more.", items[k].0, lang.int(counts[k]), lang.int(top.lo)),
            Lang::Es => format!("La mayoría de los usuarios valoró {} títulos ({} usuarios); los más activos, {} o más.", items[k].0, lang.int(counts[k]), lang.int(top.lo)),
        },
        _ => lang.pick("Ningún usuario valoró nada.", "No user rated anything.").to_string(),
    };
    let texts = (
        lang.pick(
            "Valoraciones por usuario (cola larga)",
            "Ratings per user (long tail)",
        )
        .to_string(),
        lang.pick("Valoraciones (tramos log)", "Ratings (log bins)")
            .to_string(),
        lang.pick("Usuarios", "Users").to_string(),
    );
    single_bars("ratings-per-user", texts, reading, &items, lang)
}
