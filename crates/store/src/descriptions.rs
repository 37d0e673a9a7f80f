//! `descriptions.parquet`: the synopses, apart from the rest of the
//! catalog. They are 58 % of `titles.parquet`'s bytes but only the title
//! view shows them, so the page downloads the catalog without them first
//! and this file when a title is opened (see `cartelera export-web`).
//!
//! Columns: `id` (Utf8, the title's id), `description` (Utf8, lower-case,
//! the queries' text), `description_display` (Utf8, nullable: the synopsis
//! in its original case, null where it equals `description`); one row per
//! title that has a description, in catalog order. Files without
//! `description_display` still read.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use arrow_array::{Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use bytes::Bytes;
use cartelera_core::Title;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;

use crate::column::{column, null_in, optional_column, StoreError};

/// Writes the descriptions of `titles` (those that have one), Brotli at
/// `level` (0–11).
pub fn write<W: Write + Send>(titles: &[Title], level: u32, out: W) -> Result<(), StoreError> {
    let with: Vec<&Title> = titles.iter().filter(|t| t.description.is_some()).collect();
    let ids: StringArray = with.iter().map(|t| Some(t.id.as_str())).collect();
    let texts: StringArray = with.iter().map(|t| t.description.as_deref()).collect();
    let shown: StringArray = with
        .iter()
        .map(|t| t.display.description.as_deref())
        .collect();
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("description", DataType::Utf8, false),
        Field::new("description_display", DataType::Utf8, true),
    ]));
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![Arc::new(ids), Arc::new(texts), Arc::new(shown)],
    )?;
    let props = crate::text_writer_properties(level, &["id", "description", "description_display"]);
    let mut writer = ArrowWriter::try_new(out, schema, Some(props))?;
    writer.write(&batch)?;
    writer.close()?;
    Ok(())
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

fn read_as(bytes: Bytes, display: bool) -> Result<HashMap<String, String>, StoreError> {
    crate::column::guarded(|| read_as_unguarded(bytes, display))
}

fn read_as_unguarded(bytes: Bytes, display: bool) -> Result<HashMap<String, String>, StoreError> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes)?.build()?;
    let mut map = HashMap::new();
    for batch in reader {
        let batch = batch?;
        let ids = column::<StringArray>(&batch, "id", "Utf8")?;
        let texts = column::<StringArray>(&batch, "description", "Utf8")?;
        for (column, array) in [("id", ids), ("description", texts)] {
            if let Some(row) = (0..array.len()).find(|&r| array.is_null(r)) {
                return Err(null_in(column, row));
            }
        }
        let shown = match display {
            true => optional_column::<StringArray>(&batch, "description_display", "Utf8")?,
            false => None,
        };
        for row in 0..batch.num_rows() {
            let text = match shown {
                Some(shown) if !shown.is_null(row) => shown.value(row),
                _ => texts.value(row),
            };
            map.insert(ids.value(row).to_string(), text.to_string());
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
        assert_eq!(read_display(old.into()).unwrap()["ns1"], "tommaso buscetta");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(read(Bytes::from_static(b"PAR1 not really")).is_err());
    }
}
