//! The taste model end to end on the real files: `cartelera taste` trains
//! on MovieLens' real ratings and the catalog's own content, writes a
//! factor file that decodes and composes over the pipeline's catalog;
//! `recommend --picks` and `similar` give issue 12's visitors titles of
//! their kind, with reasons; bad input is named.

use cartelera::model_io::factor_file::{load_model, load_taste};
use cartelera_testkit::{
    cartelera, of_kind, taste_built, Run, FAMILY_GENRES, FAMILY_PICKS, HORROR_GENRES, HORROR_PICKS,
    TOY_STORY,
};
use serde_json::Value;

fn path(p: &std::path::Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

/// `cartelera ARGS --taste T --data D` on the shared taste model.
fn run(args: &[&str]) -> Run {
    let built = taste_built();
    let mut all = args.to_vec();
    all.extend(["--taste", path(&built.taste), "--data", path(&built.data)]);
    cartelera(&all)
}

/// `run(ARGS --json)`, which must succeed; the JSON it printed.
fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let r = run(&all);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {}", r.stdout))
}

/// The listed ids, best first.
fn ids(body: &Value) -> Vec<&str> {
    body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().expect("an id"))
        .collect()
}

fn each_says_why(body: &Value) {
    for item in body["items"].as_array().unwrap() {
        let text = item["why"]["text"].as_str().unwrap_or_default();
        assert!(!text.trim().is_empty(), "no reason: {item}");
    }
}

#[test]
fn taste_writes_a_factor_file_that_decodes_and_composes() {
    let built = taste_built();
    let stored = load_model(&built.taste).expect("the taste model's factor file decodes");
    let taste = stored
        .taste
        .as_ref()
        .expect("model.json has a `taste` section");
    assert!(taste.n_features > 100, "{} features", taste.n_features);
    assert!(
        stored.item_ids.len() > taste.n_features,
        "feature rows and the linked titles' free parts"
    );
    assert!(
        stored.user_ids.is_empty(),
        "no viewer's own factors are shipped"
    );
    assert_eq!(stored.card["kind"], "taste");
    assert!(
        stored.card["data"]["linked_movies"].as_u64().unwrap() > 1000,
        "{}",
        stored.card["data"]
    );
    // Composed over the pipeline's catalog, every title has a vector.
    let recommender = load_taste(&built.taste, &built.data).expect("composes over the catalog");
    let n_titles = recommender.catalog().len();
    assert!(n_titles > 20_000, "{n_titles} titles");
    assert!(
        recommender.similar("hs1", 3).is_some(),
        "an unrated title too"
    );
    // Real viewers' ratings are there for the linked titles.
    let toy_story = recommender
        .viewer_score(TOY_STORY)
        .expect("Toy Story is rated");
    assert!(
        toy_story.count > 50 && toy_story.mean > 3.5,
        "{toy_story:?}"
    );
    // The manifest alone (what the page reads before composing, for the
    // home's rows and a title's page) gives every title the same score.
    let manifest = cartelera_store::factors::decode_manifest(
        &std::fs::read(built.taste.join("model.json")).unwrap(),
    )
    .unwrap();
    let scores = cartelera_recommender::ViewerScores::new(&manifest).unwrap();
    let rated = recommender
        .catalog()
        .titles()
        .iter()
        .filter(|t| {
            assert_eq!(
                scores.get(&t.id),
                recommender.viewer_score(&t.id),
                "{}",
                t.id
            );
            scores.get(&t.id).is_some()
        })
        .count();
    assert!(
        rated > 1000 && rated <= scores.len(),
        "{rated} of {}",
        scores.len()
    );
    assert!(
        built.taste_stderr.starts_with("taste: ") && built.taste_stderr.contains("linked"),
        "{}",
        built.taste_stderr
    );
}

#[test]
fn composed_in_small_steps_it_is_the_model_composed_at_once() {
    // The page composes a few titles per task (`TasteSteps`); the CLI and
    // the API in one go. Steps of an odd size, so the last one is short.
    let built = taste_built();
    let whole = load_taste(&built.taste, &built.data).expect("composes over the catalog");
    let read = |name: &str| std::fs::read(built.taste.join(name)).unwrap();
    let manifest = cartelera_store::factors::decode_manifest(&read("model.json")).unwrap();
    let items = cartelera_store::factors::decode_items(
        &manifest,
        bytes::Bytes::from(read("items.parquet")),
    )
    .unwrap();
    let catalog = whole.catalog().clone();
    let n = catalog.len();
    let mut steps = cartelera_recommender::TasteSteps::new(&manifest, items, catalog).unwrap();
    let mut calls = 0;
    while steps.step(997).unwrap() {
        calls += 1;
        assert_eq!(steps.progress(), (calls * 997, n));
    }
    assert_eq!(steps.progress(), (n, n));
    assert_eq!(calls, n.div_ceil(997) - 1);
    let stepped = steps.finish().unwrap();
    assert!(stepped.model() == whole.model(), "the composed rows differ");
    for id in ["hs1", TOY_STORY] {
        assert_eq!(stepped.similar(id, 10), whole.similar(id, 10), "{id}");
    }
}

#[test]
fn a_family_visitor_gets_mostly_family_titles() {
    let body = json(&["recommend", "--picks", FAMILY_PICKS]);
    assert_eq!(body["fallback"], Value::Null, "{body}");
    let ids = ids(&body);
    assert_eq!(ids.len(), 10);
    let (family, report) = of_kind(&ids, FAMILY_GENRES);
    assert!(family >= 6, "{family} of 10 animation/family/kids:{report}");
    each_says_why(&body);
}

#[test]
fn seen_titles_leave_the_list_and_the_rest_keep_their_order() {
    let before = json(&["recommend", "--picks", FAMILY_PICKS]);
    let before = ids(&before);
    let seen = format!("{},{}", before[0], before[2]);
    let after = json(&["recommend", "--picks", FAMILY_PICKS, "--seen", &seen]);
    let after = ids(&after);
    assert_eq!(after.len(), 10);
    let kept: Vec<&str> = before
        .iter()
        .copied()
        .filter(|id| *id != before[0] && *id != before[2])
        .collect();
    assert_eq!(after[..8], kept[..], "seen {seen}");
    // An id the catalog lacks changes nothing; the popular fallback (all
    // picks equal) leaves seen titles out too.
    let unknown = json(&["recommend", "--picks", FAMILY_PICKS, "--seen", "ns999999"]);
    assert_eq!(ids(&unknown), before);
    let popular = json(&["recommend", "--picks", "ds1378:4,ds890:4"]);
    let top = ids(&popular)[0].to_string();
    let without = json(&["recommend", "--picks", "ds1378:4,ds890:4", "--seen", &top]);
    assert!(without["fallback"].is_string(), "{without}");
    assert!(!ids(&without).contains(&top.as_str()), "{without}");
    // A bad id is a usage error naming `seen`; --seen needs --picks.
    let r = run(&["recommend", "--picks", FAMILY_PICKS, "--seen", "ds1:4"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("`seen`"), "{}", r.stderr);
    let r = run(&["recommend", "--user", "1", "--seen", "ds1"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("`seen`"), "{}", r.stderr);
}

#[test]
fn a_horror_fan_gets_mostly_horror_and_thrillers() {
    let body = json(&["recommend", "--picks", HORROR_PICKS]);
    let ids = ids(&body);
    assert_eq!(ids.len(), 10);
    let (horror, report) = of_kind(&ids, HORROR_GENRES);
    assert!(horror >= 6, "{horror} of 10 horror/thriller:{report}");
    each_says_why(&body);
}

#[test]
fn similar_to_toy_story_is_mostly_animation() {
    let body = json(&["similar", "--title", TOY_STORY]);
    assert_eq!(body["title"], TOY_STORY);
    let listed = ids(&body);
    assert_eq!(listed.len(), 10);
    assert!(!listed.contains(&TOY_STORY));
    let (animation, report) = of_kind(&listed, &["animation"]);
    assert!(animation >= 6, "{animation} of 10 animation:{report}");
    each_says_why(&body);
    // `-n` as for recommend.
    let four = json(&["similar", "--title", TOY_STORY, "-n", "4"]);
    assert_eq!(ids(&four).len(), 4);
}

#[test]
fn the_text_output_gives_each_reason_under_its_title() {
    let r = run(&["recommend", "--picks", FAMILY_PICKS, "-n", "3"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        6,
        "a title line and a reason line each:\n{}",
        r.stdout
    );
    assert!(lines[0].trim_start().starts_with("1. "), "{}", lines[0]);
    assert!(lines[1].starts_with("            ") && !lines[1].trim().is_empty());
    let r = run(&["similar", "--title", TOY_STORY, "-n", "2"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 4, "{}", r.stdout);
}

#[test]
fn bad_picks_are_a_usage_error_naming_picks() {
    for picks in ["bad", "ds1378:6", "ds1378:4.3", "ds1378:5,oops", ":5"] {
        let r = run(&["recommend", "--picks", picks]);
        assert_eq!(r.code, 2, "{picks}: {}", r.stderr);
        assert!(
            r.stderr.starts_with("error: ") && r.stderr.contains("`picks`"),
            "{picks}: {}",
            r.stderr
        );
        assert!(r.stderr.contains("half steps"), "{}", r.stderr);
    }
    let r = run(&["recommend", "--picks", "ds1378:5", "--user", "1"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not both"), "{}", r.stderr);
}

#[test]
fn similar_for_an_unknown_title_says_so() {
    let r = run(&["similar", "--title", "zz404"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("\"zz404\" is not in the catalog"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let r = run(&["similar"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("`id`"), "{}", r.stderr);
}

#[test]
fn a_missing_taste_folder_is_named() {
    let built = taste_built();
    for command in [
        vec!["recommend", "--picks", FAMILY_PICKS],
        vec!["similar", "--title", TOY_STORY],
    ] {
        let mut args = command.clone();
        args.extend(["--taste", "/nonexistent/taste", "--data", path(&built.data)]);
        let r = cartelera(&args);
        assert_eq!(r.code, 1, "{command:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("/nonexistent/taste/model.json"),
            "{command:?}: {}",
            r.stderr
        );
    }
}
