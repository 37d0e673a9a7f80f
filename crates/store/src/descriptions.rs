//! `descriptions.parquet`: the synopses, apart from the rest of the
//! catalog. They are 58 % of `titles.parquet`'s bytes but only the title
//! view shows them, so the page downloads the catalog without them first
//! and a synopsis when a title is opened (see `cartelera export-web`).
//!
//! The page's copy is cut into [`SHARDS`] files by a hash of the title id
//! ([`shard_of`], [`shard_file`]): a title page fetches and decodes the
//! one file holding its synopsis, a 64th of them. As one file, a title page
//! downloaded all of them and decoded them in one task (1.5 MB; 0.25–0.32 s
//! on a throttled phone). Each shard is a file of this same layout.
//!
//! Columns: `id` (Utf8, the title's id) and `description_display` (Utf8:
//! the synopsis in its original case); one row per title that has a
//! description, in catalog order. The lower-case text the queries read is
//! derived on reading with rule 4's own function
//! ([`cartelera_core::rules::query_case`]), as in
//! [`page_titles`](crate::page_titles): storing both doubled the file
//! (3.12 MB against 1.55 MB, measured on the real catalog).
//!
//! Older files hold `description` (lower-case) and, optionally, a nullable
//! `description_display`; they still read.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use arrow_array::{Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use bytes::Bytes;
use cartelera_core::rules::query_case;
use cartelera_core::Title;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;

use crate::column::{column, null_in, optional_column, StoreError};

/// Writes the descriptions of `titles` (those that have one), Brotli at
/// `level` (0–11).
pub fn write<W: Write + Send>(titles: &[Title], level: u32, out: W) -> Result<(), StoreError> {
    let with: Vec<&Title> = titles.iter().filter(|t| t.description.is_some()).collect();
    let ids: StringArray = with.iter().map(|t| Some(t.id.as_str())).collect();
    let shown: StringArray = with.iter().map(|t| t.display_description()).collect();
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new(DISPLAY, DataType::Utf8, false),
    ]));
    let batch = RecordBatch::try_new(schema.clone(), vec![Arc::new(ids), Arc::new(shown)])?;
    let props = crate::text_writer_properties(crate::brotli(level), &["id", DISPLAY]);
    let mut writer = ArrowWriter::try_new(out, schema, Some(props))?;
    writer.write(&batch)?;
    writer.close()?;
    Ok(())
}

/// How many files the page's synopses are cut into.
pub const SHARDS: u32 = 64;

/// The shard holding the synopsis of title `id`: FNV-1a (32 bits) of its
/// bytes, modulo [`SHARDS`]. The writer and the page both call this, so a
/// title is looked for where it was written.
pub fn shard_of(id: &str) -> u32 {
    id_hash(id) % SHARDS
}

/// FNV-1a, 32 bits, of a title id's bytes: what [`shard_of`] cuts by
/// (public for `examples/description_shards.rs`, which tries other
/// numbers of files).
pub fn id_hash(id: &str) -> u32 {
    id.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Where shard `shard` lives, relative to the page's data folder.
pub fn shard_file(shard: u32) -> String {
    format!("descriptions/{shard:02}.parquet")
}

/// The synopses of `titles` cut into [`SHARDS`] files, each written by
/// [`write`] (a shard no title falls in is a file with no rows, so the
/// page never asks for a file that is not there): `(shard_file, bytes)`.
pub fn write_shards(titles: &[Title], level: u32) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
    let mut parts: Vec<Vec<Title>> = vec![Vec::new(); SHARDS as usize];
    for t in titles.iter().filter(|t| t.description.is_some()) {
        parts[shard_of(&t.id) as usize].push(t.clone());
    }
    parts
        .iter()
        .enumerate()
        .map(|(shard, part)| {
            let mut bytes = Vec::new();
            write(part, level, &mut bytes)?;
            Ok((shard_file(shard as u32), bytes))
        })
        .collect()
}

/// Reads the file into a map from title id to description (the
/// lower-case text).
pub fn read(bytes: Bytes) -> Result<HashMap<String, String>, StoreError> {
    read_as(bytes, false)
}

/// Reads the file into a map from title id to the synopsis as a person
/// reads it: `description_display` where present, else `description`.
pub fn read_display(bytes: Bytes) -> Result<HashMap<String, String>, StoreError> {
    read_as(bytes, true)
}

/// The synopsis column in its display case.
const DISPLAY: &str = "description_display";

fn read_as(bytes: Bytes, display: bool) -> Result<HashMap<String, String>, StoreError> {
    crate::precheck::guarded(&bytes.clone(), || read_as_unguarded(bytes, display))
}

fn read_as_unguarded(bytes: Bytes, display: bool) -> Result<HashMap<String, String>, StoreError> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes)?.build()?;
    let mut map = HashMap::new();
    for batch in reader {
        let batch = batch?;
        let ids = column::<StringArray>(&batch, "id", "Utf8")?;
        let shown = optional_column::<StringArray>(&batch, DISPLAY, "Utf8")?;
        // An older file: the lower-case text, and the display text where
        // it differs.
        let lower = optional_column::<StringArray>(&batch, "description", "Utf8")?;
        let required = match lower {
            Some(lower) => ("description", lower),
            None => (
                DISPLAY,
                shown.ok_or(StoreError::MissingColumn { column: DISPLAY })?,
            ),
        };
        for (column, array) in [("id", ids), required] {
            if let Some(row) = (0..array.len()).find(|&r| array.is_null(r)) {
                return Err(null_in(column, row));
            }
        }
        for row in 0..batch.num_rows() {
            let shown = shown.filter(|s| !s.is_null(row)).map(|s| s.value(row));
            let text = match (display, lower) {
                (true, Some(lower)) => shown.unwrap_or(lower.value(row)).to_string(),
                (false, Some(lower)) => lower.value(row).to_string(),
                (true, None) => required.1.value(row).to_string(),
                (false, None) => query_case(required.1.value(row)),
            };
            map.insert(ids.value(row).to_string(), text);
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartelera_core::{Platform, TitleType};

    fn title(id: &str, description: Option<&str>) -> Title {
        Title {
            id: id.into(),
            show_id: id[1..].into(),
            platform: Platform::from_id(id).unwrap(),
            kind: TitleType::Movie,
            title: "t".into(),
            director: None,
            cast: None,
            country: None,
            date_added: None,
            release_year: 2000,
            rating: "g".into(),
            duration_int: None,
            duration_type: None,
            listed_in: None,
            description: description.map(str::to_string),
            score: None,
            score_count: 0,
            display: Default::default(),
            work_id: String::new(),
        }
    }

    #[test]
    fn shards_hold_each_synopsis_where_shard_of_looks_and_no_other() {
        let titles: Vec<Title> = (0..300)
            .map(|i| {
                title(
                    &format!("ns{i}"),
                    (i % 3 != 0).then(|| format!("synopsis {i}")).as_deref(),
                )
            })
            .collect();
        let shards = write_shards(&titles, 1).unwrap();
        assert_eq!(shards.len(), SHARDS as usize);
        let mut seen = 0;
        for (shard, (file, bytes)) in shards.into_iter().enumerate() {
            assert_eq!(file, shard_file(shard as u32));
            let map = read_display(bytes.into()).unwrap();
            for (id, text) in &map {
                assert_eq!(shard_of(id), shard as u32, "{id} in {file}");
                assert_eq!(*text, format!("synopsis {}", &id[2..]));
            }
            seen += map.len();
        }
        assert_eq!(seen, 200, "every title with a synopsis, once");
        // FNV-1a's published value for "a" (0xe40c292c), modulo 64.
        assert_eq!(shard_of("a"), 0xe40c_292c % 64);
        assert_eq!(shard_file(7), "descriptions/07.parquet");
    }

    #[test]
    fn round_trip_keeps_only_titles_with_a_description() {
        let titles = [
            title("ns1", Some("a <b>synopsis</b>, with \"quotes\"")),
            title("hs2", None),
            title("ds3", Some("ñandú")),
        ];
        let mut bytes = Vec::new();
        write(&titles, 5, &mut bytes).unwrap();
        let map = read(bytes.into()).unwrap();
        assert_eq!(map.len(), 2);
        assert_eq!(map["ns1"], "a <b>synopsis</b>, with \"quotes\"");
        assert_eq!(map["ds3"], "ñandú");
    }

    #[test]
    fn display_text_reads_in_its_case_and_falls_back_to_the_lowercase_text() {
        let mut cased = title("ns1", Some("tommaso buscetta, part ii"));
        cased.display.description = Some("Tommaso Buscetta, Part II".into());
        let titles = [cased, title("ds3", Some("ñandú"))];
        let mut bytes = Vec::new();
        write(&titles, 5, &mut bytes).unwrap();
        let shown = read_display(bytes.clone().into()).unwrap();
        assert_eq!(shown["ns1"], "Tommaso Buscetta, Part II");
        // Stored once, in display case.
        let stored = ParquetRecordBatchReaderBuilder::try_new(Bytes::from(bytes.clone())).unwrap();
        let names: Vec<&str> = stored
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect();
        assert_eq!(names, ["id", "description_display"]);
        assert_eq!(shown["ds3"], "ñandú");
        assert_eq!(
            read(bytes.into()).unwrap()["ns1"],
            "tommaso buscetta, part ii"
        );
        // A file from before the display column: the lower-case text.
        let schema = Arc::new(Schema::new(vec![
            Field::new("id", DataType::Utf8, false),
            Field::new("description", DataType::Utf8, false),
        ]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(vec!["ns1"])),
                Arc::new(StringArray::from(vec!["tommaso buscetta"])),
            ],
        )
        .unwrap();
        let mut old = Vec::new();
        let mut writer = ArrowWriter::try_new(&mut old, schema, None).unwrap();
        writer.write(&batch).unwrap();
        writer.close().unwrap();
        assert_eq!(
            read_display(old.clone().into()).unwrap()["ns1"],
            "tommaso buscetta"
        );
        assert_eq!(read(old.into()).unwrap()["ns1"], "tommaso buscetta");
    }

    #[test]
    fn a_file_without_either_text_column_names_the_display_one() {
        let schema = Arc::new(Schema::new(vec![Field::new("id", DataType::Utf8, false)]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![Arc::new(StringArray::from(vec!["ns1"]))],
        )
        .unwrap();
        let mut bytes = Vec::new();
        let mut writer = ArrowWriter::try_new(&mut bytes, schema, None).unwrap();
        writer.write(&batch).unwrap();
        writer.close().unwrap();
        let e = read(bytes.into()).unwrap_err().to_string();
        assert_eq!(e, "column `description_display` is missing");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(read(Bytes::from_static(b"PAR1 not really")).is_err());
    }
}
