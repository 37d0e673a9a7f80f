//! The CSV and ground-truth writers, into memory (the crate writes to any
//! `Write`; staging them as files is the CLI's job, tested there).

use std::io;

use cartelera_synth::{
    demo_titles, generate_with_threads, write_truth, CsvParts, SynthConfig, SynthData, SynthTitle,
    TruthFile, AXES,
};

/// Every CSV part as (file name, bytes), with the rows written reported to
/// `progress` as a running total.
fn write_csv_files(
    d: &SynthData,
    titles: &[SynthTitle],
    cfg: &SynthConfig,
    progress: &dyn Fn(u64),
) -> io::Result<Vec<(String, Vec<u8>)>> {
    let parts = CsvParts::new(d, titles, cfg)?;
    let total = std::cell::Cell::new(0u64);
    (0..parts.count())
        .map(|k| {
            let mut bytes = Vec::new();
            parts.write(k, &mut bytes, &|rows| {
                total.set(total.get() + rows);
                progress(total.get());
            })?;
            Ok((CsvParts::file_name(k), bytes))
        })
        .collect()
}

/// One truth file as text.
fn truth(d: &SynthData, titles: &[SynthTitle], file: TruthFile) -> io::Result<String> {
    let mut bytes = Vec::new();
    write_truth(d, titles, file, &mut bytes)?;
    Ok(String::from_utf8(bytes).unwrap())
}

fn data(threads: usize) -> (Vec<SynthTitle>, SynthConfig, SynthData) {
    let titles = demo_titles(1_500, 4);
    let cfg = SynthConfig {
        users: 900,
        ratings: 70_000,
        seed: 3,
        rows_per_file: 25_000,
    };
    let d = generate_with_threads(&titles, &cfg, threads, &|_| {}).unwrap();
    (titles, cfg, d)
}

#[test]
fn csv_files_round_trip() {
    let (titles, cfg, d) = data(2);
    let last = std::sync::Mutex::new(0u64);
    let files = write_csv_files(&d, &titles, &cfg, &|n| *last.lock().unwrap() = n).unwrap();
    assert_eq!(*last.lock().unwrap(), 70_000);
    let names: Vec<String> = files.iter().map(|(name, _)| name.clone()).collect();
    assert_eq!(names, ["1.csv", "2.csv", "3.csv"]);
    let mut row = 0;
    for (k, (_, bytes)) in files.iter().enumerate() {
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(!text.contains('\r'));
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("userId,rating,timestamp,movieId"));
        let body: Vec<&str> = lines.collect();
        assert_eq!(body.len(), if k < 2 { 25_000 } else { 20_000 });
        for line in body {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), 4, "{line}");
            assert_eq!(f[0].parse::<u32>().unwrap(), d.user_id[row]);
            assert_eq!(f[1], format!("{:.1}", d.rating_x2[row] as f32 / 2.0));
            assert_eq!(f[2].parse::<i64>().unwrap(), d.timestamp[row]);
            assert_eq!(f[3], titles[d.title[row] as usize].id);
            row += 1;
        }
    }
    assert_eq!(row, d.len());
}

#[test]
fn files_are_byte_identical_across_thread_counts() {
    let (titles, cfg, one) = data(1);
    let (_, _, three) = data(3);
    let pa = write_csv_files(&one, &titles, &cfg, &|_| {}).unwrap();
    let pb = write_csv_files(&three, &titles, &cfg, &|_| {}).unwrap();
    for ((x, a), (_, b)) in pa.iter().zip(&pb) {
        assert!(a == b, "{x:?} differs");
    }
    for file in TruthFile::ALL {
        let f = file.file_name();
        let (x, y) = (
            truth(&one, &titles, file).unwrap(),
            truth(&three, &titles, file).unwrap(),
        );
        assert!(x == y, "truth/{f} differs");
    }
}

#[test]
fn truth_files_describe_the_model() {
    let (titles, cfg, d) = data(2);
    let users = truth(&d, &titles, TruthFile::Users).unwrap();
    let header: Vec<&str> = users.lines().next().unwrap().split(',').collect();
    assert_eq!(
        &header[..4],
        ["userId", "bias", "movie_pref", "recency_pref"]
    );
    assert_eq!(header.len(), 4 + AXES.len());
    assert_eq!(header[4], "w_horror");
    assert_eq!(users.lines().count(), cfg.users as usize + 1);
    let second: Vec<&str> = users.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(second[0], "1");
    assert_eq!(second[1].split('.').nth(1).map(str::len), Some(4));
    assert_eq!(
        second[1].parse::<f32>().unwrap(),
        (d.truth.users[0].bias * 1e4).round() / 1e4
    );

    let t = truth(&d, &titles, TruthFile::Titles).unwrap();
    assert!(t.starts_with("movieId,bias,popularity,x_horror,x_comedy"));
    assert_eq!(t.lines().count(), titles.len() + 1);
    assert!(t
        .lines()
        .nth(1)
        .unwrap()
        .starts_with(&format!("{},", titles[0].id)));

    let json = truth(&d, &titles, TruthFile::Model).unwrap();
    for key in [
        "\"axes\"",
        "\"formula\"",
        "\"thresholds\"",
        "\"target_shares\"",
        "\"achieved_shares\"",
        "\"noise_sd\": 0.5",
        "\"seed\": 3",
    ] {
        assert!(json.contains(key), "model.json lacks {key}");
    }
    for a in AXES {
        assert!(
            json.contains(&format!("\"{a}\"")),
            "model.json lacks axis {a}"
        );
    }
    assert_eq!(json.matches('{').count(), json.matches('}').count());
    assert_eq!(json.matches('[').count(), json.matches(']').count());

    for file in TruthFile::ALL {
        assert!(
            truth(&d, &titles[1..], file).is_err(),
            "wrong catalogue must be refused"
        );
    }
}

#[test]
fn bad_arguments_are_io_errors_not_panics() {
    let (titles, cfg, d) = data(2);
    let zero = SynthConfig {
        rows_per_file: 0,
        ..cfg
    };
    let err = write_csv_files(&d, &titles, &zero, &|_| {}).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("rows_per_file"));
    let err = write_csv_files(&d, &titles[..10], &cfg, &|_| {}).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
}
