//! Subcommands, one module each.

pub mod links;
