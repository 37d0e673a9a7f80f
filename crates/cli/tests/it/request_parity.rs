//! One request, three front ends: the same good and bad `predict` and
//! `recommend` parameter sets go through the CLI (`cartelera::cli::run`,
//! in process), the HTTP API (the server on a loopback port) and the
//! page's parser (`cartelera_web::route::Route`, answered by the
//! recommender as the page answers), and every front end must give the
//! same JSON body or the same error message. A visitor's
//! `recommend?picks=` and `similar?id=` (the taste model, trained on the
//! real files) go through the CLI and the API.
//
// TODO(issue 12 item 5): run the taste tables through the page too once
// `Route::visitor_request` and `Route::similar_request` exist in src/route.rs.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use cartelera_core::{Catalog, Platform, Title, TitleType};
use cartelera_recommender::{RecommendRequest, Recommender};
use cartelera_server::{Limits, RunningServer, ServerConfig, Taste};
use cartelera_store::factors::{EncodeOptions, FactorModel};
use cartelera_web::route::Route;
use tempfile::TempDir;

/// What a front end answered: the JSON body, or the parameter error's
/// message (exit status 2 for the CLI, 400 for the API).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Answer(String),
    Refused(String),
    /// A valid request with no answer (the CLI's exit status 1, the API's
    /// 404): the message.
    NotFound(String),
}

struct Fixture {
    _dir: TempDir,
    data: PathBuf,
    model: PathBuf,
    catalog: Catalog,
    recommender: Recommender,
    _runtime: tokio::runtime::Runtime,
    server: RunningServer,
}

/// A title of `platform` (from the id's initial) with a kind and genres.
fn title(id: &str, kind: TitleType, genres: &str) -> Title {
    Title {
        id: id.to_string(),
        show_id: id[1..].to_string(),
        platform: Platform::from_id(id).expect("ids start with a platform initial"),
        kind,
        title: format!("title {id}"),
        director: None,
        cast: None,
        country: None,
        date_added: None,
        release_year: 2020,
        rating: "g".to_string(),
        duration_int: None,
        duration_type: None,
        listed_in: Some(genres.to_string()),
        description: None,
        score: Some(3.0),
        score_count: 1,
        display: Default::default(),
        work_id: String::new(),
    }
}

/// Twelve titles over the four platforms, both kinds, two genres; three
/// users with made-up factors (k = 2), user 1 having rated the first title.
fn catalog_and_model() -> (Vec<Title>, FactorModel) {
    let (movie, show) = (TitleType::Movie, TitleType::TvShow);
    let titles = vec![
        title("ns1", movie, "dramas"),
        title("ns2", show, "comedies"),
        title("ns3", movie, "comedies, dramas"),
        title("as1", movie, "dramas"),
        title("as2", show, "dramas"),
        title("as3", movie, "comedies"),
        title("ds1", show, "comedies"),
        title("ds2", movie, "dramas"),
        title("ds3", movie, "comedies"),
        title("hs1", show, "dramas"),
        title("hs2", movie, "comedies"),
        title("hs3", show, "comedies, dramas"),
    ];
    let n = titles.len();
    let wave = |i: usize, f: f32| ((i as f32 + 1.0) * f).sin() * 0.5;
    let model = FactorModel {
        mu: 3.5,
        k: 2,
        rating_min: 0.5,
        rating_max: 5.0,
        biased: true,
        item_ids: titles.iter().map(|t| t.id.clone()).collect(),
        item_bias: (0..n).map(|i| wave(i, 0.7) * 0.4).collect(),
        item_factors: (0..2 * n).map(|i| wave(i, 1.3)).collect(),
        item_counts: vec![1; n],
        user_ids: vec!["1".into(), "2".into(), "3".into()],
        user_bias: vec![0.1, -0.2, 0.05],
        user_factors: (0..6).map(|i| wave(i, 2.1)).collect(),
        user_counts: vec![1, 1, 1],
        user_history: vec![vec![(0, 8)], vec![(4, 6)], vec![(11, 9)]],
        card: serde_json::json!({"source": "request_parity test"}),
        taste: None,
    };
    (titles, model)
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let (data, model) = (dir.path().join("data"), dir.path().join("model"));
        std::fs::create_dir_all(&data).unwrap();
        let (titles, factors) = catalog_and_model();
        let file = std::fs::File::create(data.join("titles.parquet")).unwrap();
        cartelera_store::titles::write(&titles, file).unwrap();
        cartelera::model_io::factor_file::write_model(&model, &factors, &EncodeOptions::default())
            .unwrap();
        // Loaded as `cartelera serve` loads them.
        let catalog = cartelera::data::load_catalog(&data).unwrap();
        let recommender =
            Recommender::new(cartelera::model_io::factor_file::load_model(&model).unwrap());
        // The taste model on the real files, composed over the real catalog
        // as `cartelera recommend --picks` and `similar` compose it.
        let built = cartelera_testkit::taste_built();
        let taste =
            cartelera::model_io::factor_file::load_taste(&built.taste, &built.data).unwrap();
        let config = ServerConfig {
            addr: "127.0.0.1:0".parse().unwrap(),
            catalog: Arc::new(catalog.clone()),
            recommender: Some(Arc::new(recommender.clone())),
            taste: Taste::Loaded(Arc::new(taste)),
            dist: None,
            limits: Limits::default(),
            access_log: None,
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let server = runtime.block_on(cartelera_server::bind(config)).unwrap();
        Fixture {
            _dir: dir,
            data,
            model,
            catalog,
            recommender,
            _runtime: runtime,
            server,
        }
    })
}

fn path(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

/// Whether the taste model answers: a visitor's picks, or similar titles.
fn wants_taste(command: &str, pairs: &[(&str, &str)]) -> bool {
    command == "similar" || pairs.iter().any(|(k, _)| *k == "picks")
}

/// The CLI: each pair becomes its flag (`--user=1`, `--type=movie`;
/// `similar`'s `id` is `--title`).
fn via_cli(command: &str, pairs: &[(&str, &str)]) -> Outcome {
    let f = fixture();
    let mut args = vec!["cartelera", command, "--json"];
    if wants_taste(command, pairs) {
        let built = cartelera_testkit::taste_built();
        args.extend(["--taste", path(&built.taste), "--data", path(&built.data)]);
    } else {
        args.extend(["--model", path(&f.model)]);
        if command == "recommend" {
            args.extend(["--data", path(&f.data)]);
        }
    }
    // `--n=-1`, not `--n -1`, so that clap takes a value starting with `-`.
    let flags: Vec<String> = pairs
        .iter()
        .map(|(k, v)| match (command, *k) {
            ("similar", "id") => format!("--title={v}"),
            _ => format!("--{k}={v}"),
        })
        .collect();
    args.extend(flags.iter().map(String::as_str));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cartelera::cli::run(args.iter().copied(), &mut out, &mut err);
    let (out, err) = (
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    );
    match code {
        0 => Outcome::Answer(out.trim_end().to_string()),
        1 | 2 => {
            let message = err
                .trim_end()
                .strip_prefix("error: ")
                .unwrap_or_else(|| panic!("{args:?}: not one error line: {err}"))
                .to_string();
            match code {
                2 => Outcome::Refused(message),
                _ => Outcome::NotFound(message),
            }
        }
        _ => panic!("{args:?}: exit {code}: {err}"),
    }
}

/// Percent-encodes a query-string component (every byte but unreserved).
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn query_string(pairs: &[(&str, &str)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    parts.join("&")
}

/// The API: `GET /{command}?{pairs}` over a real connection.
fn via_api(command: &str, pairs: &[(&str, &str)]) -> Outcome {
    let target = format!("/{command}?{}", query_string(pairs));
    let mut stream = TcpStream::connect(fixture().server.local_addr()).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let (head, body) = reply.split_once("\r\n\r\n").expect("a head and a body");
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    match status {
        200 => Outcome::Answer(body.to_string()),
        400 => {
            let body: serde_json::Value = serde_json::from_str(body).unwrap();
            assert_eq!(body["error"], "bad parameter", "{target}");
            Outcome::Refused(body["detail"].as_str().unwrap().to_string())
        }
        404 => {
            let body: serde_json::Value = serde_json::from_str(body).unwrap();
            assert_eq!(body["error"], "no answer", "{target}");
            let detail = body["detail"].as_str().unwrap();
            // The API's detail names the route first, as the queries' do.
            let prefix = format!("{command}: ");
            Outcome::NotFound(detail.strip_prefix(&prefix).unwrap_or(detail).to_string())
        }
        _ => panic!("{target}: status {status}: {body}"),
    }
}

/// The page: its address parsed by `Route`, answered by the recommender
/// with the catalog, as the recommend and predict views do.
fn via_page(command: &str, pairs: &[(&str, &str)]) -> Outcome {
    let f = fixture();
    let route = Route::parse(&format!("?view={command}&{}", query_string(pairs)));
    let answer = match command {
        "predict" => route
            .predict_request()
            .map(|r| serde_json::to_string(&f.recommender.predict(&r.user, &r.title))),
        _ => route.recommend_request().map(|r| {
            let answer = f
                .recommender
                .recommend(&r.user, r.n, &r.filter, Some(&f.catalog));
            serde_json::to_string(&answer)
        }),
    };
    match answer {
        Ok(json) => Outcome::Answer(json.unwrap()),
        Err(e) => Outcome::Refused(e.to_string()),
    }
}

/// A request's `(parameter, value)` pairs.
type Pairs = &'static [(&'static str, &'static str)];

/// Good requests: answered, the same body everywhere; `items` is how many
/// titles the recommendation must list (`None` for a prediction).
const GOOD: &[(&str, Pairs, Option<usize>)] = &[
    ("predict", &[("user", "1"), ("title", "ns2")], None),
    ("predict", &[("user", " 2 "), ("title", "hs3")], None),
    ("predict", &[("user", "nobody"), ("title", "ns2")], None),
    ("recommend", &[("user", "1")], Some(10)),
    ("recommend", &[("user", "2"), ("n", "3")], Some(3)),
    ("recommend", &[("user", "3"), ("n", "1000")], Some(11)),
    (
        "recommend",
        &[("user", "1"), ("platform", "Netflix")],
        Some(2),
    ),
    ("recommend", &[("user", "1"), ("platform", "")], Some(10)),
    ("recommend", &[("user", "2"), ("type", "tv show")], Some(4)),
    ("recommend", &[("user", "2"), ("genre", "Dramas")], Some(6)),
    (
        "recommend",
        &[("user", "3"), ("type", "movie"), ("genre", "comedies")],
        Some(4),
    ),
    ("recommend", &[("user", "nobody"), ("n", "2")], Some(2)),
];

/// Bad requests: refused everywhere with the same message, which names
/// this parameter (as written in the message, between backquotes).
const BAD: &[(&str, Pairs, &str)] = &[
    ("predict", &[("title", "ns1")], "user"),
    ("predict", &[("user", ""), ("title", "ns1")], "user"),
    ("predict", &[("user", "  "), ("title", "ns1")], "user"),
    ("predict", &[("user", "1"), ("title", "")], "title"),
    ("recommend", &[], "user"),
    ("recommend", &[("user", "")], "user"),
    ("recommend", &[("user", "1"), ("n", "0")], "n"),
    ("recommend", &[("user", "1"), ("n", "1001")], "n"),
    ("recommend", &[("user", "1"), ("n", "-1")], "n"),
    ("recommend", &[("user", "1"), ("n", "2.5")], "n"),
    ("recommend", &[("user", "1"), ("n", "ten")], "n"),
    (
        "recommend",
        &[("user", "1"), ("platform", "hbo")],
        "platform",
    ),
    ("recommend", &[("user", "1"), ("type", "film")], "type"),
];

/// Parameters a command does not take: the API and the page refuse them
/// with the parser's message naming the accepted ones; the CLI has no such
/// flag, so clap refuses it, also as a usage error (status 2) naming it.
const UNKNOWN: &[(&str, Pairs, &str)] = &[
    (
        "predict",
        &[("user", "1"), ("title", "ns1"), ("n", "3")],
        "n",
    ),
    ("recommend", &[("user", "1"), ("year", "2019")], "year"),
    ("recommend", &[("user", "1"), ("title", "ns1")], "title"),
];

#[test]
fn good_requests_get_the_same_answer_everywhere() {
    for &(command, pairs, items) in GOOD {
        let cli = via_cli(command, pairs);
        let Outcome::Answer(body) = &cli else {
            panic!("{command} {pairs:?}: refused: {cli:?}");
        };
        assert_eq!(via_api(command, pairs), cli, "API, {command} {pairs:?}");
        assert_eq!(via_page(command, pairs), cli, "page, {command} {pairs:?}");
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        match items {
            None => assert!(body["prediction"].is_number(), "{body}"),
            Some(n) => assert_eq!(
                body["items"].as_array().map(Vec::len),
                Some(n),
                "{command} {pairs:?}: {body}"
            ),
        }
    }
}

#[test]
fn bad_requests_get_the_same_error_everywhere() {
    for &(command, pairs, param) in BAD {
        let cli = via_cli(command, pairs);
        let Outcome::Refused(message) = &cli else {
            panic!("{command} {pairs:?}: answered: {cli:?}");
        };
        assert!(
            message.contains(&format!("`{param}`")) && message.contains("expected"),
            "{command} {pairs:?}: {message}"
        );
        assert_eq!(via_api(command, pairs), cli, "API, {command} {pairs:?}");
        assert_eq!(via_page(command, pairs), cli, "page, {command} {pairs:?}");
    }
}

#[test]
fn unknown_parameters_are_refused_everywhere() {
    for &(command, pairs, name) in UNKNOWN {
        let api = via_api(command, pairs);
        let Outcome::Refused(message) = &api else {
            panic!("{command} {pairs:?}: answered: {api:?}");
        };
        assert!(
            message.starts_with(&format!("unknown parameter `{name}`: expected one of user"))
                && message.ends_with(&format!("(for {command})")),
            "{command} {pairs:?}: {message}"
        );
        assert_eq!(via_page(command, pairs), api, "page, {command} {pairs:?}");
        match via_cli(command, pairs) {
            Outcome::Refused(usage) => assert!(
                usage.contains(&format!("'--{name}'")),
                "{command} {pairs:?}: {usage}"
            ),
            answer => panic!("CLI, {command} {pairs:?}: answered: {answer:?}"),
        }
    }
}

#[test]
fn filters_keep_only_what_they_name() {
    let Outcome::Answer(body) = via_cli(
        "recommend",
        &[("user", "3"), ("type", "tv show"), ("genre", "dramas")],
    ) else {
        panic!("refused");
    };
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    let ids: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    // The dramas among the shows, less hs3 (user 3 rated it).
    assert_eq!(sorted, ["as2", "hs1"], "{body}");
}

/// A visitor's picks and similar titles, answered: the same body from the
/// CLI and the API; `items` is how many titles are listed.
const TASTE_GOOD: &[(&str, Pairs, usize)] = &[
    (
        "recommend",
        &[("picks", "ds1378:5,ds890:5,ns1284:1")],
        RecommendRequest::DEFAULT_N,
    ),
    (
        "recommend",
        &[("picks", " ds1378:5 , ns1284:1 "), ("n", "3")],
        3,
    ),
    (
        "recommend",
        &[("picks", "ds1378:4.5,ds890:2"), ("user", "")],
        10,
    ),
    (
        "recommend",
        &[
            ("picks", "ds1378:5,ns1284:1"),
            ("platform", "Hulu"),
            ("type", "movie"),
        ],
        10,
    ),
    (
        "recommend",
        &[
            ("picks", "ds1378:5,ns1284:1"),
            ("genre", "Horror"),
            ("n", "2"),
        ],
        2,
    ),
    // Picks the model does not know: popular titles, said in `fallback`.
    ("recommend", &[("picks", "zz1:5"), ("n", "4")], 4),
    // The last of a title's ratings wins, so these are all equal: fallback.
    (
        "recommend",
        &[("picks", "ds1378:1,ds890:5,ds1378:5"), ("n", "2")],
        2,
    ),
    ("similar", &[("id", "ds1378")], RecommendRequest::DEFAULT_N),
    ("similar", &[("id", " ns1284 "), ("n", "2")], 2),
    ("similar", &[("id", "hs1"), ("n", "1000")], 1000),
];

/// A visitor's picks and similar titles, refused with the same message
/// naming this parameter.
const TASTE_BAD: &[(&str, Pairs, &str)] = &[
    ("recommend", &[("picks", "bad")], "picks"),
    ("recommend", &[("picks", "ds1378:6")], "picks"),
    ("recommend", &[("picks", "ds1378:4.3")], "picks"),
    ("recommend", &[("picks", "ds1378:0")], "picks"),
    ("recommend", &[("picks", ":5")], "picks"),
    ("recommend", &[("picks", "ds1378:5,oops")], "picks"),
    ("recommend", &[("picks", ",")], "picks"),
    (
        "recommend",
        &[("picks", "ds1378:5"), ("user", "1")],
        "picks",
    ),
    ("recommend", &[("picks", "ds1378:5"), ("n", "0")], "n"),
    ("recommend", &[("picks", "ds1378:5"), ("n", "1001")], "n"),
    (
        "recommend",
        &[("picks", "ds1378:5"), ("platform", "hbo")],
        "platform",
    ),
    (
        "recommend",
        &[("picks", "ds1378:5"), ("type", "film")],
        "type",
    ),
    ("similar", &[], "id"),
    ("similar", &[("id", "")], "id"),
    ("similar", &[("id", "ds1378"), ("n", "0")], "n"),
    ("similar", &[("id", "ds1378"), ("n", "ten")], "n"),
];

#[test]
fn a_visitors_picks_and_similar_titles_get_the_same_answer_from_cli_and_api() {
    for &(command, pairs, items) in TASTE_GOOD {
        let cli = via_cli(command, pairs);
        let Outcome::Answer(body) = &cli else {
            panic!("{command} {pairs:?}: not answered: {cli:?}");
        };
        assert_eq!(via_api(command, pairs), cli, "API, {command} {pairs:?}");
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(
            body["items"].as_array().map(Vec::len),
            Some(items),
            "{command} {pairs:?}: {body}"
        );
    }
}

#[test]
fn bad_picks_and_similar_requests_get_the_same_error_from_cli_and_api() {
    for &(command, pairs, param) in TASTE_BAD {
        let cli = via_cli(command, pairs);
        let Outcome::Refused(message) = &cli else {
            panic!("{command} {pairs:?}: not refused: {cli:?}");
        };
        assert!(
            message.contains(&format!("`{param}`")) && message.contains("expected"),
            "{command} {pairs:?}: {message}"
        );
        assert_eq!(via_api(command, pairs), cli, "API, {command} {pairs:?}");
    }
    // A title the model does not have: not a bad request, but no answer,
    // with the same message.
    let pairs: Pairs = &[("id", "zz404")];
    let cli = via_cli("similar", pairs);
    let Outcome::NotFound(message) = &cli else {
        panic!("similar {pairs:?}: {cli:?}");
    };
    assert!(message.contains("\"zz404\""), "{message}");
    assert_eq!(via_api("similar", pairs), cli);
}

#[test]
fn parameters_the_taste_requests_do_not_take_are_refused() {
    let cases: &[(&str, Pairs, &str, &str)] = &[
        (
            "recommend",
            &[("picks", "ds1378:5"), ("year", "2019")],
            "year",
            "one of picks, seen, n, platform, type, genre (for recommend)",
        ),
        (
            "similar",
            &[("id", "ds1378"), ("user", "1")],
            "user",
            "one of id, n (for similar)",
        ),
        (
            "similar",
            &[("id", "ds1378"), ("platform", "netflix")],
            "platform",
            "one of id, n (for similar)",
        ),
    ];
    for &(command, pairs, name, accepted) in cases {
        let api = via_api(command, pairs);
        assert_eq!(
            api,
            Outcome::Refused(format!("unknown parameter `{name}`: expected {accepted}")),
            "{command} {pairs:?}"
        );
        match via_cli(command, pairs) {
            Outcome::Refused(usage) => assert!(
                usage.contains(&format!("'--{name}'")),
                "{command} {pairs:?}: {usage}"
            ),
            answer => panic!("CLI, {command} {pairs:?}: {answer:?}"),
        }
    }
}
