//! Cover art made from what a title is, drawn offline: a deterministic SVG
//! from its name, its first canonical genre and its platform's colour (a
//! gradient from the platform's colour to the genre's hue, a pattern picked
//! by the name's hash, the name's initials). No image is fetched, so lists
//! are not bare text and nothing leaves the browser. Pure: the same title
//! always gives the same bytes, and every text is escaped.

use cartelera_core::genres::{genres_of_listed_in, Genre};
use cartelera_core::{Platform, Title};

/// The platform's colour: the badges' colours (`style/main.css`).
pub fn platform_colour(platform: Platform) -> &'static str {
    match platform {
        Platform::Amazon => "#00607a",
        Platform::Disney => "#113ccf",
        Platform::Hulu => "#1a6b3c",
        Platform::Netflix => "#b20710",
    }
}

/// The cover of `title` (its name as a person reads it).
pub fn cover_of(title: &Title) -> String {
    let genre = genres_of_listed_in(title.listed_in.as_deref())
        .first()
        .copied();
    cover_svg(&crate::format::title_text(title), genre, title.platform)
}

/// A 2:3 poster: `name`'s initials over a patterned gradient. Decorative
/// (`aria-hidden`): the card names the title in text beside it.
pub fn cover_svg(name: &str, genre: Option<Genre>, platform: Platform) -> String {
    let hash = fnv1a(name.as_bytes());
    // Gradient ids are per document: the hash keeps two covers apart, and
    // two covers of one name are the same bytes anyway.
    let id = format!("cv{hash:016x}");
    let from = platform_colour(platform);
    let to = genre_colour(genre);
    let pattern = pattern(hash);
    let initials = escape(&initials(name));
    format!(
        concat!(
            r#"<svg class="cover-art" viewBox="0 0 120 180" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">"#,
            r#"<defs><linearGradient id="{id}" x1="0" y1="0" x2="1" y2="1">"#,
            r#"<stop offset="0" stop-color="{from}"/><stop offset="1" stop-color="{to}"/>"#,
            r#"</linearGradient></defs>"#,
            r#"<rect width="120" height="180" fill="url(#{id})"/>{pattern}"#,
            r##"<text x="60" y="104" text-anchor="middle" font-family="system-ui, sans-serif" font-size="44" font-weight="700" fill="#ffffff">{initials}</text>"##,
            r#"</svg>"#
        ),
        id = id,
        from = from,
        to = to,
        pattern = pattern,
        initials = initials,
    )
}

/// Up to two initials of the words that carry the name ("The Office
/// (U.K.)" → "TO"); a name without letters or digits gives "·".
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '(' | ')' | '/'))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    let out: String = words
        .iter()
        .take(2)
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .flat_map(char::to_uppercase)
        .collect();
    if out.is_empty() {
        "·".to_string()
    } else {
        out
    }
}

/// The genre's hue as a darker colour (so white initials stay readable);
/// a neutral slate without a genre.
fn genre_colour(genre: Option<Genre>) -> String {
    let Some(genre) = genre else {
        return "#37474f".to_string();
    };
    let hue = (genre.index() as f64 * 360.0 / Genre::ALL.len() as f64) % 360.0;
    hsl_hex(hue, 0.55, 0.30)
}

/// One of four light patterns, placed by the hash's bits.
fn pattern(hash: u64) -> String {
    let bits = |shift: u32, modulo: u64| (hash >> shift) % modulo;
    let paint = r##"fill="none" stroke="#ffffff" stroke-opacity="0.18""##;
    match bits(0, 4) {
        0 => {
            let (cx, cy) = (20 + bits(8, 80), 20 + bits(16, 60));
            format!(
                r#"<circle cx="{cx}" cy="{cy}" r="46" {paint} stroke-width="10"/><circle cx="{cx}" cy="{cy}" r="18" {paint} stroke-width="6"/>"#
            )
        }
        1 => {
            let step = 14 + bits(8, 10);
            (0..8)
                .map(|i| {
                    let x = i * step;
                    format!(
                        r#"<line x1="{x}" y1="0" x2="{}" y2="180" {paint} stroke-width="5"/>"#,
                        x + 60
                    )
                })
                .collect()
        }
        2 => {
            let y = 30 + bits(8, 40);
            format!(
                r#"<path d="M0 {y} Q60 {} 120 {y} M0 {} Q60 {} 120 {}" {paint} stroke-width="8"/>"#,
                y + 50,
                y + 90,
                y + 140,
                y + 90
            )
        }
        _ => {
            let r = 8 + bits(8, 8);
            (0..3)
                .flat_map(|row| (0..3).map(move |col| (row, col)))
                .map(|(row, col)| {
                    format!(
                        r#"<circle cx="{}" cy="{}" r="{r}" {paint} stroke-width="3"/>"#,
                        20 + col * 40,
                        130 + row * 22
                    )
                })
                .collect()
        }
    }
}

/// FNV-1a: a tiny, stable hash (the same on every platform and build).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn hsl_hex(h: f64, s: f64, l: f64) -> String {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let x = c * (1.0 - ((h / 60.0) % 2.0 - 1.0).abs());
    let m = l - c / 2.0;
    let (r, g, b) = match (h / 60.0) as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let byte = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    format!("#{:02x}{:02x}{:02x}", byte(r), byte(g), byte(b))
}

/// Text made safe for HTML/SVG element content and quoted attributes
/// (the cover's SVG and the prerendered shell share it).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_title_gives_the_same_cover() {
        let a = cover_svg("The Traitor", Some(Genre::Crime), Platform::Netflix);
        let b = cover_svg("The Traitor", Some(Genre::Crime), Platform::Netflix);
        assert_eq!(a, b);
        assert!(a.contains(">TT</text>"), "{a}");
        assert!(a.contains("#b20710"));
        // Another name, genre or platform changes the picture.
        assert_ne!(
            a,
            cover_svg("The Traitors", Some(Genre::Crime), Platform::Netflix)
        );
        assert_ne!(
            a,
            cover_svg("The Traitor", Some(Genre::Comedy), Platform::Netflix)
        );
        assert_ne!(
            a,
            cover_svg("The Traitor", Some(Genre::Crime), Platform::Hulu)
        );
    }

    #[test]
    fn the_hash_is_pinned() {
        // A changed hash would redraw every cover: pin it.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn markup_in_a_name_is_escaped() {
        let svg = cover_svg("<b>\"&' x", None, Platform::Amazon);
        assert!(!svg.contains("<b>") && !svg.contains('\''), "{svg}");
        assert!(svg.contains(">BX</text>"), "{svg}");
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        let svg = cover_svg("& <script>", None, Platform::Amazon);
        assert!(!svg.contains("<script"), "{svg}");
        assert_eq!(svg.matches("<text").count(), 1);
    }

    #[test]
    fn initials_skip_punctuation_and_keep_digits() {
        assert_eq!(initials("The Office (U.K.)"), "TO");
        assert_eq!(initials("21 Jump Street"), "2J");
        assert_eq!(initials("ñandú"), "Ñ");
        assert_eq!(initials("  - "), "·");
        assert_eq!(initials("Spider-Man: Far From Home"), "SM");
    }

    #[test]
    fn every_genre_colour_is_dark_enough_for_white_text() {
        for genre in Genre::ALL {
            let hex = genre_colour(Some(genre));
            let v = u32::from_str_radix(&hex[1..], 16).unwrap();
            let (r, g, b) = (v >> 16, (v >> 8) & 255, v & 255);
            // Perceived brightness well under the middle.
            assert!(r * 299 + g * 587 + b * 114 < 110_000, "{genre:?} {hex}");
        }
    }
}
