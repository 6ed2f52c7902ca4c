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

use crate::model::document::AnnotationId;
use crate::model::layout::{Layout, ParagraphLayout, Segment};
use crate::model::schema::Schema;

/// Label name → `#rrggbb`, shared by all paragraphs.
pub type Colors = Rc<HashMap<Rc<str>, Rc<str>>>;

pub fn colors_of(schema: &Schema) -> Colors {
    Rc::new(
        schema
            .labels
            .iter()
            .map(|l| (Rc::clone(&l.name), Rc::clone(&l.color)))
            .collect(),
    )
}

#[derive(Properties, Clone)]
pub struct DocumentViewProps {
    pub layout: Rc<Layout>,
    pub colors: Colors,
    /// The selected annotation and the paragraphs it spans (inclusive).
    pub selected: Option<(AnnotationId, usize, usize)>,
    pub node_ref: NodeRef,
    pub onclick: Callback<MouseEvent>,
}

impl PartialEq for DocumentViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.layout, &other.layout)
            && Rc::ptr_eq(&self.colors, &other.colors)
            && self.selected == other.selected
            && self.node_ref == other.node_ref
            && self.onclick == other.onclick
    }
}

#[function_component(DocumentView)]
pub fn document_view(props: &DocumentViewProps) -> Html {
    let paragraphs = props
        .layout
        .paragraphs
        .iter()
        .enumerate()
        .map(|(i, paragraph)| {
            let selected = props
                .selected
                .as_ref()
                .filter(|(_, first, last)| (*first..=*last).contains(&i))
                .map(|(id, _, _)| id.clone());
            html! {
                <Paragraph key={i} index={i} layout={Rc::clone(paragraph)}
                    colors={Rc::clone(&props.colors)} {selected} />
            }
        });
    html! {
        <div class="document" data-testid="document" ref={props.node_ref.clone()}
            onclick={props.onclick.clone()} lang="en">
            { for paragraphs }
        </div>
    }
}

#[derive(Properties, Clone)]
struct ParagraphProps {
    index: usize,
    layout: Rc<ParagraphLayout>,
    colors: Colors,
    selected: Option<AnnotationId>,
}

impl PartialEq for ParagraphProps {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index
            && Rc::ptr_eq(&self.layout, &other.layout)
            && Rc::ptr_eq(&self.colors, &other.colors)
            && self.selected == other.selected
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
        )
    });
    html! {
        <div class="para" data-para={props.index.to_string()} dir="auto">{ for segments }</div>
    }
}

/// A segment's text wrapped in one `<mark>` per covering annotation, outermost first. Deeper
/// marks get a smaller `--depth`, so nested underlines stack and stay distinguishable.
fn segment_html(
    text: &str,
    segment: &Segment,
    colors: &Colors,
    selected: Option<&AnnotationId>,
) -> Html {
    let mut html = Html::from(text[segment.bytes.clone()].to_string());
    let n = segment.marks.len();
    for (level, mark) in segment.marks.iter().enumerate().rev() {
        let color = colors.get(&mark.label).map_or("#c4c4c4", |c| c);
        let mut class = classes!("span");
        if mark.is_first {
            class.push("first");
        }
        if mark.is_last {
            class.push("last");
        }
        if selected == Some(&mark.id) {
            class.push("selected");
        }
        let style = format!("--c:{color};--depth:{}", n - 1 - level);
        html = html! {
            <mark class={class} style={style} data-span-id={mark.id.0.to_string()}
                data-label={mark.label.to_string()}>{ html }</mark>
        };
    }
    html
}
