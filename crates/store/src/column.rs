//! Typed access to the columns of a record batch, with errors that name
//! the file's column and what was expected.

use std::fmt;

use arrow_array::{Array, ArrayRef, RecordBatch};

/// A table that cannot be read or written.
#[derive(Debug)]
pub enum StoreError {
    /// The Parquet/Arrow layer failed (corrupt or truncated bytes, …).
    Format(String),
    /// A column is absent.
    MissingColumn {
        /// Column name.
        column: &'static str,
    },
    /// A column has another type than the layout's.
    WrongType {
        /// Column name.
        column: &'static str,
        /// The layout's type.
        expected: &'static str,
        /// The type found.
        found: String,
    },
    /// A value breaks the layout (a null where none is allowed, an unknown
    /// platform name, …).
    BadValue {
        /// Column name.
        column: &'static str,
        /// Zero-based row in the table.
        row: usize,
        /// What is wrong.
        detail: String,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Format(detail) => write!(f, "not a readable Parquet table: {detail}"),
            StoreError::MissingColumn { column } => write!(f, "column `{column}` is missing"),
            StoreError::WrongType {
                column,
                expected,
                found,
            } => write!(f, "column `{column}` has type {found}, expected {expected}"),
            StoreError::BadValue {
                column,
                row,
                detail,
            } => write!(f, "row {row}, column `{column}`: {detail}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<parquet::errors::ParquetError> for StoreError {
    fn from(e: parquet::errors::ParquetError) -> Self {
        StoreError::Format(e.to_string())
    }
}

impl From<arrow_schema::ArrowError> for StoreError {
    fn from(e: arrow_schema::ArrowError) -> Self {
        StoreError::Format(e.to_string())
    }
}

/// Looks a column up by name and downcasts it to the expected array type.
pub(crate) fn column<'a, A: Array + 'static>(
    batch: &'a RecordBatch,
    name: &'static str,
    expected: &'static str,
) -> Result<&'a A, StoreError> {
    let array: &ArrayRef = batch
        .column_by_name(name)
        .ok_or(StoreError::MissingColumn { column: name })?;
    array
        .as_any()
        .downcast_ref::<A>()
        .ok_or_else(|| StoreError::WrongType {
            column: name,
            expected,
            found: array.data_type().to_string(),
        })
}

/// A `BadValue` error for a null in a column that allows none.
pub(crate) fn null_in(column: &'static str, row: usize) -> StoreError {
    StoreError::BadValue {
        column,
        row,
        detail: "null where a value is required".to_string(),
    }
}
