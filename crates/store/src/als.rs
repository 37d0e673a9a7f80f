//! One part file of a saved Spark MLlib ALS model: `userFactors/` and
//! `itemFactors/` each hold `part-*.parquet` files with the columns `id`
//! (Spark writes Int32; Int64 and Utf8 are accepted too) and `features`
//! (`array<float>`, i.e. `List<Float32>`; `List<Float64>` is accepted and
//! narrowed). This module reads one part from its bytes; the CLI finds the
//! parts, checks them against each other and maps ids to titles. The
//! project's Spark job (`spark/train_als.py`) adds `userBias/` and
//! `itemBias/` (`id`, `bias`) and `itemIds/` (`id`, `title_id`), read by
//! [`read_bias_part`] and [`read_item_ids_part`].

use std::fmt;

use arrow_array::types::{Float32Type, Float64Type};
use arrow_array::{
    Array, Int32Array, Int64Array, ListArray, PrimitiveArray, RecordBatch, StringArray,
};
use bytes::Bytes;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::column::{null_in, StoreError};

/// An ALS id: Spark's are integers; a string id is kept as it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlsId {
    /// An integer id (Int32 or Int64 column).
    Int(i64),
    /// A string id (Utf8 column).
    Text(String),
}

impl fmt::Display for AlsId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AlsId::Int(id) => write!(f, "{id}"),
            AlsId::Text(id) => f.write_str(id),
        }
    }
}

/// The rows of one part file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AlsPart {
    /// Row ids.
    pub ids: Vec<AlsId>,
    /// Factors per row; `None` when the part has no rows (Spark writes
    /// empty parts).
    pub rank: Option<usize>,
    /// `ids.len() × rank` factors, row-major, finite.
    pub features: Vec<f32>,
}

const FEATURES: &str = "List<Float32> or List<Float64>";

/// Reads one part, checking types, nulls, that every row has the same
/// number of factors and that every factor is a finite f32.
pub fn read_part(bytes: Bytes) -> Result<AlsPart, StoreError> {
    crate::precheck::guarded(&bytes.clone(), || read_part_unguarded(bytes))
}

fn read_part_unguarded(bytes: Bytes) -> Result<AlsPart, StoreError> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes)?.build()?;
    let mut part = AlsPart::default();
    for batch in reader {
        read_batch(&batch?, &mut part)?;
    }
    Ok(part)
}

/// The `id` column of a batch whose first row is row `base` of its part.
fn ids_of(batch: &RecordBatch, base: usize) -> Result<Vec<AlsId>, StoreError> {
    let id = batch
        .column_by_name("id")
        .ok_or(StoreError::MissingColumn { column: "id" })?;
    if let Some(row) = (0..id.len()).find(|&i| id.is_null(i)) {
        return Err(null_in("id", base + row));
    }
    let any = id.as_any();
    if let Some(ints) = any.downcast_ref::<Int32Array>() {
        Ok(ints
            .values()
            .iter()
            .map(|&v| AlsId::Int(i64::from(v)))
            .collect())
    } else if let Some(ints) = any.downcast_ref::<Int64Array>() {
        Ok(ints.values().iter().map(|&v| AlsId::Int(v)).collect())
    } else if let Some(text) = any.downcast_ref::<StringArray>() {
        Ok(text
            .iter()
            .map(|v| AlsId::Text(v.unwrap_or_default().to_string()))
            .collect())
    } else {
        Err(StoreError::WrongType {
            column: "id",
            expected: "Int32, Int64 or Utf8",
            found: id.data_type().to_string(),
        })
    }
}

fn read_batch(batch: &RecordBatch, part: &mut AlsPart) -> Result<(), StoreError> {
    let base = part.ids.len();
    part.ids.extend(ids_of(batch, base)?);

    let features = batch
        .column_by_name("features")
        .ok_or(StoreError::MissingColumn { column: "features" })?;
    let wrong = || StoreError::WrongType {
        column: "features",
        expected: FEATURES,
        found: features.data_type().to_string(),
    };
    let list = features
        .as_any()
        .downcast_ref::<ListArray>()
        .ok_or_else(wrong)?;
    if let Some(row) = (0..list.len()).find(|&i| list.is_null(i)) {
        return Err(null_in("features", base + row));
    }
    let values = list.values().as_any();
    let offsets = list.value_offsets();
    let bad = |row: usize, detail: String| StoreError::BadValue {
        column: "features",
        row: base + row,
        detail,
    };
    if let Some(f32s) = values.downcast_ref::<PrimitiveArray<Float32Type>>() {
        push_rows(offsets, f32s, |x| x, part, &bad)
    } else if let Some(f64s) = values.downcast_ref::<PrimitiveArray<Float64Type>>() {
        // Narrowing can overflow to ∞: caught by the finiteness check.
        push_rows(offsets, f64s, |x| x as f32, part, &bad)
    } else {
        Err(wrong())
    }
}

/// Appends the rows of one list column whose values are `values`.
fn push_rows<T: arrow_array::types::ArrowPrimitiveType>(
    offsets: &[i32],
    values: &PrimitiveArray<T>,
    to_f32: impl Fn(T::Native) -> f32,
    part: &mut AlsPart,
    bad: &dyn Fn(usize, String) -> StoreError,
) -> Result<(), StoreError> {
    for (row, pair) in offsets.windows(2).enumerate() {
        let (start, end) = (pair[0] as usize, pair[1] as usize);
        let len = end - start;
        match part.rank {
            None => part.rank = Some(len),
            Some(rank) if rank != len => {
                return Err(bad(
                    row,
                    format!("{len} factors, but earlier rows have {rank}"),
                ));
            }
            Some(_) => {}
        }
        if let Some(at) = (start..end).find(|&i| values.is_null(i)) {
            return Err(bad(row, format!("factor {} is null", at - start)));
        }
        for (j, &raw) in values.values()[start..end].iter().enumerate() {
            let x = to_f32(raw);
            if !x.is_finite() {
                return Err(bad(row, format!("factor {j} is {raw:?}, not a finite f32")));
            }
            part.features.push(x);
        }
    }
    Ok(())
}

/// One part of `spark/train_als.py`'s `userBias/` or `itemBias/`: `id`
/// (as in the factors) and `bias` (Float32, or Float64 narrowed), each
/// finite.
pub fn read_bias_part(bytes: Bytes) -> Result<Vec<(AlsId, f32)>, StoreError> {
    crate::precheck::guarded(&bytes.clone(), || {
        let reader = ParquetRecordBatchReaderBuilder::try_new(bytes)?.build()?;
        let mut out = Vec::new();
        for batch in reader {
            let batch = batch?;
            let base = out.len();
            let ids = ids_of(&batch, base)?;
            let column = batch
                .column_by_name("bias")
                .ok_or(StoreError::MissingColumn { column: "bias" })?;
            let values: Vec<Option<f64>> = if let Some(v) = column
                .as_any()
                .downcast_ref::<PrimitiveArray<Float32Type>>()
            {
                v.iter().map(|x| x.map(f64::from)).collect()
            } else if let Some(v) = column
                .as_any()
                .downcast_ref::<PrimitiveArray<Float64Type>>()
            {
                v.iter().collect()
            } else {
                return Err(StoreError::WrongType {
                    column: "bias",
                    expected: "Float32 or Float64",
                    found: column.data_type().to_string(),
                });
            };
            for (row, (id, value)) in ids.into_iter().zip(values).enumerate() {
                let bias = value
                    .map(|v| v as f32)
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| StoreError::BadValue {
                        column: "bias",
                        row: base + row,
                        detail: format!("{value:?} is not a finite f32"),
                    })?;
                out.push((id, bias));
            }
        }
        Ok(out)
    })
}

/// One part of `spark/train_als.py`'s `itemIds/`: `id` (ALS's integer item
/// id) and `title_id` (Utf8, the catalog's id).
pub fn read_item_ids_part(bytes: Bytes) -> Result<Vec<(AlsId, String)>, StoreError> {
    crate::precheck::guarded(&bytes.clone(), || {
        let reader = ParquetRecordBatchReaderBuilder::try_new(bytes)?.build()?;
        let mut out = Vec::new();
        for batch in reader {
            let batch = batch?;
            let base = out.len();
            let ids = ids_of(&batch, base)?;
            let column = batch
                .column_by_name("title_id")
                .ok_or(StoreError::MissingColumn { column: "title_id" })?;
            let titles = column
                .as_any()
                .downcast_ref::<StringArray>()
                .ok_or_else(|| StoreError::WrongType {
                    column: "title_id",
                    expected: "Utf8",
                    found: column.data_type().to_string(),
                })?;
            for (row, (id, title)) in ids.into_iter().zip(titles.iter()).enumerate() {
                let title = title.ok_or_else(|| null_in("title_id", base + row))?;
                out.push((id, title.to_string()));
            }
        }
        Ok(out)
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::builder::{Float64Builder, ListBuilder};
    use arrow_array::ArrayRef;
    use parquet::arrow::ArrowWriter;

    use super::*;

    /// A part with Int64 ids and `List<Float64>` features (`None`: a null).
    fn part(ids: &[i64], rows: &[Vec<Option<f64>>]) -> Bytes {
        let mut features = ListBuilder::new(Float64Builder::new());
        for row in rows {
            features.values().extend(row.iter().copied());
            features.append(true);
        }
        let columns: Vec<(&str, ArrayRef)> = vec![
            ("id", Arc::new(Int64Array::from(ids.to_vec()))),
            ("features", Arc::new(features.finish())),
        ];
        let batch = RecordBatch::try_from_iter(columns).unwrap();
        let mut out = Vec::new();
        let mut writer = ArrowWriter::try_new(&mut out, batch.schema(), None).unwrap();
        writer.write(&batch).unwrap();
        writer.close().unwrap();
        Bytes::from(out)
    }

    #[test]
    fn reads_int64_ids_and_narrows_doubles() {
        let got = read_part(part(
            &[7, 3],
            &[vec![Some(0.5), Some(-1.0)], vec![Some(2.0), Some(0.25)]],
        ))
        .unwrap();
        assert_eq!(got.ids, [AlsId::Int(7), AlsId::Int(3)]);
        assert_eq!(
            (got.rank, got.features),
            (Some(2), vec![0.5, -1.0, 2.0, 0.25])
        );
        assert_eq!(read_part(part(&[], &[])).unwrap().rank, None);
    }

    #[test]
    fn bad_rows_are_named() {
        let cases = [
            (
                vec![vec![Some(1.0)], vec![Some(1.0), Some(2.0)]],
                "row 1, column `features`: 2 factors, but earlier rows have 1",
            ),
            (
                vec![vec![Some(1.0)], vec![Some(1e300)]],
                "row 1, column `features`: factor 0 is 1e300, not a finite f32",
            ),
            (
                vec![vec![Some(f64::NAN)], vec![Some(1.0)]],
                "row 0, column `features`: factor 0 is NaN, not a finite f32",
            ),
            (
                vec![vec![Some(1.0)], vec![None]],
                "row 1, column `features`: factor 0 is null",
            ),
        ];
        for (rows, message) in cases {
            assert_eq!(
                read_part(part(&[1, 2], &rows)).unwrap_err().to_string(),
                message
            );
        }
        let batch = RecordBatch::try_from_iter([
            ("id", Arc::new(Int64Array::from(vec![1])) as ArrayRef),
            (
                "features",
                Arc::new(StringArray::from(vec!["0.5"])) as ArrayRef,
            ),
        ])
        .unwrap();
        let err = read_batch(&batch, &mut AlsPart::default())
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "column `features` has type Utf8, expected List<Float32> or List<Float64>"
        );
    }

    #[test]
    fn biases_and_item_ids_are_read_and_a_bad_bias_named() {
        let write = |columns: Vec<(&str, ArrayRef)>| {
            let batch = RecordBatch::try_from_iter(columns).unwrap();
            let mut out = Vec::new();
            let mut writer = ArrowWriter::try_new(&mut out, batch.schema(), None).unwrap();
            writer.write(&batch).unwrap();
            writer.close().unwrap();
            Bytes::from(out)
        };
        let biases = write(vec![
            ("id", Arc::new(Int32Array::from(vec![4, 9])) as ArrayRef),
            (
                "bias",
                Arc::new(arrow_array::Float32Array::from(vec![0.25, -1.5])) as ArrayRef,
            ),
        ]);
        assert_eq!(
            read_bias_part(biases).unwrap(),
            [(AlsId::Int(4), 0.25), (AlsId::Int(9), -1.5)]
        );
        let bad = write(vec![
            ("id", Arc::new(Int32Array::from(vec![4, 9])) as ArrayRef),
            (
                "bias",
                Arc::new(arrow_array::Float64Array::from(vec![0.25, f64::INFINITY])) as ArrayRef,
            ),
        ]);
        assert_eq!(
            read_bias_part(bad).unwrap_err().to_string(),
            "row 1, column `bias`: Some(inf) is not a finite f32"
        );
        let ids = write(vec![
            ("id", Arc::new(Int32Array::from(vec![0, 1])) as ArrayRef),
            (
                "title_id",
                Arc::new(StringArray::from(vec!["ns2186", "as7"])) as ArrayRef,
            ),
        ]);
        assert_eq!(
            read_item_ids_part(ids).unwrap(),
            [
                (AlsId::Int(0), "ns2186".to_string()),
                (AlsId::Int(1), "as7".into())
            ]
        );
    }
}
