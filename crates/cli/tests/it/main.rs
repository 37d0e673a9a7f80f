//! The `cartelera` crate's integration tests, one binary (one link of the
//! workspace) with a module per topic.

mod request_parity;
