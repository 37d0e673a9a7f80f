//! # cartelera-det
//!
//! The deterministic building blocks that both the trainer
//! (`cartelera-mf`) and the synthetic-data generator (`cartelera-synth`)
//! are made of, kept in one leaf crate so neither depends on the other:
//!
//! * [`rng`]: the xoshiro256++ generator ([`Rng`]), its SplitMix64 seeding
//!   and key mixing ([`rng::mix64`]), uniform, normal and shuffle draws;
//! * [`par`]: the ordered work queue ([`par::run_tasks`],
//!   [`par::try_run_tasks`]): results in task order whatever the thread
//!   count, one thread on wasm32.
//!
//! A seed fixes every stream, and the thread count never changes a result:
//! that is what makes the synthetic ratings byte-identical and training
//! reproducible. std only, no I/O; builds for wasm32.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod par;
pub mod rng;

pub use rng::Rng;
