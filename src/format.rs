//! How catalog values read on screen. The pipeline stores text lower-case
//! (for matching); the page capitalises it for reading. Numbers are written
//! by `cartelera_core::lang` (the charts' and the CLI's notation), platform
//! names are `Platform::display_name`. Pure.

use cartelera_core::{Date, Lang, Title};

/// A title's name as a person reads it: the raw files' case when the
/// catalog carries it, else the page's one case fallback.
pub fn title_text(title: &Title) -> String {
    match &title.display.title {
        Some(written) => written.clone(),
        None => display_case(&title.title),
    }
}

/// Capitalises the first letter of each word: "the traitor" → "The Traitor".
/// Apostrophes do not start words ("a traitor's tale" → "A Traitor's Tale").
pub fn display_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = true;
    for c in text.chars() {
        if start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c.is_whitespace() || matches!(c, '(' | '-' | '/' | '"' | ':' | '¿' | '¡');
    }
    out
}

/// A mean score with one decimal and a star: "3.7 ★" ("3,7 ★" in Spanish).
pub fn score(lang: Lang, value: f64) -> String {
    format!("{} ★", lang.dec(value, 1))
}

/// A rating or predicted rating with two decimals: "4.27" / "4,27".
pub fn rating_value(lang: Lang, value: f32) -> String {
    lang.dec(f64::from(value), 2)
}

/// Milliseconds with two decimals, in the language's decimal mark.
/// Browsers coarsen `performance.now()` to 0.1 ms (without cross-origin
/// isolation), so anything shorter reads "< 0.1 ms", not a false "0.00".
pub fn millis(lang: Lang, ms: f64) -> String {
    if ms < 0.1 {
        return format!("< {} ms", lang.dec(0.1, 1));
    }
    format!("{} ms", lang.dec(ms, 2))
}

/// A date as the language writes it: "25 sep 2021" / "Sep 25, 2021".
pub fn date(lang: Lang, date: Date) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const ES: [&str; 12] = [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
    ];
    let (y, m, d) = date.ymd();
    let month = (m as usize).clamp(1, 12) - 1;
    lang.pick(
        format!("{d} {} {y}", ES[month]),
        format!("{} {d}, {y}", EN[month]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalises_words_not_letters_after_apostrophes() {
        assert_eq!(display_case("the traitor"), "The Traitor");
        assert_eq!(display_case("a traitor's tale"), "A Traitor's Tale");
        assert_eq!(display_case("ñandú (el regreso)"), "Ñandú (El Regreso)");
        assert_eq!(display_case("spider-man: far"), "Spider-Man: Far");
        assert_eq!(display_case(""), "");
    }

    #[test]
    fn numbers_use_the_language_decimal_mark() {
        assert_eq!(score(Lang::En, 3.66), "3.7 ★");
        assert_eq!(score(Lang::Es, 3.66), "3,7 ★");
        assert_eq!(millis(Lang::Es, 0.456), "0,46 ms");
        assert_eq!(millis(Lang::En, 0.0), "< 0.1 ms");
    }

    #[test]
    fn dates_in_both_languages() {
        let d = Date::parse_iso("2021-09-25").unwrap();
        assert_eq!(date(Lang::En, d), "Sep 25, 2021");
        assert_eq!(date(Lang::Es, d), "25 sep 2021");
    }
}
