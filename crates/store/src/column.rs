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
    /// An error inside one file of a multi-file layout (the factor file);
    /// `file` is relative to the layout's folder, so a caller with the
    /// folder's path can name the file in full.
    InFile {
        /// Path relative to the layout's folder (`items.parquet`).
        file: String,
        /// What went wrong in it.
        error: Box<StoreError>,
    },
    /// A file that the manifest lists was not supplied.
    MissingFile,
    /// A file's size differs from the one recorded in the manifest.
    SizeMismatch {
        /// Bytes recorded in the manifest.
        expected: u64,
        /// Bytes found.
        found: u64,
    },
    /// A file's CRC-32 differs from the one recorded in the manifest.
    ChecksumMismatch {
        /// CRC-32 recorded in the manifest.
        expected: u32,
        /// CRC-32 of the bytes found.
        found: u32,
    },
    /// The file was written by a newer format than this code reads.
    NewerVersion {
        /// The file's format version.
        found: u32,
        /// The newest version this code reads.
        supported: u32,
    },
    /// The layout's parts disagree with each other, or a model handed to
    /// the writer is inconsistent; the message says how.
    Inconsistent(String),
    /// Writing the table failed (a full disk, a closed pipe, …): the bytes
    /// were fine, the destination was not.
    Write(String),
}

impl StoreError {
    /// A writer's error: [`StoreError::Write`], so that a failed write
    /// (the disk is full) never reads as a corrupt table.
    pub fn writing(e: parquet::errors::ParquetError) -> StoreError {
        StoreError::Write(e.to_string())
    }

    /// Wraps the error as one of `file` (relative to the layout's folder).
    pub fn in_file(self, file: impl Into<String>) -> StoreError {
        StoreError::InFile {
            file: file.into(),
            error: Box::new(self),
        }
    }
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
            StoreError::InFile { file, error } => write!(f, "{file}: {error}"),
            StoreError::MissingFile => write!(f, "missing (model.json lists it)"),
            StoreError::SizeMismatch { expected, found } => {
                write!(f, "size {found} ≠ {expected} in model.json (truncated?)")
            }
            StoreError::ChecksumMismatch { expected, found } => write!(
                f,
                "CRC-32 {found:08x} ≠ {expected:08x} in model.json (corrupt?)"
            ),
            StoreError::NewerVersion { found, supported } => write!(
                f,
                "format version {found} is newer than version {supported}, the newest this \
                 build reads: update Cartelera or re-export the model"
            ),
            StoreError::Inconsistent(detail) => f.write_str(detail),
            StoreError::Write(detail) => write!(f, "cannot write the Parquet table: {detail}"),
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

/// Like [`column`], for a column that older files lack: `None` when it is
/// absent, an error only when it is there with another type.
pub(crate) fn optional_column<'a, A: Array + 'static>(
    batch: &'a RecordBatch,
    name: &'static str,
    expected: &'static str,
) -> Result<Option<&'a A>, StoreError> {
    match batch.column_by_name(name) {
        None => Ok(None),
        Some(_) => column(batch, name, expected).map(Some),
    }
}

/// A `BadValue` error for a null in a column that allows none.
pub(crate) fn null_in(column: &'static str, row: usize) -> StoreError {
    StoreError::BadValue {
        column,
        row,
        detail: "null where a value is required".to_string(),
    }
}
