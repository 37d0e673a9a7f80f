//! `titles.parquet`: one row per title, the raw files' column names plus
//! `id`, `platform`, `duration_int`, `duration_type`, `score`, `score_count`,
//! then the display text (`title_display`, `director_display`,
//! `country_display`, `listed_in_display`; null where it equals the
//! lower-case column) and `work_id`. The cast's and synopsis' display text
//! are not stored here: they would double the file past its 4 MB budget.
//! The schema is documented in `docs/data-model.md`.
//!
//! Files written before the display and work columns existed still read:
//! their display text falls back to the lower-case columns and their works
//! are grouped on reading ([`Works::assign`]).

#[cfg(not(target_arch = "wasm32"))]
use std::io::Write;
use std::sync::Arc;

use arrow_array::{
    Array, Date32Array, Float64Array, Int32Array, RecordBatch, StringArray, UInt32Array,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use bytes::Bytes;
use cartelera_core::works::Works;
use cartelera_core::{Date, DurationType, Platform, Title, TitleDisplay, TitleType};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
#[cfg(not(target_arch = "wasm32"))]
use parquet::arrow::ArrowWriter;

use crate::column::{column, null_in, optional_column, StoreError};

/// Text columns whose values are (nearly) all distinct: no dictionary.
#[cfg(not(target_arch = "wasm32"))]
const UNIQUE_TEXT: &[&str] = &[
    "id",
    "show_id",
    "title",
    "cast",
    "description",
    "title_display",
];

/// The display columns, each the display text of the column named before
/// `_display`; nullable, null where the display text is the lower-case
/// text (see [`TitleDisplay`]).
pub const DISPLAY_COLUMNS: [&str; 4] = [
    "title_display",
    "director_display",
    "country_display",
    "listed_in_display",
];

/// One title's stored display fields, in [`DISPLAY_COLUMNS`] order.
fn display_fields(d: &TitleDisplay) -> [Option<&str>; 4] {
    [
        d.title.as_deref(),
        d.director.as_deref(),
        d.country.as_deref(),
        d.listed_in.as_deref(),
    ]
}

/// The columns of `titles.parquet`, in order.
pub fn schema() -> SchemaRef {
    let text = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
    Arc::new(Schema::new(vec![
        text("id", false),
        text("show_id", false),
        text("platform", false),
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
        text("description", true),
        Field::new("score", DataType::Float64, true),
        Field::new("score_count", DataType::UInt32, false),
        text(DISPLAY_COLUMNS[0], true),
        text(DISPLAY_COLUMNS[1], true),
        text(DISPLAY_COLUMNS[2], true),
        text(DISPLAY_COLUMNS[3], true),
        text("work_id", false),
    ]))
}

/// The titles as one Arrow record batch in [`schema`].
pub fn to_batch(titles: &[Title]) -> Result<RecordBatch, StoreError> {
    fn strings<'a>(
        titles: &'a [Title],
        f: impl Fn(&'a Title) -> Option<&'a str>,
    ) -> Arc<StringArray> {
        Arc::new(titles.iter().map(f).collect::<StringArray>())
    }
    let display = |i: usize| strings(titles, move |t| display_fields(&t.display)[i]);
    let mut columns: Vec<Arc<dyn Array>> = vec![
        strings(titles, |t| Some(&t.id)),
        strings(titles, |t| Some(&t.show_id)),
        strings(titles, |t| Some(t.platform.as_str())),
        strings(titles, |t| Some(t.kind.as_str())),
        strings(titles, |t| Some(&t.title)),
        strings(titles, |t| t.director.as_deref()),
        strings(titles, |t| t.cast.as_deref()),
        strings(titles, |t| t.country.as_deref()),
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
        strings(titles, |t| t.listed_in.as_deref()),
        strings(titles, |t| t.description.as_deref()),
        Arc::new(titles.iter().map(|t| t.score).collect::<Float64Array>()),
        Arc::new(
            titles
                .iter()
                .map(|t| Some(t.score_count))
                .collect::<UInt32Array>(),
        ),
    ];
    columns.extend((0..DISPLAY_COLUMNS.len()).map(|i| display(i) as Arc<dyn Array>));
    columns.push(strings(titles, |t| Some(&t.work_id)));
    Ok(RecordBatch::try_new(schema(), columns)?)
}

/// zstd level of the pipeline's `titles.parquet`. zstd because every
/// Parquet reader ships it (stock Spark has no Brotli codec; pandas,
/// pyarrow, DuckDB and Spark read zstd); measured on the real catalog
/// (docs/scale.md), the whole demo ETL's wall time beside the file: level
/// 3 3.48 MB in 0.51 s, 9 3.18 MB in 0.85 s, 15 3.08 MB in 3.8 s, 19
/// 2.94 MB in 6.5 s; Brotli 5, the codec before, wrote 3.27 MB.
#[cfg(not(target_arch = "wasm32"))]
pub const PIPELINE_ZSTD_LEVEL: i32 = 9;

/// Writes `titles.parquet` (zstd [`PIPELINE_ZSTD_LEVEL`]; see
/// `text_writer_properties`). Native only: the page reads its own Brotli
/// copy (`page_titles`), and zstd's C code does not build for wasm32.
#[cfg(not(target_arch = "wasm32"))]
pub fn write<W: Write + Send>(titles: &[Title], out: W) -> Result<(), StoreError> {
    let level =
        parquet::basic::ZstdLevel::try_new(PIPELINE_ZSTD_LEVEL).expect("9 is a valid zstd level");
    let batch = to_batch(titles)?;
    let props =
        crate::text_writer_properties(parquet::basic::Compression::ZSTD(level), UNIQUE_TEXT);
    let mut writer =
        ArrowWriter::try_new(out, batch.schema(), Some(props)).map_err(StoreError::writing)?;
    writer.write(&batch).map_err(StoreError::writing)?;
    writer.close().map_err(StoreError::writing)?;
    Ok(())
}

/// Reads `titles.parquet` from its bytes, checking every column's presence,
/// type and values.
pub fn read(bytes: Bytes) -> Result<Vec<Title>, StoreError> {
    crate::precheck::guarded(&bytes.clone(), || read_unguarded(bytes))
}

fn read_unguarded(bytes: Bytes) -> Result<Vec<Title>, StoreError> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes)?.build()?;
    let mut titles = Vec::new();
    for batch in reader {
        from_batch(&batch?, &mut titles)?;
    }
    if titles.iter().any(|t| t.work_id.is_empty()) {
        Works::assign(&mut titles);
    }
    Ok(titles)
}

/// Appends the titles of one record batch to `out`. Rows of a file without
/// `work_id` get an empty one ([`read`] groups them once it has them all).
pub fn from_batch(batch: &RecordBatch, out: &mut Vec<Title>) -> Result<(), StoreError> {
    const UTF8: &str = "Utf8";
    let text = |name: &'static str| column::<StringArray>(batch, name, UTF8);
    let (id, show_id, platform, kind, title) = (
        text("id")?,
        text("show_id")?,
        text("platform")?,
        text("type")?,
        text("title")?,
    );
    let (director, cast, country, rating) = (
        text("director")?,
        text("cast")?,
        text("country")?,
        text("rating")?,
    );
    let (duration_type, listed_in, description) = (
        text("duration_type")?,
        text("listed_in")?,
        text("description")?,
    );
    let date_added = column::<Date32Array>(batch, "date_added", "Date32")?;
    let release_year = column::<Int32Array>(batch, "release_year", "Int32")?;
    let duration_int = column::<Int32Array>(batch, "duration_int", "Int32")?;
    let score = column::<Float64Array>(batch, "score", "Float64")?;
    let score_count = column::<UInt32Array>(batch, "score_count", "UInt32")?;
    let mut display_columns = [None; 4];
    for (slot, name) in display_columns.iter_mut().zip(DISPLAY_COLUMNS) {
        *slot = optional_column::<StringArray>(batch, name, UTF8)?;
    }
    let work_id = optional_column::<StringArray>(batch, "work_id", UTF8)?;

    let base = out.len();
    out.reserve(batch.num_rows());
    for row in 0..batch.num_rows() {
        let at = base + row;
        let required = |array: &StringArray, name: &'static str| -> Result<String, StoreError> {
            if array.is_null(row) {
                return Err(null_in(name, at));
            }
            Ok(array.value(row).to_string())
        };
        let optional =
            |array: &StringArray| (!array.is_null(row)).then(|| array.value(row).to_string());
        let bad = |column: &'static str, detail: String| StoreError::BadValue {
            column,
            row: at,
            detail,
        };
        let platform_name = required(platform, "platform")?;
        let kind_name = required(kind, "type")?;
        let duration_type = match optional(duration_type) {
            None => None,
            Some(name) => Some(
                DurationType::parse(&name)
                    .ok_or_else(|| bad("duration_type", format!("unknown unit {name:?}")))?,
            ),
        };
        let duration_int = match duration_int.is_null(row) {
            true => None,
            false => Some(u32::try_from(duration_int.value(row)).map_err(|_| {
                bad(
                    "duration_int",
                    format!("negative length {}", duration_int.value(row)),
                )
            })?),
        };
        let score = (!score.is_null(row)).then(|| score.value(row));
        if score.is_some_and(|s| !(0.5..=5.0).contains(&s)) {
            return Err(bad("score", format!("{score:?} is outside 0.5–5.0")));
        }
        if release_year.is_null(row) {
            return Err(null_in("release_year", at));
        }
        if score_count.is_null(row) {
            return Err(null_in("score_count", at));
        }
        let [title_d, director_d, country_d, listed_in_d] =
            display_columns.map(|array| array.and_then(optional));
        let display = TitleDisplay {
            title: title_d,
            director: director_d,
            cast: None,
            country: country_d,
            listed_in: listed_in_d,
            description: None,
        };
        let work_id = match work_id {
            None => String::new(),
            Some(array) => required(array, "work_id")?,
        };
        out.push(Title {
            id: required(id, "id")?,
            show_id: required(show_id, "show_id")?,
            platform: platform_name
                .parse::<Platform>()
                .map_err(|e| bad("platform", e.to_string()))?,
            kind: TitleType::parse(&kind_name).ok_or_else(|| {
                bad(
                    "type",
                    format!("expected movie or tv show, found {kind_name:?}"),
                )
            })?,
            title: required(title, "title")?,
            director: optional(director),
            cast: optional(cast),
            country: optional(country),
            date_added: (!date_added.is_null(row)).then(|| Date::from_days(date_added.value(row))),
            release_year: release_year.value(row),
            rating: required(rating, "rating")?,
            duration_int,
            duration_type,
            listed_in: optional(listed_in),
            description: optional(description),
            score,
            score_count: score_count.value(row),
            display,
            work_id,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Title> {
        vec![
            Title {
                id: "ns1".into(),
                show_id: "s1".into(),
                platform: Platform::Netflix,
                kind: TitleType::Movie,
                title: "dick johnson is dead".into(),
                director: Some("kirsten johnson".into()),
                cast: None,
                country: Some("united states".into()),
                date_added: Date::from_ymd(2021, 9, 25),
                release_year: 2020,
                rating: "pg-13".into(),
                duration_int: Some(90),
                duration_type: Some(DurationType::Min),
                listed_in: Some("documentaries".into()),
                description: Some("a <script>x</script> \u{2028} test".into()),
                score: Some(3.5),
                score_count: 2,
                display: TitleDisplay {
                    title: Some("Dick Johnson Is Dead".into()),
                    director: Some("Kirsten Johnson".into()),
                    cast: None,
                    country: Some("United States".into()),
                    listed_in: Some("Documentaries".into()),
                    description: None,
                },
                work_id: "w-ns1".into(),
            },
            Title {
                id: "hs51".into(),
                show_id: "s51".into(),
                platform: Platform::Hulu,
                kind: TitleType::TvShow,
                title: "show".into(),
                director: None,
                cast: None,
                country: None,
                date_added: None,
                release_year: 2019,
                rating: "g".into(),
                duration_int: None,
                duration_type: None,
                listed_in: None,
                description: None,
                score: None,
                score_count: 0,
                display: TitleDisplay::default(),
                work_id: "w-hs51".into(),
            },
        ]
    }

    #[test]
    fn cast_and_synopsis_display_text_are_not_stored() {
        let mut titles = sample();
        titles[0].display.cast = Some("Ana Ruiz".into());
        titles[0].display.description = Some("A Test".into());
        let mut bytes = Vec::new();
        write(&titles, &mut bytes).unwrap();
        assert_eq!(read(Bytes::from(bytes)).unwrap(), sample());
    }

    #[test]
    fn round_trips_every_field() {
        let mut bytes = Vec::new();
        write(&sample(), &mut bytes).unwrap();
        assert_eq!(&bytes[..4], b"PAR1");
        assert_eq!(read(Bytes::from(bytes)).unwrap(), sample());
    }

    /// `sample()` written as a file from before the display and work
    /// columns: every column of the old schema, none of the new ones.
    fn without_new_columns() -> Bytes {
        let batch = to_batch(&sample()).unwrap();
        let keep: Vec<usize> = (0..batch.num_columns())
            .filter(|&i| {
                let name = batch.schema().field(i).name().clone();
                !DISPLAY_COLUMNS.contains(&name.as_str()) && name != "work_id"
            })
            .collect();
        let old = batch.project(&keep).unwrap();
        assert_eq!(old.num_columns(), 17);
        let mut bytes = Vec::new();
        let mut writer = ArrowWriter::try_new(&mut bytes, old.schema(), None).unwrap();
        writer.write(&old).unwrap();
        writer.close().unwrap();
        Bytes::from(bytes)
    }

    #[test]
    fn an_older_file_reads_with_lowercase_display_text_and_grouped_works() {
        let titles = read(without_new_columns()).unwrap();
        let expected: Vec<Title> = sample()
            .into_iter()
            .map(|t| Title {
                display: TitleDisplay::default(),
                ..t
            })
            .collect();
        assert_eq!(titles, expected, "work ids come from grouping the rows");
        assert_eq!(titles[0].display_title(), "dick johnson is dead");
        assert_eq!(titles[0].display_country(), Some("united states"));
        let sample = sample();
        assert_eq!(sample[0].display_title(), "Dick Johnson Is Dead");
    }

    #[test]
    fn a_display_column_of_another_type_is_an_error() {
        let batch = to_batch(&sample()).unwrap();
        let mut fields: Vec<Field> = batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.as_ref().clone())
            .collect();
        let mut columns = batch.columns().to_vec();
        let at = fields
            .iter()
            .position(|f| f.name() == "country_display")
            .unwrap();
        fields[at] = Field::new("country_display", DataType::Int32, true);
        columns[at] = Arc::new(Int32Array::from(vec![None, Some(1)]));
        let bad = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap();
        let err = from_batch(&bad, &mut Vec::new()).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::WrongType {
                    column: "country_display",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn truncated_or_foreign_bytes_are_an_error_not_a_panic() {
        let mut bytes = Vec::new();
        write(&sample(), &mut bytes).unwrap();
        for cut in [0, 4, bytes.len() / 2, bytes.len() - 1] {
            let err = read(Bytes::copy_from_slice(&bytes[..cut])).unwrap_err();
            assert!(matches!(err, StoreError::Format(_)), "cut {cut}: {err}");
        }
        assert!(read(Bytes::from_static(b"show_id,type\ns1,Movie\n")).is_err());
    }

    #[test]
    fn a_missing_column_is_named() {
        let batch = to_batch(&sample()).unwrap();
        let keep: Vec<usize> = (0..batch.num_columns())
            .filter(|&i| batch.schema().field(i).name() != "score")
            .collect();
        let projected = batch.project(&keep).unwrap();
        let err = from_batch(&projected, &mut Vec::new()).unwrap_err();
        assert_eq!(err.to_string(), "column `score` is missing");
    }
}
