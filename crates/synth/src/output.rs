//! Writers: the ratings CSV files and the ground-truth files, each into
//! any [`Write`]. Where the bytes go (temporary names, renames, folders) is
//! the caller's business: the CLI stages them so that outputs appear whole
//! or not at all.

use std::io::{self, Write};

use crate::axes::{AXES, AXIS_KEYWORDS};
use crate::fmt::{json_string, push_csv_field, push_fixed, push_i64, push_u64, RATING_TEXT};
use crate::{SynthConfig, SynthData, SynthTitle};

/// Bytes gathered before each write call (equivalent to a 1 MiB BufWriter).
const FLUSH_BYTES: usize = 1 << 20;

fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

/// A data set's ratings as CSV files `1.csv` … `N.csv`, `cfg.rows_per_file`
/// rows each (the last may be shorter), header
/// `userId,rating,timestamp,movieId`, LF line endings, ratings as
/// `4.0`/`3.5`. Each part is written on its own ([`CsvParts::write`]), so
/// a caller can write them in parallel; the bytes depend only on the data.
///
/// ```
/// use cartelera_synth::{demo_titles, generate, CsvParts, SynthConfig};
/// let titles = demo_titles(300, 1);
/// let cfg = SynthConfig { users: 50, ratings: 2_000, seed: 7, rows_per_file: 1_500 };
/// let data = generate(&titles, &cfg, &|_| {}).unwrap();
/// let parts = CsvParts::new(&data, &titles, &cfg)?;
/// assert_eq!(parts.count(), 2);
/// let mut first = Vec::new();
/// parts.write(0, &mut first, &|_| {})?;
/// assert!(first.starts_with(b"userId,rating,timestamp,movieId\n"));
/// assert_eq!(CsvParts::file_name(1), "2.csv");
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct CsvParts<'a> {
    data: &'a SynthData,
    /// Every title's `movieId` field, formatted once (not per row) and
    /// concatenated; title `t`'s is `ids[id_off[t]..id_off[t + 1]]`.
    ids: Vec<u8>,
    id_off: Vec<usize>,
    rows_per_file: usize,
}

impl<'a> CsvParts<'a> {
    /// The parts of `data`, generated from `titles` with `cfg`. Fails with
    /// [`io::ErrorKind::InvalidInput`] when `cfg.rows_per_file` is 0 or the
    /// data's columns have different lengths.
    pub fn new(
        data: &'a SynthData,
        titles: &[SynthTitle],
        cfg: &SynthConfig,
    ) -> io::Result<CsvParts<'a>> {
        if cfg.rows_per_file == 0 {
            return Err(invalid("rows_per_file: got 0; expected at least 1".into()));
        }
        let n = data.len();
        if data.title.len() != n || data.rating_x2.len() != n || data.timestamp.len() != n {
            return Err(invalid(
                "data: rating columns have different lengths".into(),
            ));
        }
        let mut ids = Vec::new();
        let mut id_off = Vec::with_capacity(titles.len() + 1);
        id_off.push(0);
        for t in titles {
            push_csv_field(&mut ids, &t.id);
            id_off.push(ids.len());
        }
        Ok(CsvParts {
            data,
            ids,
            id_off,
            rows_per_file: cfg.rows_per_file,
        })
    }

    /// How many files the data fills (at least one: an empty data set is
    /// one file with only the header).
    pub fn count(&self) -> usize {
        self.data.len().div_ceil(self.rows_per_file).max(1)
    }

    /// The name of part `k` (0-based): `1.csv`, `2.csv`, …
    pub fn file_name(k: usize) -> String {
        format!("{}.csv", k + 1)
    }

    /// Writes part `k` (0-based) to `out`. `progress` gets the number of
    /// rows written since its previous call, about once per MiB. A part
    /// number beyond [`CsvParts::count`] writes only the header. Fails with
    /// [`io::ErrorKind::InvalidInput`] on a row whose title index is not
    /// one of the titles given to [`CsvParts::new`] or whose rating is out
    /// of range; `out` may then hold part of the file.
    pub fn write<W: Write + ?Sized>(
        &self,
        k: usize,
        out: &mut W,
        progress: &dyn Fn(u64),
    ) -> io::Result<()> {
        let data = self.data;
        let n = data.len();
        let rpf = self.rows_per_file;
        let n_titles = self.id_off.len() - 1;
        let rows = k.saturating_mul(rpf).min(n)..k.saturating_add(1).saturating_mul(rpf).min(n);
        let mut buf = Vec::with_capacity(FLUSH_BYTES + 256);
        buf.extend_from_slice(b"userId,rating,timestamp,movieId\n");
        let mut pending = 0u64;
        for r in rows {
            let t = data.title[r] as usize;
            let x2 = data.rating_x2[r] as usize;
            if t >= n_titles || !(1..=10).contains(&x2) {
                return Err(invalid(format!(
                    "row {r}: title index {t} (catalogue has {n_titles}) or rating×2 {x2} (expected 1..=10) out of range"
                )));
            }
            push_u64(&mut buf, data.user_id[r] as u64);
            buf.push(b',');
            buf.extend_from_slice(RATING_TEXT[x2]);
            buf.push(b',');
            push_i64(&mut buf, data.timestamp[r]);
            buf.push(b',');
            buf.extend_from_slice(&self.ids[self.id_off[t]..self.id_off[t + 1]]);
            buf.push(b'\n');
            pending += 1;
            if buf.len() >= FLUSH_BYTES {
                out.write_all(&buf)?;
                buf.clear();
                progress(pending);
                pending = 0;
            }
        }
        out.write_all(&buf)?;
        progress(pending);
        Ok(())
    }
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

/// One file of the planted truth (the CLI writes them to `truth/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TruthFile {
    /// `users.csv`: `userId,bias,movie_pref,recency_pref,w_<axis>…` (w_u).
    Users,
    /// `titles.csv`: `movieId,bias,popularity,x_<axis>…` (x_i; popularity
    /// is the sampling weight relative to an average title, mean 1.0,
    /// written with 6 decimals because tail titles sit near 0.007).
    Titles,
    /// `model.json`: configuration, model constants, axes and their
    /// keywords, the formula, the thresholds and target vs achieved rating
    /// shares.
    Model,
}

impl TruthFile {
    /// The three files, in the order they are written.
    pub const ALL: [TruthFile; 3] = [TruthFile::Users, TruthFile::Titles, TruthFile::Model];

    /// The file's name: `users.csv`, `titles.csv`, `model.json`.
    pub fn file_name(self) -> &'static str {
        match self {
            TruthFile::Users => "users.csv",
            TruthFile::Titles => "titles.csv",
            TruthFile::Model => "model.json",
        }
    }
}

/// Writes one file of the planted truth to `out` (numbers other than
/// popularity have 4 decimals). `titles` must be the titles the data was
/// generated from (else [`io::ErrorKind::InvalidInput`], for every file, so
/// a set of truth files is never half made from the wrong catalogue).
pub fn write_truth<W: Write + ?Sized>(
    data: &SynthData,
    titles: &[SynthTitle],
    file: TruthFile,
    out: &mut W,
) -> io::Result<()> {
    let truth = &data.truth;
    if titles.len() != truth.titles.len() {
        return Err(invalid(format!(
            "titles: got {}; expected the {} titles the data was generated from",
            titles.len(),
            truth.titles.len()
        )));
    }
    let buf = match file {
        TruthFile::Users => {
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
            buf
        }
        TruthFile::Titles => {
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
            buf
        }
        TruthFile::Model => model_json(data).into_bytes(),
    };
    out.write_all(&buf)
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
