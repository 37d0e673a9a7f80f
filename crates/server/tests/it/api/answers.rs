//! Every route's body against the CLI's `--json` on the same data, and the
//! error classes.

use super::*;

/// The CLI's flag for an API parameter.
fn flag(param: &str) -> String {
    format!("--{}", param.replace('_', "-"))
}

/// `cartelera query NAME --param value … --json` on the fixture's data.
fn cli_query(name: &str, params: &[(&str, &str)]) -> cartelera_testkit::Run {
    let f = fixture();
    let mut args: Vec<String> = vec!["query".into(), name.into()];
    for (k, v) in params {
        args.push(flag(k));
        args.push(v.to_string());
    }
    args.extend(["--data".into(), path(&f.data).into(), "--json".into()]);
    cartelera(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// A route, its `(parameter, value)` pairs, and the parameter at fault.
type BadCase<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);

fn target(route: &str, params: &[(&str, &str)]) -> String {
    let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("/{route}?{}", query.join("&"))
}

#[test]
fn query_routes_answer_what_the_cli_prints() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("get_max_duration", &[]),
        (
            "get_max_duration",
            &[
                ("year", "2019"),
                ("platform", "hulu"),
                ("duration_type", "min"),
            ],
        ),
        (
            "get_max_duration",
            &[("platform", "Netflix"), ("duration_type", "season")],
        ),
        ("get_max_duration", &[("year", "1801")]),
        (
            "get_score_count",
            &[("platform", "netflix"), ("scored", "3.5"), ("year", "2020")],
        ),
        (
            "get_score_count",
            &[("platform", "amazon"), ("scored", "0"), ("year", "2015")],
        ),
        ("get_count_platform", &[("platform", "disney")]),
        ("get_count_platform", &[("platform", "HULU")]),
        ("get_actor", &[("platform", "amazon"), ("year", "2018")]),
        ("get_actor", &[("platform", "netflix"), ("year", "2020")]),
        ("get_actor", &[("platform", "disney"), ("year", "1801")]),
    ];
    let mut not_found = 0;
    for (route, params) in cases {
        let cli = cli_query(route, params);
        assert_eq!(cli.code, 0, "{route} {params:?}: {}", cli.stderr);
        let reply = get(&target(route, params));
        let expected = cli.stdout.trim_end();
        if expected == "null" {
            not_found += 1;
            assert_eq!(reply.status, 404, "{route} {params:?}");
            let body = reply.json();
            assert_eq!(body["error"], "no answer");
            assert!(
                body["detail"].as_str().unwrap().starts_with(route),
                "{body}"
            );
        } else {
            assert_eq!(reply.status, 200, "{route} {params:?}: {}", reply.text());
            assert_eq!(reply.text(), expected, "{route} {params:?}");
            assert_eq!(reply.header("content-type"), Some("application/json"));
        }
    }
    assert_eq!(not_found, 2, "both no-answer cases were seen");
}

#[test]
fn a_bad_parameter_is_a_400_with_the_clis_message() {
    let cases: &[BadCase] = &[
        ("get_max_duration", &[("year", "abc")], "year"),
        ("get_max_duration", &[("year", "3000")], "year"),
        ("get_max_duration", &[("platform", "hbo")], "platform"),
        (
            "get_max_duration",
            &[("duration_type", "hours")],
            "duration_type",
        ),
        (
            "get_score_count",
            &[("platform", "netflix"), ("year", "2020")],
            "scored",
        ),
        (
            "get_score_count",
            &[("platform", "netflix"), ("scored", "9"), ("year", "2020")],
            "scored",
        ),
        (
            "get_score_count",
            &[("scored", "3"), ("year", "2020")],
            "platform",
        ),
        ("get_count_platform", &[], "platform"),
        ("get_actor", &[("platform", "amazon")], "year"),
        (
            "get_actor",
            &[("platform", "amazon"), ("year", "2018.5")],
            "year",
        ),
    ];
    for (route, params, param) in cases {
        let cli = cli_query(route, params);
        assert_eq!(cli.code, 2, "{route} {params:?}");
        let reply = get(&target(route, params));
        assert_eq!(reply.status, 400, "{route} {params:?}");
        let body = reply.json();
        assert_eq!(body["error"], "bad parameter");
        let detail = body["detail"].as_str().unwrap();
        assert_eq!(Some(detail), cli.stderr.trim_end().strip_prefix("error: "));
        assert!(detail.contains(&format!("`{param}`")), "{detail}");
        assert!(detail.contains("expected"), "{detail}");
    }
    // Parameters the CLI has no flag for: unknown names, named with the accepted ones.
    let body = get("/get_count_platform?platform=disney&colour=red").json();
    assert_eq!(body["error"], "bad parameter");
    assert!(
        body["detail"].as_str().unwrap().contains("`colour`"),
        "{body}"
    );
    assert!(
        body["detail"].as_str().unwrap().contains("one of platform"),
        "{body}"
    );
}

/// `cartelera ARGS --model M --data D --json` on the fixture.
fn cli_model(args: &[&str]) -> String {
    let f = fixture();
    let mut all = args.to_vec();
    all.extend(["--model", path(&f.model), "--json"]);
    if args[0] == "recommend" {
        all.extend(["--data", path(&f.data)]);
    }
    let run = cartelera(&all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run.stdout.trim_end().to_string()
}

#[test]
fn predict_and_recommend_answer_what_the_cli_prints() {
    let mut known = 0;
    for (user, title) in [
        ("1", "ns2186"),
        ("7", "hs100"),
        ("nobody", "ns2186"),
        ("1", "zz9"),
        ("x", "y"),
    ] {
        let cli = cli_model(&["predict", "--user", user, "--title", title]);
        let reply = get(&format!("/predict?user={user}&title={title}"));
        assert_eq!(reply.status, 200);
        assert_eq!(reply.text(), cli, "predict {user} {title}");
        known +=
            usize::from(reply.json()["known_user"] == true && reply.json()["known_title"] == true);
    }
    assert!(
        known >= 1,
        "the personal path (no fallback) was compared too"
    );
    let cases: &[(&str, &[&str], &str)] = &[
        ("1", &[], ""),
        ("12", &["-n", "25"], "&n=25"),
        (
            "3",
            &["-n", "5", "--platform", "disney"],
            "&n=5&platform=Disney",
        ),
        ("nobody", &["-n", "3"], "&n=3"),
    ];
    for (user, flags, query) in cases {
        let mut args = vec!["recommend", "--user", user];
        args.extend_from_slice(flags);
        let cli = cli_model(&args);
        let reply = get(&format!("/recommend?user={user}{query}"));
        assert_eq!(reply.status, 200);
        assert_eq!(reply.text(), cli, "recommend {user} {flags:?}");
        assert!(
            reply.json()["items"][0]["title"].is_string(),
            "names from the catalog"
        );
    }
}

#[test]
fn predict_and_recommend_refuse_bad_parameters() {
    let cases = [
        ("/predict?title=ns1", "user"),
        ("/predict?user=1", "title"),
        ("/predict?user=1&title=ns1&n=3", "n"),
        ("/recommend?n=3", "user"),
        ("/recommend?user=1&n=0", "n"),
        ("/recommend?user=1&n=ten", "n"),
        ("/recommend?user=1&n=100000", "n"),
        ("/recommend?user=1&platform=hbo", "platform"),
    ];
    for (target, param) in cases {
        let reply = get(target);
        assert_eq!(reply.status, 400, "{target}");
        let body = reply.json();
        assert_eq!(body["error"], "bad parameter");
        let detail = body["detail"].as_str().unwrap();
        assert!(
            detail.contains(&format!("`{param}`")) && detail.contains("expected"),
            "{detail}"
        );
    }
}

#[test]
fn without_a_model_predict_and_recommend_say_so() {
    let bare = fixture().bare.local_addr();
    for target in ["/predict?user=1&title=ns1", "/recommend?user=1"] {
        let reply = send(bare, "GET", target, &[]);
        assert_eq!(reply.status, 503, "{target}");
        let body = reply.json();
        assert_eq!(body["error"], "no model");
        assert!(
            body["detail"].as_str().unwrap().contains("--model"),
            "{body}"
        );
    }
    let health = send(bare, "GET", "/health", &[]).json();
    assert_eq!(health["model"], false);
    // The queries still answer.
    assert_eq!(
        send(bare, "GET", "/get_count_platform?platform=hulu", &[]).status,
        200
    );
}

#[test]
fn health_reports_what_was_loaded() {
    let f = fixture();
    let catalog = cartelera::data::load_catalog(&f.data).unwrap();
    let body = get("/health").json();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["titles"], catalog.len());
    assert_eq!(body["model"], true);
}

#[test]
fn the_serve_command_stops_on_bad_data_naming_the_file() {
    let run = cartelera(&["serve", "--port", "0", "--data", "/nonexistent/build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("/nonexistent/build/titles.parquet"),
        "{}",
        run.stderr
    );
    let broken = tempfile::tempdir().unwrap();
    std::fs::write(broken.path().join("titles.parquet"), b"not parquet").unwrap();
    let run = cartelera(&["serve", "--port", "0", "--data", path(broken.path())]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("titles.parquet is not a valid titles table"),
        "{}",
        run.stderr
    );
    let f = fixture();
    let run = cartelera(&[
        "serve",
        "--port",
        "0",
        "--data",
        path(&f.data),
        "--model",
        "/nonexistent/model",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("/nonexistent/model/model.json"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_route_and_parameter_is_in_the_openapi_document() {
    let doc = get("/openapi.json").json();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().unwrap();
    let mut expected: Vec<(&str, Vec<&str>)> = QueryKind::ALL
        .iter()
        .map(|k| (k.name(), k.params().to_vec()))
        .collect();
    expected.push(("predict", PredictRequest::PARAMS.to_vec()));
    // One route, two forms: a user's (`user`) or a visitor's (`picks`, `seen`).
    let mut recommend = RecommendRequest::PARAMS.to_vec();
    recommend.insert(1, "picks");
    recommend.insert(2, "seen");
    assert_eq!(&recommend[1..], VisitorRequest::PARAMS);
    expected.push(("recommend", recommend));
    expected.push(("similar", SimilarRequest::PARAMS.to_vec()));
    expected.push(("health", vec![]));
    for (route, params) in &expected {
        let op = &paths[&format!("/{route}")]["get"];
        let documented: Vec<&str> = op["parameters"].as_array().map_or_else(Vec::new, |ps| {
            ps.iter().map(|p| p["name"].as_str().unwrap()).collect()
        });
        assert_eq!(&documented, params, "{route}");
        assert!(op["responses"]["200"].is_object(), "{route}");
    }
    // The history routes take the export as the body; their query is
    // `file` and the history request's parameters.
    let mut history: Vec<&str> = vec!["file"];
    history.extend(cartelera_history::HistoryRequest::PARAMS);
    let posted: [(&str, Vec<&str>); 3] = [
        ("history", vec!["file"]),
        ("recommend/history", history),
        ("platform-fit", vec!["file", "choose"]),
    ];
    for (route, params) in &posted {
        let op = &paths[&format!("/{route}")]["post"];
        let documented: Vec<&str> = op["parameters"].as_array().map_or_else(Vec::new, |ps| {
            ps.iter().map(|p| p["name"].as_str().unwrap()).collect()
        });
        assert_eq!(&documented, params, "{route}");
        assert!(op["requestBody"].is_object(), "{route}");
    }
    assert_eq!(paths.len(), expected.len() + posted.len());
}

/// The property names of a schema, following `$ref`s into components.
fn properties<'a>(doc: &'a Value, schema: &'a Value) -> Vec<&'a str> {
    let schema = component(doc, schema);
    let mut names: Vec<&str> = schema["properties"]
        .as_object()
        .map_or_else(Vec::new, |p| p.keys().map(String::as_str).collect());
    names.sort_unstable();
    names
}

#[test]
fn the_documented_bodies_are_the_real_ones() {
    let doc = get("/openapi.json").json();
    let targets = [
        "/get_max_duration?year=2019",
        "/get_score_count?platform=netflix&scored=3&year=2020",
        "/get_count_platform?platform=disney",
        "/get_actor?platform=amazon&year=2018",
        "/predict?user=1&title=ns2186",
        "/recommend?user=1&n=2",
        "/recommend?picks=ds1378:5,ns1284:1&n=2",
        "/similar?id=ds1378&n=2",
        "/similar?id=zz404",
        "/health",
        "/get_actor?platform=hbo&year=2018",
    ];
    for target in targets {
        let reply = get(target);
        let route = target.split('?').next().unwrap();
        let status = reply.status.to_string();
        let schema = &doc["paths"][route]["get"]["responses"][&status]["content"]
            ["application/json"]["schema"];
        let body = reply.json();
        let mut keys: Vec<&str> = body
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, properties(&doc, schema), "{target} ({status})");
        // A listed title's fields are documented too (`also_on` and `why`
        // only where the taste model answers).
        let Some(items) = body["items"].as_array() else {
            continue;
        };
        let item_schema = &component(&doc, schema)["properties"]["items"]["items"];
        let documented = properties(&doc, item_schema);
        for item in items {
            for key in item.as_object().unwrap().keys() {
                assert!(documented.contains(&key.as_str()), "{target}: {key}");
            }
            if let Some(why) = item.get("why") {
                let why_schema = &component(&doc, item_schema)["properties"]["why"];
                let mut keys: Vec<&str> = why
                    .as_object()
                    .unwrap()
                    .keys()
                    .map(String::as_str)
                    .collect();
                keys.sort_unstable();
                assert_eq!(keys, properties(&doc, why_schema), "{target}: why");
            }
        }
    }
}

/// A schema, following a `$ref` into components.
fn component<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => &doc["components"]["schemas"][r.rsplit('/').next().unwrap()],
        None => schema,
    }
}
