//! Title keys for matching: two spellings of one title get the same key.
//!
//! A key is the title lower-cased, with Latin diacritics folded (`é` → `e`,
//! `ß` → `ss`), apostrophes dropped (`don't` = `dont`), `&` read as `and`,
//! every other punctuation mark read as a space, spaces collapsed, and a
//! leading English article (`the`, `a`, `an`) dropped, because one side
//! often writes it and the other not ("Incredibles 2" / "The Incredibles 2").
//! Foreign articles stay: "La La Land" is not "La Land".
//!
//! MovieLens writes a title's article at its end ("Matrix, The (1999)",
//! "Avventura, L' (1960)") and its other names in parentheses ("Seven
//! Samurai (Shichinin no samurai) (1954)", "Seven (a.k.a. Se7en) (1995)");
//! [`MovieLensTitle::parse`] splits those out before keys are taken.

/// Articles MovieLens moves to the end of a title (`", The"`), in the
/// languages its titles use. Matched case-insensitively as a whole word.
const TRAILING_ARTICLES: [&str; 30] = [
    "the", "a", "an", "les", "la", "le", "l'", "el", "il", "der", "die", "das", "los", "las", "lo",
    "gli", "i", "un", "une", "una", "uno", "ein", "eine", "den", "det", "o", "os", "as", "het",
    "de",
];

/// English articles dropped from the start of a key.
const LEADING_ARTICLES: [&str; 3] = ["the", "a", "an"];

/// The ASCII spelling of a lower-case letter with a diacritic (or a
/// ligature), `None` for characters kept as they are.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Whether `c` is an apostrophe-like mark, dropped without a space.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | 'ʼ' | '´')
}

/// Whether `c` is a combining mark (what is left of `İ` once lower-cased).
fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// The matching key of a title (see the module docs).
pub fn title_key(title: &str) -> String {
    let full = full_title_key(title);
    match full.split_once(' ') {
        Some((first, rest)) if LEADING_ARTICLES.contains(&first) => rest.to_string(),
        _ => full,
    }
}

/// [`title_key`] keeping a leading English article: tells "The Score"
/// from "Score" when both have the same key.
pub fn full_title_key(title: &str) -> String {
    let mut spaced = String::with_capacity(title.len());
    for c in title.chars().flat_map(char::to_lowercase) {
        if let Some(ascii) = fold(c) {
            spaced.push_str(ascii);
        } else if c == '&' {
            spaced.push_str(" and ");
        } else if is_apostrophe(c) || is_combining(c) {
            // dropped: "don't" and "dont" are one key
        } else if c.is_alphanumeric() {
            spaced.push(c);
        } else {
            spaced.push(' ');
        }
    }
    spaced
        .split_whitespace()
        .map(arabic)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Roman numerals from 2 to 9 as digits ("Part III" = "Part 3"); `i` stays
/// (a pronoun, and Italian's article) and so does `x`.
fn arabic(word: &str) -> &str {
    match word {
        "ii" => "2",
        "iii" => "3",
        "iv" => "4",
        "v" => "5",
        "vi" => "6",
        "vii" => "7",
        "viii" => "8",
        "ix" => "9",
        _ => word,
    }
}

/// Shorter names a title may also go by, as keys: the parts before and
/// after its first colon ("Aladdin: The Return of Jafar" → "aladdin",
/// "return of jafar"), and the title without a possessive credit of up to
/// three words ("Tim Burton's The Nightmare Before Christmas" →
/// "nightmare before christmas"). Only names of two or more words (leading
/// article dropped) count: "Digimon: The Movie" must not go by "movie".
pub fn partial_keys(title: &str) -> Vec<String> {
    let mut names: Vec<&str> = Vec::new();
    if let Some((before, after)) = title.split_once(':') {
        names.extend([before, after]);
    }
    if let Some(rest) = after_possessive(title) {
        names.push(rest);
    }
    let mut keys: Vec<String> = names
        .into_iter()
        .map(title_key)
        .filter(|k| k.split(' ').count() >= 2)
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The title after a leading possessive credit ("Dr. Seuss' The Cat in the
/// Hat" → "The Cat in the Hat"), when the credit has at most three words.
fn after_possessive(title: &str) -> Option<&str> {
    for (at, c) in title.char_indices() {
        if !is_apostrophe(c) {
            continue;
        }
        let before = &title[..at];
        let rest = &title[at + c.len_utf8()..];
        let rest = if before.ends_with('s') && rest.starts_with(' ') {
            rest
        } else if let Some(r) = rest.strip_prefix('s').filter(|r| r.starts_with(' ')) {
            r
        } else {
            continue;
        };
        let credit_words = before.split_whitespace().count();
        return (credit_words <= 3).then_some(rest.trim());
    }
    None
}

/// The key with its words sorted: equal for "Star Wars: Episode IV - A New
/// Hope" and "Star Wars: A New Hope (Episode IV)".
pub fn word_set_key(key: &str) -> String {
    let mut words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    words.sort_unstable();
    words.join(" ")
}

/// Moves an article MovieLens wrote at the end back to the front:
/// "Matrix, The" → "The Matrix", "Avventura, L'" → "L'Avventura".
pub fn front_article(title: &str) -> String {
    let title = title.trim();
    if let Some(comma) = title.rfind(", ") {
        let tail = title[comma + 2..].trim();
        let lower = tail.to_lowercase();
        if TRAILING_ARTICLES.contains(&lower.as_str()) {
            let head = title[..comma].trim();
            return if tail.ends_with('\'') {
                format!("{tail}{head}")
            } else {
                format!("{tail} {head}")
            };
        }
    }
    title.to_string()
}

/// The parts of a MovieLens title such as
/// "City of Lost Children, The (Cité des enfants perdus, La) (1995)".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MovieLensTitle {
    /// The main title, article moved to the front ("The City of Lost Children").
    pub main: String,
    /// The other names given in parentheses, `a.k.a.` removed and articles
    /// moved to the front ("La Cité des enfants perdus").
    pub alternatives: Vec<String>,
    /// The release year (the first of a range such as `(2006-2007)`), `None`
    /// when the title gives none.
    pub year: Option<i32>,
}

impl MovieLensTitle {
    /// Splits a MovieLens `title` field into its parts.
    pub fn parse(raw: &str) -> MovieLensTitle {
        let mut rest = raw.trim();
        let mut year = None;
        let mut alternatives = Vec::new();
        while let Some((inner, before)) = trailing_group(rest) {
            if year.is_none() && alternatives.is_empty() {
                if let Some(y) = year_of(inner) {
                    year = Some(y);
                    rest = before;
                    continue;
                }
            }
            if before.is_empty() {
                // The whole title is in parentheses: it is the title.
                break;
            }
            let name = strip_aka(inner);
            if !name.is_empty() {
                alternatives.push(front_article(name));
            }
            rest = before;
        }
        alternatives.reverse();
        MovieLensTitle {
            main: front_article(rest),
            alternatives,
            year,
        }
    }
}

/// A title's last parenthesised group: `("1999", "Matrix, The")` for
/// "Matrix, The (1999)". Nested parentheses are kept inside the group.
pub fn trailing_group(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_end();
    let body = text.strip_suffix(')')?;
    let mut depth = 0usize;
    for (at, c) in body.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => return Some((body[at + 1..].trim(), text[..at].trim_end())),
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The year of a group such as `1999`, `2006-2007` or `2006–`.
fn year_of(group: &str) -> Option<i32> {
    let digits = group.get(..4)?;
    let rest = &group[4..];
    let is_range = rest.is_empty()
        || rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '–' | ' '));
    if digits.bytes().all(|b| b.is_ascii_digit()) && is_range {
        digits.parse().ok()
    } else {
        None
    }
}

/// The name inside an `a.k.a.` group ("a.k.a. Se7en" → "Se7en").
fn strip_aka(group: &str) -> &str {
    let lower = group.to_ascii_lowercase();
    for prefix in ["a.k.a.", "aka"] {
        if lower.starts_with(prefix) {
            return group[prefix.len()..].trim_start_matches([':', ' ']).trim();
        }
    }
    group.trim()
}

/// A catalog title's other name: the title without a trailing parenthesis
/// ("Star Wars: A New Hope (Episode IV)" → "Star Wars: A New Hope"), or
/// `None` when it has none.
pub fn without_trailing_group(title: &str) -> Option<&str> {
    let (_, before) = trailing_group(title)?;
    (!before.is_empty()).then_some(before)
}
