//! Which titles the EDA charts count: a platform, a type, a range of
//! release years. The page keeps it in its URL (`?view=eda&platform=…`).

use serde::{Deserialize, Serialize};

use crate::model::{Platform, Title, TitleType};
use crate::param::{parse_year, ParamError, Params};

/// The EDA view's filter; the default selects every title.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EdaFilter {
    /// Only this platform (all four when `None`).
    pub platform: Option<Platform>,
    /// Only movies or only TV shows.
    pub kind: Option<TitleType>,
    /// Released in this year or later.
    pub year_min: Option<i32>,
    /// Released in this year or earlier.
    pub year_max: Option<i32>,
}

/// The URL parameter names of [`EdaFilter`]'s fields.
pub const FILTER_PARAMS: [&str; 4] = ["platform", "type", "year_min", "year_max"];

impl EdaFilter {
    /// Whether the filter keeps `title`.
    pub fn matches(&self, title: &Title) -> bool {
        self.platform.is_none_or(|p| p == title.platform)
            && self.kind.is_none_or(|k| k == title.kind)
            && self.year_min.is_none_or(|y| title.release_year >= y)
            && self.year_max.is_none_or(|y| title.release_year <= y)
    }

    /// The selected platforms, in [`Platform::ALL`] order.
    pub fn platforms(&self) -> Vec<Platform> {
        match self.platform {
            Some(p) => vec![p],
            None => Platform::ALL.to_vec(),
        }
    }

    /// The filter of URL-style `(name, value)` pairs: `platform`, `type`
    /// (`movie`, `tv show`), `year_min`, `year_max`. Empty values count as
    /// absent and other names are ignored (the page's URL carries more
    /// than the filter); a bad value is an error naming the parameter.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<EdaFilter, ParamError> {
        let values = Params::pick(&FILTER_PARAMS, pairs);
        Ok(EdaFilter {
            platform: values.parse("platform", |_, v| v.parse())?,
            kind: values.parse("type", |_, v| v.parse())?,
            year_min: values.parse("year_min", parse_year)?,
            year_max: values.parse("year_max", parse_year)?,
        })
    }

    /// The `(name, value)` pairs of the fields that are set, for a
    /// shareable URL; [`EdaFilter::parse`] reads them back.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(p) = self.platform {
            pairs.push(("platform", p.as_str().to_string()));
        }
        if let Some(k) = self.kind {
            pairs.push(("type", k.as_str().to_string()));
        }
        if let Some(y) = self.year_min {
            pairs.push(("year_min", y.to_string()));
        }
        if let Some(y) = self.year_max {
            pairs.push(("year_max", y.to_string()));
        }
        pairs
    }
}
