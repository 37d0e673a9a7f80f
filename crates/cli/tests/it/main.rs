//! Integration tests of the `cartelera` crate, one module per command.

mod links;
