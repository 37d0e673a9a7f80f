//! The page is bilingual: every word a chart shows comes in English and
//! Spanish, and numbers are written each language's way.

use cartelera_core::{Platform, TitleType};
use serde::{Deserialize, Serialize};

/// The language of a chart's words and numbers.
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
    /// The English or the Spanish text.
    pub fn pick(self, en: &str, es: &str) -> String {
        match self {
            Lang::En => en.to_string(),
            Lang::Es => es.to_string(),
        }
    }

    /// A whole number with thousands separators: `9,668` / `9.668`.
    pub fn int(self, n: u64) -> String {
        let digits = n.to_string();
        let sep = match self {
            Lang::En => ',',
            Lang::Es => '.',
        };
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    /// A number with `decimals` decimals, in this language's notation
    /// (thousands separated, decimal comma in Spanish).
    pub fn dec(self, x: f64, decimals: usize) -> String {
        if !x.is_finite() {
            return "–".to_string();
        }
        let text = format!("{:.*}", decimals, x.abs());
        let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
        let mut out = String::new();
        if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
            out.push('-');
        }
        out.push_str(&self.int(whole.parse().unwrap_or(0)));
        if !frac.is_empty() {
            out.push(match self {
                Lang::En => '.',
                Lang::Es => ',',
            });
            out.push_str(frac);
        }
        out
    }

    /// A share as a percentage with one decimal: `36.1 %`.
    pub fn pct(self, part: u64, whole: u64) -> String {
        if whole == 0 {
            return "–".to_string();
        }
        format!("{} %", self.dec(100.0 * part as f64 / whole as f64, 1))
    }

    /// A platform's display name.
    pub fn platform(self, platform: Platform) -> String {
        match platform {
            Platform::Amazon => "Amazon",
            Platform::Disney => "Disney+",
            Platform::Hulu => "Hulu",
            Platform::Netflix => "Netflix",
        }
        .to_string()
    }

    /// The plural of a title type: `Movies` / `Películas`.
    pub fn kind_plural(self, kind: TitleType) -> String {
        match kind {
            TitleType::Movie => self.pick("Movies", "Películas"),
            TitleType::TvShow => self.pick("TV shows", "Series"),
        }
    }

    /// "titles" / "títulos", the unit of most counts.
    pub fn titles(self) -> String {
        self.pick("titles", "títulos")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(Lang::En.int(9668), "9,668");
        assert_eq!(Lang::Es.int(1_234_567), "1.234.567");
        assert_eq!(Lang::En.int(999), "999");
        assert_eq!(Lang::En.dec(3.5249, 2), "3.52");
        assert_eq!(Lang::Es.dec(12345.5, 1), "12.345,5");
        assert_eq!(Lang::En.dec(-0.25, 2), "-0.25");
        assert_eq!(Lang::En.dec(-0.0001, 2), "0.00");
        assert_eq!(Lang::En.dec(f64::NAN, 2), "–");
        assert_eq!(Lang::En.pct(1, 3), "33.3 %");
        assert_eq!(Lang::Es.pct(1, 0), "–");
    }
}
