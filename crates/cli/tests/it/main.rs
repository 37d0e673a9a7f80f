//! The `cartelera` command line end to end, in-process (one test binary,
//! one module per topic): the real catalog, the pipeline, bad input, the
//! EDA report, the recommender, the ALS import, the MovieLens links,
//! display text and works, the taste model (a visitor's picks, similar
//! titles), and the request parity of the CLI, the API and the page. Shared helpers are `cartelera-testkit`'s.

mod bad_input;
mod browser_training;
mod crash_safety;
mod display;
mod eda;
mod history;
mod import_als;
mod links;
mod pipeline;
mod real_catalog;
mod recommender;
mod request_parity;
mod taste;
