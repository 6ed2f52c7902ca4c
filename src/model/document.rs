//! A document (id, title, text) and its annotations.
//!
//! The text never changes once a document exists; annotations point into it by code-point
//! ranges. Annotations may overlap and nest freely (a claim will contain entities). They are
//! kept sorted by position so that rendering and export walk them in text order.

use std::rc::Rc;

use crate::model::offsets::{CodePoint, CpRange, TextIndex};

/// An annotation's identifier, unique within its document. Kept as text so that ids from files
/// (ours, and later brat's `T1`…) survive a round trip unchanged.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AnnotationId(pub Rc<str>);

impl AnnotationId {
    pub fn new(id: &str) -> AnnotationId {
        AnnotationId(Rc::from(id))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for AnnotationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What an annotation is. Claims (with attributes and relations) come next; the kind is part of
/// every annotation and of the file format from the start so that they fit without a migration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SpanKind {
    Entity,
}

impl SpanKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SpanKind::Entity => "entity",
        }
    }

    pub fn parse(kind: &str) -> Option<SpanKind> {
        match kind {
            "entity" => Some(SpanKind::Entity),
            _ => None,
        }
    }
}

/// One tagged span of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    pub id: AnnotationId,
    pub kind: SpanKind,
    pub label: Rc<str>,
    pub range: CpRange,
}

impl Annotation {
    /// An entity span. Importers build annotations through constructors like this one, so that
    /// fields added to annotations later need no change in every format.
    pub fn entity(id: &str, label: &str, range: CpRange) -> Annotation {
        Annotation {
            id: AnnotationId::new(id),
            kind: SpanKind::Entity,
            label: Rc::from(label),
            range,
        }
    }
}

/// A text with its annotations. The text and its offset index are shared (`Rc`), so copying a
/// document for undo or rendering never copies the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub id: Rc<str>,
    pub title: Rc<str>,
    text: Rc<str>,
    index: Rc<TextIndex>,
    /// Sorted by [`Document::order_key`]: start ascending, longer first, then id.
    annotations: Vec<Annotation>,
}

impl Document {
    pub fn new(id: &str, title: &str, text: &str) -> Document {
        Document {
            id: Rc::from(id),
            title: Rc::from(title),
            index: Rc::new(TextIndex::new(text)),
            text: Rc::from(text),
            annotations: Vec::new(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn shared_text(&self) -> Rc<str> {
        Rc::clone(&self.text)
    }

    pub fn index(&self) -> &TextIndex {
        &self.index
    }

    /// The text's length in code points.
    pub fn len(&self) -> CodePoint {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    pub fn slice(&self, range: CpRange) -> &str {
        self.index.slice(&self.text, range)
    }

    pub fn annotations(&self) -> &[Annotation] {
        &self.annotations
    }

    pub fn annotation(&self, id: &AnnotationId) -> Option<&Annotation> {
        self.annotations.iter().find(|a| &a.id == id)
    }

    fn order_key(a: &Annotation) -> (CodePoint, std::cmp::Reverse<CodePoint>, &AnnotationId) {
        (a.range.start, std::cmp::Reverse(a.range.end), &a.id)
    }

    /// Inserts an annotation in text order. The caller (a command or an importer) has checked
    /// that its range lies within the text, is not empty, and that its id is new.
    pub fn insert(&mut self, annotation: Annotation) {
        let key = Self::order_key(&annotation);
        let at = self
            .annotations
            .partition_point(|a| Self::order_key(a) < key);
        self.annotations.insert(at, annotation);
    }

    pub(crate) fn remove(&mut self, id: &AnnotationId) -> Option<Annotation> {
        let at = self.annotations.iter().position(|a| &a.id == id)?;
        Some(self.annotations.remove(at))
    }

    pub(crate) fn annotation_mut(&mut self, id: &AnnotationId) -> Option<&mut Annotation> {
        self.annotations.iter_mut().find(|a| &a.id == id)
    }

    /// A fresh id of the form `a<n>` that no annotation uses yet.
    pub fn fresh_id(&self) -> AnnotationId {
        let highest = self
            .annotations
            .iter()
            .filter_map(|a| a.id.as_str().strip_prefix('a')?.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        AnnotationId(Rc::from(format!("a{}", highest + 1)))
    }

    /// Trims whitespace from both ends of a selection. Nothing else is adjusted: a span is exactly
    /// the selected characters, so a name that ends inside a glued word ("anthony
    /// blinken|arrived") stays taggable. Returns `None` for an empty or all-whitespace selection.
    pub fn trim_selection(&self, range: CpRange) -> Option<CpRange> {
        let end = range.end.min(self.len());
        let start = range.start.min(end);
        let selected = self.slice(CpRange { start, end });
        let n_leading = selected.chars().take_while(|c| c.is_whitespace()).count();
        if n_leading == end.0 - start.0 {
            return None;
        }
        let n_trailing = selected
            .chars()
            .rev()
            .take_while(|c| c.is_whitespace())
            .count();
        Some(CpRange::new(start.0 + n_leading, end.0 - n_trailing))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_selection_keeps_exactly_the_selected_characters() {
        let doc = Document::new(
            "d",
            "t",
            "US, anthony blinkenarrived this thursday cairois\r\n  ",
        );
        let check = |start, end, expected: Option<&str>| {
            let got = doc
                .trim_selection(CpRange::new(start, end))
                .map(|r| doc.slice(r).to_string());
            assert_eq!(got.as_deref(), expected, "{start}..{end}");
        };
        check(3, 19, Some("anthony blinken"));
        check(4, 19, Some("anthony blinken"));
        check(12, 26, Some("blinkenarrived"));
        check(41, 46, Some("cairo"));
        check(40, 46, Some("cairo"));
        check(46, 52, Some("is"));
        check(48, 53, None);
        check(5, 5, None);
        check(2, 3, Some(","));
        check(48, 999, None);
    }

    #[test]
    fn annotations_stay_in_text_order_longest_first() {
        let mut doc = Document::new("d", "t", "Secretary of State Antony Blinken");
        let add = |doc: &mut Document, id: &str, start, end| {
            doc.insert(Annotation {
                id: AnnotationId::new(id),
                kind: SpanKind::Entity,
                label: Rc::from("PERSON"),
                range: CpRange::new(start, end),
            })
        };
        add(&mut doc, "a3", 26, 33);
        add(&mut doc, "a1", 19, 33);
        add(&mut doc, "a2", 0, 33);
        add(&mut doc, "a4", 19, 25);
        let ids: Vec<&str> = doc.annotations().iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a2", "a1", "a4", "a3"]);
        assert_eq!(doc.fresh_id(), AnnotationId::new("a5"));
        assert_eq!(
            doc.remove(&AnnotationId::new("a1")).map(|a| a.range),
            Some(CpRange::new(19, 33))
        );
        assert_eq!(doc.annotations().len(), 3);
    }
}
