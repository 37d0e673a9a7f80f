//! `taste/titles.parquet`: what the page needs beside its catalog to
//! compose the taste model exactly as the CLI and the API do.
//!
//! The page's `titles.parquet` leaves out the synopses (its first
//! download; see `cartelera export-web`), but a title's taste vector uses
//! its synopsis's words (`term:` features). Shipping every synopsis for
//! that would cost 1.5 MB; only the words the taste vocabulary holds
//! change a vector, so this file keeps just those, in their order.
//!
//! Columns: `id` (Utf8, the title's id), `terms` (Utf8, the synopsis's
//! words the vocabulary holds, in first-appearance order, space-separated;
//! empty when none); one row per title, in catalog order. Files written
//! when the page's catalog had no display text also hold `title_display`
//! (Utf8, nullable); it still reads and applies, but is no longer written:
//! the page's catalog carries its display titles itself.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use arrow_array::{Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use bytes::Bytes;
use cartelera_core::features::{terms, Vocabulary};
use cartelera_core::Title;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;

use crate::column::{column, null_in, optional_column, StoreError};

/// One title's row: the vocabulary's words of its synopsis (and, in older
/// files, its display title).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TasteText {
    /// The synopsis's known words, space-separated.
    pub terms: String,
    /// The title as written, when it differs from the lower-case one (older
    /// files only).
    pub title_display: Option<String>,
}

/// The words of `description` that `vocabulary` holds as `term:` features,
/// in the order [`terms`] gives them. A word that would not come back as
/// itself from [`terms`] (a lower-casing that yields a non-letter) is left
/// out: it could not be rebuilt from the text anyway.
pub fn known_terms(description: &str, vocabulary: &Vocabulary) -> String {
    terms(description)
        .into_iter()
        .filter(|w| vocabulary.row(&format!("term:{w}")).is_some())
        .filter(|w| terms(w) == [w.as_str()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes one row per title of `titles`, Brotli at `level` (0–11).
pub fn write<W: Write + Send>(
    titles: &[Title],
    vocabulary: &Vocabulary,
    level: u32,
    out: W,
) -> Result<(), StoreError> {
    let ids: StringArray = titles.iter().map(|t| Some(t.id.as_str())).collect();
    let words: Vec<String> = titles
        .iter()
        .map(|t| known_terms(t.description.as_deref().unwrap_or(""), vocabulary))
        .collect();
    let words: StringArray = words.iter().map(|w| Some(w.as_str())).collect();
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("terms", DataType::Utf8, false),
    ]));
    let batch = RecordBatch::try_new(schema.clone(), vec![Arc::new(ids), Arc::new(words)])?;
    let props = crate::text_writer_properties(crate::brotli(level), &["id", "terms"]);
    let mut writer = ArrowWriter::try_new(out, schema, Some(props))?;
    writer.write(&batch)?;
    writer.close()?;
    Ok(())
}

/// Reads the file into a map from title id to its row.
pub fn read(bytes: Bytes) -> Result<HashMap<String, TasteText>, StoreError> {
    crate::precheck::guarded(&bytes.clone(), || read_unguarded(bytes))
}

fn read_unguarded(bytes: Bytes) -> Result<HashMap<String, TasteText>, StoreError> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes)?.build()?;
    let mut map = HashMap::new();
    for batch in reader {
        let batch = batch?;
        let ids = column::<StringArray>(&batch, "id", "Utf8")?;
        let words = column::<StringArray>(&batch, "terms", "Utf8")?;
        let shown = optional_column::<StringArray>(&batch, "title_display", "Utf8")?;
        for (name, array) in [("id", ids), ("terms", words)] {
            if let Some(row) = (0..array.len()).find(|&r| array.is_null(r)) {
                return Err(null_in(name, row));
            }
        }
        for row in 0..batch.num_rows() {
            map.insert(
                ids.value(row).to_string(),
                TasteText {
                    terms: words.value(row).to_string(),
                    title_display: shown
                        .filter(|s| !s.is_null(row))
                        .map(|s| s.value(row).to_string()),
                },
            );
        }
    }
    Ok(map)
}

/// Puts each title's row of `texts` into it: the known words as its
/// synopsis (what the taste features read) and, from an older file, its
/// display title. Titles
/// the file does not list are left as they are; a display title that does
/// not lower-case to the title's own is not applied.
pub fn apply(titles: &mut [Title], texts: &HashMap<String, TasteText>) {
    for t in titles {
        if let Some(text) = texts.get(&t.id) {
            t.description = (!text.terms.is_empty()).then(|| text.terms.clone());
            // The display invariant (lower-cased, it is the query text):
            // a side file from another build never renames a title.
            if let Some(shown) = text
                .title_display
                .as_ref()
                .filter(|s| s.to_lowercase() == t.title)
            {
                t.display.title = Some(shown.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartelera_core::features::title_features;
    use cartelera_core::{Platform, TitleType};

    fn title(id: &str, name: &str, description: Option<&str>) -> Title {
        Title {
            id: id.into(),
            show_id: id[1..].into(),
            platform: Platform::from_id(id).unwrap(),
            kind: TitleType::Movie,
            title: name.to_lowercase(),
            director: Some("pete docter".into()),
            cast: None,
            country: None,
            date_added: None,
            release_year: 2001,
            rating: "g".into(),
            duration_int: None,
            duration_type: None,
            listed_in: Some("animation, family".into()),
            description: description.map(str::to_string),
            score: None,
            score_count: 0,
            display: cartelera_core::TitleDisplay {
                title: Some(name.into()),
                ..Default::default()
            },
            work_id: String::new(),
        }
    }

    fn vocabulary() -> Vocabulary {
        Vocabulary::from_names(
            [
                "genre:animation",
                "director:pete docter",
                "term:monsters",
                "term:scare",
                "term:city",
            ]
            .map(String::from)
            .to_vec(),
        )
    }

    #[test]
    fn the_page_composes_the_same_features_as_the_full_catalog() {
        let full = vec![
            title(
                "ds1",
                "Monsters, Inc.",
                Some("in monstropolis, monsters scare kids; the city needs screams. monsters!"),
            ),
            title("ds2", "Up", None),
            title("ds3", "Soul", Some("a jazz teacher")),
        ];
        let v = vocabulary();
        let mut bytes = Vec::new();
        write(&full, &v, 5, &mut bytes).unwrap();
        let texts = read(bytes.into()).unwrap();
        assert_eq!(texts["ds1"].terms, "monsters scare city");
        assert_eq!(texts["ds3"].terms, "");
        // The page's catalog: no synopsis (its display text is its own).
        let mut page: Vec<Title> = full
            .iter()
            .cloned()
            .map(|mut t| {
                t.description = None;
                t
            })
            .collect();
        apply(&mut page, &texts);
        for (a, b) in full.iter().zip(&page) {
            assert_eq!(
                v.weighted(&title_features(a)),
                v.weighted(&title_features(b)),
                "{}",
                a.id
            );
            assert_eq!(a.display_title(), b.display_title());
        }
    }

    /// `write`'s file plus the `title_display` column older builds wrote.
    fn older_file(titles: &[Title], v: &Vocabulary) -> Vec<u8> {
        let mut bytes = Vec::new();
        write(titles, v, 5, &mut bytes).unwrap();
        let batch = ParquetRecordBatchReaderBuilder::try_new(Bytes::from(bytes))
            .unwrap()
            .build()
            .unwrap()
            .next()
            .unwrap()
            .unwrap();
        let shown: StringArray = titles.iter().map(|t| t.display.title.as_deref()).collect();
        let mut fields: Vec<Field> = batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.as_ref().clone())
            .collect();
        fields.push(Field::new("title_display", DataType::Utf8, true));
        let mut columns = batch.columns().to_vec();
        columns.push(Arc::new(shown));
        let old = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap();
        let mut out = Vec::new();
        let mut writer = ArrowWriter::try_new(&mut out, old.schema(), None).unwrap();
        writer.write(&old).unwrap();
        writer.close().unwrap();
        out
    }

    #[test]
    fn display_titles_are_no_longer_written_but_an_older_file_still_applies_them() {
        let full = vec![title("ds1", "Monsters, Inc.", None)];
        let v = vocabulary();
        let mut bytes = Vec::new();
        write(&full, &v, 5, &mut bytes).unwrap();
        assert_eq!(read(bytes.into()).unwrap()["ds1"].title_display, None);
        let texts = read(older_file(&full, &v).into()).unwrap();
        let mut page = full.clone();
        page[0].display = Default::default();
        apply(&mut page, &texts);
        assert_eq!(page[0].display_title(), "Monsters, Inc.");
        // A catalog whose title changed since the file was written keeps
        // its own title.
        let mut renamed = full.clone();
        renamed[0].title = "<b>other</b>".into();
        renamed[0].display = Default::default();
        apply(&mut renamed, &texts);
        assert_eq!(renamed[0].display_title(), "<b>other</b>");
    }

    #[test]
    fn a_file_without_the_terms_column_names_it() {
        let mut bytes = Vec::new();
        crate::descriptions::write(&[title("ds1", "Up", Some("x"))], 5, &mut bytes).unwrap();
        let e = read(bytes.into()).unwrap_err().to_string();
        assert!(e.contains("terms"), "{e}");
    }
}
