//! Progress bars for long runs: drawn on a terminal, silent otherwise
//! (CI logs, tests, pipes), so output stays clean where nobody watches.

use std::time::Duration;

use cartelera_core::Lang;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A byte-counting bar (reading files).
pub fn bytes(total: u64, what: &str) -> ProgressBar {
    bar(
        total,
        what,
        "{msg:>12} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
    )
}

/// An item-counting bar.
pub fn items(total: u64, what: &str) -> ProgressBar {
    bar(
        total,
        what,
        "{msg:>12} [{bar:30}] {human_pos}/{human_len} eta {eta}",
    )
}

fn bar(total: u64, what: &str, template: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Peak resident memory of this process in MiB (Linux; `None` elsewhere).
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// A thousands-separated count for summaries. The CLI writes English, so
/// this is [`Lang::En`]'s notation (`11,024,289`).
pub fn count(n: u64) -> String {
    Lang::En.int(n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_get_separators() {
        assert_eq!(super::count(11_024_289), "11,024,289");
        assert_eq!(super::count(999), "999");
        assert_eq!(super::count(0), "0");
    }
}
