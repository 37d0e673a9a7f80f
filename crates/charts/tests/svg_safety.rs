//! Every chart's SVG is well-formed XML that a page may insert as markup:
//! catalog text comes out escaped, and each SVG names itself (`role`,
//! `<title>`) and scales (`viewBox`).

use cartelera_charts::{
    catalog_charts, model_charts, parse_model_card, quality_charts, Chart, Lang,
};
use cartelera_core::eda::etl_report::EtlReport;
use cartelera_core::eda::EdaFilter;
use cartelera_core::{Catalog, DurationType, Platform, Title, TitleType};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "<img src=x onerror=alert(1)>";
const QUOTED: &str = "tom & \"jerry\" 'o";

fn title(id: &str, platform: Platform) -> Title {
    Title {
        id: id.to_string(),
        show_id: id[1..].to_string(),
        platform,
        kind: TitleType::Movie,
        title: SCRIPT.to_string(),
        director: Some(format!("{SCRIPT}, {QUOTED}")),
        cast: Some(format!("{IMG}, {QUOTED}, {SCRIPT}")),
        country: Some(IMG.to_string()),
        date_added: cartelera_core::Date::from_ymd(2020, 5, 1),
        release_year: 2020,
        rating: SCRIPT.to_string(),
        duration_int: Some(90),
        duration_type: Some(DurationType::Min),
        listed_in: Some(format!("{QUOTED}, {IMG}")),
        description: None,
        score: Some(3.5),
        score_count: 4,
        display: Default::default(),
        work_id: String::new(),
    }
}

fn hostile_catalog() -> Catalog {
    Catalog::new(vec![
        title("ns1", Platform::Netflix),
        title("as1", Platform::Amazon),
    ])
    .unwrap()
}

/// Checks one element: no active content, escapes that decode, and on
/// the root the accessibility attributes.
fn check_element(chart: &Chart, e: &BytesStart, depth: usize, first_child: &mut Option<String>) {
    let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
    let banned = ["script", "img", "foreignObject", "iframe"];
    assert!(
        !banned.contains(&name.as_str()),
        "{}: element <{name}>",
        chart.id
    );
    for attr in e.attributes() {
        let attr = attr.unwrap_or_else(|e| panic!("{}: bad attribute: {e}", chart.id));
        let key = String::from_utf8(attr.key.as_ref().to_vec()).unwrap();
        assert!(
            !key.starts_with("on"),
            "{}: event attribute {key}",
            chart.id
        );
        let value = attr.unescape_value();
        value.unwrap_or_else(|e| panic!("{}: bad escape in {key}: {e}", chart.id));
    }
    if depth == 0 {
        assert_eq!(name, "svg");
        let attr = |k: &str| {
            let found = e.try_get_attribute(k).unwrap();
            found.map(|a| a.unescape_value().unwrap().into_owned())
        };
        assert_eq!(attr("role").as_deref(), Some("img"), "{}", chart.id);
        assert!(attr("viewBox").is_some(), "{}: no viewBox", chart.id);
        let label = format!("chart-{}-title", chart.id);
        assert_eq!(attr("aria-labelledby"), Some(label), "{}", chart.id);
    } else if depth == 1 && first_child.is_none() {
        *first_child = Some(name);
    }
}

/// Parses a chart's SVG strictly and returns its text content, references
/// resolved.
fn check_svg(chart: &Chart) -> String {
    let mut reader = Reader::from_str(&chart.svg);
    reader.config_mut().check_end_names = true;
    let (mut depth, mut roots, mut text, mut first_child) = (0usize, 0, String::new(), None);
    loop {
        let event = reader.read_event();
        match event.unwrap_or_else(|e| panic!("{}: not well-formed: {e}", chart.id)) {
            Event::Start(e) => {
                roots += usize::from(depth == 0);
                check_element(chart, &e, depth, &mut first_child);
                depth += 1;
            }
            Event::Empty(e) => {
                roots += usize::from(depth == 0);
                check_element(chart, &e, depth, &mut first_child);
            }
            Event::End(_) => depth -= 1,
            Event::Text(t) => text.push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) => text.push(match r.decode().unwrap().as_ref() {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                other => panic!("{}: unknown reference &{other};", chart.id),
            }),
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!((roots, depth), (1, 0), "{}", chart.id);
    assert_eq!(first_child.as_deref(), Some("title"), "{}", chart.id);
    text
}

fn report() -> EtlReport {
    let json = r#"{"generated_by":"test","titles":2,
        "catalogs":[{"file":"netflix_titles.csv","platform":"netflix","rows_read":3,"rows_kept":2,"rows_rejected":1,
            "rejected":{"by_reason":{"<b>bad</b>":1},"examples":{}},"duration_moved_from_rating":1,"rating_defaulted_to_g":2}],
        "ratings":{"files":[{"file":"1.csv","rows_read":10,"rows_valid":9,"rows_rejected":1,
            "rejected":{"by_reason":{"bad_rating":1},"examples":{}}}],
            "rows_read":10,"rows_kept":8,"rows_rejected":1,"duplicates_dropped":1,"users":2,"titles_rated":2,
            "titles_unrated":0,"histogram":{"3.5":5,"4.0":3},
            "ratings_per_user":[{"lo":2,"hi":3,"count":1},{"lo":4,"hi":7,"count":1}]},
        "null_counts":{"total":{},"by_platform":{}}}"#;
    cartelera_charts::parse_etl_report(json).unwrap()
}

fn card() -> cartelera_core::eda::model_card::ModelCard {
    parse_model_card(
        r#"{"format_version":1,"card":{"hyperparameters":{"n_factors":10,"n_epochs":2,"lr_all":0.005,"reg_all":0.02},
        "metrics":{"rmse":0.9,"mae":0.7,"test_size":0.2,"baselines":{"baseline_only":{"rmse":0.95,"mae":0.75},
        "global_mean":{"rmse":1.1,"mae":0.9}},"epochs":[{"epoch":1,"train_rmse":1.0},{"epoch":2,"train_rmse":0.95}]},
        "sweep":[{"test_size":0.5,"rmse":0.93},{"test_size":0.01,"rmse":0.9}],
        "cv":{"rmse_mean":0.91,"rmse_std":0.01,"folds":[{"fold":1,"rmse":0.9,"mae":0.7},{"fold":2,"rmse":0.92,"mae":0.71}]}}}"#,
    )
    .unwrap()
}

fn every_chart(lang: Lang) -> Vec<Chart> {
    let filter = EdaFilter::default();
    let mut charts = catalog_charts(&hostile_catalog(), &filter, lang);
    charts.extend(quality_charts(&report(), &filter, lang));
    charts.extend(model_charts(&card(), lang));
    charts
}

#[test]
fn catalog_text_reaches_the_svg_only_escaped() {
    let charts = every_chart(Lang::En);
    let mut shown = String::new();
    for chart in &charts {
        for raw in ["<script", "<img", "<b>", "onerror=alert(1)>"] {
            assert!(
                !chart.svg.contains(raw),
                "{}: raw {raw:?} in the SVG",
                chart.id
            );
        }
        shown.push_str(&check_svg(chart));
    }
    let directors = charts.iter().find(|c| c.id == "top-directors").unwrap();
    assert!(
        directors.svg.contains("&lt;script&gt;alert(1)&lt;/s…"),
        "{}",
        directors.svg
    );
    assert!(directors
        .svg
        .contains("tom &amp; &quot;jerry&quot; &apos;o"));
    let countries = charts.iter().find(|c| c.id == "top-countries").unwrap();
    assert!(countries.svg.contains("&lt;img src=x onerror="));
    // The names are shown as text (the panels shorten long ones; the age
    // chart shows bands, so the hostile classification counts as unrated).
    assert!(
        shown.contains("<script>alert(1)</s")
            && shown.contains(QUOTED)
            && shown.contains("<img src=x onerror=")
    );
    let ages = charts.iter().find(|c| c.id == "age-ratings").unwrap();
    assert!(check_svg(ages).contains("Unrated"), "{}", ages.svg);
    assert!(shown.contains("rejected: <b>bad</b>"));
}

#[test]
fn every_chart_has_an_id_title_reading_and_a_rectangular_table() {
    for lang in [Lang::En, Lang::Es] {
        let charts = every_chart(lang);
        let mut ids: Vec<&str> = charts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(charts.len(), 22, "{ids:?}");
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), charts.len(), "ids are unique");
        for c in &charts {
            assert!(
                !c.title.is_empty() && !c.x_label.is_empty() && !c.y_label.is_empty(),
                "{}",
                c.id
            );
            assert!(c.reading.ends_with('.'), "{}: {}", c.id, c.reading);
            assert!(!c.table.headers.is_empty(), "{}", c.id);
            for row in &c.table.rows {
                assert_eq!(row.len(), c.table.headers.len(), "{}", c.id);
            }
            check_svg(c);
        }
    }
}

#[test]
fn an_empty_catalog_and_an_empty_card_still_draw_or_say_so() {
    let empty = Catalog::new(Vec::new()).unwrap();
    for chart in catalog_charts(&empty, &EdaFilter::default(), Lang::En) {
        check_svg(&chart);
        assert!(!chart.reading.is_empty());
    }
    assert!(model_charts(&Default::default(), Lang::En).is_empty());
}

/// The page draws a chart about 900 px wide for its 720 user units on a
/// desktop (one per row): text of at least 12 units is then at least 12 px
/// tall (issue 13: axis labels were about 6 px).
#[test]
fn every_text_is_at_least_12_units_tall() {
    for lang in Lang::ALL {
        for chart in every_chart(lang) {
            let mut reader = Reader::from_str(&chart.svg);
            loop {
                match reader.read_event().unwrap() {
                    Event::Start(e) | Event::Empty(e) => {
                        for attr in e.attributes() {
                            let attr = attr.unwrap();
                            if attr.key.as_ref() == b"font-size" {
                                let value = String::from_utf8_lossy(&attr.value).to_string();
                                let size: f64 = value.trim_end_matches("px").parse().unwrap();
                                assert!(size >= 12.0, "{}: font-size {value}", chart.id);
                            }
                        }
                    }
                    Event::Eof => break,
                    _ => {}
                }
            }
        }
    }
}
