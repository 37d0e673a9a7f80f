//! The page's `titles.parquet`: the catalog as a person reads it, and
//! nothing twice.
//!
//! The pipeline's [`titles`](crate::titles) file keeps the queries'
//! lower-case text and, beside it, the display text where it differs. Both
//! in the page's first download would double it (1.03 → 2.04 MB measured),
//! so this layout stores the text fields **only in their display case**
//! and derives the query text on reading with rule 4's own function
//! ([`cartelera_core::rules::query_case`]): the queries see exactly the
//! pipeline's columns, the views read the raw files' case.
//!
//! Columns: `id`, `type`, `title`, `director`, `cast`, `country` (display
//! text), `date_added`, `release_year`, `rating`, `duration_int`,
//! `duration_type`, `listed_in` (display text), `score`, `score_count`,
//! `work_id`, `described`. `show_id` and `platform` are not stored: rule 1
//! makes the id their concatenation, so they are read back from it. The
//! synopses are not here either: the page fetches `descriptions.parquet`
//! when a title is opened (issue 14's split by when a file is needed).
//! `described` says which titles have one, and reading gives those an
//! empty `description` (the text is in the other file): what counts
//! missing values (the EDA's chart) then counts what the pipeline counts,
//! not 100 % missing synopses.
//!
//! Reading turns the file into the pipeline's layout and decodes it with
//! [`titles::from_batch`](crate::titles::from_batch), so every value is
//! checked by one reader.

use std::io::Write;
use std::sync::Arc;

use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, Float64Array, Int32Array, RecordBatch, StringArray,
    UInt32Array,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use bytes::Bytes;
use cartelera_core::rules::query_case;
use cartelera_core::{Date, DurationType, Platform, Title};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;

use crate::column::{column, StoreError};
use crate::titles::{self, DISPLAY_COLUMNS};

/// Text columns whose values are (nearly) all distinct: no dictionary.
const UNIQUE_TEXT: &[&str] = &["id", "title", "cast"];

/// The text columns stored in display case, each with the display column
/// of the pipeline's layout it fills (`cast` has none there: the pipeline
/// keeps no display cast, the page's [`Title::display`] gets it).
const CASED: [(&str, Option<&str>); 5] = [
    ("title", Some(DISPLAY_COLUMNS[0])),
    ("director", Some(DISPLAY_COLUMNS[1])),
    ("cast", None),
    ("country", Some(DISPLAY_COLUMNS[2])),
    ("listed_in", Some(DISPLAY_COLUMNS[3])),
];

/// The columns of the page's `titles.parquet`, in order.
pub fn schema() -> SchemaRef {
    let text = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
    Arc::new(Schema::new(vec![
        text("id", false),
        text("type", false),
        text("title", false),
        text("director", true),
        text("cast", true),
        text("country", true),
        Field::new("date_added", DataType::Date32, true),
        Field::new("release_year", DataType::Int32, false),
        text("rating", false),
        Field::new("duration_int", DataType::Int32, true),
        text("duration_type", true),
        text("listed_in", true),
        Field::new("score", DataType::Float64, true),
        Field::new("score_count", DataType::UInt32, false),
        text("work_id", false),
        Field::new("described", DataType::Boolean, false),
    ]))
}

/// Writes the page's catalog: display text only, no synopses, Brotli at
/// `level` (0–11).
pub fn write<W: Write + Send>(titles: &[Title], level: u32, out: W) -> Result<(), StoreError> {
    fn strings<'a>(titles: &'a [Title], f: impl Fn(&'a Title) -> Option<&'a str>) -> ArrayRef {
        Arc::new(titles.iter().map(f).collect::<StringArray>())
    }
    let columns: Vec<ArrayRef> = vec![
        strings(titles, |t| Some(&t.id)),
        strings(titles, |t| Some(t.kind.as_str())),
        strings(titles, |t| Some(t.display_title())),
        strings(titles, Title::display_director),
        strings(titles, Title::display_cast),
        strings(titles, Title::display_country),
        Arc::new(
            titles
                .iter()
                .map(|t| t.date_added.map(Date::days))
                .collect::<Date32Array>(),
        ),
        Arc::new(
            titles
                .iter()
                .map(|t| Some(t.release_year))
                .collect::<Int32Array>(),
        ),
        strings(titles, |t| Some(&t.rating)),
        Arc::new(
            titles
                .iter()
                .map(|t| t.duration_int.map(|d| d.min(i32::MAX as u32) as i32))
                .collect::<Int32Array>(),
        ),
        strings(titles, |t| t.duration_type.map(DurationType::as_str)),
        strings(titles, Title::display_listed_in),
        Arc::new(titles.iter().map(|t| t.score).collect::<Float64Array>()),
        Arc::new(
            titles
                .iter()
                .map(|t| Some(t.score_count))
                .collect::<UInt32Array>(),
        ),
        strings(titles, |t| Some(&t.work_id)),
        Arc::new(
            titles
                .iter()
                .map(|t| Some(t.description.is_some()))
                .collect::<BooleanArray>(),
        ),
    ];
    let batch = RecordBatch::try_new(schema(), columns)?;
    let props = crate::text_writer_builder(crate::brotli(level), UNIQUE_TEXT)
        .set_data_page_row_count_limit(PAGE_ROWS)
        .build();
    let mut writer =
        ArrowWriter::try_new(out, batch.schema(), Some(props)).map_err(StoreError::writing)?;
    writer.write(&batch).map_err(StoreError::writing)?;
    writer.close().map_err(StoreError::writing)?;
    Ok(())
}

/// Reads the page's catalog: the query columns derived from the display
/// text, the display text kept where it differs (as the rules keep it),
/// `show_id` and `platform` from the id, no synopses.
pub fn read(bytes: Bytes) -> Result<Vec<Title>, StoreError> {
    let mut steps = StepReader::new(bytes, STEP_ROWS)?;
    while steps.step()? {}
    Ok(steps.finish())
}

/// Rows per data page of the written file. A step that reaches a new
/// page decompresses it whole, in one go: with one page per column (the
/// text tables' 16 MB limit) the page's first step was every column at
/// once, 14–18 ms natively of a 56–73 ms decode and a 0.5 s task on a
/// throttled phone. Measured natively on the real catalog (largest step,
/// file size): one page 13–18 ms, 1,115,488 bytes; 8,192 rows 7.2–7.4 ms,
/// +3.7 %; 4,096 rows 5.0–9.9 ms, +7.9 %; 2,048 rows 4.1–4.5 ms, +12.6 %;
/// 1,024 rows 5.0–5.2 ms (the dictionaries), +18 %.
const PAGE_ROWS: usize = 4096;

/// Rows decoded per [`StepReader::step`] by [`read`].
const STEP_ROWS: usize = 4096;

/// The page's catalog decoded a batch of rows at a time, so a caller on a
/// browser's main thread can let it handle input between batches (one
/// long task is what Lighthouse's Total Blocking Time counts). The file's
/// sizes are checked once, before the first batch; each step turns a
/// decoder panic into an error, as [`read`] does.
pub struct StepReader {
    batches: parquet::arrow::arrow_reader::ParquetRecordBatchReader,
    out: Vec<Title>,
}

impl StepReader {
    /// Checks the file and opens it; `rows` per step (at least 1).
    pub fn new(bytes: Bytes, rows: usize) -> Result<StepReader, StoreError> {
        crate::precheck::guarded(&bytes.clone(), || {
            let batches = ParquetRecordBatchReaderBuilder::try_new(bytes)?
                .with_batch_size(rows.max(1))
                .build()?;
            Ok(StepReader {
                batches,
                out: Vec::new(),
            })
        })
    }

    /// Decodes the next batch; `false` once every row is read.
    pub fn step(&mut self) -> Result<bool, StoreError> {
        crate::precheck::unwinding_to_error(|| {
            let Some(batch) = self.batches.next() else {
                return Ok(false);
            };
            let base = self.out.len();
            let full = to_pipeline_layout(&batch?, base)?;
            titles::from_batch(&full, &mut self.out)?;
            // The cast's display text has no column in the pipeline's layout.
            let cast = column::<StringArray>(&full, "cast", "Utf8")?;
            let shown = column::<StringArray>(&full, CAST_DISPLAY, "Utf8")?;
            for (row, t) in self.out[base..].iter_mut().enumerate() {
                if !shown.is_null(row) && !cast.is_null(row) {
                    t.display.cast = Some(shown.value(row).to_string());
                }
            }
            Ok(true)
        })
    }

    /// The titles read so far (all of them once [`step`](Self::step)
    /// returned `false`).
    pub fn finish(self) -> Vec<Title> {
        self.out
    }
}

/// The page's batch in [`titles::schema`], plus a last `cast_display`
/// column; `base` is the batch's first row in the file (for messages).
fn to_pipeline_layout(batch: &RecordBatch, base: usize) -> Result<RecordBatch, StoreError> {
    let ids = column::<StringArray>(batch, "id", "Utf8")?;
    let mut platforms = Vec::with_capacity(ids.len());
    let mut show_ids = Vec::with_capacity(ids.len());
    for row in 0..ids.len() {
        if ids.is_null(row) {
            return Err(crate::column::null_in("id", base + row));
        }
        let id = ids.value(row);
        let platform = Platform::from_id(id).ok_or_else(|| StoreError::BadValue {
            column: "id",
            row: base + row,
            detail: format!("{id:?} does not start with a platform's initial (a, d, h, n)"),
        })?;
        platforms.push(Some(platform.as_str()));
        // The initial is one ASCII byte, so this cut is on a char boundary.
        show_ids.push(Some(&id[1..]));
    }
    let mut lower = Vec::new();
    let mut display = Vec::new();
    for (name, _) in CASED {
        let shown = column::<StringArray>(batch, name, "Utf8")?;
        let (query, differing) = split_case(shown);
        lower.push((name, query));
        display.push((name, differing));
    }
    let find = |list: &[(&str, ArrayRef)], name: &str| -> ArrayRef {
        list.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, a)| a.clone())
            .expect("every cased column was split")
    };
    let mut columns: Vec<ArrayRef> = Vec::new();
    let mut fields: Vec<Field> = Vec::new();
    for name in PIPELINE_NAMES {
        let array = match name {
            "show_id" => Arc::new(StringArray::from(show_ids.clone())) as ArrayRef,
            "platform" => Arc::new(StringArray::from(platforms.clone())),
            "description" => {
                let described = column::<BooleanArray>(batch, "described", "Boolean")?;
                Arc::new(
                    (0..ids.len())
                        .map(|row| (described.is_valid(row) && described.value(row)).then_some(""))
                        .collect::<StringArray>(),
                )
            }
            "title" | "director" | "cast" | "country" | "listed_in" => find(&lower, name),
            _ => match CASED.iter().find(|(_, d)| *d == Some(name)) {
                Some((source, _)) => find(&display, source),
                None => batch
                    .column_by_name(name)
                    .cloned()
                    .ok_or(StoreError::MissingColumn { column: name })?,
            },
        };
        // Keep the file's own type: a wrong one is reported by the
        // pipeline reader naming the column.
        fields.push(Field::new(name, array.data_type().clone(), true));
        columns.push(array);
    }
    fields.push(Field::new(CAST_DISPLAY, DataType::Utf8, true));
    columns.push(find(&display, "cast"));
    Ok(RecordBatch::try_new(
        Arc::new(Schema::new(fields)),
        columns,
    )?)
}

/// The column [`to_pipeline_layout`] appends for the cast's display text.
const CAST_DISPLAY: &str = "cast_display";

/// [`titles::schema`]'s column names, in order.
const PIPELINE_NAMES: [&str; 22] = [
    "id",
    "show_id",
    "platform",
    "type",
    "title",
    "director",
    "cast",
    "country",
    "date_added",
    "release_year",
    "rating",
    "duration_int",
    "duration_type",
    "listed_in",
    "description",
    "score",
    "score_count",
    DISPLAY_COLUMNS[0],
    DISPLAY_COLUMNS[1],
    DISPLAY_COLUMNS[2],
    DISPLAY_COLUMNS[3],
    "work_id",
];

/// A display-case column split as the rules split a raw value: the query
/// text (rule 4) and the display text where it differs (null elsewhere).
fn split_case(shown: &StringArray) -> (ArrayRef, ArrayRef) {
    let mut query = Vec::with_capacity(shown.len());
    let mut differing = Vec::with_capacity(shown.len());
    for row in 0..shown.len() {
        if shown.is_null(row) {
            query.push(None);
            differing.push(None);
            continue;
        }
        let text = shown.value(row);
        let lower = query_case(text);
        differing.push((lower != text).then(|| text.to_string()));
        query.push(Some(lower));
    }
    (
        Arc::new(StringArray::from(query)),
        Arc::new(StringArray::from(differing)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartelera_core::{TitleDisplay, TitleType};

    fn sample() -> Vec<Title> {
        vec![
            Title {
                id: "hs1518".into(),
                show_id: "s1518".into(),
                platform: Platform::Hulu,
                kind: TitleType::Movie,
                title: "the traitor".into(),
                director: Some("marco bellocchio".into()),
                cast: Some("pierfrancesco favino, luigi lo cascio".into()),
                country: Some("italy".into()),
                date_added: Date::from_ymd(2020, 3, 1),
                release_year: 2019,
                rating: "r".into(),
                duration_int: Some(152),
                duration_type: Some(DurationType::Min),
                listed_in: Some("crime, drama".into()),
                description: None,
                score: Some(3.5),
                score_count: 2,
                display: TitleDisplay {
                    title: Some("The Traitor".into()),
                    director: Some("Marco Bellocchio".into()),
                    cast: Some("Pierfrancesco Favino, Luigi Lo Cascio".into()),
                    country: Some("Italy".into()),
                    listed_in: Some("Crime, Drama".into()),
                    description: None,
                },
                work_id: "w-hs1518".into(),
            },
            Title {
                id: "ds2".into(),
                show_id: "s2".into(),
                platform: Platform::Disney,
                kind: TitleType::TvShow,
                title: "ñandú (episode ii)".into(),
                director: None,
                cast: Some("already lower".into()),
                country: None,
                date_added: None,
                release_year: 1999,
                rating: "tv-g".into(),
                duration_int: Some(2),
                duration_type: Some(DurationType::Season),
                listed_in: None,
                description: None,
                score: None,
                score_count: 0,
                display: TitleDisplay {
                    title: Some("Ñandú (Episode II)".into()),
                    ..TitleDisplay::default()
                },
                work_id: "w-as9".into(),
            },
        ]
    }

    fn round_trip(titles: &[Title]) -> Vec<Title> {
        let mut bytes = Vec::new();
        write(titles, 5, &mut bytes).unwrap();
        read(Bytes::from(bytes)).unwrap()
    }

    #[test]
    fn pipeline_names_are_the_pipeline_schema() {
        let names: Vec<String> = titles::schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        assert_eq!(names, PIPELINE_NAMES);
    }

    #[test]
    fn derives_the_query_text_and_keeps_the_display_text() {
        assert_eq!(round_trip(&sample()), sample());
        let back = round_trip(&sample());
        assert_eq!(back[1].display_title(), "Ñandú (Episode II)");
        assert_eq!(back[1].title, "ñandú (episode ii)");
        assert_eq!(back[1].display.cast, None, "no case to keep");
    }

    #[test]
    fn synopses_are_left_out() {
        let mut titles = sample();
        titles[0].description = Some("a mafia informant".into());
        titles[0].display.description = Some("A Mafia informant".into());
        titles[1].description = None;
        let back = round_trip(&titles);
        // Only whether there is one: the text is in descriptions.parquet.
        assert_eq!(back[0].description.as_deref(), Some(""));
        assert_eq!(back[0].display.description, None);
        assert_eq!(back[1].description, None);
    }

    #[test]
    fn stores_each_text_once() {
        let mut bytes = Vec::new();
        write(&sample(), 5, &mut bytes).unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(Bytes::from(bytes)).unwrap();
        let names: Vec<String> = reader
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        assert!(!names.iter().any(|n| n.ends_with("_display")), "{names:?}");
        assert!(!names.iter().any(|n| n == "show_id" || n == "description"));
    }

    #[test]
    fn a_step_at_a_time_reads_the_same_titles_and_names_the_same_rows() {
        let mut bytes = Vec::new();
        write(&sample(), 5, &mut bytes).unwrap();
        let mut steps = StepReader::new(Bytes::from(bytes.clone()), 1).unwrap();
        let mut n = 0;
        while steps.step().unwrap() {
            n += 1;
        }
        assert_eq!(n, sample().len(), "a row per step");
        assert_eq!(steps.finish(), read(Bytes::from(bytes)).unwrap());
        // The second row, read in a step of its own, is still row 1.
        let mut titles = sample();
        titles[1].id = "zs2".into();
        let mut bytes = Vec::new();
        write(&titles, 5, &mut bytes).unwrap();
        let mut steps = StepReader::new(Bytes::from(bytes), 1).unwrap();
        assert!(steps.step().unwrap());
        let e = steps.step().unwrap_err().to_string();
        assert!(e.contains("row 1") && e.contains("zs2"), "{e}");
    }

    #[test]
    fn an_id_without_a_platform_initial_is_named() {
        let mut titles = sample();
        titles[1].id = "zs2".into();
        let mut bytes = Vec::new();
        write(&titles, 5, &mut bytes).unwrap();
        let e = read(Bytes::from(bytes)).unwrap_err().to_string();
        assert!(
            e.contains("id") && e.contains("row 1") && e.contains("zs2"),
            "{e}"
        );
    }

    #[test]
    fn a_missing_column_is_named_and_garbage_is_an_error() {
        let mut bytes = Vec::new();
        write(&sample(), 5, &mut bytes).unwrap();
        let batch = ParquetRecordBatchReaderBuilder::try_new(Bytes::from(bytes))
            .unwrap()
            .build()
            .unwrap()
            .next()
            .unwrap()
            .unwrap();
        let keep: Vec<usize> = (0..batch.num_columns())
            .filter(|&i| batch.schema().field(i).name() != "score_count")
            .collect();
        let cut = batch.project(&keep).unwrap();
        let mut bytes = Vec::new();
        let mut writer = ArrowWriter::try_new(&mut bytes, cut.schema(), None).unwrap();
        writer.write(&cut).unwrap();
        writer.close().unwrap();
        let e = read(Bytes::from(bytes)).unwrap_err().to_string();
        assert_eq!(e, "column `score_count` is missing");
        assert!(read(Bytes::from_static(b"PAR1 nope")).is_err());
    }
}
