//! Quoting input in messages, bounded: a value read from a file or a
//! request can be megabytes long (a CR-only file is one 15 MB "line"), and
//! an error message that repeats it whole is unreadable and floods logs.
//! Every message that quotes input goes through [`quoted`] or [`clip`].

use std::borrow::Cow;

/// The most characters of a value that a message repeats.
pub const MAX_QUOTED_CHARS: usize = 80;

/// `text` cut to its first `max` characters followed by `…` when longer
/// (on a character boundary, so the result is valid UTF-8).
pub fn clip(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
        None => Cow::Borrowed(text),
    }
}

/// `text` as a message quotes it: in double quotes with Rust's escapes
/// (`{:?}`), at most [`MAX_QUOTED_CHARS`] characters of it, and when cut,
/// `…` and the full length after the closing quote.
pub fn quoted(text: &str) -> String {
    match text.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((end, _)) => format!(
            "{:?}… ({} characters in all)",
            &text[..end],
            text.chars().count()
        ),
        None => format!("{text:?}"),
    }
}

/// [`quoted`] for bytes that may not be UTF-8 (invalid sequences show as
/// U+FFFD); only the bytes that can be shown are converted.
pub fn quoted_bytes(bytes: &[u8]) -> String {
    // Four bytes per character at most: no need to convert megabytes.
    let head = &bytes[..bytes.len().min(4 * (MAX_QUOTED_CHARS + 1))];
    let text = String::from_utf8_lossy(head);
    if head.len() == bytes.len() {
        return quoted(&text);
    }
    match text.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((end, _)) => format!("{:?}… ({} bytes in all)", &text[..end], bytes.len()),
        None => format!("{text:?}… ({} bytes in all)", bytes.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_values_are_quoted_whole() {
        assert_eq!(quoted("hbo"), "\"hbo\"");
        assert_eq!(quoted("a\"b\n"), "\"a\\\"b\\n\"");
        assert_eq!(quoted_bytes(b"x\xffy"), "\"x\u{fffd}y\"");
        assert_eq!(clip("abc", 3), "abc");
    }

    #[test]
    fn long_values_are_cut_at_80_characters() {
        let long = "é".repeat(1_000_000);
        let q = quoted(&long);
        assert_eq!(
            q,
            format!("{:?}… (1000000 characters in all)", "é".repeat(80))
        );
        let q = quoted_bytes(long.as_bytes());
        assert_eq!(q, format!("{:?}… (2000000 bytes in all)", "é".repeat(80)));
        assert_eq!(clip("abcdef", 3), "abc…");
        assert_eq!(
            quoted(&"x".repeat(81)).len(),
            82 + 3 + " (81 characters in all)".len()
        );
    }
}
