//! Imported histories end to end on the real catalog and taste model:
//! each service's export (invented but written as the services write
//! them, `tests/fixtures/history/`) is read, matched and reported by
//! `cartelera history`, answered by `recommend --history` and
//! `platform-fit`; bad files are named with their line and field.

use cartelera_testkit::{
    cartelera, of_kind, repo_root, taste_built, Run, FAMILY_GENRES, HORROR_GENRES,
};
use serde_json::Value;

fn fixture(name: &str) -> String {
    repo_root()
        .join("crates/cli/tests/fixtures/history")
        .join(name)
        .display()
        .to_string()
}

fn run(args: &[&str]) -> Run {
    let built = taste_built();
    let mut all = args.to_vec();
    let (taste, data) = (
        built.taste.display().to_string(),
        built.data.display().to_string(),
    );
    all.extend(["--taste", &taste, "--data", &data]);
    cartelera(&all)
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let r = run(&all);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {}", r.stdout))
}

fn ids(body: &Value) -> Vec<&str> {
    body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().expect("an id"))
        .collect()
}

fn len(v: &Value) -> usize {
    v.as_array().map_or(0, Vec::len)
}

#[test]
fn every_format_is_read_and_matched_to_works() {
    // (file, format, at least this many matched)
    let cases = [
        ("imdb_ratings.csv", "imdb_ratings", 11),
        ("imdb_ratings_old.csv", "imdb_ratings", 7),
        ("letterboxd_ratings.csv", "letterboxd_ratings", 12),
        ("letterboxd_watched.csv", "letterboxd_watched", 4),
        ("letterboxd_diary.csv", "letterboxd_diary", 2),
        ("NetflixViewingHistory.csv", "netflix_viewing", 13),
        ("letterboxd-export.zip", "letterboxd_ratings", 12),
    ];
    for (file, format, matched) in cases {
        let report = json(&["history", &fixture(file)]);
        assert_eq!(report["format"], format, "{file}");
        assert!(len(&report["matched"]) >= matched, "{file}: {report}");
    }
    // The IMDb file's episode row is skipped, its series matched as a show.
    let imdb = json(&["history", &fixture("imdb_ratings.csv")]);
    assert_eq!(len(&imdb["skipped"]), 1);
    let stranger = imdb["matched"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["entry"]["name"] == "Stranger Things")
        .expect("Stranger Things matched");
    assert_eq!(stranger["id"], "ns3686", "{stranger}");
    // Netflix's episodes are one show; "Dark" is the Netflix series, not
    // Amazon's film of that name; "Death Note" (a 2006 series, a 2017
    // film) is a choice for the visitor.
    let netflix = json(&["history", &fixture("NetflixViewingHistory.csv")]);
    let by_name = |name: &str| {
        netflix["matched"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["entry"]["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} not matched: {netflix}"))
    };
    assert_eq!(by_name("Stranger Things")["entry"]["views"], 12);
    assert!(by_name("Dark")["id"].as_str().unwrap().starts_with('n'));
    assert_eq!(netflix["ambiguous"][0]["entry"]["name"], "Death Note");
    assert_eq!(len(&netflix["ambiguous"][0]["candidates"]), 2);
}

#[test]
fn a_horror_fans_imdb_export_gets_horror_and_a_pixar_fans_letterboxd_gets_family() {
    let horror = json(&["recommend", "--history", &fixture("imdb_ratings.csv")]);
    let (hits, report) = of_kind(&ids(&horror), HORROR_GENRES);
    assert!(hits >= 7, "{hits}/10 horror or thriller:{report}");
    let family = json(&["recommend", "--history", &fixture("letterboxd_ratings.csv")]);
    let (hits, report) = of_kind(&ids(&family), FAMILY_GENRES);
    assert!(hits >= 7, "{hits}/10 family:{report}");
    // What they have seen leaves the list.
    let seen = json(&["history", &fixture("letterboxd_ratings.csv")]);
    for m in seen["matched"].as_array().unwrap() {
        assert!(
            !ids(&family).contains(&m["id"].as_str().unwrap()),
            "{m} recommended again"
        );
    }
}

#[test]
fn the_platform_that_fits_a_pixar_fan_is_disney_and_a_netflix_viewer_netflix() {
    let order = |file: &str| -> Vec<String> {
        let body = json(&["platform-fit", "--history", &fixture(file)]);
        body["fit"]["platforms"]
            .as_array()
            .expect("platforms")
            .iter()
            .map(|p| p["platform"].as_str().unwrap().to_string())
            .collect()
    };
    let pixar = order("letterboxd_ratings.csv");
    assert_eq!(pixar.len(), 4);
    assert_eq!(pixar[0], "disney", "{pixar:?}");
    assert_eq!(order("NetflixViewingHistory.csv")[0], "netflix");
    let text = run(&[
        "platform-fit",
        "--history",
        &fixture("letterboxd_ratings.csv"),
    ]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout.contains("1. Disney+: Carries"),
        "{}",
        text.stdout
    );
}

#[test]
fn letterboxds_zip_answers_as_its_ratings_csv() {
    let zip = json(&["recommend", "--history", &fixture("letterboxd-export.zip")]);
    let csv = json(&["recommend", "--history", &fixture("letterboxd_ratings.csv")]);
    assert_eq!(ids(&zip).len(), 10, "{zip}");
    assert_eq!(zip, csv);
    let report = json(&["history", &fixture("letterboxd-export.zip")]);
    assert!(
        report["file"]
            .as_str()
            .unwrap()
            .ends_with("letterboxd-export.zip/ratings.csv"),
        "{}",
        report["file"]
    );
}

#[test]
fn a_choice_settles_an_ambiguous_entry_and_a_wrong_one_is_named() {
    let file = fixture("NetflixViewingHistory.csv");
    let chosen = json(&["recommend", "--history", &file, "--choose", "2:ns5319"]);
    assert!(!ids(&chosen).contains(&"ns5319"));
    let wrong = run(&["recommend", "--history", &file, "--choose", "2:ds1"]);
    assert_ne!(wrong.code, 0);
    assert!(
        wrong.stderr.contains("not one of the candidates"),
        "{}",
        wrong.stderr
    );
    let bad = run(&["recommend", "--history", &file, "--choose", "two:ns5319"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("choose"), "{}", bad.stderr);
}

#[test]
fn bad_files_are_named_with_their_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.display().to_string()
    };
    let movielens = write(
        "ratings.csv",
        b"userId,movieId,rating,timestamp\n1,1,4.0,964982703\n",
    );
    let r = run(&["history", &movielens]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr
            .contains("ratings.csv, line 1: not a history export"),
        "{}",
        r.stderr
    );
    let broken = write(
        "letterboxd.csv",
        b"Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Up,2009,https://boxd.it/a,4\n2024-01-02,Heat,1995\n",
    );
    let r = run(&["recommend", "--history", &broken]);
    assert!(r.stderr.contains("line 3"), "{}", r.stderr);
    assert!(r.stderr.contains("expected 5 fields"), "{}", r.stderr);
    let imdb = write(
        "imdb.csv",
        b"Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors\ntt1,11,2020-01-01,Up,u,movie,8,96,2009,Animation,1,2009-05-29,Pete Docter\n",
    );
    let r = run(&["platform-fit", "--history", &imdb]);
    assert!(
        r.stderr.contains(
            "line 2, field `Your Rating`: expected a whole number from 1 to 10, found \"11\""
        ),
        "{}",
        r.stderr
    );
    let garbage: Vec<u8> = (0..3_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    let noise = write("noise.csv", &garbage);
    let r = run(&["history", &noise]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("not a history export"), "{}", r.stderr);
    assert!(
        r.stderr.len() < 1_000,
        "a bounded message: {} bytes",
        r.stderr.len()
    );
}
