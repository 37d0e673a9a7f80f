//! Who and what the catalogs list most (top names), what is missing, and
//! the user ratings as the catalog carries them (score, number of ratings).

use cartelera_core::eda::catalog::{missing_values, titles_by_type};
use cartelera_core::eda::scores::{
    ratings_per_title, score_bin_start, score_by_count, score_distribution,
};
use cartelera_core::eda::top::{top_names, ListField};
use cartelera_core::eda::EdaFilter;
use std::collections::{HashMap, HashSet};

use cartelera_core::genres::Genre;
use cartelera_core::{Catalog, Noun, Title};

use crate::draw::{self, Kind, Panel, Plot, Series, XAxis};
use crate::table::peak;
use crate::{chart, Chart, Lang, Table, TableChart};

/// Names per platform in the top charts.
pub const TOP_N: usize = 10;

pub(crate) const CHARTS: [crate::CatalogChart; 8] = [
    // `ListField::ALL`'s order.
    |c, f, l| top(c, f, ListField::Genres, l),
    |c, f, l| top(c, f, ListField::Countries, l),
    |c, f, l| top(c, f, ListField::Directors, l),
    |c, f, l| top(c, f, ListField::Cast, l),
    missing,
    scores,
    score_vs_count,
    per_title,
];

/// The names as a person reads them: the catalog stores people and
/// countries lower-case (the queries match on that), its display text
/// holds them as written. Only `wanted` names are looked up, in one pass.
fn written_names(
    catalog: &Catalog,
    field: ListField,
    wanted: &HashSet<String>,
) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if wanted.is_empty() {
        return out;
    }
    for t in catalog.titles() {
        let (stored, written) = match field {
            ListField::Countries => (t.country.as_deref(), t.display.country.as_deref()),
            ListField::Directors => (t.director.as_deref(), t.display.director.as_deref()),
            ListField::Cast => (t.cast.as_deref(), t.display.cast.as_deref()),
            // Genre labels are the platforms' own words.
            ListField::Genres => return out,
        };
        let (Some(stored), Some(written)) = (stored, written) else {
            continue;
        };
        let stored: Vec<&str> = Title::split_list(Some(stored)).collect();
        let written: Vec<&str> = Title::split_list(Some(written)).collect();
        // Positions pair up only when both lists split alike.
        if stored.len() != written.len() {
            continue;
        }
        for (s, w) in stored.iter().zip(&written) {
            if wanted.contains(*s) && !out.contains_key(*s) {
                out.insert(s.to_string(), w.to_string());
            }
        }
        if out.len() == wanted.len() {
            break;
        }
    }
    out
}

fn top(catalog: &Catalog, filter: &EdaFilter, field: ListField, lang: Lang) -> Chart {
    let mut lists = top_names(catalog, filter, field, TOP_N);
    // Genres come as canonical codes: shown by their name in `lang`;
    // people and countries in the raw files' case.
    if field == ListField::Genres {
        for entry in lists.iter_mut().flat_map(|l| l.entries.iter_mut()) {
            if let Some(genre) = Genre::from_code(&entry.name) {
                entry.name = genre.name(lang).to_string();
            }
        }
    } else {
        let wanted: HashSet<String> = lists
            .iter()
            .flat_map(|l| l.entries.iter().map(|e| e.name.clone()))
            .collect();
        let written = written_names(catalog, field, &wanted);
        for entry in lists.iter_mut().flat_map(|l| l.entries.iter_mut()) {
            if let Some(name) = written.get(&entry.name) {
                entry.name = name.clone();
            }
        }
    }
    let (id, title, what) = match field {
        ListField::Genres => (
            "top-genres",
            lang.pick("Géneros más frecuentes", "Top genres")
                .to_string(),
            lang.pick("Género", "Genre").to_string(),
        ),
        ListField::Countries => (
            "top-countries",
            lang.pick("Países más frecuentes", "Top countries")
                .to_string(),
            lang.pick("País", "Country").to_string(),
        ),
        ListField::Directors => (
            "top-directors",
            lang.pick("Directores más frecuentes", "Top directors")
                .to_string(),
            lang.pick("Director", "Director").to_string(),
        ),
        ListField::Cast => (
            "top-actors",
            lang.pick("Actores más frecuentes", "Top actors")
                .to_string(),
            lang.pick("Actor", "Actor").to_string(),
        ),
    };
    let leaders: Vec<String> = lists
        .iter()
        .filter_map(|l| {
            l.entries.first().map(|e| {
                format!(
                    "{} {} ({})",
                    l.platform.display_name(),
                    e.name,
                    lang.int(e.count)
                )
            })
        })
        .collect();
    let reading = if leaders.is_empty() {
        lang.pick(
            "Ningún título seleccionado tiene datos.",
            "No selected title lists any.",
        )
        .to_string()
    } else {
        format!(
            "{}: {}.",
            lang.pick("Más frecuentes", "Most frequent"),
            leaders.join(", ")
        )
    };
    let panels: Vec<Panel> = lists
        .iter()
        .map(|l| Panel {
            heading: l.platform.display_name().to_string(),
            empty: lang.pick("(sin datos)", "(no data)").to_string(),
            color: draw::platform_color(l.platform),
            rows: l
                .entries
                .iter()
                .map(|e| (e.name.clone(), e.count as f64))
                .collect(),
        })
        .collect();
    let svg = draw::panels(&panels, &|x| lang.dec(x, 0));
    let titles = lang.pick("Títulos", "Titles").to_string();
    let headers = vec![
        lang.pick("Plataforma", "Platform").to_string(),
        lang.pick("Puesto", "Rank").to_string(),
        what.clone(),
        titles.clone(),
    ];
    let rows = lists
        .iter()
        .flat_map(|l| {
            l.entries.iter().enumerate().map(move |(i, e)| {
                vec![
                    l.platform.display_name().to_string(),
                    (i + 1).to_string(),
                    e.name.clone(),
                    lang.int(e.count),
                ]
            })
        })
        .collect();
    chart(
        id,
        title,
        (titles, what),
        reading,
        svg,
        Table { headers, rows },
    )
}

fn missing(catalog: &Catalog, filter: &EdaFilter, lang: Lang) -> Chart {
    let t = missing_values(catalog, filter);
    let titles = titles_by_type(catalog, filter).platform_totals();
    let share = |n: u64, of: u64| {
        if of == 0 {
            None
        } else {
            Some(100.0 * n as f64 / of as f64)
        }
    };
    let series = t
        .platforms
        .iter()
        .zip(&t.counts)
        .zip(&titles)
        .map(|((&p, row), &of)| Series {
            name: p.display_name().to_string(),
            color: draw::platform_color(p),
            values: row.iter().map(|&n| share(n, of)).collect(),
        })
        .collect();
    let all: u64 = titles.iter().sum();
    let totals = t.key_totals();
    let reading = match peak(&totals) {
        Some(k) => match lang {
            Lang::En => format!(
                "{} is missing most often: {} of {} titles ({}).",
                column_name(lang, t.keys[k]),
                lang.int(totals[k]),
                lang.int(all),
                lang.pct(totals[k], all)
            ),
            Lang::Es => format!(
                "{} es el dato que más falta: {} de {} títulos ({}).",
                column_name(lang, t.keys[k]),
                lang.int(totals[k]),
                lang.int(all),
                lang.pct(totals[k], all)
            ),
        },
        None => lang
            .pick("No falta ningún dato.", "No value is missing.")
            .to_string(),
    };
    let x_label = lang.pick("Columna", "Column").to_string();
    let y_label = lang
        .pick("Títulos sin dato (%)", "Titles without a value (%)")
        .to_string();
    let plot = Plot {
        x_desc: x_label.clone(),
        y_desc: y_label.clone(),
        x: XAxis::Categories(t.keys.iter().map(|k| column_name(lang, k)).collect()),
        series,
        y_format: &|y| lang.dec(y, 0),
        y_from_zero: true,
    };
    let mut headers = vec![x_label.clone()];
    headers.extend(t.platforms.iter().map(|&p| p.display_name().to_string()));
    let rows = t
        .keys
        .iter()
        .enumerate()
        .map(|(k, key)| {
            let mut row = vec![column_name(lang, key)];
            row.extend(
                t.counts
                    .iter()
                    .zip(&titles)
                    .map(|(c, &of)| format!("{} ({})", lang.int(c[k]), lang.pct(c[k], of))),
            );
            row
        })
        .collect();
    let title = lang.pick("Datos que faltan", "Missing values").to_string();
    chart(
        "missing-values",
        title,
        (x_label, y_label),
        reading,
        draw::xy(&plot, Kind::Bars),
        Table { headers, rows },
    )
}

fn scores(catalog: &Catalog, filter: &EdaFilter, lang: Lang) -> Chart {
    let t = score_distribution(catalog, filter);
    let (sum, n) = catalog
        .titles()
        .iter()
        .filter(|t| filter.matches(t))
        .filter_map(|t| t.score)
        .fold((0.0, 0u64), |(s, n), x| (s + x, n + 1));
    let totals = t.key_totals();
    let reading = match peak(&totals) {
        Some(k) => {
            let (mean, range) = (
                lang.dec(sum / n as f64, 2),
                format!(
                    "{}–{}",
                    lang.dec(score_bin_start(k), 2),
                    lang.dec(score_bin_start(k + 1), 2)
                ),
            );
            match lang {
                Lang::En => format!(
                    "Mean score {mean} over {} rated titles; most fall in {range}.",
                    lang.int(n)
                ),
                Lang::Es => format!(
                    "Puntuación media {mean} en {} títulos puntuados; la mayoría entre {range}.",
                    lang.int(n)
                ),
            }
        }
        None => lang
            .pick(
                "Ningún título seleccionado tiene puntuación.",
                "No selected title has a score.",
            )
            .to_string(),
    };
    let labelled = cartelera_core::eda::PlatformTable {
        platforms: t.platforms.clone(),
        keys: t
            .keys
            .iter()
            .map(|&k| format!("{:.2}", score_bin_start(k)))
            .collect::<Vec<_>>(),
        counts: t.counts.clone(),
    };
    TableChart {
        id: "score-distribution",
        title: lang
            .pick("Distribución de la puntuación", "Score distribution")
            .to_string(),
        x_label: lang
            .pick(
                "Valoración media (estrellas, inicio del tramo)",
                "Mean rating (stars, bin start)",
            )
            .to_string(),
        y_label: lang.pick("Títulos", "Titles").to_string(),
        reading,
        table: &labelled,
        kind: Kind::Lines,
        lang,
    }
    .build()
}

fn score_vs_count(catalog: &Catalog, filter: &EdaFilter, lang: Lang) -> Chart {
    let s = score_by_count(catalog, filter);
    let bins = &s.bins;
    let totals = bins.key_totals();
    // The mean of all selected platforms in each bin, weighted by titles.
    let overall: Vec<Option<f64>> = (0..bins.keys.len())
        .map(|k| {
            let sum: f64 = s
                .mean
                .iter()
                .zip(&bins.counts)
                .map(|(m, c)| m[k].unwrap_or(0.0) * c[k] as f64)
                .sum();
            (totals[k] > 0).then(|| sum / totals[k] as f64)
        })
        .collect();
    let first = overall.iter().position(Option::is_some);
    let last = overall.iter().rposition(Option::is_some);
    let reading = match (first, last) {
        (Some(a), Some(b)) if a != b => {
            let (lo, hi) = (
                lang.dec(overall[a].unwrap_or(0.0), 2),
                lang.dec(overall[b].unwrap_or(0.0), 2),
            );
            match lang {
                Lang::En => format!(
                    "Titles with {} score {lo} on average; those with {}, {hi}.",
                    ratings_in(lang, &bins.keys[a]),
                    bins.keys[b]
                ),
                Lang::Es => format!(
                    "Los títulos con {} puntúan {lo} de media; los de {}, {hi}.",
                    ratings_in(lang, &bins.keys[a]),
                    bins.keys[b]
                ),
            }
        }
        _ => lang
            .pick(
                "Demasiado pocos títulos puntuados para comparar.",
                "Too few rated titles to compare.",
            )
            .to_string(),
    };
    let x_label = lang
        .pick(
            "Número de valoraciones (tramos log)",
            "Number of ratings (log bins)",
        )
        .to_string();
    let y_label = lang.pick("Puntuación media", "Mean score").to_string();
    let series = bins
        .platforms
        .iter()
        .zip(&s.mean)
        .map(|(&p, m)| Series {
            name: p.display_name().to_string(),
            color: draw::platform_color(p),
            values: m.clone(),
        })
        .collect();
    let plot = Plot {
        x_desc: x_label.clone(),
        y_desc: y_label.clone(),
        x: XAxis::Categories(bins.keys.iter().map(|b| b.to_string()).collect()),
        series,
        y_format: &|y| lang.dec(y, 2),
        y_from_zero: false,
    };
    let mut headers = vec![x_label.clone()];
    for &p in &bins.platforms {
        headers.push(format!("{} ({})", p.display_name(), y_label.to_lowercase()));
        headers.push(format!("{} ({})", p.display_name(), Noun::TITLE.many(lang)));
    }
    let rows = bins
        .keys
        .iter()
        .enumerate()
        .map(|(k, bin)| {
            let mut row = vec![bin.to_string()];
            for (m, c) in s.mean.iter().zip(&bins.counts) {
                row.push(m[k].map_or("–".to_string(), |x| lang.dec(x, 2)));
                row.push(lang.int(c[k]));
            }
            row
        })
        .collect();
    let title = lang
        .pick(
            "Puntuación según el número de valoraciones",
            "Score by number of ratings",
        )
        .to_string();
    chart(
        "score-by-count",
        title,
        (x_label, y_label),
        reading,
        draw::xy(&plot, Kind::Lines),
        Table { headers, rows },
    )
}

/// A catalog column as a person calls it (the missing-values chart; the
/// first letter capitalised where it starts a sentence by the caller).
fn column_name(lang: Lang, column: &str) -> String {
    let (es, en) = match column {
        "director" => ("Director", "Director"),
        "cast" => ("Reparto", "Cast"),
        "country" => ("País", "Country"),
        "date_added" => ("Fecha de alta", "Date added"),
        "duration_int" => ("Duración", "Duration"),
        "listed_in" => ("Géneros", "Genres"),
        "description" => ("Sinopsis", "Synopsis"),
        "score" => ("Puntuación", "Score"),
        other => (other, other),
    };
    lang.pick(es, en).to_string()
}

/// A bin of rating counts with its noun: "1 rating", "512–1023 ratings".
fn ratings_in(lang: Lang, bin: &cartelera_core::eda::Bin) -> String {
    let n = if bin.hi == Some(bin.lo) { bin.lo } else { 2 };
    format!("{bin} {}", Noun::RATING.form(lang, n))
}

fn per_title(catalog: &Catalog, filter: &EdaFilter, lang: Lang) -> Chart {
    let t = ratings_per_title(catalog, filter);
    let totals = t.key_totals();
    let all: u64 = totals.iter().sum();
    let unrated = t
        .keys
        .iter()
        .position(|b| b.lo == 0)
        .map_or(0, |k| totals[k]);
    let reading = match peak(&totals) {
        Some(k) => match lang {
            Lang::En => format!(
                "Most titles have {} ({}); {} ({}) have none.",
                ratings_in(lang, &t.keys[k]),
                lang.int(totals[k]),
                lang.count(unrated, Noun::TITLE),
                lang.pct(unrated, all)
            ),
            Lang::Es => format!(
                "La mayoría de los títulos tiene {} ({}); {} ({}) no tienen ninguna.",
                ratings_in(lang, &t.keys[k]),
                lang.int(totals[k]),
                lang.count(unrated, Noun::TITLE),
                lang.pct(unrated, all)
            ),
        },
        None => lang
            .pick(
                "Ningún título cumple el filtro.",
                "No title matches the filter.",
            )
            .to_string(),
    };
    TableChart {
        id: "ratings-per-title",
        title: lang
            .pick(
                "Valoraciones por título (cola larga)",
                "Ratings per title (long tail)",
            )
            .to_string(),
        x_label: lang
            .pick("Valoraciones (tramos log)", "Ratings (log bins)")
            .to_string(),
        y_label: lang.pick("Títulos", "Titles").to_string(),
        reading,
        table: &t,
        kind: Kind::Bars,
        lang,
    }
    .build()
}
