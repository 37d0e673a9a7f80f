//! The history routes: an export as the request body, answered as the
//! CLI's `recommend --history`, `platform-fit` and `history` answer the
//! same file (byte-identical JSON), bad files named, a body past the
//! history bound refused.

use super::*;

/// The CLI's fixture exports (`crates/cli/tests/fixtures/history`).
fn export(name: &str) -> std::path::PathBuf {
    cartelera_testkit::repo_root()
        .join("crates/cli/tests/fixtures/history")
        .join(name)
}

/// `POST target` with `body`.
fn post(target: &str, body: &[u8]) -> Reply {
    let addr = fixture().full.local_addr();
    let mut stream = TcpStream::connect(addr).expect("connect");
    let head = format!(
        "POST {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: text/csv\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).expect("send");
    // A refused body (413) is answered before it is all sent, and the
    // connection closed: the rest of the write may fail, the answer is there.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let read = stream.read_to_end(&mut raw);
    assert!(read.is_ok() || !raw.is_empty(), "no answer: {read:?}");
    parse_reply(&raw)
}

/// `cartelera ARGS --taste T --data D --json`.
fn cli_json(args: &[&str]) -> String {
    let f = fixture();
    let mut all = args.to_vec();
    all.extend(["--taste", path(&f.taste), "--data", path(&f.data), "--json"]);
    let run = cartelera(&all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run.stdout.trim_end().to_string()
}

#[test]
fn an_export_gets_the_clis_answers() {
    for (name, choose) in [
        ("letterboxd_ratings.csv", ""),
        ("NetflixViewingHistory.csv", "2:ns5319"),
    ] {
        let file = export(name);
        let bytes = std::fs::read(&file).unwrap();
        let shown = file.display().to_string();
        let query = format!("file={}&choose={choose}", shown.replace('/', "%2F"));
        let mut args = vec!["--history", shown.as_str()];
        if !choose.is_empty() {
            args.extend(["--choose", choose]);
        }
        let reply = post(&format!("/recommend/history?{query}"), &bytes);
        assert_eq!(reply.status, 200, "{name}: {}", reply.text());
        let mut recommend = vec!["recommend"];
        recommend.extend(&args);
        assert_eq!(reply.text(), cli_json(&recommend), "{name}: recommend");
        let reply = post(&format!("/platform-fit?{query}"), &bytes);
        assert_eq!(reply.status, 200, "{name}: {}", reply.text());
        let mut fit = vec!["platform-fit"];
        fit.extend(&args);
        assert_eq!(reply.text(), cli_json(&fit), "{name}: platform-fit");
        let reply = post(
            &format!("/history?file={}", shown.replace('/', "%2F")),
            &bytes,
        );
        assert_eq!(
            reply.text(),
            cli_json(&["history", &shown]),
            "{name}: history"
        );
    }
    let fit = post(
        "/platform-fit",
        &std::fs::read(export("letterboxd_ratings.csv")).unwrap(),
    )
    .json();
    assert_eq!(fit["fit"]["platforms"][0]["platform"], "disney", "{fit}");
}

#[test]
fn bad_exports_are_named_and_big_ones_refused() {
    let reply = post(
        "/platform-fit?file=ratings.csv",
        b"userId,movieId,rating,timestamp\n1,1,4.0,964982703\n",
    );
    assert_eq!(reply.status, 400);
    let body = reply.json();
    assert_eq!(body["error"], "bad history file");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .starts_with("ratings.csv, line 1: not a history export"),
        "{body}"
    );
    let reply = post("/recommend/history?choose=x", b"Title,Date\nRoma,1/1/21\n");
    assert_eq!(reply.status, 400);
    assert_eq!(reply.json()["error"], "bad parameter");
    // The small bound still holds everywhere else.
    let reply = post("/health", &vec![b'x'; Limits::default().max_body_bytes + 1]);
    assert_eq!(reply.status, 413, "{}", reply.text());
    let big = vec![b'a'; Limits::default().max_history_bytes + 1];
    let reply = post("/history", &big);
    assert_eq!(reply.status, 413, "{}", reply.text());
    assert!(reply.text().contains("10000000"), "{}", reply.text());
}
