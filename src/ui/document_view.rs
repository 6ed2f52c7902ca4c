//! The article with its highlights: one component per paragraph, each re-rendered only when its
//! own layout (an `Rc` the model replaces when a change touches the paragraph) or its selected
//! span changes.
//!
//! The container's text content is exactly the document text: labels are drawn by CSS
//! (`::after` with `attr(data-label)`), never as text nodes, and text is always a text node,
//! never parsed as HTML.

use std::collections::HashMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::model::document::{AnnotationId, CLAIM_LABEL, CUE_LABEL};
use crate::model::layout::{chunk_ranges, Layout, OverlayKind, ParagraphLayout, Segment};
use crate::model::schema::{text_color_on, Schema};

/// [`text_color_on`] for each colour met, kept: every mark of every paragraph drawn asks.
fn text_color_cached(color: &str) -> &'static str {
    thread_local! {
        static ON: std::cell::RefCell<HashMap<String, &'static str>> = Default::default();
    }
    ON.with(|on| {
        if let Some(text) = on.borrow().get(color) {
            return *text;
        }
        let text = text_color_on(color);
        on.borrow_mut().insert(color.to_string(), text);
        text
    })
}

/// Label name → `#rrggbb`, shared by all paragraphs.
pub type Colors = Rc<HashMap<Rc<str>, Rc<str>>>;

/// Colours of the spans that are not entities: claims and their cues.
pub const CLAIM_COLOR: &str = "#f2c14e";
pub const CUE_COLOR: &str = "#b39ddb";

pub fn colors_of(schema: &Schema) -> Colors {
    let mut colors: HashMap<Rc<str>, Rc<str>> = schema
        .labels
        .iter()
        .map(|l| (Rc::clone(&l.name), Rc::clone(&l.color)))
        .collect();
    colors
        .entry(Rc::from(CLAIM_LABEL))
        .or_insert_with(|| Rc::from(CLAIM_COLOR));
    colors
        .entry(Rc::from(CUE_LABEL))
        .or_insert_with(|| Rc::from(CUE_COLOR));
    Rc::new(colors)
}

pub use crate::session::lists::Emphasis;

#[derive(Properties, Clone)]
pub struct DocumentViewProps {
    pub layout: Rc<Layout>,
    pub colors: Colors,
    /// The selected annotation and the paragraphs it spans (inclusive).
    pub selected: Option<(AnnotationId, usize, usize)>,
    pub emphasis: Rc<Vec<Emphasis>>,
    pub node_ref: NodeRef,
    /// The keyboard caret, drawn over the text: left, top and height in pixels.
    pub caret: Option<(f64, f64, f64)>,
    /// The correction mode: the article is editable text (its changes are the model's; see
    /// `web::editing`).
    pub editable: bool,
    /// The paragraph a composition last wrote into, with a count: the chunk holding it gets a
    /// new key, so it is drawn afresh rather than patched over what the browser wrote.
    pub recompose: Option<(usize, u32)>,
    pub onclick: Callback<MouseEvent>,
    pub onmouseup: Callback<MouseEvent>,
    pub onmouseover: Callback<MouseEvent>,
}

impl PartialEq for DocumentViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.layout, &other.layout)
            && Rc::ptr_eq(&self.colors, &other.colors)
            && self.selected == other.selected
            && self.emphasis == other.emphasis
            && self.node_ref == other.node_ref
            && self.caret == other.caret
            && self.editable == other.editable
            && self.recompose == other.recompose
            && self.onclick == other.onclick
            && self.onmouseover == other.onmouseover
            && self.onmouseup == other.onmouseup
    }
}

#[function_component(DocumentView)]
pub fn document_view(props: &DocumentViewProps) -> Html {
    let paragraphs = &props.layout.paragraphs;
    let chunks = chunk_ranges(paragraphs, CHUNK_BYTES, CHUNK_PARAGRAPHS)
        .into_iter()
        .map(|range| {
            let selected = props
                .selected
                .as_ref()
                .filter(|(_, first, last)| *first < range.end && range.start <= *last)
                .cloned();
            let emphasis: Vec<Emphasis> = props
                .emphasis
                .iter()
                .filter(|e| e.first < range.end && range.start <= e.last)
                .cloned()
                .collect();
            let key = match props.recompose {
                Some((i, generation)) if range.contains(&i) => {
                    format!("{}:{generation}", range.start)
                }
                _ => range.start.to_string(),
            };
            html! {
                <Chunk {key} first={range.start}
                    paragraphs={paragraphs[range.clone()].to_vec()}
                    colors={Rc::clone(&props.colors)} {selected} {emphasis} />
            }
        });
    let editable = props.editable;
    html! {
        <div class={classes!("document", editable.then_some("correcting"))} id="article" data-testid="document"
            ref={props.node_ref.clone()}
            onclick={props.onclick.clone()} onmouseup={props.onmouseup.clone()}
            onmouseover={props.onmouseover.clone()} lang="en" tabindex="0"
            role={if editable { "textbox" } else { "region" }}
            aria-multiline={editable.then_some("true")}
            contenteditable={editable.then_some("true")} spellcheck={editable.then_some("false")}
            aria-label={if editable { "Article (correcting the text)" } else { "Article" }}
            aria-describedby="article-help">
            { for chunks }
            // The caret is an empty element: the container's text stays exactly the document.
            // Editable text has the browser's own caret.
            if let (false, Some((left, top, height))) = (editable, props.caret) {
                <div class="caret" aria-hidden="true"
                    style={format!("left:{left}px;top:{top}px;height:{height}px")}></div>
            }
        </div>
    }
}

/// Paragraphs are drawn in chunks of about this many bytes of text. A chunk is the unit the
/// browser skips off screen (`content-visibility: auto`): one per paragraph made Chromium check
/// thousands of elements on every scrolled frame (10–30 ms of intersection checks on a 1 MB
/// article, and tasks over 50 ms), and the view builds one component per chunk, not per
/// paragraph.
const CHUNK_BYTES: usize = 3000;
const CHUNK_PARAGRAPHS: usize = 24;

#[derive(Properties, Clone)]
struct ChunkProps {
    /// The index of the chunk's first paragraph.
    first: usize,
    paragraphs: Vec<Rc<ParagraphLayout>>,
    colors: Colors,
    selected: Option<(AnnotationId, usize, usize)>,
    emphasis: Vec<Emphasis>,
}

impl PartialEq for ChunkProps {
    fn eq(&self, other: &Self) -> bool {
        self.first == other.first
            && self.paragraphs.len() == other.paragraphs.len()
            && self
                .paragraphs
                .iter()
                .zip(&other.paragraphs)
                .all(|(a, b)| same_drawing(a, b))
            && Rc::ptr_eq(&self.colors, &other.colors)
            && self.selected == other.selected
            && self.emphasis == other.emphasis
    }
}

#[function_component(Chunk)]
fn chunk(props: &ChunkProps) -> Html {
    // Until the browser has laid a chunk out once, its height is estimated from its text (about
    // 85 characters a line); afterwards `auto` keeps the measured height.
    let lines: usize = props
        .paragraphs
        .iter()
        .map(|p| p.text.chars().count().div_ceil(85).max(1))
        .sum();
    let style = format!("contain-intrinsic-size:auto calc({lines} * 2.27rem)");
    let paragraphs = props
        .paragraphs
        .iter()
        .enumerate()
        .map(|(offset, paragraph)| {
            let i = props.first + offset;
            let selected = props
                .selected
                .as_ref()
                .filter(|(_, first, last)| (*first..=*last).contains(&i))
                .map(|(id, _, _)| id.clone());
            let emphasis: Vec<(AnnotationId, &'static str)> = props
                .emphasis
                .iter()
                .filter(|e| (e.first..=e.last).contains(&i))
                .map(|e| (e.id.clone(), e.class))
                .collect();
            html! {
                <Paragraph key={i} index={i} layout={Rc::clone(paragraph)}
                    colors={Rc::clone(&props.colors)} {selected} {emphasis} />
            }
        });
    html! {
        <div class="chunk" {style}>{ for paragraphs }</div>
    }
}

/// Whether two layouts of a paragraph draw the same: a text edit moves the paragraphs after
/// it (a new `Rc` with other offsets) but shares their text and segments, which are all that
/// is drawn; only the paragraphs it touched are drawn again.
fn same_drawing(a: &Rc<ParagraphLayout>, b: &Rc<ParagraphLayout>) -> bool {
    Rc::ptr_eq(a, b) || (Rc::ptr_eq(&a.text, &b.text) && Rc::ptr_eq(&a.segments, &b.segments))
}

#[derive(Properties, Clone)]
struct ParagraphProps {
    index: usize,
    layout: Rc<ParagraphLayout>,
    colors: Colors,
    selected: Option<AnnotationId>,
    emphasis: Vec<(AnnotationId, &'static str)>,
}

impl PartialEq for ParagraphProps {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index
            && same_drawing(&self.layout, &other.layout)
            && Rc::ptr_eq(&self.colors, &other.colors)
            && self.selected == other.selected
            && self.emphasis == other.emphasis
    }
}

#[function_component(Paragraph)]
fn paragraph(props: &ParagraphProps) -> Html {
    let layout = &props.layout;
    let segments = layout.segments.iter().map(|segment| {
        segment_html(
            &layout.text,
            segment,
            &props.colors,
            props.selected.as_ref(),
            &props.emphasis,
        )
    });
    html! {
        <div class="para" data-para={props.index.to_string()} dir="auto">{ for segments }</div>
    }
}

/// A segment's text wrapped in one `<mark>` per covering annotation, outermost first. Deeper
/// marks get a smaller `--depth`, so nested underlines stack and stay distinguishable. The line
/// breaks that end a paragraph inside a span are a piece of their own, drawn as nothing: on the
/// blank line they make, a span's underline would be a stray bar.
fn segment_html(
    text: &str,
    segment: &Segment,
    colors: &Colors,
    selected: Option<&AnnotationId>,
    emphasis: &[(AnnotationId, &'static str)],
) -> Html {
    let piece = &text[segment.bytes.clone()];
    let body = piece.trim_end_matches(['\n', '\r']);
    if segment.marks.is_empty() || body.len() == piece.len() {
        return marks_html(piece, segment, colors, selected, emphasis, false);
    }
    let breaks = marks_html(
        &piece[body.len()..],
        segment,
        colors,
        selected,
        emphasis,
        true,
    );
    if body.is_empty() {
        return breaks;
    }
    html! { <>{ marks_html(body, segment, colors, selected, emphasis, false) }{ breaks }</> }
}

/// `piece` (all or part of a segment's text) in the segment's marks; `only_breaks` for line
/// breaks, which get no edges and no label.
fn marks_html(
    piece: &str,
    segment: &Segment,
    colors: &Colors,
    selected: Option<&AnnotationId>,
    emphasis: &[(AnnotationId, &'static str)],
    only_breaks: bool,
) -> Html {
    let mut html = Html::from(piece.to_string());
    let n = segment.marks.len();
    for (level, mark) in segment.marks.iter().enumerate().rev() {
        let color = colors.get(&mark.label).map_or("#c4c4c4", |c| c);
        let mut class = classes!("span", mark.kind.as_str());
        if only_breaks {
            class.push("line-break");
        } else {
            if mark.is_first {
                class.push("first");
            }
            if mark.is_last {
                class.push("last");
            }
        }
        if selected == Some(&mark.id) {
            class.push("selected");
        }
        for (_, emphasis_class) in emphasis.iter().filter(|(id, _)| *id == mark.id) {
            class.push(*emphasis_class);
        }
        let style = format!(
            "--c:{color};--t:{};--depth:{}",
            text_color_cached(color),
            n - 1 - level
        );
        let id = mark.id.0.to_string();
        let label = mark.label.to_string();
        html = match mark.overlay {
            None => html! {
                <mark class={class} style={style} data-span-id={id}
                    data-label={label} data-kind={mark.kind.as_str()}>{ html }</mark>
            },
            // Suggestions carry their own hook, never data-span-id (which is for annotations).
            Some(OverlayKind::Suggestion) => {
                class.push("suggestion");
                html! {
                    <mark class={class} style={style} data-suggestion-id={id} data-label={label}>{ html }</mark>
                }
            }
            Some(OverlayKind::Match) => {
                class.push("match");
                html! { <mark class={class} data-match={id}>{ html }</mark> }
            }
            // A colleague's selection, in their colour (the label); the id ends with their name.
            Some(OverlayKind::Presence) => {
                class.push("presence");
                let name = id.split_once(':').map_or("", |(_, n)| n).to_string();
                html! {
                    <mark class={class} style={format!("--c:{label}")} data-presence={name.clone()} title={name}>{ html }</mark>
                }
            }
        };
    }
    html
}
