//! `ratings.parquet`: the clean ratings, one row per (user, title), sorted
//! by user then time so one user's history is contiguous (what training,
//! evaluation and per-user look-ups read).
//!
//! | column | type | meaning |
//! |---|---|---|
//! | `user_id` | UInt32 | the ratings files' `userId` |
//! | `title_id` | Dictionary(UInt32, Utf8) | the title's catalog-wide `id` (`ns2186`) |
//! | `rating` | Float32 | 0.5–5.0 in half steps |
//! | `timestamp` | Int64 | Unix seconds, delta-encoded (increasing within a user) |
//!
//! Readers map `title_id` back to catalog rows through the dictionary, one
//! look-up per distinct id per row group rather than one per rating.

use std::io::Write;
use std::sync::Arc;

use arrow_array::types::UInt32Type;
use arrow_array::{
    Array, DictionaryArray, Float32Array, Int64Array, RecordBatch, StringArray, UInt32Array,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use bytes::Bytes;
use cartelera_core::ratings::half_stars;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;

use crate::column::{column, null_in, StoreError};

/// Ratings in columns; row `k` of each vector is one rating.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RatingsTable {
    /// The ratings files' `userId`.
    pub user_id: Vec<u32>,
    /// Row of the rated title in `titles.parquet`.
    pub title_row: Vec<u32>,
    /// Rating × 2 (1–10), exact.
    pub half_stars: Vec<u8>,
    /// Unix seconds.
    pub timestamp: Vec<i64>,
}

impl RatingsTable {
    /// Number of ratings.
    pub fn len(&self) -> usize {
        self.user_id.len()
    }

    /// True when there are no ratings.
    pub fn is_empty(&self) -> bool {
        self.user_id.is_empty()
    }

    /// Appends one rating.
    pub fn push(&mut self, user_id: u32, title_row: u32, half_stars: u8, timestamp: i64) {
        self.user_id.push(user_id);
        self.title_row.push(title_row);
        self.half_stars.push(half_stars);
        self.timestamp.push(timestamp);
    }

    /// The rating of row `k` on the 0.5–5.0 scale.
    pub fn rating(&self, k: usize) -> f32 {
        f32::from(self.half_stars[k]) / 2.0
    }
}

/// The columns of `ratings.parquet`.
pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("user_id", DataType::UInt32, false),
        Field::new(
            "title_id",
            DataType::Dictionary(Box::new(DataType::UInt32), Box::new(DataType::Utf8)),
            false,
        ),
        Field::new("rating", DataType::Float32, false),
        Field::new("timestamp", DataType::Int64, false),
    ]))
}

/// Writes the table; `title_ids[row]` is the id of title row `row`.
/// Every `title_row` must index `title_ids`.
pub fn write<W: Write + Send>(
    table: &RatingsTable,
    title_ids: &[&str],
    out: W,
) -> Result<(), StoreError> {
    if let Some((k, &row)) = table
        .title_row
        .iter()
        .enumerate()
        .find(|(_, &row)| row as usize >= title_ids.len())
    {
        return Err(StoreError::BadValue {
            column: "title_id",
            row: k,
            detail: format!(
                "{row} is not a row of the {}-title catalog",
                title_ids.len()
            ),
        });
    }
    let dictionary = Arc::new(StringArray::from_iter_values(title_ids.iter()));
    let schema = schema();
    let mut writer = ArrowWriter::try_new(
        out,
        schema.clone(),
        Some(crate::ratings_writer_properties()),
    )
    .map_err(StoreError::writing)?;
    // Batches of a row group's size keep the Arrow copies small next to the table.
    const BATCH: usize = 1 << 20;
    for start in (0..table.len()).step_by(BATCH) {
        let end = (start + BATCH).min(table.len());
        let rows = UInt32Array::from(table.title_row[start..end].to_vec());
        let title_id = DictionaryArray::<UInt32Type>::try_new(rows, dictionary.clone())?;
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(UInt32Array::from(table.user_id[start..end].to_vec())),
                Arc::new(title_id),
                Arc::new(Float32Array::from_iter_values(
                    table.half_stars[start..end]
                        .iter()
                        .map(|&h| f32::from(h) / 2.0),
                )),
                Arc::new(Int64Array::from(table.timestamp[start..end].to_vec())),
            ],
        )?;
        writer.write(&batch).map_err(StoreError::writing)?;
    }
    writer.close().map_err(StoreError::writing)?;
    Ok(())
}

/// Reads `ratings.parquet` from its bytes, checking types and values;
/// `row_of` maps a title id to its catalog row (an unknown id is an error).
pub fn read(
    bytes: Bytes,
    row_of: &dyn Fn(&str) -> Option<u32>,
) -> Result<RatingsTable, StoreError> {
    crate::precheck::guarded(&bytes.clone(), || read_unguarded(bytes, row_of))
}

fn read_unguarded(
    bytes: Bytes,
    row_of: &dyn Fn(&str) -> Option<u32>,
) -> Result<RatingsTable, StoreError> {
    // The row count is the file's own claim: a forged one must not size
    // an allocation (no real file stores more than 64 rows per byte).
    let most_rows = bytes.len().saturating_mul(64);
    let builder = ParquetRecordBatchReaderBuilder::try_new(bytes)?;
    let total = (builder.metadata().file_metadata().num_rows().max(0) as usize).min(most_rows);
    let mut table = RatingsTable {
        user_id: Vec::with_capacity(total),
        title_row: Vec::with_capacity(total),
        half_stars: Vec::with_capacity(total),
        timestamp: Vec::with_capacity(total),
    };
    // Whole row groups per batch: `title_id`'s dictionary (every title) is
    // then resolved once per row group, not once per 1,024 rows.
    for batch in builder.with_batch_size(1 << 20).build()? {
        let batch = batch?;
        let user_id = column::<UInt32Array>(&batch, "user_id", "UInt32")?;
        let title_id = batch
            .column_by_name("title_id")
            .ok_or(StoreError::MissingColumn { column: "title_id" })?;
        let rating = column::<Float32Array>(&batch, "rating", "Float32")?;
        let timestamp = column::<Int64Array>(&batch, "timestamp", "Int64")?;
        for (name, array) in [
            ("user_id", user_id as &dyn Array),
            ("title_id", title_id.as_ref()),
            ("rating", rating),
            ("timestamp", timestamp),
        ] {
            if array.null_count() > 0 {
                let row = (0..array.len()).find(|&i| array.is_null(i)).unwrap_or(0);
                return Err(null_in(name, table.len() + row));
            }
        }
        let base = table.len();
        for (k, &value) in rating.values().iter().enumerate() {
            let half = half_stars(f64::from(value)).map_err(|issue| StoreError::BadValue {
                column: "rating",
                row: base + k,
                detail: format!("{value}: {issue}"),
            })?;
            table.half_stars.push(half);
        }
        table.user_id.extend_from_slice(user_id.values());
        title_rows(title_id.as_ref(), base, row_of, &mut table.title_row)?;
        table.timestamp.extend_from_slice(timestamp.values());
    }
    Ok(table)
}

/// Appends the catalog rows of a `title_id` column (dictionary-encoded, as
/// written here, or plain strings, as other tools may rewrite it).
fn title_rows(
    array: &dyn Array,
    base: usize,
    row_of: &dyn Fn(&str) -> Option<u32>,
    out: &mut Vec<u32>,
) -> Result<(), StoreError> {
    let unknown = |k: usize, id: &str| StoreError::BadValue {
        column: "title_id",
        row: base + k,
        detail: format!("{id:?} is not a title of the catalog"),
    };
    if let Some(dict) = array.as_any().downcast_ref::<DictionaryArray<UInt32Type>>() {
        let values = dict
            .values()
            .as_any()
            .downcast_ref::<StringArray>()
            .ok_or_else(|| StoreError::WrongType {
                column: "title_id",
                expected: "Dictionary(UInt32, Utf8) or Utf8",
                found: array.data_type().to_string(),
            })?;
        let rows: Vec<Option<u32>> = values.iter().map(|id| id.and_then(row_of)).collect();
        for (k, &key) in dict.keys().values().iter().enumerate() {
            match rows.get(key as usize).copied().flatten() {
                Some(row) => out.push(row),
                None => return Err(unknown(k, values.value(key as usize))),
            }
        }
        return Ok(());
    }
    let plain = array
        .as_any()
        .downcast_ref::<StringArray>()
        .ok_or_else(|| StoreError::WrongType {
            column: "title_id",
            expected: "Dictionary(UInt32, Utf8) or Utf8",
            found: array.data_type().to_string(),
        })?;
    for (k, id) in plain.iter().enumerate() {
        let id = id.unwrap_or("");
        out.push(row_of(id).ok_or_else(|| unknown(k, id))?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_across_batches() {
        let mut table = RatingsTable::default();
        for k in 0..(1 << 20) + 5 {
            table.push(
                k as u32 / 7,
                (k % 3) as u32,
                (k % 10 + 1) as u8,
                1_000_000 + k as i64,
            );
        }
        let ids = ["as1", "ds2", "ns3"];
        let mut bytes = Vec::new();
        write(&table, &ids, &mut bytes).unwrap();
        let row_of = |id: &str| ids.iter().position(|&x| x == id).map(|r| r as u32);
        assert_eq!(read(Bytes::from(bytes.clone()), &row_of).unwrap(), table);
        let err = read(Bytes::from(bytes), &|id| (id != "ds2").then_some(0)).unwrap_err();
        assert!(err.to_string().contains("\"ds2\" is not a title"), "{err}");
    }

    /// A destination that fills up after `room` bytes, as a full disk does.
    struct FullDisk {
        room: usize,
    }

    impl Write for FullDisk {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.room == 0 {
                return Err(std::io::Error::from_raw_os_error(28));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_full_disk_is_a_write_error_not_an_unreadable_table() {
        let mut table = RatingsTable::default();
        for k in 0..1000 {
            table.push(k, 0, 8, i64::from(k));
        }
        for room in [0, 10, 1000] {
            let err = write(&table, &["as1"], FullDisk { room }).unwrap_err();
            assert!(matches!(err, StoreError::Write(_)), "{err:?}");
            let message = err.to_string();
            assert!(
                message.starts_with("cannot write the Parquet table: ")
                    && message.contains("No space left on device"),
                "{message}"
            );
            assert!(!message.contains("readable"), "{message}");
        }
        let err = crate::titles::write(&[], FullDisk { room: 4 }).unwrap_err();
        assert!(matches!(err, StoreError::Write(_)), "{err:?}");
    }

    #[test]
    fn a_title_row_outside_the_catalog_is_refused() {
        let mut table = RatingsTable::default();
        table.push(1, 5, 8, 0);
        let err = write(&table, &["as1"], Vec::new()).unwrap_err();
        assert!(
            err.to_string().contains("row 0, column `title_id`"),
            "{err}"
        );
    }
}
