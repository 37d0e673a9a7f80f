//! The taste model's routes: a visitor's `/recommend?picks=` and
//! `/similar`, on the model `cartelera taste` trained on the real MovieLens
//! ratings, composed over the real catalog. Issue 12's visitors get titles
//! of their kind, the bodies are the CLI's, errors name what is wrong.

use cartelera_testkit::{
    of_kind, FAMILY_GENRES, FAMILY_PICKS, HORROR_GENRES, HORROR_PICKS, TOY_STORY,
};

use super::*;

/// `cartelera ARGS --taste T --data D --json` on the fixture.
fn cli_taste(args: &[&str]) -> cartelera_testkit::Run {
    let f = fixture();
    let mut all = args.to_vec();
    all.extend(["--taste", path(&f.taste), "--data", path(&f.data), "--json"]);
    cartelera(&all)
}

/// The listed ids of an answer, best first.
fn ids(body: &Value) -> Vec<&str> {
    body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().expect("an id"))
        .collect()
}

/// `GET target`, which must answer 200 with what the CLI prints for `args`;
/// the body.
fn same_as_cli(target: &str, args: &[&str]) -> Value {
    let reply = get(target);
    assert_eq!(reply.status, 200, "{target}: {}", reply.text());
    let cli = cli_taste(args);
    assert_eq!(cli.code, 0, "{args:?}: {}", cli.stderr);
    assert_eq!(reply.text(), cli.stdout.trim_end(), "{target} vs {args:?}");
    reply.json()
}

/// Every listed title says why in words, and no work is listed twice.
fn each_says_why(body: &Value) {
    for item in body["items"].as_array().unwrap() {
        let text = item["why"]["text"].as_str().unwrap_or_default();
        assert!(!text.trim().is_empty(), "no reason: {item}");
    }
    let ids = ids(body);
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "an id twice: {ids:?}");
}

#[test]
fn a_family_visitor_gets_mostly_family_titles() {
    let body = same_as_cli(
        &format!("/recommend?picks={FAMILY_PICKS}"),
        &["recommend", "--picks", FAMILY_PICKS],
    );
    assert_eq!(body["user"], "visitor");
    assert_eq!(body["fallback"], Value::Null, "{body}");
    let ids = ids(&body);
    assert_eq!(ids.len(), RecommendRequest::DEFAULT_N, "n defaults to 10");
    let (family, report) = of_kind(&ids, FAMILY_GENRES);
    assert!(family >= 6, "{family} of 10 animation/family/kids:{report}");
    // The visitor's own picks are never recommended back.
    for pick in FAMILY_PICKS.split(',') {
        let id = pick.split(':').next().unwrap();
        assert!(!ids.contains(&id), "{id} recommended back: {ids:?}");
    }
    each_says_why(&body);
}

#[test]
fn a_horror_fan_gets_mostly_horror_and_thrillers() {
    let body = same_as_cli(
        &format!("/recommend?picks={HORROR_PICKS}&n=10"),
        &["recommend", "--picks", HORROR_PICKS, "-n", "10"],
    );
    let ids = ids(&body);
    assert_eq!(ids.len(), 10);
    let (horror, report) = of_kind(&ids, HORROR_GENRES);
    assert!(horror >= 6, "{horror} of 10 horror/thriller:{report}");
    each_says_why(&body);
}

#[test]
fn similar_to_toy_story_is_mostly_animation() {
    let body = same_as_cli(
        &format!("/similar?id={TOY_STORY}"),
        &["similar", "--title", TOY_STORY],
    );
    assert_eq!(body["title"], TOY_STORY);
    let ids = ids(&body);
    assert_eq!(ids.len(), 10, "n defaults to 10");
    assert!(!ids.contains(&TOY_STORY), "{ids:?}");
    let (animation, report) = of_kind(&ids, &["animation"]);
    assert!(animation >= 6, "{animation} of 10 animation:{report}");
    each_says_why(&body);
}

#[test]
fn the_visitors_filters_and_n_are_the_users() {
    let body = same_as_cli(
        &format!("/recommend?picks={FAMILY_PICKS}&n=5&platform=Netflix&type=movie"),
        &[
            "recommend",
            "--picks",
            FAMILY_PICKS,
            "-n",
            "5",
            "--platform",
            "Netflix",
            "--type",
            "movie",
        ],
    );
    let listed = ids(&body);
    assert_eq!(listed.len(), 5);
    assert!(listed.iter().all(|id| id.starts_with("ns")), "{listed:?}");
    assert_eq!(body["platform"], "netflix");
    // Seen titles: the same list without them, as the CLI's `--seen`.
    let first = same_as_cli(
        &format!("/recommend?picks={FAMILY_PICKS}&n=3"),
        &["recommend", "--picks", FAMILY_PICKS, "-n", "3"],
    );
    let seen = ids(&first)[0].to_string();
    let body = same_as_cli(
        &format!("/recommend?picks={FAMILY_PICKS}&n=3&seen={seen}"),
        &[
            "recommend",
            "--picks",
            FAMILY_PICKS,
            "-n",
            "3",
            "--seen",
            &seen,
        ],
    );
    assert_eq!(ids(&body)[..2], ids(&first)[1..], "seen {seen}");
    let body = same_as_cli(
        &format!("/similar?id={TOY_STORY}&n=3"),
        &["similar", "--title", TOY_STORY, "-n", "3"],
    );
    assert_eq!(ids(&body).len(), 3);
}

#[test]
fn picks_the_model_does_not_know_fall_back_and_say_so() {
    let body = same_as_cli(
        "/recommend?picks=zz1:5,zz2:3&n=4",
        &["recommend", "--picks", "zz1:5,zz2:3", "-n", "4"],
    );
    assert!(body["fallback"].is_string(), "{body}");
    assert_eq!(ids(&body).len(), 4);
}

#[test]
fn bad_taste_requests_are_400s_naming_the_parameter() {
    let cases = [
        ("/recommend?picks=bad", "picks"),
        ("/recommend?picks=ds1378:6", "picks"),
        ("/recommend?picks=ds1378:4.3", "picks"),
        ("/recommend?picks=ds1378:5,oops", "picks"),
        ("/recommend?picks=ds1378:5&user=1", "picks"),
        ("/recommend?picks=ds1378:5&n=0", "n"),
        ("/recommend?picks=ds1378:5&platform=hbo", "platform"),
        ("/recommend?picks=ds1378:5&seen=ds1:4", "seen"),
        ("/recommend?user=1&seen=ds1", "seen"),
        ("/similar", "id"),
        ("/similar?id=", "id"),
        ("/similar?id=ds1378&n=1001", "n"),
        ("/similar?id=ds1378&user=1", "user"),
    ];
    for (target, param) in cases {
        let reply = get(target);
        assert_eq!(reply.status, 400, "{target}: {}", reply.text());
        let body = reply.json();
        assert_eq!(body["error"], "bad parameter", "{target}");
        let detail = body["detail"].as_str().unwrap();
        assert!(detail.contains(&format!("`{param}`")), "{target}: {detail}");
    }
    let both = get("/recommend?picks=ds1378:5&user=1").json();
    assert!(
        both["detail"].as_str().unwrap().contains("not both"),
        "{both}"
    );
    let unknown = get("/similar?id=ds1378&user=1").json();
    assert!(
        unknown["detail"]
            .as_str()
            .unwrap()
            .contains(&SimilarRequest::PARAMS.join(", ")),
        "{unknown}"
    );
}

#[test]
fn similar_for_an_unknown_title_is_a_404_naming_it() {
    let reply = get("/similar?id=zz404");
    assert_eq!(reply.status, 404, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["error"], "no answer");
    let detail = body["detail"].as_str().unwrap();
    assert!(
        detail.starts_with("similar: ") && detail.contains("\"zz404\""),
        "{detail}"
    );
    // The CLI says the same (exit 1, not a usage error).
    let cli = cli_taste(&["similar", "--title", "zz404"]);
    assert_eq!(cli.code, 1, "{}", cli.stderr);
    assert!(
        cli.stderr
            .contains(detail.strip_prefix("similar: ").unwrap()),
        "{}",
        cli.stderr
    );
}

#[test]
fn without_a_taste_model_its_routes_say_which_folder_and_command() {
    let f = fixture();
    let bare = f.bare.local_addr();
    for target in [
        format!("/recommend?picks={FAMILY_PICKS}"),
        format!("/similar?id={TOY_STORY}"),
    ] {
        let reply = send(bare, "GET", &target, &[]);
        assert_eq!(reply.status, 503, "{target}");
        let body = reply.json();
        assert_eq!(body["error"], "no taste model");
        let detail = body["detail"].as_str().unwrap();
        assert!(
            detail.contains(path(&f.no_taste)) && detail.contains("`cartelera taste"),
            "{detail}"
        );
    }
    // A bad request is still a 400, and a user's recommendation still needs
    // the other model.
    assert_eq!(send(bare, "GET", "/recommend?picks=bad", &[]).status, 400);
    let reply = send(bare, "GET", "/recommend?user=1", &[]);
    assert_eq!(reply.json()["error"], "no model");
    let health = send(bare, "GET", "/health", &[]).json();
    assert_eq!(health["taste"], false);
    assert_eq!(get("/health").json()["taste"], true);
}

#[test]
fn the_serve_command_names_a_taste_folder_that_does_not_load() {
    let f = fixture();
    let run = cartelera(&[
        "serve",
        "--port",
        "0",
        "--data",
        path(&f.data),
        "--model",
        path(&f.model),
        "--taste",
        "/nonexistent/taste",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("/nonexistent/taste/model.json"),
        "{}",
        run.stderr
    );
    // A ratings model is not a taste model, and the message says so.
    let run = cartelera(&[
        "serve",
        "--port",
        "0",
        "--data",
        path(&f.data),
        "--taste",
        path(&f.model),
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(path(&f.model)) && run.stderr.contains("not a taste model"),
        "{}",
        run.stderr
    );
}
