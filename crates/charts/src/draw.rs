//! The three drawings every chart is made of (grouped bars, lines, panels
//! of horizontal bars), with plotters' SVG backend.
//!
//! Text is never measured: plotters measures text only for captions,
//! legends and right-hand axis labels (natively by a crude estimate, in the
//! browser by inserting a DOM node per label, which would be slow and
//! needs a window). None of those is used: titles live outside the SVG,
//! legends and category labels are placed here from a fixed character
//! width, so the output is the same natively and in wasm32 and needs no
//! fonts. plotters escapes every text node and attribute it writes.

use std::error::Error;

use cartelera_core::Platform;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The SVGs' size in user units (they scale through their viewBox).
pub(crate) const WIDTH: u32 = 720;
/// See [`WIDTH`].
pub(crate) const HEIGHT: u32 = 380;
const FONT: &str = "sans-serif";
/// Average glyph width of the 12-unit labels, for laying labels out.
const CHAR_WIDTH: f64 = 7.0;
const TEXT: RGBColor = RGBColor(0x33, 0x33, 0x33);
const GRID: RGBColor = RGBColor(0xe4, 0xe4, 0xe4);

/// A colour per platform (Okabe–Ito: told apart with colour blindness).
pub(crate) fn platform_color(platform: Platform) -> RGBColor {
    match platform {
        Platform::Amazon => RGBColor(0xe6, 0x9f, 0x00),
        Platform::Disney => RGBColor(0x00, 0x72, 0xb2),
        Platform::Hulu => RGBColor(0x00, 0x9e, 0x73),
        Platform::Netflix => RGBColor(0xd5, 0x5e, 0x00),
    }
}

/// Colours for series that are not platforms.
pub(crate) const PALETTE: [RGBColor; 4] = [
    RGBColor(0x00, 0x72, 0xb2),
    RGBColor(0xe6, 0x9f, 0x00),
    RGBColor(0xcc, 0x79, 0xa7),
    RGBColor(0x56, 0xb4, 0xe9),
];

/// One named, coloured row of values (`None`: no value there).
pub(crate) struct Series {
    pub name: String,
    pub color: RGBColor,
    pub values: Vec<Option<f64>>,
}

/// What the x axis shows.
pub(crate) enum XAxis {
    /// Named slots `0..n` (values are per slot).
    Categories(Vec<String>),
    /// Numbers (values are per `xs` entry), labelled by `format`.
    Numeric {
        xs: Vec<f64>,
        format: Box<dyn Fn(f64) -> String>,
    },
}

impl XAxis {
    /// Numbers labelled without decimals (epochs, percentages).
    pub(crate) fn whole_numbers(xs: Vec<f64>) -> XAxis {
        XAxis::Numeric {
            xs,
            format: Box::new(|x| format!("{x:.0}")),
        }
    }
}

/// A chart with an x and a y axis.
pub(crate) struct Plot<'a> {
    pub x_desc: String,
    pub y_desc: String,
    pub x: XAxis,
    pub series: Vec<Series>,
    pub y_format: &'a dyn Fn(f64) -> String,
    /// Start the y axis at 0 (counts) or fit it to the values (errors).
    pub y_from_zero: bool,
}

/// Grouped bars (one group per category) or lines.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Bars,
    Lines,
}

type Drawn = Result<(), Box<dyn Error>>;

/// Renders `plot` as an SVG document.
pub(crate) fn xy(plot: &Plot, kind: Kind) -> Result<String, String> {
    render(HEIGHT, |root| draw_xy(root, plot, kind))
}

/// One panel of horizontal bars: a heading and (name, value) rows.
pub(crate) struct Panel {
    pub heading: String,
    /// Shown instead of bars when there are no rows.
    pub empty: String,
    pub color: RGBColor,
    pub rows: Vec<(String, f64)>,
}

/// Renders panels of horizontal bars, two per row.
pub(crate) fn panels(
    panels: &[Panel],
    value_format: &dyn Fn(f64) -> String,
) -> Result<String, String> {
    let rows = panels.len().div_ceil(2).max(1);
    let height = 40 + 300 * rows as u32;
    render(height, |root| {
        let cols = if panels.len() > 1 { 2 } else { 1 };
        let areas = root.margin(0, 0, 0, 0).split_evenly((rows, cols));
        for (panel, area) in panels.iter().zip(&areas) {
            draw_panel(root, area, panel, value_format)?;
        }
        Ok(())
    })
}

fn render(
    height: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Drawn,
) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw(&root).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// Text of `size` user units in the SVG. plotters writes `font-size` as
/// the size it is given divided by [`PLOTTERS_FONT_RATIO`] (its text
/// height convention), so the size is multiplied back: the page's
/// readability bound (12 units, about 15 px on a desktop) is then what the
/// SVG says.
fn style(size: u32) -> TextStyle<'static> {
    (FONT, f64::from(size) * PLOTTERS_FONT_RATIO)
        .into_font()
        .color(&TEXT)
}

/// See [`style`].
const PLOTTERS_FONT_RATIO: f64 = 1.24;

/// `text` cut to `max` characters, with an ellipsis when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
    short.push('…');
    short
}

fn y_range(series: &[Series], from_zero: bool) -> (f64, f64) {
    let values = series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied());
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if from_zero || !lo.is_finite() {
        let top = if hi.is_finite() && hi > 0.0 {
            hi * 1.1
        } else {
            1.0
        };
        return (0.0, top);
    }
    let pad = if hi > lo {
        (hi - lo) * 0.12
    } else {
        hi.abs().max(1.0) * 0.05
    };
    (lo - pad, hi + pad)
}

fn legend(root: &DrawingArea<SVGBackend, Shift>, series: &[Series]) -> Drawn {
    if series.len() < 2 {
        return Ok(());
    }
    let mut x = 70;
    for s in series {
        root.draw(&Rectangle::new([(x, 8), (x + 11, 19)], s.color.filled()))?;
        let name = shorten(&s.name, 28);
        root.draw(&Text::new(
            name.clone(),
            (x + 16, 14),
            style(12).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        x += 16 + (name.chars().count() as f64 * CHAR_WIDTH) as i32 + 18;
    }
    Ok(())
}

fn draw_xy(root: &DrawingArea<SVGBackend, Shift>, plot: &Plot, kind: Kind) -> Drawn {
    let (categories, x_range) = match &plot.x {
        XAxis::Categories(names) => (Some(names), 0.0..names.len().max(1) as f64),
        XAxis::Numeric { xs, .. } => {
            let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let (lo, hi) = if lo.is_finite() && hi > lo {
                (lo, hi)
            } else {
                (0.0, 1.0)
            };
            (None, lo..hi)
        }
    };
    let longest = categories.map_or(0, |c| {
        c.iter().map(|n| n.chars().count()).max().unwrap_or(0)
    });
    let slot = (WIDTH as f64 - 90.0) / categories.map_or(1, |c| c.len().max(1)) as f64;
    // Labels too wide for their slot are turned upright.
    let rotate = longest as f64 * CHAR_WIDTH + 8.0 > slot;
    let x_area = if rotate {
        30 + (longest.min(16) as f64 * CHAR_WIDTH) as u32
    } else {
        44
    };
    let (y_lo, y_hi) = y_range(&plot.series, plot.y_from_zero);
    let mut chart = ChartBuilder::on(root)
        .margin_top(28)
        .margin_right(18)
        .margin_left(8)
        .x_label_area_size(x_area)
        .y_label_area_size(64)
        .build_cartesian_2d(x_range, y_lo..y_hi)?;
    let x_format = |x: &f64| match &plot.x {
        XAxis::Numeric { format, .. } => format(*x),
        XAxis::Categories(_) => String::new(),
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(if categories.is_some() { 0 } else { 8 })
        .y_labels(6)
        .x_label_formatter(&x_format)
        .y_label_formatter(&|y| (plot.y_format)(*y))
        .x_desc(plot.x_desc.as_str())
        .y_desc(plot.y_desc.as_str())
        .label_style(style(12))
        .axis_desc_style(style(13))
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .draw()?;
    if let Some(names) = categories {
        // Upright labels need a line's height: one every `step` slots.
        let step = if rotate {
            (15.0 / slot).ceil().max(1.0) as usize
        } else {
            1
        };
        for (i, name) in names.iter().enumerate().step_by(step) {
            let (px, py) = chart.backend_coord(&(i as f64 + 0.5, y_lo));
            let text = if rotate {
                let style = style(12)
                    .pos(Pos::new(HPos::Right, VPos::Center))
                    .transform(FontTransform::Rotate270);
                Text::new(shorten(name, 16), (px, py + 6), style)
            } else {
                Text::new(
                    name.clone(),
                    (px, py + 6),
                    style(12).pos(Pos::new(HPos::Center, VPos::Top)),
                )
            };
            root.draw(&text)?;
        }
    }
    let x_of = |i: usize| match &plot.x {
        XAxis::Categories(_) => i as f64 + 0.5,
        XAxis::Numeric { xs, .. } => xs.get(i).copied().unwrap_or(0.0),
    };
    let n_series = plot.series.len().max(1) as f64;
    for (j, s) in plot.series.iter().enumerate() {
        match kind {
            Kind::Bars => {
                let width = 0.8 / n_series;
                chart.draw_series(s.values.iter().enumerate().filter_map(|(i, v)| {
                    let left = i as f64 + 0.1 + j as f64 * width;
                    v.map(|v| {
                        Rectangle::new([(left, y_lo.max(0.0)), (left + width, v)], s.color.filled())
                    })
                }))?;
            }
            Kind::Lines => {
                let points: Vec<Option<(f64, f64)>> = s
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| v.map(|v| (x_of(i), v)))
                    .collect();
                for run in points.split(Option::is_none) {
                    let run: Vec<(f64, f64)> = run.iter().flatten().copied().collect();
                    chart.draw_series(LineSeries::new(run, s.color.stroke_width(2)))?;
                }
                if points.len() <= 40 {
                    chart.draw_series(
                        points
                            .iter()
                            .flatten()
                            .map(|&p| Circle::new(p, 3, s.color.filled())),
                    )?;
                }
            }
        }
    }
    legend(root, &plot.series)
}

fn draw_panel(
    root: &DrawingArea<SVGBackend, Shift>,
    area: &DrawingArea<SVGBackend, Shift>,
    panel: &Panel,
    value_format: &dyn Fn(f64) -> String,
) -> Drawn {
    let (hx, hy) = area.get_base_pixel();
    let (w, h) = area.dim_in_pixel();
    let centre = hx + w as i32 / 2;
    let heading = style(14).pos(Pos::new(HPos::Center, VPos::Top));
    root.draw(&Text::new(panel.heading.clone(), (centre, hy + 8), heading))?;
    if panel.rows.is_empty() {
        let message = style(12).pos(Pos::new(HPos::Center, VPos::Center));
        root.draw(&Text::new(
            panel.empty.clone(),
            (centre, hy + h as i32 / 2),
            message,
        ))?;
        return Ok(());
    }
    let n = panel.rows.len() as f64;
    let top = panel.rows.iter().map(|r| r.1).fold(0.0, f64::max);
    let top = if top > 0.0 { top * 1.15 } else { 1.0 };
    let mut chart = ChartBuilder::on(area)
        .margin_top(30)
        .margin_right(14)
        .x_label_area_size(26)
        .y_label_area_size(130)
        .build_cartesian_2d(0.0..top, 0.0..n)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(4)
        .x_label_formatter(&|x| value_format(*x))
        .label_style(style(12))
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .draw()?;
    for (i, (name, value)) in panel.rows.iter().enumerate() {
        // The first row at the top.
        let y = n - i as f64;
        chart.draw_series([Rectangle::new(
            [(0.0, y - 0.85), (*value, y - 0.15)],
            panel.color.filled(),
        )])?;
        let (px, py) = chart.backend_coord(&(0.0, y - 0.5));
        root.draw(&Text::new(
            shorten(name, 20),
            (px - 6, py),
            style(12).pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
        let (vx, _) = chart.backend_coord(&(*value, y - 0.5));
        root.draw(&Text::new(
            value_format(*value),
            (vx + 4, py),
            style(12).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(())
}
