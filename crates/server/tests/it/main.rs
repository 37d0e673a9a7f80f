//! The HTTP API end to end (one test binary): a server on a free port over
//! data built by the CLI. Shared helpers are `cartelera-testkit`'s.

mod api;
