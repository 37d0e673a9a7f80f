use super::*;
use cartelera_core::rules::{transform, RawTitle};

fn titles() -> Vec<Title> {
    ["s1", "s2186", "s10"]
        .iter()
        .zip([Platform::Netflix, Platform::Netflix, Platform::Hulu])
        .map(|(id, p)| {
            let raw = RawTitle {
                show_id: id,
                kind: "Movie",
                title: "t",
                release_year: "2000",
                ..RawTitle::default()
            };
            transform(p, &raw).unwrap()
        })
        .collect()
}

#[test]
fn lookup_finds_canonical_and_other_ids() {
    let mut t = titles();
    t[2].id = "hx-odd".into();
    let lookup = TitleLookup::new(&t);
    assert_eq!(lookup.get(b"ns2186"), Some(1));
    assert_eq!(lookup.get(b"ns1"), Some(0));
    assert_eq!(lookup.get(b"hx-odd"), Some(2));
    assert_eq!(lookup.get(b"ns2"), None);
    assert_eq!(lookup.get(b"ns02186"), None);
    assert_eq!(lookup.get(b"as1"), None);
    assert_eq!(lookup.get(b""), None);
}

#[test]
fn parses_any_column_order_crlf_quotes_and_rejects_bad_rows() {
    let lookup = TitleLookup::new(&titles());
    let csv = concat!(
        "movieId,userId,timestamp,rating\r\n",
        "ns2186,1,1425942435,4.5\r\n",
        "\"hs10\",2,100,3\r\n",
        "\r\n",
        "ns1,3,5,3.25\r\n",
        "ns1,3,5,6\r\n",
        "ns1,x,5,3\r\n",
        "ns1,3,five,3\r\n",
        "zz9,3,5,3\r\n",
        "ns1,3,5\r\n",
        "ns1,3,5,nan\r\n",
        "ns1,4,-7,0.5",
    );
    for threads in [1, 2] {
        let (table, report) = parse_ratings("r.csv", csv.as_bytes(), &lookup, threads).unwrap();
        assert_eq!(table.user_id, [1, 2, 4]);
        assert_eq!(table.title_row, [1, 2, 0]);
        assert_eq!(table.half_stars, [9, 6, 1]);
        assert_eq!(table.timestamp, [1_425_942_435, 100, -7]);
        assert_eq!(
            (report.rows_read, report.rows_valid, report.rows_rejected),
            (10, 3, 7)
        );
        let reasons: Vec<(&str, u64)> = report
            .rejected
            .by_reason
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        assert_eq!(
            reasons,
            [
                ("bad_timestamp", 1),
                ("bad_user_id", 1),
                ("rating_not_finite", 1),
                ("rating_not_half_step", 1),
                ("rating_out_of_range", 1),
                ("unknown_title", 1),
                ("wrong_field_count", 1),
            ]
        );
        let ex = &report.rejected.examples;
        assert_eq!(
            ex["rating_not_half_step"][0],
            "r.csv:5:rating: expected 0.5–5.0 in half steps, found \"3.25\""
        );
        assert_eq!(
            ex["unknown_title"][0],
            "r.csv:9:movieId: no title with id \"zz9\" in the catalog"
        );
    }
}

#[test]
fn line_numbers_survive_chunking() {
    let lookup = TitleLookup::new(&titles());
    let mut csv = String::from("userId,rating,timestamp,movieId\n");
    for k in 0..200_000 {
        csv.push_str(&format!("{k},4.0,{k},ns1\n"));
    }
    csv.push_str("1,4.0,1,nope\n");
    let (table, report) = parse_ratings("big.csv", csv.as_bytes(), &lookup, 2).unwrap();
    assert_eq!(table.len(), 200_000);
    assert_eq!(table.user_id[123_456], 123_456, "chunks keep file order");
    assert_eq!(
        report.rejected.examples["unknown_title"][0],
        "big.csv:200002:movieId: no title with id \"nope\" in the catalog"
    );
}

#[test]
fn header_problems_stop_the_run() {
    let lookup = TitleLookup::new(&titles());
    let err = parse_ratings(
        "r.csv",
        b"userId,score,timestamp,movieId\n1,4,1,ns1\n",
        &lookup,
        1,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("r.csv:1: missing column `rating`"),
        "{err}"
    );
    let err = parse_ratings("r.csv", b"", &lookup, 1).unwrap_err();
    assert!(err.to_string().contains("r.csv is empty"), "{err}");
}

#[test]
fn a_header_with_sixteen_or_more_columns_before_a_needed_one_is_read() {
    let lookup = TitleLookup::new(&titles());
    let extra: Vec<String> = (0..16).map(|c| format!("c{c}")).collect();
    let csv = format!(
        "{},userId,rating,timestamp,movieId\n{}1,4.0,1,ns1\n{}2,x,1,ns1\n",
        extra.join(","),
        ",".repeat(16),
        ",".repeat(16),
    );
    for threads in [1, 2] {
        let (table, report) = parse_ratings("r.csv", csv.as_bytes(), &lookup, threads).unwrap();
        assert_eq!(
            (table.user_id.as_slice(), table.half_stars.as_slice()),
            (&[1][..], &[8][..])
        );
        assert_eq!(report.rejected.by_reason["bad_rating"], 1);
    }
}

#[test]
fn an_unterminated_quote_is_named_and_the_next_line_still_read() {
    let lookup = TitleLookup::new(&titles());
    let csv = "userId,rating,timestamp,movieId\n\"1,4.0,1,ns1\n2,4.0,1,ns1\n3,\"4.0\",\"1\",ns1\n";
    let (table, report) = parse_ratings("r.csv", csv.as_bytes(), &lookup, 1).unwrap();
    assert_eq!(
        table.user_id,
        [2, 3],
        "the line after the open quote is read"
    );
    assert_eq!(report.rows_read, 3);
    assert_eq!(
        report.rejected.examples["unterminated_quote"][0],
        "r.csv:2: unterminated quote: the \" at byte 1 of the line is not closed \
         (expected a closing \" before the end of line 2)"
    );
}

#[test]
fn cr_only_line_endings_and_long_values_give_short_messages() {
    let lookup = TitleLookup::new(&titles());
    let mut csv = String::from("userId,rating,timestamp,movieId\r");
    for k in 0..100_000 {
        csv.push_str(&format!("{k},4.0,{k},ns1\r"));
    }
    let err = parse_ratings("r.csv", csv.as_bytes(), &lookup, 1)
        .unwrap_err()
        .to_string();
    assert!(err.len() < 300, "{} bytes: {}", err.len(), &err[..300]);
    assert!(
        err.starts_with("r.csv:1: the header line holds a carriage return (\\r) at byte 31"),
        "{err}"
    );
    assert!(err.contains("CR-only line endings"), "{err}");

    let long_id = "z".repeat(50_000);
    let csv = format!("userId,rating,timestamp,movieId\n1,4.0,1,{long_id}\n");
    let (_, report) = parse_ratings("r.csv", csv.as_bytes(), &lookup, 1).unwrap();
    let example = &report.rejected.examples["unknown_title"][0];
    assert_eq!(
        example,
        &format!(
            "r.csv:2:movieId: no title with id \"{}\"… (50000 bytes in all) in the catalog",
            "z".repeat(80)
        )
    );
}
