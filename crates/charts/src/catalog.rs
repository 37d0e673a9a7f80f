//! What the catalogs hold: titles per platform and type, release years,
//! months added, durations, age classification.

use cartelera_core::eda::catalog::{
    added_per_month, age_bands, movie_minutes, release_years, show_seasons, titles_by_type,
};
use cartelera_core::eda::{EdaFilter, PlatformTable};
use cartelera_core::{Catalog, TitleType};

use crate::draw::{self, Kind, Plot, Series, XAxis};
use crate::table::{self, peak};
use crate::{chart, Chart, Lang, Table, TableChart};

pub(crate) const CHARTS: [crate::CatalogChart; 6] =
    [by_type, years, months, minutes, seasons, ages];

/// A title type's plural as a series name or column heading: `Movies` / `Películas`.
fn kind_plural(kind: TitleType, lang: Lang) -> String {
    match kind {
        TitleType::Movie => lang.pick("Películas", "Movies"),
        TitleType::TvShow => lang.pick("Series", "TV shows"),
    }
    .to_string()
}

fn by_type(catalog: &Catalog, filter: &EdaFilter, lang: Lang) -> Chart {
    let t = titles_by_type(catalog, filter);
    let totals = t.platform_totals();
    let all: u64 = totals.iter().sum();
    let movies = t
        .keys
        .iter()
        .position(|&k| k == TitleType::Movie)
        .map_or(0, |k| t.key_totals()[k]);
    let reading = match (peak(&totals), t.platforms.as_slice()) {
        (None, _) => lang
            .pick(
                "Ningún título cumple el filtro.",
                "No title matches the filter.",
            )
            .to_string(),
        (Some(_), [only]) => match lang {
            Lang::En => format!(
                "{} lists {} titles: {} movies and {} TV shows.",
                only.display_name(),
                lang.int(all),
                lang.int(movies),
                lang.int(all - movies)
            ),
            Lang::Es => format!(
                "{} tiene {} títulos: {} películas y {} series.",
                only.display_name(),
                lang.int(all),
                lang.int(movies),
                lang.int(all - movies)
            ),
        },
        (Some(p), _) => {
            let (name, n, share) = (
                t.platforms[p].display_name().to_string(),
                lang.int(totals[p]),
                lang.pct(movies, all),
            );
            match lang {
                Lang::En => format!("{name} has the most titles ({n}); {share} of the selected titles are movies."),
                Lang::Es => format!("{name} tiene más títulos ({n}); el {share} de los títulos seleccionados son películas."),
            }
        }
    };
    let series = t
        .keys
        .iter()
        .enumerate()
        .map(|(k, &kind)| Series {
            name: kind_plural(kind, lang),
            color: draw::PALETTE[k % draw::PALETTE.len()],
            values: t.counts.iter().map(|row| Some(row[k] as f64)).collect(),
        })
        .collect();
    let x_label = lang.pick("Plataforma", "Platform").to_string();
    let y_label = lang.pick("Títulos", "Titles").to_string();
    let plot = Plot {
        x_desc: x_label.clone(),
        y_desc: y_label.clone(),
        x: XAxis::Categories(
            t.platforms
                .iter()
                .map(|&p| p.display_name().to_string())
                .collect(),
        ),
        series,
        y_format: &|y| lang.dec(y, 0),
        y_from_zero: true,
    };
    let mut headers = vec![x_label.clone()];
    headers.extend(t.keys.iter().map(|&k| kind_plural(k, lang)));
    headers.push(lang.pick("Total", "Total").to_string());
    let rows = t
        .platforms
        .iter()
        .zip(&t.counts)
        .zip(&totals)
        .map(|((&p, row), &total)| {
            let mut cells = vec![p.display_name().to_string()];
            cells.extend(row.iter().map(|&c| lang.int(c)));
            cells.push(lang.int(total));
            cells
        })
        .collect();
    let title = lang
        .pick(
            "Títulos por plataforma y tipo",
            "Titles per platform and type",
        )
        .to_string();
    chart(
        "titles-by-type",
        title,
        (x_label, y_label),
        reading,
        draw::xy(&plot, Kind::Bars),
        Table { headers, rows },
    )
}

/// A line per platform over numeric keys (years, months), x labelled by `label`.
fn timeline<K: std::fmt::Display + Clone + 'static>(
    id: &str,
    title: String,
    (x_label, reading): (String, String),
    t: &PlatformTable<K>,
    lang: Lang,
) -> Chart {
    let keys = t.keys.clone();
    let label = move |x: f64| {
        let i = x.round();
        match keys.get(i as usize) {
            Some(k) if (x - i).abs() < 1e-6 && i >= 0.0 => k.to_string(),
            _ => String::new(),
        }
    };
    let y_label = lang.pick("Títulos", "Titles").to_string();
    let plot = Plot {
        x_desc: x_label.clone(),
        y_desc: y_label.clone(),
        x: XAxis::Numeric {
            xs: (0..t.keys.len()).map(|i| i as f64).collect(),
            format: Box::new(label),
        },
        series: t
            .platforms
            .iter()
            .zip(&t.counts)
            .map(|(&p, row)| Series {
                name: p.display_name().to_string(),
                color: draw::platform_color(p),
                values: row.iter().map(|&c| Some(c as f64)).collect(),
            })
            .collect(),
        y_format: &|y| lang.dec(y, 0),
        y_from_zero: true,
    };
    let svg = draw::xy(&plot, Kind::Lines);
    let table = table::counts(&x_label, t, lang);
    chart(id, title, (x_label, y_label), reading, svg, table)
}

fn years(catalog: &Catalog, filter: &EdaFilter, lang: Lang) -> Chart {
    let t = release_years(catalog, filter);
    let totals = t.key_totals();
    let reading = match (peak(&totals), t.keys.first()) {
        (Some(k), Some(first)) => match lang {
            Lang::En => format!(
                "Most titles were released in {} ({}); the oldest in {first}.",
                t.keys[k],
                lang.int(totals[k])
            ),
            Lang::Es => format!(
                "La mayoría de los títulos se estrenó en {} ({}); el más antiguo, en {first}.",
                t.keys[k],
                lang.int(totals[k])
            ),
        },
        _ => lang
            .pick(
                "Ningún título cumple el filtro.",
                "No title matches the filter.",
            )
            .to_string(),
    };
    let x_label = lang.pick("Año de estreno", "Release year").to_string();
    let title = lang.pick("Años de estreno", "Release years").to_string();
    timeline("release-years", title, (x_label, reading), &t, lang)
}

fn months(catalog: &Catalog, filter: &EdaFilter, lang: Lang) -> Chart {
    let t = added_per_month(catalog, filter);
    let totals = t.key_totals();
    let reading = match peak(&totals) {
        Some(k) => match lang {
            Lang::En => format!(
                "The busiest month was {} ({} titles added); {} titles have a date added.",
                t.keys[k],
                lang.int(totals[k]),
                lang.int(totals.iter().sum())
            ),
            Lang::Es => format!(
                "El mes con más altas fue {} ({} títulos); {} títulos tienen fecha de alta.",
                t.keys[k],
                lang.int(totals[k]),
                lang.int(totals.iter().sum())
            ),
        },
        None => lang
            .pick(
                "Ningún título seleccionado tiene fecha de alta.",
                "No selected title has a date added.",
            )
            .to_string(),
    };
    let x_label = lang.pick("Mes de alta", "Month added").to_string();
    let title = lang
        .pick("Títulos añadidos por mes", "Titles added per month")
        .to_string();
    timeline("added-per-month", title, (x_label, reading), &t, lang)
}

fn minutes(catalog: &Catalog, filter: &EdaFilter, lang: Lang) -> Chart {
    let t = movie_minutes(catalog, filter);
    let totals = t.key_totals();
    let reading = match peak(&totals) {
        Some(k) => match lang {
            Lang::En => format!(
                "Movies most often run {} minutes ({} of {}).",
                t.keys[k],
                lang.int(totals[k]),
                lang.int(totals.iter().sum())
            ),
            Lang::Es => format!(
                "Las películas duran casi siempre {} minutos ({} de {}).",
                t.keys[k],
                lang.int(totals[k]),
                lang.int(totals.iter().sum())
            ),
        },
        None => lang
            .pick(
                "Ninguna película seleccionada tiene duración en minutos.",
                "No selected movie has a length in minutes.",
            )
            .to_string(),
    };
    TableChart {
        id: "movie-minutes",
        title: lang
            .pick(
                "Duración de las películas (minutos)",
                "Movie length (minutes)",
            )
            .to_string(),
        x_label: lang.pick("Minutos", "Minutes").to_string(),
        y_label: lang.pick("Películas", "Movies").to_string(),
        reading,
        table: &t,
        kind: Kind::Bars,
        lang,
    }
    .build()
}

fn seasons(catalog: &Catalog, filter: &EdaFilter, lang: Lang) -> Chart {
    let t = show_seasons(catalog, filter);
    let totals = t.key_totals();
    let all: u64 = totals.iter().sum();
    let reading = match totals.first() {
        Some(&one) if all > 0 => match lang {
            Lang::En => format!(
                "{} of the {} shows have a single season.",
                lang.pct(one, all),
                lang.int(all)
            ),
            Lang::Es => format!(
                "El {} de las {} series tiene una sola temporada.",
                lang.pct(one, all),
                lang.int(all)
            ),
        },
        _ => lang
            .pick(
                "Ninguna serie seleccionada tiene temporadas.",
                "No selected show has a length in seasons.",
            )
            .to_string(),
    };
    TableChart {
        id: "show-seasons",
        title: lang
            .pick(
                "Duración de las series (temporadas)",
                "Show length (seasons)",
            )
            .to_string(),
        x_label: lang.pick("Temporadas", "Seasons").to_string(),
        y_label: lang.pick("Series", "Shows").to_string(),
        reading,
        table: &t,
        kind: Kind::Bars,
        lang,
    }
    .build()
}

fn ages(catalog: &Catalog, filter: &EdaFilter, lang: Lang) -> Chart {
    let bands = age_bands(catalog, filter);
    let totals = bands.key_totals();
    let reading = match peak(&totals) {
        Some(k) => match lang {
            Lang::En => format!(
                "The most common age band is {} ({} titles).",
                bands.keys[k].name(lang),
                lang.int(totals[k]),
            ),
            Lang::Es => format!(
                "La franja de edad más común es {} ({} títulos).",
                bands.keys[k].name(lang),
                lang.int(totals[k]),
            ),
        },
        None => lang
            .pick(
                "Ningún título cumple el filtro.",
                "No title matches the filter.",
            )
            .to_string(),
    };
    let t = PlatformTable {
        platforms: bands.platforms,
        keys: bands
            .keys
            .iter()
            .map(|b| b.name(lang).to_string())
            .collect(),
        counts: bands.counts,
    };
    TableChart {
        id: "age-ratings",
        title: lang.pick("Franjas de edad", "Age bands").to_string(),
        x_label: lang.pick("Franja de edad", "Age band").to_string(),
        y_label: lang.pick("Títulos", "Titles").to_string(),
        reading,
        table: &t,
        kind: Kind::Bars,
        lang,
    }
    .build()
}
