//! The security headers every response carries: a Content-Security-Policy,
//! `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` and
//! frame protection (`X-Frame-Options: DENY` and `frame-ancestors 'none'`).
//!
//! The web app's policy is the one its `index.html` states in a meta tag
//! (a test compares them), plus `frame-ancestors`, which a meta tag cannot
//! carry. The `/docs` page holds its script and style inline, so its policy
//! allows exactly those two by hash ([`inline_csp`]) and nothing else.
//! A leaf: the router and the connection gate (which answers malformed
//! requests itself) both read it.

use base64::Engine as _;
use sha2::{Digest as _, Sha256};

/// The web app's policy: `index.html`'s meta tag, then `frame-ancestors`.
pub const PAGE_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; \
    manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
    frame-ancestors 'none'";

/// The headers besides the CSP, the same on every response.
pub const FIXED_HEADERS: [(&str, &str); 3] = [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
];

/// The `'sha256-…'` source of one inline block's text.
fn hash_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The text of every `<tag>…</tag>` block in `page` (the page is ours and
/// writes its tags plainly, without attributes).
fn blocks<'a>(page: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut found = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find(&open) {
        let body = &rest[start + open.len()..];
        let Some(end) = body.find(&close) else { break };
        found.push(&body[..end]);
        rest = &body[end + close.len()..];
    }
    found
}

/// The policy for a self-contained page whose only script and style are
/// its inline `<script>` and `<style>` blocks: those by hash, requests to
/// this origin only, nothing else.
pub fn inline_csp(page: &str) -> String {
    let sources = |tag| {
        let hashes: Vec<String> = blocks(page, tag).into_iter().map(hash_source).collect();
        if hashes.is_empty() {
            "'none'".to_string()
        } else {
            hashes.join(" ")
        }
    };
    format!(
        "default-src 'none'; script-src {}; style-src {}; connect-src 'self'; \
         img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        sources("script"),
        sources("style")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_policy_is_the_meta_tag_of_index_html_plus_frame_ancestors() {
        let index = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../index.html"),
        )
        .unwrap();
        let marker = "http-equiv=\"Content-Security-Policy\" content=\"";
        let start = index.find(marker).expect("index.html has a CSP meta tag") + marker.len();
        let meta = &index[start..start + index[start..].find('"').unwrap()];
        assert_eq!(PAGE_CSP, format!("{meta}; frame-ancestors 'none'"));
    }

    #[test]
    fn an_inline_page_allows_its_blocks_by_hash_and_nothing_else() {
        let page = "<style>p{}</style><script>go()</script><script>more()</script>";
        let csp = inline_csp(page);
        assert!(csp.contains(&hash_source("go()")), "{csp}");
        assert!(csp.contains(&hash_source("more()")), "{csp}");
        assert!(csp.contains(&format!("style-src {};", hash_source("p{}"))));
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        // The RFC's example value: SHA-256 of "alert('Hello, world.');".
        assert_eq!(
            hash_source("alert('Hello, world.');"),
            "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
        );
        assert!(inline_csp("<p>").contains("script-src 'none'"));
    }
}
