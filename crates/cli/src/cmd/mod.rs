//! One module per subcommand: its clap arguments and its `run`. The work
//! itself lives in the topic modules ([`crate::ingest`], [`crate::training`],
//! [`crate::model_io`]); these modules parse, call and print.

pub mod eda;
pub mod etl;
pub mod export_web;
pub mod history;
pub mod import_als;
pub mod links;
pub mod platform_fit;
pub mod predict;
pub mod query;
pub mod recommend;
pub mod serve;
pub mod similar;
pub mod synth_ratings;
pub mod taste;
pub mod train;

/// A flag holding a size: a whole number in `min..=max`, checked by clap
/// before anything runs, so a typo (`--epochs 4000000000`) is refused with
/// the range instead of sizing an allocation.
pub fn size_in(min: u64, max: u64) -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::<usize>::new().range(min..=max)
}

/// The most worker threads a flag may ask for (the trainer's own limit).
pub const MAX_THREADS: u64 = 1024;

/// The worker threads to use: the ones asked for, else every core (at
/// least one).
pub fn threads(requested: Option<usize>) -> usize {
    requested
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(1)
        .max(1)
}

/// A flag's value as a request pair's: an absent flag is an empty value,
/// which the request parser reads as absent, as it does an empty form field.
/// So `predict` and `recommend` check their flags with the very parser the
/// API and the page use.
pub fn flag(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}

/// Prints a ranked list as `recommend` and `similar` do: rank, score with
/// `decimals` decimals, id, title, and the reason (when the answer gives
/// one) on the next line.
pub fn print_ranked(
    out: &mut dyn std::io::Write,
    items: &[cartelera_recommender::Recommended],
    decimals: usize,
) -> std::io::Result<()> {
    for (rank, r) in items.iter().enumerate() {
        writeln!(
            out,
            "{:>3}. {:.decimals$}  {}  {}",
            rank + 1,
            r.score,
            r.id,
            r.title.as_deref().unwrap_or("")
        )?;
        if let Some(why) = &r.why {
            writeln!(out, "            {}", why.text)?;
        }
    }
    Ok(())
}
