//! The EDA numbers on hand-made catalogs, checked against counts written
//! out by hand.

use super::catalog::*;
use super::scores::*;
use super::top::*;
use super::*;
use crate::genres::AgeBand;
use crate::model::tests::movie;
use crate::model::{DurationType, TitleType};
use crate::Date;

/// Six titles over three platforms with every column the charts read.
fn fixture() -> Catalog {
    let mut a = movie("ns1", "a", 2019);
    a.duration_int = Some(95);
    a.duration_type = Some(DurationType::Min);
    a.listed_in = Some("dramas, comedies, dramas".into());
    a.cast = Some("zoe, ann".into());
    a.country = Some("spain".into());
    a.date_added = Date::from_ymd(2021, 11, 3);
    a.rating = "tv-ma".into();
    a.score = Some(5.0);
    a.score_count = 3;
    let mut b = movie("ns2", "b", 2021);
    b.duration_int = Some(250);
    b.duration_type = Some(DurationType::Min);
    b.listed_in = Some("comedies".into());
    b.cast = Some("ann".into());
    b.date_added = Date::from_ymd(2022, 1, 9);
    b.rating = "r".into();
    b.score = Some(3.1);
    b.score_count = 1;
    let mut c = movie("ns3", "c", 2021);
    c.kind = TitleType::TvShow;
    c.duration_int = Some(12);
    c.duration_type = Some(DurationType::Season);
    c.rating = "tv-ma".into();
    let mut d = movie("as1", "d", 1990);
    d.duration_int = Some(2);
    d.duration_type = Some(DurationType::Season);
    d.kind = TitleType::TvShow;
    d.listed_in = Some("comedies".into());
    d.score = Some(0.5);
    d.score_count = 8;
    let mut e = movie("as2", "e", 2019);
    e.duration_int = Some(9);
    e.duration_type = Some(DurationType::Min);
    e.cast = Some("bob, ann".into());
    e.date_added = Date::from_ymd(2021, 11, 30);
    let f = movie("hs1", "f", 2000);
    Catalog::new(vec![a, b, c, d, e, f]).unwrap()
}

fn all() -> EdaFilter {
    EdaFilter::default()
}

fn netflix() -> EdaFilter {
    EdaFilter {
        platform: Some(Platform::Netflix),
        ..EdaFilter::default()
    }
}

#[test]
fn titles_by_type_counts_each_platform_and_respects_the_filter() {
    let cat = fixture();
    let t = titles_by_type(&cat, &all());
    assert_eq!(t.platforms, Platform::ALL);
    assert_eq!(t.keys, [TitleType::Movie, TitleType::TvShow]);
    assert_eq!(t.counts, [vec![1, 1], vec![0, 0], vec![1, 0], vec![2, 1]]);
    assert_eq!(t.platform_totals(), [2, 0, 1, 3]);
    assert_eq!(t.key_totals(), [4, 2]);
    let shows = EdaFilter {
        kind: Some(TitleType::TvShow),
        ..netflix()
    };
    let t = titles_by_type(&cat, &shows);
    assert_eq!(
        (t.platforms, t.keys, t.counts),
        (
            vec![Platform::Netflix],
            vec![TitleType::TvShow],
            vec![vec![1]]
        )
    );
}

#[test]
fn years_and_months_fill_the_gaps_with_zeros() {
    let cat = fixture();
    let y = release_years(&cat, &netflix());
    assert_eq!(y.keys, [2019, 2020, 2021]);
    assert_eq!(y.counts, [vec![1, 0, 2]]);
    let y = release_years(&cat, &all());
    assert_eq!(y.keys.len(), 2021 - 1990 + 1);
    assert_eq!(y.key_totals().iter().sum::<u64>(), 6);
    let m = added_per_month(&cat, &all());
    let labels: Vec<String> = m.keys.iter().map(|k| k.to_string()).collect();
    assert_eq!(labels, ["2021-11", "2021-12", "2022-01"]);
    assert_eq!(m.row(Platform::Netflix).unwrap(), [1, 0, 1]);
    assert_eq!(m.row(Platform::Amazon).unwrap(), [1, 0, 0]);
    let none = EdaFilter {
        platform: Some(Platform::Hulu),
        ..all()
    };
    assert!(added_per_month(&cat, &none).keys.is_empty());
}

#[test]
fn durations_fall_in_their_bins_by_unit() {
    let cat = fixture();
    let m = movie_minutes(&cat, &all());
    assert_eq!(m.keys.len(), 21);
    assert_eq!(m.keys[9].to_string(), "90–99");
    assert_eq!(m.keys[20].to_string(), "200+");
    assert_eq!(m.row(Platform::Netflix).unwrap()[9], 1);
    assert_eq!(m.row(Platform::Netflix).unwrap()[20], 1);
    assert_eq!(m.row(Platform::Amazon).unwrap()[0], 1);
    assert_eq!(
        m.key_totals().iter().sum::<u64>(),
        3,
        "seasons are not minutes"
    );
    let s = show_seasons(&cat, &all());
    let labels: Vec<String> = s.keys.iter().map(|k| k.to_string()).collect();
    assert_eq!(labels, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10+"]);
    assert_eq!(s.row(Platform::Amazon).unwrap()[1], 1);
    assert_eq!(s.row(Platform::Netflix).unwrap()[9], 1);
    assert_eq!(s.key_totals().iter().sum::<u64>(), 2);
}

#[test]
fn age_bands_list_every_band_youngest_first() {
    // Fixture: amazon 2 × g; netflix 2 × tv-ma and 1 × r (both adults).
    let t = age_bands(&fixture(), &all());
    assert_eq!(t.keys, AgeBand::ALL);
    assert_eq!(t.row(Platform::Netflix).unwrap(), [0, 0, 0, 0, 3, 0]);
    assert_eq!(t.row(Platform::Amazon).unwrap(), [2, 0, 0, 0, 0, 0]);
    let mut odd = fixture().titles().to_vec();
    odd[0].rating = "ages_21_".into();
    let odd = Catalog::new(odd).unwrap();
    assert_eq!(
        age_bands(&odd, &all()).key_totals()[AgeBand::Unrated as usize],
        1,
        "an unknown classification counts as unrated"
    );
}

#[test]
fn missing_values_list_every_column() {
    let t = missing_values(&fixture(), &netflix());
    let keys: Vec<&str> = NULLABLE_COLUMNS.iter().map(|c| c.0).collect();
    assert_eq!(t.keys, keys);
    let of = |col| t.counts[0][keys.iter().position(|k| *k == col).unwrap()];
    assert_eq!(of("director"), 3);
    assert_eq!(of("cast"), 1);
    assert_eq!(of("country"), 2);
    assert_eq!(of("date_added"), 1);
    assert_eq!(of("duration_int"), 0);
    assert_eq!(of("score"), 1);
}

#[test]
fn top_names_count_each_title_once_and_break_ties_by_name() {
    let cat = fixture();
    let genres = top_names(&cat, &all(), ListField::Genres, 5);
    let netflix_genres = &genres[Platform::Netflix.index()];
    let pairs: Vec<(&str, u64)> = netflix_genres
        .entries
        .iter()
        .map(|e| (e.name.as_str(), e.count))
        .collect();
    // Canonical genres, by code ("comedies" is comedy).
    assert_eq!(pairs, [("comedy", 2), ("drama", 1)]);
    assert_eq!(netflix_genres.titles_with_names, 2);
    let cast = top_names(&cat, &all(), ListField::Cast, 1);
    assert_eq!(cast[Platform::Netflix.index()].entries[0].name, "ann");
    assert_eq!(cast[Platform::Netflix.index()].distinct, 2);
    assert_eq!(
        cast[Platform::Amazon.index()].entries[0].name,
        "ann",
        "tie: ann < bob"
    );
    assert!(cast[Platform::Disney.index()].entries.is_empty());
    let only = top_names(&cat, &netflix(), ListField::Countries, 3);
    assert_eq!(only.len(), 1);
    assert_eq!(
        only[0].entries[0],
        NameCount {
            name: "spain".into(),
            count: 1
        }
    );
    assert!(top_names(&cat, &all(), ListField::Directors, 0)[3]
        .entries
        .is_empty());
}

#[test]
fn scores_bin_by_quarter_star_and_by_number_of_ratings() {
    let cat = fixture();
    let d = score_distribution(&cat, &all());
    assert_eq!(d.keys.len(), SCORE_BINS);
    assert_eq!(
        d.row(Platform::Netflix).unwrap()[SCORE_BINS - 1],
        1,
        "5.0 is in the last bin"
    );
    assert_eq!(
        d.row(Platform::Netflix).unwrap()[(3.1f64 - 0.5) as usize * 4 + 2],
        1
    );
    assert_eq!(d.row(Platform::Amazon).unwrap()[0], 1);
    assert_eq!(score_bin_start(2), 1.0);
    let s = score_by_count(&cat, &all());
    let labels: Vec<String> = s.bins.keys.iter().map(|b| b.to_string()).collect();
    assert_eq!(labels, ["1", "2–3", "8–15"]);
    let n = Platform::Netflix.index();
    assert_eq!(s.mean[n], [Some(3.1), Some(5.0), None]);
    assert_eq!(s.mean[Platform::Amazon.index()], [None, None, Some(0.5)]);
    let r = ratings_per_title(&cat, &all());
    let labels: Vec<String> = r.keys.iter().map(|b| b.to_string()).collect();
    assert_eq!(labels, ["0", "1", "2–3", "4–7", "8–15"]);
    assert_eq!(r.row(Platform::Netflix).unwrap(), [1, 1, 1, 0, 0]);
    assert_eq!(r.row(Platform::Amazon).unwrap(), [1, 0, 0, 0, 1]);
}

#[test]
fn log_histogram_covers_every_bin_between_the_extremes() {
    assert_eq!(log2_bin(0), Bin { lo: 0, hi: Some(0) });
    assert_eq!(log2_bin(1), Bin { lo: 1, hi: Some(1) });
    assert_eq!(log2_bin(7), Bin { lo: 4, hi: Some(7) });
    assert_eq!(
        log2_bin(8),
        Bin {
            lo: 8,
            hi: Some(15)
        }
    );
    assert_eq!(log2_bin(u64::MAX).hi, Some(u64::MAX));
    let h = log_histogram([3, 2, 9, 15]);
    let expected = [(2, 3, 2), (4, 7, 0), (8, 15, 2)];
    let got: Vec<_> = h.iter().map(|b| (b.lo, b.hi, b.count)).collect();
    assert_eq!(got, expected);
    assert!(log_histogram([]).is_empty());
    assert_eq!(
        log_histogram([0, 0, 1])[0],
        BinCount {
            lo: 0,
            hi: 0,
            count: 2
        }
    );
}

#[test]
fn filter_parses_url_pairs_and_writes_them_back() {
    let f = EdaFilter::parse([
        ("view", "eda"),
        ("platform", "Hulu"),
        ("type", "TV Show"),
        ("year_min", "2000"),
        ("year_max", ""),
    ])
    .unwrap();
    assert_eq!(
        f,
        EdaFilter {
            platform: Some(Platform::Hulu),
            kind: Some(TitleType::TvShow),
            year_min: Some(2000),
            year_max: None,
        }
    );
    let pairs = f.to_pairs();
    let back = EdaFilter::parse(pairs.iter().map(|(k, v)| (*k, v.as_str()))).unwrap();
    assert_eq!(back, f);
    assert_eq!(
        EdaFilter::parse([("type", "film")]).unwrap_err().param,
        "type"
    );
    assert_eq!(
        EdaFilter::parse([("year_max", "soon")]).unwrap_err().param,
        "year_max"
    );
    let years = EdaFilter {
        year_min: Some(2019),
        year_max: Some(2019),
        ..all()
    };
    assert_eq!(
        titles_by_type(&fixture(), &years).platform_totals(),
        [1, 0, 0, 1]
    );
}

#[test]
fn an_older_etl_report_without_ratings_per_user_still_reads() {
    let json = r#"{"generated_by":"cartelera 0.1.0","titles":1,"catalogs":[],
        "ratings":{"files":[],"rows_read":2,"rows_kept":1,"rows_rejected":1,"duplicates_dropped":0,
        "users":1,"titles_rated":1,"titles_unrated":0,"histogram":{"4.0":1}},
        "null_counts":{"total":{"cast":1},"by_platform":{"netflix":{"cast":1}}}}"#;
    let report: etl_report::EtlReport = serde_json::from_str(json).unwrap();
    assert!(report.ratings.ratings_per_user.is_empty());
    assert_eq!(report.ratings.histogram["4.0"], 1);
}

#[test]
fn a_model_card_reads_whatever_it_holds() {
    let card: model_card::ModelCard = serde_json::from_str(
        r#"{"source":"cartelera train","hyperparameters":{"n_factors":100,"lr_all":0.005,"threads":2},
            "metrics":{"rmse":0.9,"baselines":{"global_mean":{"rmse":1.1,"mae":0.9}},
                       "epochs":[{"epoch":1,"train_rmse":1.0,"elapsed_seconds":0.1}],"kernel":"avx2"}}"#,
    )
    .unwrap();
    assert_eq!(card.hyperparameters.unwrap().n_factors, Some(100));
    let metrics = card.metrics.unwrap();
    assert_eq!(metrics.epochs[0].train_rmse, 1.0);
    assert_eq!(metrics.baselines.unwrap().global_mean.unwrap().rmse, 1.1);
    let sweep: model_card::ModelCard =
        serde_json::from_str(r#"{"sweep":[{"test_size":0.01,"rmse":0.8}]}"#).unwrap();
    assert_eq!(sweep.sweep[0].test_size, Some(0.01));
    assert!(!sweep.is_empty());
    let als: model_card::ModelCard = serde_json::from_str(r#"{"source":"spark-als"}"#).unwrap();
    assert!(als.is_empty());
}
