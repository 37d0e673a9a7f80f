//! The handlers, one module per group of routes. They reach shared state
//! and response helpers through [`crate::respond`] and describe bodies with
//! [`crate::schema`]; the router ([`crate::app`]) and the OpenAPI document
//! ([`crate::openapi`]) sit above them, so nothing here imports either.

pub mod history;
pub mod model;
pub mod query;
pub mod service;
