//! The tables' layout and writer: the schema, the stored columns, the
//! decoded [`Table`]. A leaf of [`super`]: `read` builds on it.

use std::sync::Arc;

use arrow_array::{
    ArrayRef, Float16Array, Float32Array, Int8Array, ListArray, RecordBatch, StringArray,
    UInt32Array, UInt8Array,
};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use half::f16;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, Encoding};
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;

use crate::column::StoreError;
use crate::factors::manifest::Precision;

/// Name of a list's element field: Spark's (and the Parquet spec's) name,
/// so the tables read in Spark like its own ALS `itemFactors`.
const ELEMENT: &str = "element";

/// Factors in their stored precision, `rows × k` values, row-major.
#[derive(Debug)]
pub(crate) enum Stored {
    F32(Vec<f32>),
    F16(Vec<f16>),
    /// Symmetric per-row quantisation: value = `values[i] × scale[row]`.
    Int8 {
        values: Vec<i8>,
        scale: Vec<f32>,
    },
}

impl Stored {
    /// Converts finite `factors` (`rows × k`) to `precision`. `what` names
    /// the rows in errors ("item", "user"), `ids` their ids.
    pub(crate) fn quantise(
        factors: &[f32],
        k: usize,
        precision: Precision,
        what: &str,
        ids: &[String],
    ) -> Result<Stored, StoreError> {
        Ok(match precision {
            Precision::F32 => Stored::F32(factors.to_vec()),
            Precision::F16 => {
                if let Some(at) = factors.iter().position(|x| x.abs() > f16::MAX.to_f32()) {
                    let id = row_id(ids, at.checked_div(k).unwrap_or(0));
                    return Err(StoreError::Inconsistent(format!(
                        "{what} {id:?}: factor {} is beyond f16's range (±65504); store this \
                         model as f32",
                        factors[at]
                    )));
                }
                Stored::F16(factors.iter().map(|&x| f16::from_f32(x)).collect())
            }
            Precision::Int8 => {
                // `encode` checked that there are `ids.len() × k` factors.
                let rows = ids.len();
                let mut values = Vec::with_capacity(factors.len());
                let mut scale = Vec::with_capacity(rows);
                for row in 0..rows {
                    let v = &factors[row * k..(row + 1) * k];
                    let max = v.iter().fold(0f32, |m, x| m.max(x.abs()));
                    // 127, not 128: symmetric, so q and −q are both codes.
                    let s = max / 127.0;
                    scale.push(s);
                    values.extend(v.iter().map(|&x| match s > 0.0 {
                        true => (x / s).round().clamp(-127.0, 127.0) as i8,
                        false => 0,
                    }));
                }
                Stored::Int8 { values, scale }
            }
        })
    }
}

fn row_id(ids: &[String], row: usize) -> &str {
    ids.get(row).map_or("?", String::as_str)
}

/// One side of a model, borrowed for writing.
pub(crate) struct Rows<'a> {
    pub ids: &'a [String],
    pub bias: &'a [f32],
    pub counts: &'a [u32],
    pub features: &'a Stored,
    pub k: usize,
    /// The user side's histories; `None` for the item side.
    pub history: Option<&'a [Vec<(u32, u8)>]>,
}

/// One table, read and checked on its own.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub ids: Vec<String>,
    pub bias: Vec<f32>,
    pub counts: Vec<u32>,
    /// Dequantised to f32.
    pub factors: Vec<f32>,
    /// User tables: each user's row in the model.
    pub rows: Vec<u32>,
    /// User tables: each user's history.
    pub history: Vec<Vec<(u32, u8)>>,
}

fn list_field(element: DataType) -> DataType {
    DataType::List(Arc::new(Field::new(ELEMENT, element, false)))
}

/// The table's columns. Spark's ALS pair (`id`, `features`) comes first.
pub(crate) fn schema(precision: Precision, users: bool) -> SchemaRef {
    let element = match precision {
        Precision::F32 => DataType::Float32,
        Precision::F16 => DataType::Float16,
        Precision::Int8 => DataType::Int8,
    };
    let mut fields = vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("features", list_field(element), false),
        Field::new("bias", DataType::Float32, false),
        Field::new("count", DataType::UInt32, false),
    ];
    if precision == Precision::Int8 {
        fields.push(Field::new("scale", DataType::Float32, false));
    }
    if users {
        fields.push(Field::new("row", DataType::UInt32, false));
        fields.push(Field::new(
            "rated_items",
            list_field(DataType::UInt32),
            false,
        ));
        fields.push(Field::new(
            "rated_values",
            list_field(DataType::UInt8),
            false,
        ));
    }
    Arc::new(Schema::new(fields))
}

/// Snappy (zstd's C code does not build for wasm32); statistics off, as
/// nothing filters on these columns; unique or noisy columns skip the
/// dictionary; a sorted history is delta-encoded. The factors' encoding
/// depends on the precision, as measured on 22,998 items × k = 100 of
/// random factors (items.parquet; see `examples/factor_sizes.rs`):
/// f32 byte-stream-split 8.60 MB (plain 9.43, dictionary 10.05); f16
/// plain 4.82 MB (byte-stream-split: the same; dictionary 4.58 MB but
/// larger user shards); int8 dictionary 2.62 MB (plain 5.29: Parquet
/// stores Int8 as 32-bit integers, which the dictionary's 8-bit codes undo).
fn writer_properties(precision: Precision) -> WriterProperties {
    let path = |parts: &[&str]| ColumnPath::new(parts.iter().map(|p| p.to_string()).collect());
    let mut builder = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_statistics_enabled(EnabledStatistics::None)
        .set_created_by("cartelera".to_string());
    for unique in [&["id"][..], &["bias"], &["scale"], &["row"]] {
        builder = builder.set_column_dictionary_enabled(path(unique), false);
    }
    let features = ["features", "list", ELEMENT];
    builder = builder.set_column_dictionary_enabled(path(&features), false);
    builder = match precision {
        Precision::F32 => builder.set_column_encoding(path(&features), Encoding::BYTE_STREAM_SPLIT),
        Precision::F16 => builder,
        Precision::Int8 => builder.set_column_dictionary_enabled(path(&features), true),
    };
    builder = builder.set_column_encoding(path(&["bias"]), Encoding::BYTE_STREAM_SPLIT);
    let items = ["rated_items", "list", ELEMENT];
    builder = builder.set_column_dictionary_enabled(path(&items), false);
    builder
        .set_column_encoding(path(&items), Encoding::DELTA_BINARY_PACKED)
        .build()
}

/// A list column of `lengths`, over `values`.
fn list(
    element: DataType,
    values: ArrayRef,
    lengths: impl Iterator<Item = usize>,
) -> Result<ArrayRef, StoreError> {
    // Parquet lists have i32 offsets: refuse, rather than overflow, more.
    if values.len() > i32::MAX as usize {
        return Err(StoreError::Inconsistent(format!(
            "{} values are too many for one Parquet list column (at most {})",
            values.len(),
            i32::MAX
        )));
    }
    let field = Arc::new(Field::new(ELEMENT, element, false));
    Ok(Arc::new(ListArray::try_new(
        field,
        OffsetBuffer::from_lengths(lengths),
        values,
        None,
    )?))
}

/// Writes rows `select` (indices into `rows`) as one Parquet table; a user
/// table also records `select` itself, in its `row` column.
pub(crate) fn write(
    rows: &Rows,
    select: &[u32],
    precision: Precision,
) -> Result<Vec<u8>, StoreError> {
    let k = rows.k;
    let at = |r: u32| r as usize;
    let each_row = |r: &u32| at(*r) * k..(at(*r) + 1) * k;
    let lengths = || std::iter::repeat_n(k, select.len());
    let mut columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from_iter_values(
            select.iter().map(|&r| &rows.ids[at(r)]),
        )),
        match rows.features {
            Stored::F32(v) => list(
                DataType::Float32,
                Arc::new(Float32Array::from_iter_values(
                    select.iter().flat_map(|r| v[each_row(r)].iter().copied()),
                )),
                lengths(),
            )?,
            Stored::F16(v) => list(
                DataType::Float16,
                Arc::new(Float16Array::from_iter_values(
                    select.iter().flat_map(|r| v[each_row(r)].iter().copied()),
                )),
                lengths(),
            )?,
            Stored::Int8 { values, .. } => list(
                DataType::Int8,
                Arc::new(Int8Array::from_iter_values(
                    select
                        .iter()
                        .flat_map(|r| values[each_row(r)].iter().copied()),
                )),
                lengths(),
            )?,
        },
        Arc::new(Float32Array::from_iter_values(
            select.iter().map(|&r| rows.bias[at(r)]),
        )),
        Arc::new(UInt32Array::from_iter_values(
            select.iter().map(|&r| rows.counts[at(r)]),
        )),
    ];
    if let Stored::Int8 { scale, .. } = rows.features {
        columns.push(Arc::new(Float32Array::from_iter_values(
            select.iter().map(|&r| scale[at(r)]),
        )));
    }
    if let Some(history) = rows.history {
        let chosen = || select.iter().map(|&r| &history[at(r)]);
        columns.push(Arc::new(UInt32Array::from(select.to_vec())));
        columns.push(list(
            DataType::UInt32,
            Arc::new(UInt32Array::from_iter_values(
                chosen().flatten().map(|&(i, _)| i),
            )),
            chosen().map(Vec::len),
        )?);
        columns.push(list(
            DataType::UInt8,
            Arc::new(UInt8Array::from_iter_values(
                chosen().flatten().map(|&(_, v)| v),
            )),
            chosen().map(Vec::len),
        )?);
    }
    let schema = schema(precision, rows.history.is_some());
    let batch = RecordBatch::try_new(schema.clone(), columns)?;
    let mut out = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut out, schema, Some(writer_properties(precision)))?;
    writer.write(&batch)?;
    writer.close()?;
    Ok(out)
}
