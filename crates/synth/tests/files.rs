//! The CSV and ground-truth writers, on disk (under Cargo's per-target temp dir).

use std::path::PathBuf;

use cartelera_synth::{
    demo_titles, generate_with_threads, write_csv_files, write_truth, SynthConfig, SynthData,
    SynthTitle, AXES,
};

fn out_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("synth-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
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
    let dir = out_dir("csv");
    let last = std::sync::Mutex::new(0u64);
    let paths = write_csv_files(&d, &titles, &dir, &cfg, &|n| *last.lock().unwrap() = n).unwrap();
    assert_eq!(*last.lock().unwrap(), 70_000);
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into())
        .collect();
    assert_eq!(names, ["1.csv", "2.csv", "3.csv"]);
    let mut row = 0;
    for (k, p) in paths.iter().enumerate() {
        let text = std::fs::read_to_string(p).unwrap();
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
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temp files left behind");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn files_are_byte_identical_across_thread_counts() {
    let (titles, cfg, one) = data(1);
    let (_, _, three) = data(3);
    let (a, b) = (out_dir("det-a"), out_dir("det-b"));
    let pa = write_csv_files(&one, &titles, &a, &cfg, &|_| {}).unwrap();
    let pb = write_csv_files(&three, &titles, &b, &cfg, &|_| {}).unwrap();
    for (x, y) in pa.iter().zip(&pb) {
        assert!(
            std::fs::read(x).unwrap() == std::fs::read(y).unwrap(),
            "{x:?} differs"
        );
    }
    write_truth(&one, &titles, &a).unwrap();
    write_truth(&three, &titles, &b).unwrap();
    for f in ["users.csv", "titles.csv", "model.json"] {
        let (x, y) = (a.join("truth").join(f), b.join("truth").join(f));
        assert!(
            std::fs::read(x).unwrap() == std::fs::read(y).unwrap(),
            "truth/{f} differs"
        );
    }
    std::fs::remove_dir_all(&a).unwrap();
    std::fs::remove_dir_all(&b).unwrap();
}

#[test]
fn truth_files_describe_the_model() {
    let (titles, cfg, d) = data(2);
    let dir = out_dir("truth");
    write_truth(&d, &titles, &dir).unwrap();
    let users = std::fs::read_to_string(dir.join("truth/users.csv")).unwrap();
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

    let t = std::fs::read_to_string(dir.join("truth/titles.csv")).unwrap();
    assert!(t.starts_with("movieId,bias,popularity,x_horror,x_comedy"));
    assert_eq!(t.lines().count(), titles.len() + 1);
    assert!(t
        .lines()
        .nth(1)
        .unwrap()
        .starts_with(&format!("{},", titles[0].id)));

    let json = std::fs::read_to_string(dir.join("truth/model.json")).unwrap();
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

    assert!(
        write_truth(&d, &titles[1..], &dir).is_err(),
        "wrong catalogue must be refused"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_arguments_are_io_errors_not_panics() {
    let (titles, cfg, d) = data(2);
    let dir = out_dir("bad");
    let zero = SynthConfig {
        rows_per_file: 0,
        ..cfg
    };
    let err = write_csv_files(&d, &titles, &dir, &zero, &|_| {}).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("rows_per_file"));
    let err = write_csv_files(&d, &titles[..10], &dir, &cfg, &|_| {}).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    let leftovers = std::fs::read_dir(&dir)
        .map(|r| {
            r.filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
                .count()
        })
        .unwrap_or(0);
    assert_eq!(leftovers, 0, "temp files left behind after an error");
    let _ = std::fs::remove_dir_all(&dir);
}
