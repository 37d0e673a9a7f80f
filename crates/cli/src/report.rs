//! `etl_report.json`: what the pipeline read, kept, rejected and repaired,
//! per file, with the first examples of each problem as `file:line:field`.
//!
//! The types are the core's ([`cartelera_core::eda::etl_report`]): the page
//! and `cartelera eda` read the report back with the same definition the
//! ETL writes it with.

pub use cartelera_core::eda::etl_report::{
    CatalogFileReport, EtlReport, NullCounts, RatingsFileReport, RatingsReport, Rejections,
    EXAMPLES_PER_REASON,
};
