//! Reading one factor-file table: column types, nulls, list lengths (k)
//! and finite numbers, with errors naming the column and row.

use arrow_array::types::{
    ArrowPrimitiveType, Float16Type, Float32Type, Int8Type, UInt32Type, UInt8Type,
};
use arrow_array::{
    Array, Float32Array, ListArray, PrimitiveArray, RecordBatch, StringArray, UInt32Array,
};
use bytes::Bytes;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::layout::Table;
use crate::column::{column, null_in, StoreError};
use crate::factors::manifest::Precision;

/// What a table must hold.
pub(crate) struct Expect {
    pub precision: Precision,
    pub k: usize,
    pub users: bool,
}

/// Reads one table, checking column types, nulls, list lengths (k) and
/// that every number is finite.
pub(crate) fn read(bytes: Bytes, expect: &Expect) -> Result<Table, StoreError> {
    crate::precheck::guarded(&bytes.clone(), || read_unguarded(bytes, expect))
}

fn read_unguarded(bytes: Bytes, expect: &Expect) -> Result<Table, StoreError> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes)?.build()?;
    let mut table = Table::default();
    for batch in reader {
        read_batch(&batch?, expect, &mut table)?;
    }
    Ok(table)
}

fn read_batch(batch: &RecordBatch, expect: &Expect, table: &mut Table) -> Result<(), StoreError> {
    let base = table.ids.len();
    let k = expect.k;
    let id = column::<StringArray>(batch, "id", "Utf8")?;
    let bias = column::<Float32Array>(batch, "bias", "Float32")?;
    let count = column::<UInt32Array>(batch, "count", "UInt32")?;
    no_nulls(id, "id", base)?;
    no_nulls(bias, "bias", base)?;
    no_nulls(count, "count", base)?;
    table
        .ids
        .extend(id.iter().map(|s| s.unwrap_or_default().to_string()));
    finite(bias.values(), 1, "bias", base)?;
    table.bias.extend_from_slice(bias.values());
    table.counts.extend_from_slice(count.values());

    let start = table.factors.len();
    match expect.precision {
        Precision::F32 => {
            let v = fixed_lists::<Float32Type>(
                batch,
                "features",
                "List<Float32> (precision f32 in model.json)",
                k,
                base,
            )?;
            table.factors.extend_from_slice(v);
        }
        Precision::F16 => {
            let v = fixed_lists::<Float16Type>(
                batch,
                "features",
                "List<Float16> (precision f16 in model.json)",
                k,
                base,
            )?;
            table.factors.extend(v.iter().map(|h| h.to_f32()));
        }
        Precision::Int8 => {
            let v = fixed_lists::<Int8Type>(
                batch,
                "features",
                "List<Int8> (precision int8 in model.json)",
                k,
                base,
            )?;
            let scale = column::<Float32Array>(batch, "scale", "Float32")?;
            no_nulls(scale, "scale", base)?;
            finite(scale.values(), 1, "scale", base)?;
            for (row, &s) in scale.values().iter().enumerate() {
                table
                    .factors
                    .extend(v[row * k..(row + 1) * k].iter().map(|&q| f32::from(q) * s));
            }
        }
    }
    finite(&table.factors[start..], k, "features", base)?;

    if expect.users {
        let row = column::<UInt32Array>(batch, "row", "UInt32")?;
        no_nulls(row, "row", base)?;
        table.rows.extend_from_slice(row.values());
        let (items, item_offsets) =
            lists::<UInt32Type>(batch, "rated_items", "List<UInt32>", base)?;
        let (values, value_offsets) =
            lists::<UInt8Type>(batch, "rated_values", "List<UInt8>", base)?;
        for r in 0..batch.num_rows() {
            let (a, b) = (item_offsets[r] as usize, item_offsets[r + 1] as usize);
            let (c, d) = (value_offsets[r] as usize, value_offsets[r + 1] as usize);
            if b - a != d - c {
                return Err(StoreError::BadValue {
                    column: "rated_values",
                    row: base + r,
                    detail: format!("{} values for {} rated items", d - c, b - a),
                });
            }
            table.history.push(
                items[a..b]
                    .iter()
                    .copied()
                    .zip(values[c..d].iter().copied())
                    .collect(),
            );
        }
    }
    Ok(())
}

fn no_nulls(array: &dyn Array, name: &'static str, base: usize) -> Result<(), StoreError> {
    match (0..array.len()).find(|&i| array.is_null(i)) {
        Some(row) => Err(null_in(name, base + row)),
        None => Ok(()),
    }
}

/// The first non-finite value of `values` (rows of `width`), as an error.
fn finite(values: &[f32], width: usize, name: &'static str, base: usize) -> Result<(), StoreError> {
    match values.iter().position(|x| !x.is_finite()) {
        Some(at) => Err(StoreError::BadValue {
            column: name,
            row: base + at.checked_div(width).unwrap_or(0),
            detail: format!("{} is not a finite number", values[at]),
        }),
        None => Ok(()),
    }
}

/// A list column's flat values and offsets, without nulls at either level.
fn lists<'a, T: ArrowPrimitiveType>(
    batch: &'a RecordBatch,
    name: &'static str,
    expected: &'static str,
    base: usize,
) -> Result<(&'a [T::Native], &'a [i32]), StoreError> {
    let list = column::<ListArray>(batch, name, expected)?;
    let values = list
        .values()
        .as_any()
        .downcast_ref::<PrimitiveArray<T>>()
        .ok_or_else(|| StoreError::WrongType {
            column: name,
            expected,
            found: list.data_type().to_string(),
        })?;
    no_nulls(list, name, base)?;
    let offsets: &[i32] = list.value_offsets();
    if let Some(at) = (0..values.len()).find(|&i| values.is_null(i)) {
        let row = offsets
            .partition_point(|&o| o as usize <= at)
            .saturating_sub(1);
        return Err(StoreError::BadValue {
            column: name,
            row: base + row,
            detail: "null inside the list".to_string(),
        });
    }
    Ok((values.values(), offsets))
}

/// Like [`lists`], where every row holds exactly `k` values; returns
/// them contiguous (rows × k).
fn fixed_lists<'a, T: ArrowPrimitiveType>(
    batch: &'a RecordBatch,
    name: &'static str,
    expected: &'static str,
    k: usize,
    base: usize,
) -> Result<&'a [T::Native], StoreError> {
    let (values, offsets) = lists::<T>(batch, name, expected, base)?;
    for (row, pair) in offsets.windows(2).enumerate() {
        let len = (pair[1] - pair[0]) as usize;
        if len != k {
            return Err(StoreError::BadValue {
                column: name,
                row: base + row,
                detail: format!("{len} values, expected k = {k} (model.json)"),
            });
        }
    }
    let first = offsets.first().map_or(0, |&o| o as usize);
    let last = offsets.last().map_or(0, |&o| o as usize);
    Ok(&values[first..last])
}
