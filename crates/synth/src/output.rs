//! Writers: the ratings CSV files and the ground-truth files.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::axes::{AXES, AXIS_KEYWORDS};
use crate::fmt::{
    json_string, push_csv_field, push_fixed, push_i64, push_u64, write_atomic, RATING_TEXT,
};
use crate::par::{default_threads, lock, run_jobs};
use crate::{SynthConfig, SynthData, SynthTitle};

/// Bytes gathered before each write call (equivalent to a 1 MiB BufWriter).
const FLUSH_BYTES: usize = 1 << 20;

fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

/// Writes `dir/1.csv` … `dir/N.csv`, `cfg.rows_per_file` rows each (the
/// last may be shorter), header `userId,rating,timestamp,movieId`, LF line
/// endings, ratings as "4.0"/"3.5". Each file goes to a temp name in `dir`
/// and is renamed when complete. Files are written in parallel; `progress`
/// gets the number of rows written so far. Returns the paths in order.
/// Files from an earlier run with more parts are not removed.
pub fn write_csv_files(
    data: &SynthData,
    titles: &[SynthTitle],
    dir: &Path,
    cfg: &SynthConfig,
    progress: &(dyn Fn(u64) + Sync),
) -> io::Result<Vec<PathBuf>> {
    let rpf = cfg.rows_per_file;
    if rpf == 0 {
        return Err(invalid("rows_per_file: got 0; expected at least 1".into()));
    }
    let n = data.len();
    if data.title.len() != n || data.rating_x2.len() != n || data.timestamp.len() != n {
        return Err(invalid(
            "data: rating columns have different lengths".into(),
        ));
    }
    // movieId fields are formatted once, not per row.
    let mut ids = Vec::new();
    let mut id_off = Vec::with_capacity(titles.len() + 1);
    id_off.push(0);
    for t in titles {
        push_csv_field(&mut ids, &t.id);
        id_off.push(ids.len());
    }
    std::fs::create_dir_all(dir)?;
    let files = n.div_ceil(rpf).max(1);
    let paths: Vec<PathBuf> = (1..=files).map(|k| dir.join(format!("{k}.csv"))).collect();
    let jobs: Vec<(usize, &PathBuf)> = paths.iter().enumerate().collect();
    let done = Mutex::new(0u64);
    let report = |rows: u64| {
        let mut d = lock(&done);
        *d += rows;
        progress(*d);
    };
    run_jobs(
        jobs,
        default_threads(),
        Vec::new,
        |(k, path), buf: &mut Vec<u8>| {
            let rows = k * rpf..((k + 1) * rpf).min(n);
            write_atomic(path, |file| {
                buf.clear();
                buf.reserve(FLUSH_BYTES + 256);
                buf.extend_from_slice(b"userId,rating,timestamp,movieId\n");
                let mut pending = 0u64;
                for r in rows {
                    let t = data.title[r] as usize;
                    let x2 = data.rating_x2[r] as usize;
                    if t >= titles.len() || !(1..=10).contains(&x2) {
                        return Err(invalid(format!(
                        "row {r}: title index {t} (catalogue has {}) or rating×2 {x2} (expected 1..=10) out of range",
                        titles.len()
                    )));
                    }
                    push_u64(buf, data.user_id[r] as u64);
                    buf.push(b',');
                    buf.extend_from_slice(RATING_TEXT[x2]);
                    buf.push(b',');
                    push_i64(buf, data.timestamp[r]);
                    buf.push(b',');
                    buf.extend_from_slice(&ids[id_off[t]..id_off[t + 1]]);
                    buf.push(b'\n');
                    pending += 1;
                    if buf.len() >= FLUSH_BYTES {
                        file.write_all(buf)?;
                        buf.clear();
                        report(pending);
                        pending = 0;
                    }
                }
                file.write_all(buf)?;
                report(pending);
                Ok(())
            })
        },
    )?;
    Ok(paths)
}

/// Column name of an axis in the truth CSVs: "action & adventure" → "action_adventure".
fn axis_column(prefix: &str, axis: &str) -> String {
    let slug: Vec<&str> = axis
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
        .collect();
    format!("{prefix}{}", slug.join("_"))
}

fn header(first: &str, axis_prefix: &str) -> Vec<u8> {
    let mut h = first.as_bytes().to_vec();
    for a in AXES {
        h.push(b',');
        h.extend_from_slice(axis_column(axis_prefix, a).as_bytes());
    }
    h.push(b'\n');
    h
}

/// Writes the planted truth to `dir/truth/`:
/// - `users.csv`: `userId,bias,movie_pref,recency_pref,w_<axis>…` (w_u);
/// - `titles.csv`: `movieId,bias,popularity,x_<axis>…` (x_i; popularity is
///   the sampling weight relative to an average title, mean 1.0, written
///   with 6 decimals because tail titles sit near 0.007);
/// - `model.json`: configuration, model constants, axes and their keywords,
///   the formula, the thresholds and target vs achieved rating shares.
///
/// Other numbers have 4 decimals; each file is written atomically.
pub fn write_truth(data: &SynthData, titles: &[SynthTitle], dir: &Path) -> io::Result<()> {
    let truth = &data.truth;
    if titles.len() != truth.titles.len() {
        return Err(invalid(format!(
            "titles: got {}; expected the {} titles the data was generated from",
            titles.len(),
            truth.titles.len()
        )));
    }
    let dir = dir.join("truth");
    std::fs::create_dir_all(&dir)?;

    let mut buf = header("userId,bias,movie_pref,recency_pref", "w_");
    for (k, u) in truth.users.iter().enumerate() {
        push_u64(&mut buf, k as u64 + 1);
        for v in [u.bias, u.movie_pref, u.recency_pref]
            .into_iter()
            .chain(u.taste)
        {
            buf.push(b',');
            push_fixed(&mut buf, v as f64, 4);
        }
        buf.push(b'\n');
    }
    write_atomic(&dir.join("users.csv"), |f| f.write_all(&buf))?;

    let mut buf = header("movieId,bias,popularity", "x_");
    for (t, tt) in titles.iter().zip(&truth.titles) {
        push_csv_field(&mut buf, &t.id);
        buf.push(b',');
        push_fixed(&mut buf, tt.bias as f64, 4);
        buf.push(b',');
        push_fixed(&mut buf, tt.popularity, 6);
        for v in tt.axes {
            buf.push(b',');
            push_fixed(&mut buf, v as f64, 4);
        }
        buf.push(b'\n');
    }
    write_atomic(&dir.join("titles.csv"), |f| f.write_all(&buf))?;

    let json = model_json(data);
    write_atomic(&dir.join("model.json"), |f| f.write_all(json.as_bytes()))
}

/// `[a, b, …]` of numbers via `Display` (shortest round-trip, valid JSON
/// for the finite values used here).
fn json_numbers<T: std::fmt::Display>(xs: impl IntoIterator<Item = T>) -> String {
    let v: Vec<String> = xs.into_iter().map(|x| x.to_string()).collect();
    format!("[{}]", v.join(", "))
}

fn json_strings<'a>(xs: impl IntoIterator<Item = &'a str>) -> String {
    let v: Vec<String> = xs.into_iter().map(json_string).collect();
    format!("[{}]", v.join(", "))
}

/// The hand-written model description (no serde).
fn model_json(data: &SynthData) -> String {
    let p = &data.truth.params;
    let c = &data.config;
    let total: f64 = p.rating_shares.iter().sum();
    let target: Vec<f64> = p
        .rating_shares
        .iter()
        .map(|s| (s / total * 1e4).round() / 1e4)
        .collect();
    let mut hist = [0u64; 10];
    for &r in &data.rating_x2 {
        hist[(r as usize).clamp(1, 10) - 1] += 1;
    }
    let n = data.len().max(1) as f64;
    let achieved: Vec<f64> = hist
        .iter()
        .map(|&h| (h as f64 / n * 1e4).round() / 1e4)
        .collect();
    let keywords: Vec<String> = AXES
        .iter()
        .zip(AXIS_KEYWORDS)
        .map(|(a, k)| {
            format!(
                "    {}: {}",
                json_string(a),
                json_strings(k.iter().copied())
            )
        })
        .collect();
    let w_cols: Vec<String> = AXES.iter().map(|a| axis_column("w_", a)).collect();
    let x_cols: Vec<String> = AXES.iter().map(|a| axis_column("x_", a)).collect();
    let formula = "s_ui = global_mean + b_u + b_i + sum_k w_uk * x_ik + m_u * t_i + r_u * y_i + eps_ui, \
eps_ui ~ N(0, noise_sd); t_i = +0.5 movie / -0.5 show; y_i = tanh((release_year - recency_pivot) / recency_scale); \
x_ik = 1/sqrt(axes hit) on each axis the title's genres hit; rating = the half-star level whose \
thresholds bracket s_ui; a user keeps a popularity-sampled title with probability \
1 / (1 + exp(-(watch_slope * a_ui + watch_offset))), a_ui = s_ui - global_mean - b_u - b_i - eps_ui";
    let mut s = String::from("{\n");
    s += "  \"generator\": \"cartelera-synth\",\n";
    s += &format!(
        "  \"version\": {},\n",
        json_string(env!("CARGO_PKG_VERSION"))
    );
    s += &format!(
        "  \"config\": {{\"users\": {}, \"ratings\": {}, \"seed\": {}, \"rows_per_file\": {}, \"titles\": {}}},\n",
        c.users,
        c.ratings,
        c.seed,
        c.rows_per_file,
        data.truth.titles.len()
    );
    s += &format!("  \"formula\": {},\n", json_string(formula));
    s += &format!("  \"axes\": {},\n", json_strings(AXES));
    s += &format!(
        "  \"user_axis_columns\": {},\n",
        json_strings(w_cols.iter().map(|x| x.as_str()))
    );
    s += &format!(
        "  \"title_axis_columns\": {},\n",
        json_strings(x_cols.iter().map(|x| x.as_str()))
    );
    s += &format!("  \"axis_keywords\": {{\n{}\n  }},\n", keywords.join(",\n"));
    s += "  \"params\": {\n";
    let scalars: [(&str, f64); 24] = [
        ("global_mean", p.global_mean),
        ("user_bias_sd", p.user_bias_sd),
        ("title_bias_sd", p.title_bias_sd),
        ("bias_popularity_corr", p.bias_popularity_corr),
        ("taste_sd", p.taste_sd),
        ("loved_min", p.loved.0),
        ("loved_max", p.loved.1),
        ("disliked_min", p.disliked.0),
        ("disliked_max", p.disliked.1),
        ("movie_pref_sd", p.movie_pref_sd),
        ("recency_pref_sd", p.recency_pref_sd),
        ("recency_pivot", p.recency_pivot),
        ("recency_scale", p.recency_scale),
        ("noise_sd", p.noise_sd),
        ("zipf_alpha", p.zipf_alpha),
        ("zipf_offset", p.zipf_offset),
        ("activity_sigma", p.activity_sigma),
        ("activity_min", p.activity_min as f64),
        ("activity_max_fraction", p.activity_max_fraction),
        ("watch_slope", p.watch_slope),
        ("watch_offset", p.watch_offset),
        ("window_start_skew", p.window_start_skew),
        ("window_median_days", p.window_median_days),
        ("window_sigma", p.window_sigma),
    ];
    for (k, v) in scalars {
        s += &format!("    {}: {},\n", json_string(k), v);
    }
    s += &format!("    \"burst_share\": {},\n", p.burst_share);
    s += &format!("    \"burst_seconds\": {},\n", p.burst_seconds);
    s += "    \"loved_axes_per_user\": [1, 3],\n    \"disliked_axes_per_user\": [0, 2],\n";
    s += &format!(
        "    \"axis_love_weights\": {}\n  }},\n",
        json_numbers(p.axis_love_weights)
    );
    s += "  \"rating_levels\": [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0],\n";
    s += &format!("  \"target_shares\": {},\n", json_numbers(target));
    s += &format!("  \"achieved_shares\": {},\n", json_numbers(achieved));
    s += &format!(
        "  \"thresholds\": {},\n",
        json_numbers(data.truth.thresholds)
    );
    s += &format!(
        "  \"timestamps\": {{\"first\": {}, \"last\": {}}}\n}}\n",
        crate::FIRST_TIMESTAMP,
        crate::LAST_TIMESTAMP
    );
    s
}
