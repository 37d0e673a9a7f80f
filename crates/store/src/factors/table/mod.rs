//! The Parquet tables of the factor file, column by column. `items.parquet`
//! and the user shards share one layout; a shard adds each user's row in
//! the model and history. The factor file ([`super`]) wraps these tables
//! with the manifest's checks (sizes, checksums, counts, cross-file
//! consistency); this module converts values and checks each table on its
//! own.

mod layout;
mod read;

pub(crate) use layout::*;
pub(crate) use read::{read, Expect};
