//! The two languages every front end speaks, and how each writes numbers
//! and counts. One place for it, so the page, the charts and the CLI agree
//! on the order of the two texts, on separators and on plurals.
//!
//! Every bilingual choice goes through [`Lang::pick`], **Spanish first,
//! English second** (the order of the enum and of the page's text table):
//!
//! ```
//! use cartelera_core::lang::{Lang, Noun};
//!
//! let lang = Lang::Es;
//! assert_eq!(lang.pick("Películas", "Movies"), "Películas");
//! assert_eq!(lang.int(9668), "9.668");
//! assert_eq!(Lang::En.dec(3.5249, 2), "3.52");
//! assert_eq!(lang.dec(3.5249, 2), "3,52");
//! assert_eq!(lang.count(1, Noun::RATING), "1 valoración");
//! assert_eq!(Lang::En.count(1_200, Noun::RATING), "1,200 ratings");
//! ```
//!
//! Platform names for people are [`Platform::display_name`](crate::Platform::display_name),
//! the same in both languages.

use serde::{Deserialize, Serialize};

/// An interface language. English is the default (a browser asking for
/// neither language gets English).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Spanish: `9.668`, `3,52`.
    Es,
    /// English: `9,668`, `3.52`.
    #[default]
    En,
}

impl Lang {
    /// Both languages, in the order a language switch shows them.
    pub const ALL: [Lang; 2] = [Lang::Es, Lang::En];

    /// The Spanish or the English one of two values, **Spanish first**.
    ///
    /// Works for any type: texts, formatters, whole sentences.
    ///
    /// ```
    /// use cartelera_core::lang::Lang;
    /// assert_eq!(Lang::En.pick("Temporadas", "Seasons"), "Seasons");
    /// assert_eq!(Lang::Es.pick(1, 2), 1);
    /// ```
    pub fn pick<T>(self, es: T, en: T) -> T {
        match self {
            Lang::Es => es,
            Lang::En => en,
        }
    }

    /// `es` or `en`: the page address's `lang=` value and `<html lang>`.
    pub fn code(self) -> &'static str {
        self.pick("es", "en")
    }

    /// The language's own name, for a language switch.
    pub fn own_name(self) -> &'static str {
        self.pick("Español", "English")
    }

    /// Parses `es` / `en` (case-blind, surrounding spaces ignored).
    ///
    /// ```
    /// use cartelera_core::lang::Lang;
    /// assert_eq!(Lang::from_code(" ES "), Some(Lang::Es));
    /// assert_eq!(Lang::from_code("fr"), None);
    /// ```
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim();
        Lang::ALL
            .into_iter()
            .find(|lang| lang.code().eq_ignore_ascii_case(code))
    }

    /// The language for a browser's preferred languages
    /// (`navigator.languages`, e.g. `es-MX`): the first of them that is
    /// Spanish or English, else English.
    ///
    /// ```
    /// use cartelera_core::lang::Lang;
    /// assert_eq!(Lang::from_browser(["fr-FR", "es-MX", "en"]), Lang::Es);
    /// assert_eq!(Lang::from_browser(["de"]), Lang::En);
    /// ```
    pub fn from_browser<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        preferred
            .into_iter()
            .find_map(|tag| Lang::from_code(tag.split(['-', '_']).next().unwrap_or("")))
            .unwrap_or_default()
    }

    /// The mark between whole and fractional digits: `.` in English, `,`
    /// in Spanish.
    pub fn decimal_mark(self) -> char {
        self.pick(',', '.')
    }

    /// The mark between groups of three whole digits: `,` in English, `.`
    /// in Spanish (always the other one from [`Lang::decimal_mark`]).
    pub fn thousands_separator(self) -> char {
        self.pick('.', ',')
    }

    /// A whole number with thousands separators: `9,668` / `9.668`.
    ///
    /// ```
    /// use cartelera_core::lang::Lang;
    /// assert_eq!(Lang::En.int(11_024_289), "11,024,289");
    /// assert_eq!(Lang::Es.int(999), "999");
    /// ```
    pub fn int(self, n: u64) -> String {
        self.group(&n.to_string())
    }

    /// A number rounded to `decimals` decimals in this language's notation
    /// (thousands separated, decimal comma in Spanish). Not-a-number and
    /// infinities read `–`; a value that rounds to zero has no minus sign.
    ///
    /// ```
    /// use cartelera_core::lang::Lang;
    /// assert_eq!(Lang::Es.dec(12345.5, 1), "12.345,5");
    /// assert_eq!(Lang::En.dec(-0.0001, 2), "0.00");
    /// assert_eq!(Lang::En.dec(2.0, 0), "2");
    /// ```
    pub fn dec(self, x: f64, decimals: usize) -> String {
        if !x.is_finite() {
            return "–".to_string();
        }
        self.digits(x, &format!("{:.*}", decimals, x.abs()))
    }

    /// A number in the fewest digits that read back as the same `f64`
    /// (Rust's `Display`), in this language's notation: `3.5` / `3,5`,
    /// `1,234.5` / `1.234,5`. For values a person typed, such as a
    /// threshold, where rounding would misquote them.
    ///
    /// ```
    /// use cartelera_core::lang::Lang;
    /// assert_eq!(Lang::Es.num(3.5), "3,5");
    /// assert_eq!(Lang::En.num(4.0), "4");
    /// assert_eq!(Lang::En.num(1234.25), "1,234.25");
    /// ```
    pub fn num(self, x: f64) -> String {
        if !x.is_finite() {
            return "–".to_string();
        }
        self.digits(x, &x.abs().to_string())
    }

    /// A share as a percentage with one decimal: `36.1 %` / `36,1 %`;
    /// `–` when the whole is zero.
    ///
    /// ```
    /// use cartelera_core::lang::Lang;
    /// assert_eq!(Lang::Es.pct(1, 3), "33,3 %");
    /// ```
    pub fn pct(self, part: u64, whole: u64) -> String {
        if whole == 0 {
            return "–".to_string();
        }
        format!("{} %", self.dec(100.0 * part as f64 / whole as f64, 1))
    }

    /// `n` and the noun in the form `n` needs: `1 valoración`,
    /// `2 valoraciones`, `1,200 ratings`, `0 ratings`.
    ///
    /// ```
    /// use cartelera_core::lang::{Lang, Noun};
    /// assert_eq!(Lang::Es.count(3, Noun::SEASON), "3 temporadas");
    /// assert_eq!(Lang::En.count(1, Noun::TITLE), "1 title");
    /// ```
    pub fn count(self, n: u64, noun: Noun) -> String {
        format!("{} {}", self.int(n), noun.form(self, n))
    }

    /// Writes `text` (the unsigned digits of `x`, with `.` as the decimal
    /// point) in this language, adding a minus sign when `x` is negative
    /// and does not read as zero.
    fn digits(self, x: f64, text: &str) -> String {
        let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
        let mut out = String::with_capacity(text.len() + text.len() / 3 + 1);
        if x < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
            out.push('-');
        }
        out.push_str(&self.group(whole));
        if !frac.is_empty() {
            out.push(self.decimal_mark());
            out.push_str(frac);
        }
        out
    }

    /// Separates a run of ASCII digits into groups of three from the right.
    fn group(self, digits: &str) -> String {
        let sep = self.thousands_separator();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }
}

/// A countable word in both languages, singular and plural, for
/// [`Lang::count`]. Both languages use the singular for exactly one and the
/// plural otherwise (zero included: `0 valoraciones`, `0 ratings`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Noun {
    es: [&'static str; 2],
    en: [&'static str; 2],
}

impl Noun {
    /// título / title.
    pub const TITLE: Noun = Noun::new(["título", "títulos"], ["title", "titles"]);
    /// película / movie.
    pub const MOVIE: Noun = Noun::new(["película", "películas"], ["movie", "movies"]);
    /// serie / show.
    pub const SHOW: Noun = Noun::new(["serie", "series"], ["show", "shows"]);
    /// temporada / season.
    pub const SEASON: Noun = Noun::new(["temporada", "temporadas"], ["season", "seasons"]);
    /// valoración / rating (a user's stars for a title).
    pub const RATING: Noun = Noun::new(["valoración", "valoraciones"], ["rating", "ratings"]);
    /// usuario / user.
    pub const USER: Noun = Noun::new(["usuario", "usuarios"], ["user", "users"]);

    /// A noun from its Spanish and English `[singular, plural]`.
    ///
    /// ```
    /// use cartelera_core::lang::{Lang, Noun};
    /// const FOLD: Noun = Noun::new(["partición", "particiones"], ["fold", "folds"]);
    /// assert_eq!(Lang::Es.count(5, FOLD), "5 particiones");
    /// ```
    pub const fn new(es: [&'static str; 2], en: [&'static str; 2]) -> Noun {
        Noun { es, en }
    }

    /// The singular: `valoración` / `rating`.
    pub fn one(self, lang: Lang) -> &'static str {
        lang.pick(self.es, self.en)[0]
    }

    /// The plural: `valoraciones` / `ratings`.
    pub fn many(self, lang: Lang) -> &'static str {
        lang.pick(self.es, self.en)[1]
    }

    /// The form a count of `n` takes.
    pub fn form(self, lang: Lang, n: u64) -> &'static str {
        if n == 1 {
            self.one(lang)
        } else {
            self.many(lang)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_is_spanish_then_english() {
        assert_eq!(Lang::Es.pick("es", "en"), "es");
        assert_eq!(Lang::En.pick("es", "en"), "en");
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(Lang::En.int(9668), "9,668");
        assert_eq!(Lang::Es.int(1_234_567), "1.234.567");
        assert_eq!(Lang::En.int(999), "999");
        assert_eq!(Lang::En.int(0), "0");
        assert_eq!(Lang::En.int(u64::MAX), "18,446,744,073,709,551,615");
        assert_eq!(Lang::En.dec(3.5249, 2), "3.52");
        assert_eq!(Lang::Es.dec(12345.5, 1), "12.345,5");
        assert_eq!(Lang::En.dec(-0.25, 2), "-0.25");
        assert_eq!(Lang::En.dec(-0.0001, 2), "0.00");
        assert_eq!(Lang::En.dec(f64::NAN, 2), "–");
        assert_eq!(Lang::En.dec(1e20, 0), "100,000,000,000,000,000,000");
        assert_eq!(Lang::En.pct(1, 3), "33.3 %");
        assert_eq!(Lang::Es.pct(1, 0), "–");
    }

    #[test]
    fn shortest_numbers_keep_what_was_typed() {
        assert_eq!(Lang::Es.num(3.52), "3,52");
        assert_eq!(Lang::En.num(0.1), "0.1");
        assert_eq!(Lang::Es.num(-1234.5), "-1.234,5");
        assert_eq!(Lang::En.num(-0.0), "0");
        assert_eq!(Lang::En.num(f64::INFINITY), "–");
    }

    #[test]
    fn plurals_for_one_and_the_rest() {
        assert_eq!(Lang::Es.count(1, Noun::RATING), "1 valoración");
        assert_eq!(Lang::Es.count(2, Noun::RATING), "2 valoraciones");
        assert_eq!(Lang::En.count(1, Noun::RATING), "1 rating");
        assert_eq!(Lang::En.count(2, Noun::RATING), "2 ratings");
        assert_eq!(Lang::En.count(0, Noun::TITLE), "0 titles");
        assert_eq!(Lang::Es.count(12_345, Noun::USER), "12.345 usuarios");
        assert_eq!(Noun::SHOW.many(Lang::Es), "series");
    }

    #[test]
    fn browser_languages_pick_the_first_supported() {
        assert_eq!(Lang::from_browser(["es-MX", "en-US"]), Lang::Es);
        assert_eq!(Lang::from_browser(["fr-FR", "en-GB", "es"]), Lang::En);
        assert_eq!(Lang::from_browser(["de", "ES"]), Lang::Es);
        assert_eq!(Lang::from_browser(["pt_BR", "es_AR"]), Lang::Es);
        assert_eq!(Lang::from_browser([]), Lang::En);
    }
}
