//! The drawing under every chart: a horizontal bar chart described as data ([`Chart`]) and
//! written out as one standalone SVG string, with the escaping that keeps user-written names
//! from ever becoming markup.
//!
//! Colours live in an embedded stylesheet rather than in attributes, for two reasons: a
//! `prefers-color-scheme: dark` block can swap them when the file is opened on its own, and
//! each one reads a CSS variable first (`--chart-text`, `--chart-background`, …), so a page
//! that shows the chart inline decides its colours. A page that sets one of the variables
//! should set them all, or its text may land on the stylesheet's background of the other
//! theme. Inline, the stylesheet applies to the whole page, which is why every class starts
//! with `sw-chart-`.

use std::fmt::Write;
use std::rc::Rc;

use crate::model::schema::{parse_color, PALETTE as LABEL_PALETTE};

/// The chart's width in pixels; the height grows with the number of rows.
pub const WIDTH: u32 = 480;
/// Space around the content.
const MARGIN: u32 = 12;
/// Baseline of the visible heading.
const HEADING_BASELINE: u32 = 24;
/// Top of the first row, below the heading.
const FIRST_ROW_TOP: u32 = 36;
const ROW_HEIGHT: u32 = 24;
const BAR_HEIGHT: u32 = 16;
/// Captions end here (right-aligned) and bars start a little after.
const CAPTION_END: u32 = 152;
const BAR_START: u32 = 160;
/// Gap between a bar's end and its number.
const VALUE_GAP: u32 = 6;
/// Longer captions are cut (with "…"); the row's tooltip and the description keep them whole.
const MAX_CAPTION_CHARS: usize = 20;
const MAX_HEADING_CHARS: usize = 48;

/// The colours of one theme. Every text colour reads at 4.5:1 or better on the background, and
/// the axis and outlines at 3:1 (tested).
pub struct Theme {
    pub background: &'static str,
    pub text: &'static str,
    pub muted: &'static str,
    /// Axis lines and the outlines of bars whose fill is a light label colour.
    pub axis: &'static str,
    /// The empty part of a bar that shows a share of a whole.
    pub track: &'static str,
}

pub const LIGHT: Theme = Theme {
    background: "#ffffff",
    text: "#1a1a1a",
    muted: "#5f6368",
    axis: "#6b6b6b",
    track: "#ececec",
};

pub const DARK: Theme = Theme {
    background: "#1a1a1a",
    text: "#f0f0f0",
    muted: "#b5b5b5",
    axis: "#9a9a9a",
    track: "#262626",
};

/// Bar colours for the charts that do not show labels: mid tones, each at 3:1 or better
/// against both themes' backgrounds and tracks (tested), so one palette serves light and dark.
pub const PALETTE: [&str; 6] = [
    "#2f7fc1", "#c0612b", "#2e8b57", "#8e6cc4", "#14879a", "#c2478a",
];

/// How a bar is filled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fill {
    /// A label's colour from the schema. Label colours are light (dark label text sits on
    /// them), so these bars get an outline that stands out on a white page.
    Label(Rc<str>),
    /// The colour at this index of [`PALETTE`].
    Palette(usize),
}

/// One rectangle of a row: its count and the `data-` attributes that let a test find it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    pub count: usize,
    /// Written in order, after `data-label` and `data-count`.
    pub extra_attributes: Vec<(&'static str, String)>,
    pub data_label: String,
}

/// One line of the chart: caption, bar (over a track when it shows a share of a whole) and the
/// number beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub caption: String,
    /// A sentence for the row's tooltip, with the whole caption and its count.
    pub tooltip: String,
    pub bar: Bar,
    pub fill: Fill,
    /// The whole that the bar is a share of, drawn as an outlined track under the bar.
    pub track: Option<Bar>,
    /// The text beside the bar, usually the count.
    pub value: String,
}

/// Rows drawn together, with an optional heading above them (one document of the progress
/// chart); `attributes` go on the group's `<g>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Group {
    pub attributes: Vec<(&'static str, String)>,
    /// Heading text and a muted detail after it.
    pub heading: Option<(String, String)>,
    pub rows: Vec<Row>,
}

/// What a chart shows: rows, or a message saying why there are none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    Empty(&'static str),
    Groups(Vec<Group>),
}

/// A whole chart as data; [`draw`] turns it into SVG.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chart {
    /// `data-chart` on the root, and part of the ids of the title and description.
    pub kind: &'static str,
    pub title: &'static str,
    /// The numbers in words, for screen readers (`role="img"` hides everything else).
    pub description: String,
    /// The length of the longest bar (or of every track).
    pub bar_max_width: u32,
    pub content: Content,
}

/// Escapes text for XML content and attribute values alike: the five markup characters,
/// tabs and line breaks (kept as references, so an attribute keeps them), and characters XML
/// cannot carry at all (most control characters), which become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// At most `max_chars` code points of a text: when cut, the first `max_chars - 1` without the
/// spaces they end with, then "…".
fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let kept: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// `1 span`, `2 spans`.
pub fn count_of(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn stylesheet() -> String {
    let theme_rules = |theme: &Theme| {
        format!(
            ".sw-chart-bg {{ fill: var(--chart-background, {background}); }}\n\
             .sw-chart-text {{ fill: var(--chart-text, {text}); }}\n\
             .sw-chart-muted {{ fill: var(--chart-muted, {muted}); }}\n\
             .sw-chart-axis, .sw-chart-outlined, .sw-chart-track \
             {{ stroke: var(--chart-axis, {axis}); }}\n\
             .sw-chart-track {{ fill: var(--chart-track, {track}); }}\n",
            background = theme.background,
            text = theme.text,
            muted = theme.muted,
            axis = theme.axis,
            track = theme.track,
        )
    };
    let mut css = theme_rules(&LIGHT);
    css.push_str(".sw-chart-heading { font-size: 14px; font-weight: 600; }\n");
    for (i, color) in PALETTE.iter().enumerate() {
        let _ = writeln!(
            css,
            ".sw-chart-c{i} {{ fill: var(--chart-color-{n}, {color}); }}",
            n = i + 1
        );
    }
    css.push_str("@media (prefers-color-scheme: dark) {\n");
    css.push_str(&theme_rules(&DARK));
    css.push_str("}\n");
    css
}

/// A bar's width: its share of the largest count (or track) times the longest bar, rounded,
/// and at least one pixel for a count above zero so that it never looks like none.
fn bar_width(count: usize, scale: usize, max_width: u32) -> u32 {
    if scale == 0 || count == 0 {
        return 0;
    }
    let max_width = max_width as usize;
    let width = (count * max_width + scale / 2) / scale;
    width.clamp(1, max_width) as u32
}

fn write_attributes(out: &mut String, attributes: &[(&'static str, String)]) {
    for (name, value) in attributes {
        let _ = write!(out, " {name}=\"{}\"", escape(value));
    }
}

fn write_bar_rect(out: &mut String, class: &str, bar: &Bar, top: u32, width: u32) {
    let _ = write!(
        out,
        "<rect class=\"{class}\" data-label=\"{}\" data-count=\"{}\"",
        escape(&bar.data_label),
        bar.count
    );
    write_attributes(out, &bar.extra_attributes);
    let _ = write!(
        out,
        " x=\"{BAR_START}\" y=\"{}\" width=\"{width}\" height=\"{BAR_HEIGHT}\"",
        top + (ROW_HEIGHT - BAR_HEIGHT) / 2
    );
}

fn write_row(out: &mut String, row: &Row, top: u32, scale: usize, max_width: u32) {
    let middle = top + ROW_HEIGHT / 2;
    out.push_str("<g class=\"sw-chart-row\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&row.tooltip));
    let _ = writeln!(
        out,
        "<text class=\"sw-chart-text\" x=\"{CAPTION_END}\" y=\"{middle}\" text-anchor=\"end\" \
         dominant-baseline=\"central\">{}</text>",
        escape(&shorten(&row.caption, MAX_CAPTION_CHARS))
    );
    let mut bars_end = BAR_START;
    if let Some(track) = &row.track {
        write_bar_rect(out, "sw-chart-track", track, top, max_width);
        out.push_str("/>\n");
        bars_end = BAR_START + max_width;
    }
    let width = bar_width(row.bar.count, scale, max_width);
    match &row.fill {
        Fill::Label(color) => {
            // Only schema colours reach this attribute, but a schema can come from a file:
            // anything that is not `#rrggbb` gets the neutral grey of an unknown label.
            let color = parse_color(color).unwrap_or_else(|_| LABEL_PALETTE[8].to_string());
            let class = if width > 0 {
                "sw-chart-bar sw-chart-outlined"
            } else {
                "sw-chart-bar"
            };
            write_bar_rect(out, class, &row.bar, top, width);
            let _ = writeln!(out, " fill=\"{color}\"/>");
        }
        Fill::Palette(i) => {
            let class = format!("sw-chart-bar sw-chart-c{}", i % PALETTE.len());
            write_bar_rect(out, &class, &row.bar, top, width);
            out.push_str("/>\n");
        }
    }
    bars_end = bars_end.max(BAR_START + width);
    let _ = writeln!(
        out,
        "<text class=\"sw-chart-text\" x=\"{}\" y=\"{middle}\" \
         dominant-baseline=\"central\">{}</text>",
        bars_end + VALUE_GAP,
        escape(&row.value)
    );
    out.push_str("</g>\n");
}

/// Writes the chart as a standalone SVG document (no XML declaration, so that the same string
/// can also be placed inline in a page).
pub fn draw(chart: &Chart) -> String {
    let n_rows: u32 = match &chart.content {
        Content::Empty(_) => 1,
        Content::Groups(groups) => groups
            .iter()
            .map(|g| g.rows.len() as u32 + u32::from(g.heading.is_some()))
            .sum(),
    };
    let height = FIRST_ROW_TOP + n_rows * ROW_HEIGHT + MARGIN;
    let title_id = format!("sw-chart-{}-title", chart.kind);
    let description_id = format!("sw-chart-{}-desc", chart.kind);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sw-chart\" data-chart=\"{kind}\" \
         role=\"img\" aria-labelledby=\"{title_id}\" aria-describedby=\"{description_id}\" \
         width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" \
         font-family=\"system-ui, sans-serif\" font-size=\"12\">",
        kind = escape(chart.kind),
    );
    let _ = writeln!(
        out,
        "<title id=\"{title_id}\">{}</title>",
        escape(chart.title)
    );
    let _ = writeln!(
        out,
        "<desc id=\"{description_id}\">{}</desc>",
        escape(&chart.description)
    );
    // The stylesheet has no `<` or `&`, so it needs no CDATA section.
    let _ = writeln!(out, "<style>\n{}</style>", stylesheet());
    let _ = writeln!(
        out,
        "<rect class=\"sw-chart-bg\" width=\"{WIDTH}\" height=\"{height}\"/>"
    );
    let _ = writeln!(
        out,
        "<text class=\"sw-chart-text sw-chart-heading\" x=\"{MARGIN}\" \
         y=\"{HEADING_BASELINE}\">{}</text>",
        escape(chart.title)
    );
    match &chart.content {
        Content::Empty(message) => {
            let _ = writeln!(
                out,
                "<text class=\"sw-chart-muted\" x=\"{MARGIN}\" y=\"{}\" \
                 dominant-baseline=\"central\">{}</text>",
                FIRST_ROW_TOP + ROW_HEIGHT / 2,
                escape(message)
            );
        }
        Content::Groups(groups) => {
            // One scale for the whole chart, so that bars in different groups compare.
            let scale = groups
                .iter()
                .flat_map(|g| &g.rows)
                .map(|r| r.track.as_ref().map_or(r.bar.count, |t| t.count))
                .max()
                .unwrap_or(0);
            let mut top = FIRST_ROW_TOP;
            for group in groups {
                out.push_str("<g class=\"sw-chart-group\"");
                write_attributes(&mut out, &group.attributes);
                out.push_str(">\n");
                if let Some((heading, detail)) = &group.heading {
                    let _ = writeln!(
                        out,
                        "<text class=\"sw-chart-text\" x=\"{MARGIN}\" y=\"{}\" font-weight=\"600\" \
                         dominant-baseline=\"central\">{}<tspan class=\"sw-chart-muted\" \
                         font-weight=\"400\"> · {}</tspan></text>",
                        top + ROW_HEIGHT / 2,
                        escape(&shorten(heading, MAX_HEADING_CHARS)),
                        escape(detail)
                    );
                    top += ROW_HEIGHT;
                }
                if !group.rows.is_empty() {
                    let bottom = top + group.rows.len() as u32 * ROW_HEIGHT;
                    let _ = writeln!(
                        out,
                        "<line class=\"sw-chart-axis\" x1=\"{BAR_START}\" y1=\"{top}\" \
                         x2=\"{BAR_START}\" y2=\"{bottom}\"/>"
                    );
                }
                for row in &group.rows {
                    write_row(&mut out, row, top, scale, chart.bar_max_width);
                    top += ROW_HEIGHT;
                }
                out.push_str("</g>\n");
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::contrast_ratio;

    #[test]
    fn escaping_leaves_no_markup_and_no_character_xml_refuses() {
        for (text, expected) in [
            ("PERSON", "PERSON"),
            ("<script>&\"'", "&lt;script&gt;&amp;&quot;&apos;"),
            ("&amp;", "&amp;amp;"),
            ("a\tb\nc\r", "a&#9;b&#10;c&#13;"),
            (
                "nul\u{0} bell\u{7} \u{ffff}",
                "nul\u{fffd} bell\u{fffd} \u{fffd}",
            ),
            ("قطر 🇶🇦 Zoë", "قطر 🇶🇦 Zoë"),
        ] {
            assert_eq!(escape(text), expected, "{text:?}");
        }
    }

    #[test]
    fn long_captions_are_cut_by_code_points() {
        assert_eq!(shorten("Antony Blinken", 20), "Antony Blinken");
        assert_eq!(
            shorten("Secretary of State Antony Blinken", 20),
            "Secretary of State…"
        );
        assert_eq!(shorten("😀😀😀😀", 3), "😀😀…");
        assert_eq!(shorten("", 3), "");
    }

    #[test]
    fn bars_scale_to_the_largest_and_never_vanish_above_zero() {
        for ((count, scale, max_width), expected) in [
            ((0, 0, 220), 0),
            ((0, 5, 220), 0),
            ((5, 5, 220), 220),
            ((1, 2, 220), 110),
            ((1, 3, 220), 73),
            ((2, 3, 220), 147),
            ((1, 1000, 220), 1),
            ((9, 11, 160), 131),
        ] {
            assert_eq!(
                bar_width(count, scale, max_width),
                expected,
                "{count}/{scale}"
            );
        }
    }

    #[test]
    fn colours_read_in_both_themes() {
        let ratio = |a: &str, b: &str| contrast_ratio(a, b).expect("#rrggbb colours");
        for theme in [&LIGHT, &DARK] {
            assert!(ratio(theme.text, theme.background) >= 4.5, "{}", theme.text);
            assert!(
                ratio(theme.muted, theme.background) >= 4.5,
                "{}",
                theme.muted
            );
            assert!(ratio(theme.axis, theme.background) >= 3.0, "{}", theme.axis);
            assert!(ratio(theme.axis, theme.track) >= 3.0, "{}", theme.axis);
        }
        // Near-black backgrounds other pages might use, as well as the two themes.
        for color in PALETTE {
            for background in [
                "#ffffff",
                "#000000",
                "#121212",
                LIGHT.background,
                LIGHT.track,
                DARK.background,
                DARK.track,
            ] {
                let r = ratio(color, background);
                assert!(r >= 3.0, "{color} on {background}: {r:.2}");
            }
        }
    }
}
