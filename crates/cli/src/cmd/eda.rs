//! `cartelera eda`: the EDA charts as one self-contained HTML report
//! (inline SVG and CSS, no script, no network) that opens from disk and
//! prints well. The charts are `cartelera-charts`', the same the page draws.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use cartelera_charts::{catalog_charts, escape, model_charts, quality_charts, Chart, Lang};
use cartelera_core::eda::model_card::ModelCard;
use cartelera_core::eda::EdaFilter;
use clap::Args;

use crate::data::{load_catalog, DEFAULT_DATA_DIR};
use crate::ingest::etl::REPORT_FILE;

/// `cartelera eda`.
#[derive(Debug, Args)]
pub struct EdaArgs {
    /// Folder holding titles.parquet and etl_report.json.
    #[arg(long, default_value = DEFAULT_DATA_DIR)]
    data: PathBuf,
    /// Factor-file folder whose card feeds the model charts [default:
    /// DATA/model when it holds a model.json].
    #[arg(long)]
    model: Option<PathBuf>,
    /// `cartelera train --sweep --json` output, for the RMSE-by-test-size chart.
    #[arg(long)]
    sweep: Option<PathBuf>,
    /// `cartelera train --cv K --json` output, for the CV-folds chart.
    #[arg(long)]
    cv: Option<PathBuf>,
    /// Only this platform (amazon, disney, hulu, netflix).
    #[arg(long)]
    platform: Option<String>,
    /// Only this type (movie, tv show).
    #[arg(long = "type")]
    kind: Option<String>,
    /// Only titles released in this year or later.
    #[arg(long)]
    year_min: Option<String>,
    /// Only titles released in this year or earlier.
    #[arg(long)]
    year_max: Option<String>,
    /// Language of the report: en or es.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
    /// The HTML file to write.
    #[arg(long)]
    out: PathBuf,
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::from_code(text).ok_or_else(|| format!("expected en or es, found {text:?}"))
}

/// The report's parts: headed groups of charts.
pub struct Section {
    /// Anchor of the group.
    pub id: &'static str,
    /// Heading.
    pub heading: String,
    /// Its charts.
    pub charts: Vec<Chart>,
}

/// Runs `cartelera eda`.
pub fn run(args: EdaArgs, err: &mut dyn Write) -> Result<()> {
    let pairs = [
        ("platform", &args.platform),
        ("type", &args.kind),
        ("year_min", &args.year_min),
        ("year_max", &args.year_max),
    ];
    // The filter is checked before any data is read: a typo fails fast.
    let filter = EdaFilter::parse(
        pairs
            .iter()
            .filter_map(|(k, v)| v.as_deref().map(|v| (*k, v))),
    )?;
    let lang = args.lang;
    let catalog = load_catalog(&args.data)?;
    let mut sections = vec![Section {
        id: "catalog",
        heading: lang.pick("Los catálogos", "The catalogs").to_string(),
        charts: catalog_charts(&catalog, &filter, lang),
    }];
    let report_path = args.data.join(REPORT_FILE);
    if report_path.exists() {
        let report = cartelera_charts::parse_etl_report(&read(&report_path)?)
            .with_context(|| format!("{} is not an ETL report", report_path.display()))?;
        sections.push(Section {
            id: "quality",
            heading: lang
                .pick(
                    "Calidad de los datos y valoraciones",
                    "Data quality and ratings",
                )
                .to_string(),
            charts: quality_charts(&report, &filter, lang),
        });
    } else {
        writeln!(
            err,
            "eda: no {}: data-quality charts left out",
            report_path.display()
        )?;
    }
    let card = model_card(&args, err)?;
    let model = model_charts(&card, lang);
    if !model.is_empty() {
        sections.push(Section {
            id: "model",
            heading: lang.pick("El recomendador", "The recommender").to_string(),
            charts: model,
        });
    }
    let html = report_html(&sections, &filter, lang);
    crate::atomic::write_bytes(&args.out, html.as_bytes())?;
    let n: usize = sections.iter().map(|s| s.charts.len()).sum();
    writeln!(
        err,
        "eda: {n} charts → {} ({} kB)",
        args.out.display(),
        html.len() / 1000
    )?;
    Ok(())
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// The card of `--model` (or DATA/model), with `--sweep` and `--cv` added.
fn model_card(args: &EdaArgs, err: &mut dyn Write) -> Result<ModelCard> {
    let manifest = cartelera_store::factors::MANIFEST_FILE;
    let dir = args.model.clone().or_else(|| {
        let default = args.data.join("model");
        default.join(manifest).exists().then_some(default)
    });
    let mut card = match dir {
        Some(dir) => {
            let path = dir.join(manifest);
            cartelera_charts::parse_model_card(&read(&path)?)
                .with_context(|| format!("{} has no readable model card", path.display()))?
        }
        None => {
            writeln!(
                err,
                "eda: no model folder: model charts from --sweep/--cv only"
            )?;
            ModelCard::default()
        }
    };
    if let Some(path) = &args.sweep {
        let sweep = cartelera_charts::parse_model_card(&read(path)?)
            .with_context(|| format!("{} is not `train --sweep --json` output", path.display()))?;
        card.sweep = sweep.sweep;
    }
    if let Some(path) = &args.cv {
        card.cv =
            Some(serde_json::from_str(&read(path)?).with_context(|| {
                format!("{} is not `train --cv K --json` output", path.display())
            })?);
    }
    Ok(card)
}

const STYLE: &str = "
body{font-family:system-ui,sans-serif;color:#222;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.45}
h1{font-size:1.6rem}h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2.5rem}
figure{margin:1.5rem 0;padding:0}figure h3{margin:.2rem 0}
.reading{margin:.2rem 0 .6rem;color:#444}
svg{display:block;width:100%;max-width:720px;height:auto}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
th,td{border:1px solid #ccc;padding:.15rem .45rem;text-align:right}
th:first-child,td:first-child{text-align:left}
summary{cursor:pointer;color:#0b5394}
.note{background:#fff6d5;padding:.5rem .8rem;border-left:4px solid #e6b800}
nav ul{columns:2}
@media print{body{max-width:none;padding:0}nav,summary{display:none}
figure{break-inside:avoid;page-break-inside:avoid}h2{break-before:page}
a{color:inherit;text-decoration:none}}
";

/// The whole HTML document. Every text from the data is escaped; the SVGs
/// come escaped from `cartelera-charts`. It is also well-formed XML
/// (void elements self-closed), which the tests check with a strict parser.
pub fn report_html(sections: &[Section], filter: &EdaFilter, lang: Lang) -> String {
    let mut html = String::with_capacity(1 << 20);
    let title = lang.pick(
        "Cartelera: análisis exploratorio de datos",
        "Cartelera: exploratory data analysis",
    );
    html.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        lang.code(),
        escape(title),
        escape(title)
    ));
    let pairs = filter.to_pairs();
    let filter_text = if pairs.is_empty() {
        lang.pick("todos los títulos", "all titles").to_string()
    } else {
        pairs
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    html.push_str(&format!(
        "<p>{}: {}. {} cartelera {}.</p>\n<p class=\"note\">{}</p>\n<nav><ul>\n",
        escape(lang.pick("Filtro", "Filter")),
        escape(&filter_text),
        escape(lang.pick("Generado por", "Generated by")),
        env!("CARGO_PKG_VERSION"),
        escape(lang.pick(
            "Las valoraciones de usuarios (puntuaciones, valoraciones por título y por usuario, el modelo) son sintéticas: no dicen nada de espectadores reales.",
            "The user ratings (scores, ratings per title and per user, the model) are synthetic: they say nothing about real viewers."
        )),
    ));
    for chart in sections.iter().flat_map(|s| &s.charts) {
        html.push_str(&format!(
            "<li><a href=\"#{}\">{}</a></li>\n",
            escape(&chart.id),
            escape(&chart.title)
        ));
    }
    html.push_str("</ul></nav>\n");
    for section in sections {
        html.push_str(&format!(
            "<section id=\"{}\">\n<h2>{}</h2>\n",
            section.id,
            escape(&section.heading)
        ));
        for chart in &section.charts {
            push_chart(&mut html, chart, lang);
        }
        html.push_str("</section>\n");
    }
    html.push_str("</body>\n</html>\n");
    html
}

fn push_chart(html: &mut String, chart: &Chart, lang: Lang) {
    html.push_str(&format!(
        "<figure id=\"{}\">\n<h3>{}</h3>\n<p class=\"reading\">{}</p>\n{}\n<details><summary>{}</summary>\n<table>\n<thead><tr>",
        escape(&chart.id),
        escape(&chart.title),
        escape(&chart.reading),
        chart.svg.trim_end(),
        escape(lang.pick("Los números", "The numbers")),
    ));
    for header in &chart.table.headers {
        html.push_str(&format!("<th scope=\"col\">{}</th>", escape(header)));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in &chart.table.rows {
        html.push_str("<tr>");
        for cell in row {
            html.push_str(&format!("<td>{}</td>", escape(cell)));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n</details>\n</figure>\n");
}

#[cfg(test)]
mod tests {
    use cartelera_charts::{catalog_charts, parse_etl_report, quality_charts};
    use cartelera_core::{Catalog, Platform, Title, TitleType};
    use quick_xml::events::Event;
    use quick_xml::Reader;

    use super::*;

    fn hostile(id: &str) -> Title {
        let evil = "<script>alert(1)</script> & \"x\"";
        Title {
            id: id.into(),
            show_id: id[1..].into(),
            platform: Platform::from_id(id).unwrap(),
            kind: TitleType::TvShow,
            title: evil.into(),
            director: Some(evil.into()),
            cast: Some(format!("{evil}, <img src=x onerror=alert(1)>")),
            country: Some(evil.into()),
            date_added: None,
            release_year: 2001,
            rating: evil.into(),
            duration_int: Some(2),
            duration_type: Some(cartelera_core::DurationType::Season),
            listed_in: Some(evil.into()),
            description: None,
            score: None,
            score_count: 0,
            display: Default::default(),
            work_id: String::new(),
        }
    }

    /// Every element of the document, in order; panics if it is not
    /// well-formed XML.
    fn elements(html: &str) -> Vec<String> {
        let mut reader = Reader::from_str(html);
        reader.config_mut().check_end_names = true;
        let mut names = Vec::new();
        loop {
            match reader.read_event().expect("well-formed") {
                Event::Start(e) | Event::Empty(e) => {
                    for attr in e.attributes() {
                        attr.expect("attribute")
                            .unescape_value()
                            .expect("escaped value");
                    }
                    names.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap());
                }
                Event::Eof => return names,
                _ => {}
            }
        }
    }

    #[test]
    fn the_report_is_well_formed_escaped_and_script_free() {
        let catalog = Catalog::new(vec![hostile("ns1"), hostile("hs1")]).unwrap();
        let filter = EdaFilter::default();
        let report = parse_etl_report(
            r#"{"generated_by":"t","titles":2,"catalogs":[],"ratings":{"files":[],"rows_read":0,
            "rows_kept":0,"rows_rejected":0,"duplicates_dropped":0,"users":0,"titles_rated":0,
            "titles_unrated":2,"histogram":{}},"null_counts":{"total":{},"by_platform":{}}}"#,
        )
        .unwrap();
        let sections = [
            Section {
                id: "catalog",
                heading: "<Catalog>".into(),
                charts: catalog_charts(&catalog, &filter, Lang::Es),
            },
            Section {
                id: "quality",
                heading: "Q".into(),
                charts: quality_charts(&report, &filter, Lang::Es),
            },
        ];
        let html = report_html(&sections, &filter, Lang::Es);
        let names = elements(&html);
        for banned in ["script", "img", "iframe", "object", "link"] {
            assert!(
                !names.iter().any(|n| n == banned),
                "<{banned}> in the report"
            );
        }
        assert!(!html.contains("<script") && !html.contains("<img"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
        assert!(html.contains("&lt;Catalog&gt;"));
        let figures = names.iter().filter(|n| *n == "figure").count();
        assert_eq!(figures, 14 + 3);
        assert_eq!(names.iter().filter(|n| *n == "svg").count(), figures);
        assert_eq!(names.iter().filter(|n| *n == "details").count(), figures);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"es\">"));
        assert!(html.contains("@media print"));
    }
}
