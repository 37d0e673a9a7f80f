//! The crate's single error type.
//!
//! Every fallible entry point returns [`MfError`] instead of panicking, so a
//! caller (for example a WebAssembly front end) can show the message to a
//! person. Messages name the offending row, field or parameter and, where it
//! helps, the accepted range.

use std::fmt;

/// Everything that can go wrong in this crate.
#[derive(Debug, Clone, PartialEq)]
pub enum MfError {
    /// An input that must hold at least one element was empty.
    Empty {
        /// What was empty, e.g. `"ratings"`.
        what: &'static str,
    },
    /// Two columns that must be the same length were not.
    LengthMismatch {
        /// The column whose length is wrong.
        field: &'static str,
        /// Its length.
        len: usize,
        /// The length it should have had.
        expected: usize,
    },
    /// A value was NaN or infinite.
    NonFinite {
        /// Row (position in the input) of the value.
        row: usize,
        /// Column or field holding it.
        field: &'static str,
        /// The value itself.
        value: f32,
    },
    /// A dense index was not below its declared bound.
    IndexOutOfRange {
        /// Row (position in the input) of the index.
        row: usize,
        /// Column holding it (`"users"` or `"items"`).
        field: &'static str,
        /// The index.
        index: u32,
        /// The exclusive bound it had to respect.
        bound: u32,
    },
    /// An item index is in range but the model saw no training rating for it,
    /// so its factors are untrained noise.
    UnknownItem {
        /// Row (position in the input) of the item.
        row: usize,
        /// The item index.
        item: u32,
    },
    /// A parameter or argument is outside its accepted range.
    InvalidParam {
        /// Parameter name, e.g. `"lr_bu"`.
        name: &'static str,
        /// The rejected value, formatted.
        value: String,
        /// The accepted range, in words.
        expected: &'static str,
    },
    /// Training diverged: the training error stopped being a finite
    /// number, almost always because the learning rate is too large.
    Diverged {
        /// The epoch (0-based) after which the error was not finite.
        epoch: usize,
        /// The training RMSE of that epoch (NaN or infinite).
        train_rmse: f64,
    },
    /// A linear system was not positive definite (only possible with a zero
    /// regularisation strength).
    Singular {
        /// The pivot at which the Cholesky factorisation failed.
        pivot: usize,
    },
}

impl fmt::Display for MfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MfError::Empty { what } => write!(f, "{what} must not be empty"),
            MfError::LengthMismatch {
                field,
                len,
                expected,
            } => write!(
                f,
                "field `{field}` has {len} elements but {expected} were expected"
            ),
            MfError::NonFinite { row, field, value } => {
                write!(f, "row {row}: field `{field}` is not finite ({value})")
            }
            MfError::IndexOutOfRange {
                row,
                field,
                index,
                bound,
            } => write!(
                f,
                "row {row}: field `{field}` has index {index}, which is not below {bound}"
            ),
            MfError::UnknownItem { row, item } => write!(
                f,
                "row {row}: item {item} had no training ratings, so the model cannot use it"
            ),
            MfError::InvalidParam {
                name,
                value,
                expected,
            } => write!(
                f,
                "parameter `{name}` = {value} is invalid: expected {expected}"
            ),
            MfError::Diverged { epoch, train_rmse } => write!(
                f,
                "training diverged: the training RMSE is {train_rmse} after epoch {}; the \
                 learning rate is too large for these ratings, use a smaller one",
                epoch + 1
            ),
            MfError::Singular { pivot } => write!(
                f,
                "normal equations are not positive definite (pivot {pivot}); use a positive regularisation"
            ),
        }
    }
}

impl std::error::Error for MfError {}

/// Shorthand used by validators: build an [`MfError::InvalidParam`].
pub(crate) fn invalid(
    name: &'static str,
    value: impl fmt::Display,
    expected: &'static str,
) -> MfError {
    MfError::InvalidParam {
        name,
        value: value.to_string(),
        expected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_row_field_and_range() {
        let e = MfError::IndexOutOfRange {
            row: 3,
            field: "items",
            index: 9,
            bound: 5,
        };
        let s = e.to_string();
        assert!(s.contains("row 3") && s.contains("items") && s.contains('9') && s.contains('5'));
        let p = invalid("lr_bu", -1.0, "a finite number >= 0");
        assert!(p.to_string().contains("lr_bu") && p.to_string().contains(">= 0"));
    }
}
