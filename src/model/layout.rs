//! Segmentation of the text for rendering: paragraphs, and within each paragraph the runs of
//! text covered by the same set of annotations.
//!
//! Overlapping spans cannot be drawn as properly nested elements, so each paragraph is cut at
//! every span boundary into segments; a segment carries the stack of annotations that cover it,
//! outermost first. The view draws one nested element per annotation per segment, so a span that
//! crosses another is drawn as several elements sharing its id.
//!
//! The layout is computed once per document and then updated paragraph by paragraph: a command
//! reports the ranges it touched and only the paragraphs overlapping them are cut again. Their
//! `Rc`s change; every other paragraph keeps its `Rc` and the view skips it. A text edit moves
//! the paragraphs after it (new `Rc`s sharing their text and segments) and cuts again only the
//! paragraphs it touched ([`Layout::apply_text_edit`]).

use std::ops::Range;
use std::rc::Rc;

use crate::model::document::{Annotation, AnnotationId, Document, SpanKind};
use crate::model::offsets::{CodePoint, CpRange};
use crate::model::text_edit::TextEdit;

/// Spans drawn over the text that are not annotations: suggestions not yet accepted, and search
/// matches. They are cut into segments like annotations, drawn innermost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverlayKind {
    Suggestion,
    Match,
    /// A colleague's selection in a team room: the overlay's label is their colour.
    Presence,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverlaySpan {
    pub id: AnnotationId,
    pub label: Rc<str>,
    pub range: CpRange,
    pub kind: OverlayKind,
}

/// One annotation's (or overlay's) part in a segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkRef {
    pub id: AnnotationId,
    pub label: Rc<str>,
    pub kind: SpanKind,
    /// Set for suggestions and search matches, which are not annotations.
    pub overlay: Option<OverlayKind>,
    /// The segment starts where the annotation starts (draw its left edge and label here).
    pub is_first: bool,
    /// The segment ends where the annotation ends.
    pub is_last: bool,
}

/// A run of a paragraph's text covered by the same annotations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Byte range within the paragraph's text.
    pub bytes: Range<usize>,
    /// Covering annotations, outermost (earliest start, then longest) first.
    pub marks: Vec<MarkRef>,
}

/// A paragraph's text and its segments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParagraphLayout {
    pub range: CpRange,
    pub text: Rc<str>,
    pub segments: Rc<[Segment]>,
}

/// The whole document cut into paragraphs, each cut into segments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    pub paragraphs: Vec<Rc<ParagraphLayout>>,
}

/// Groups consecutive paragraphs into chunks of at least `max_bytes` of text or `max_paragraphs`
/// paragraphs, whichever comes first (the last chunk may be smaller), as index ranges. The
/// paragraphs' texts change only with a text edit, so neither do the chunks between two.
pub fn chunk_ranges(
    paragraphs: &[Rc<ParagraphLayout>],
    max_bytes: usize,
    max_paragraphs: usize,
) -> Vec<Range<usize>> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, paragraph) in paragraphs.iter().enumerate() {
        bytes += paragraph.text.len();
        if bytes >= max_bytes || i + 1 - start >= max_paragraphs {
            chunks.push(start..i + 1);
            start = i + 1;
            bytes = 0;
        }
    }
    if start < paragraphs.len() {
        chunks.push(start..paragraphs.len());
    }
    chunks
}

/// Splits the text into paragraphs: each ends after a run of line breaks (`\n`, `\r`), which
/// stays part of it, so the paragraphs' texts concatenate to exactly the document text.
pub fn paragraph_ranges(text: &str) -> Vec<CpRange> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut in_breaks = false;
    let mut position = 0;
    for ch in text.chars() {
        let is_break = ch == '\n' || ch == '\r';
        if in_breaks && !is_break {
            ranges.push(CpRange::new(start, position));
            start = position;
        }
        in_breaks = is_break;
        position += 1;
    }
    if position > start || ranges.is_empty() {
        ranges.push(CpRange::new(start, position));
    }
    ranges
}

impl Layout {
    pub fn new(document: &Document) -> Layout {
        Layout::with_overlays(document, &[])
    }

    /// A layout built afresh that keeps the `Rc`s of `old`'s paragraphs wherever they draw the
    /// same (the same text and segments at the same place), so the view skips them: after
    /// several text edits at once (a "Replace all"), only the paragraphs they changed are drawn
    /// again.
    pub fn new_keeping(document: &Document, old: &Layout) -> Layout {
        let mut layout = Layout::new(document);
        for (new, old) in layout.paragraphs.iter_mut().zip(&old.paragraphs) {
            if new.text == old.text && new.segments == old.segments {
                *new = if new.range == old.range {
                    Rc::clone(old)
                } else {
                    Rc::new(ParagraphLayout {
                        range: new.range,
                        text: Rc::clone(&old.text),
                        segments: Rc::clone(&old.segments),
                    })
                };
            }
        }
        layout
    }

    /// The layout of a document with overlays (sorted by start, longer first) drawn over it.
    pub fn with_overlays(document: &Document, overlays: &[OverlaySpan]) -> Layout {
        let ranges = paragraph_ranges(document.text());
        Layout {
            paragraphs: layout_paragraphs(document, overlays, ranges),
        }
    }

    /// Follows a text edit (in the text before it) that `document` has just had: the paragraphs
    /// after it move by its change of length (their text and segments shared), and only the
    /// paragraphs it touched are cut again (an edit may join or split paragraphs). Equal to
    /// `Layout::new(document)` when the layout was the document's before the edit.
    pub fn apply_text_edit(&mut self, document: &Document, edit: &TextEdit) -> Range<usize> {
        self.apply_text_edit_with_overlays(document, &[], edit)
    }

    /// [`Layout::apply_text_edit`] with overlays (in the text after the edit) drawn over the text.
    /// Returns the indices of the paragraphs cut again, in the new layout.
    pub fn apply_text_edit_with_overlays(
        &mut self,
        document: &Document,
        overlays: &[OverlaySpan],
        edit: &TextEdit,
    ) -> Range<usize> {
        let n_removed = edit.range().len();
        let n_inserted = edit.n_inserted();
        // A paragraph ends where a line break is followed by another character, so the breaks
        // that can appear or vanish lie at `start..=end`: the paragraph holding the character
        // before the edit and the one holding its end are cut again, and the ones between.
        let first = self.paragraph_at(CodePoint(edit.start.0.saturating_sub(1)));
        let last = self.paragraph_at(edit.end);
        let region_start = self.paragraphs[first].range.start.0;
        let region_end = self.paragraphs[last].range.end.0 - n_removed + n_inserted;
        let region_text = document.slice(CpRange::new(region_start, region_end));
        let ranges = paragraph_ranges(region_text)
            .into_iter()
            .map(|r| CpRange::new(r.start.0 + region_start, r.end.0 + region_start));
        let recut = layout_paragraphs(document, overlays, ranges);
        let n_recut = recut.len();
        for paragraph in &mut self.paragraphs[last + 1..] {
            let range = paragraph.range;
            *paragraph = Rc::new(ParagraphLayout {
                range: CpRange::new(
                    range.start.0 - n_removed + n_inserted,
                    range.end.0 - n_removed + n_inserted,
                ),
                text: Rc::clone(&paragraph.text),
                segments: Rc::clone(&paragraph.segments),
            });
        }
        self.paragraphs.splice(first..=last, recut);
        // A span that crosses the region changed with the edit (its ends moved, or it was
        // clipped, and with it its order among the others): the paragraphs it reaches beyond the
        // region are cut again too.
        let (mut before, mut after) = (region_start, region_end);
        for annotation in document
            .annotations()
            .iter()
            .take_while(|a| a.range.start.0 <= region_end)
            .filter(|a| a.range.end.0 >= region_start)
        {
            before = before.min(annotation.range.start.0);
            after = after.max(annotation.range.end.0);
        }
        let beyond: Vec<CpRange> = [
            CpRange::new(before, region_start),
            CpRange::new(region_end, after),
        ]
        .into_iter()
        .filter(|r| !r.is_empty())
        .collect();
        if !beyond.is_empty() {
            self.update_with_overlays(document, overlays, &beyond);
        }
        first..first + n_recut
    }

    /// Re-cuts the paragraphs that overlap (or, for empty ranges, touch) any of `ranges`.
    pub fn update(&mut self, document: &Document, ranges: &[CpRange]) {
        self.update_with_overlays(document, &[], ranges)
    }

    /// [`Layout::update`] with overlays drawn over the text.
    pub fn update_with_overlays(
        &mut self,
        document: &Document,
        overlays: &[OverlaySpan],
        ranges: &[CpRange],
    ) {
        for range in ranges {
            let first = self.paragraph_at(range.start);
            let last =
                self.paragraph_at(CodePoint(range.end.0.saturating_sub(1).max(range.start.0)));
            for i in first..=last {
                let paragraph_range = self.paragraphs[i].range;
                let covering: Vec<&Annotation> = document
                    .annotations()
                    .iter()
                    .take_while(|a| a.range.start < paragraph_range.end)
                    .filter(|a| a.range.end > paragraph_range.start)
                    .collect();
                let covering_overlays: Vec<&OverlaySpan> = overlays
                    .iter()
                    .take_while(|o| o.range.start < paragraph_range.end)
                    .filter(|o| o.range.end > paragraph_range.start)
                    .collect();
                self.paragraphs[i] = Rc::new(layout_paragraph(
                    document,
                    paragraph_range,
                    &covering,
                    &covering_overlays,
                ));
            }
        }
    }

    /// The index of the paragraph containing a position (the last one for the end of the text).
    pub fn paragraph_at(&self, position: CodePoint) -> usize {
        self.paragraphs
            .partition_point(|p| p.range.end <= position)
            .min(self.paragraphs.len() - 1)
    }
}

/// Cuts the paragraphs at `ranges` (ascending) in one sweep: annotations and overlays are sorted
/// by start, so each paragraph adds those that start before its end and drops those that ended
/// before its start.
fn layout_paragraphs(
    document: &Document,
    overlays: &[OverlaySpan],
    ranges: impl IntoIterator<Item = CpRange>,
) -> Vec<Rc<ParagraphLayout>> {
    let annotations = document.annotations();
    let mut active: Vec<&Annotation> = Vec::new();
    let mut active_overlays: Vec<&OverlaySpan> = Vec::new();
    let (mut next, mut next_overlay) = (0, 0);
    ranges
        .into_iter()
        .map(|range| {
            active.retain(|a| a.range.end > range.start);
            active_overlays.retain(|o| o.range.end > range.start);
            while next < annotations.len() && annotations[next].range.start < range.end {
                if annotations[next].range.end > range.start {
                    active.push(&annotations[next]);
                }
                next += 1;
            }
            while next_overlay < overlays.len() && overlays[next_overlay].range.start < range.end {
                if overlays[next_overlay].range.end > range.start {
                    active_overlays.push(&overlays[next_overlay]);
                }
                next_overlay += 1;
            }
            Rc::new(layout_paragraph(document, range, &active, &active_overlays))
        })
        .collect()
}

/// Cuts one paragraph; `covering` holds the annotations overlapping it, in document order.
fn layout_paragraph(
    document: &Document,
    range: CpRange,
    covering: &[&Annotation],
    overlays: &[&OverlaySpan],
) -> ParagraphLayout {
    let text = document.slice(range);
    let mut cuts: Vec<usize> = vec![range.start.0, range.end.0];
    let bounds = covering
        .iter()
        .map(|a| a.range)
        .chain(overlays.iter().map(|o| o.range));
    for bound in bounds {
        cuts.extend(
            [bound.start.0, bound.end.0]
                .into_iter()
                .filter(|&c| c > range.start.0 && c < range.end.0),
        );
    }
    cuts.sort_unstable();
    cuts.dedup();

    // Byte offsets of the cuts, found in one walk over the paragraph's characters.
    let mut byte_of_cut = Vec::with_capacity(cuts.len());
    let mut chars = text.char_indices();
    let mut position = range.start.0;
    for &cut in &cuts {
        while position < cut {
            chars.next();
            position += 1;
        }
        byte_of_cut.push(chars.clone().next().map_or(text.len(), |(b, _)| b));
    }

    let segments = cuts
        .windows(2)
        .zip(byte_of_cut.windows(2))
        .map(|(cut, bytes)| {
            let (start, end) = (CodePoint(cut[0]), CodePoint(cut[1]));
            let annotation_marks = covering
                .iter()
                .filter(|a| a.range.start <= start && a.range.end >= end)
                .map(|a| MarkRef {
                    id: a.id.clone(),
                    label: Rc::clone(&a.label),
                    kind: a.kind,
                    overlay: None,
                    is_first: a.range.start == start,
                    is_last: a.range.end == end,
                });
            let overlay_marks = overlays
                .iter()
                .filter(|o| o.range.start <= start && o.range.end >= end)
                .map(|o| MarkRef {
                    id: o.id.clone(),
                    label: Rc::clone(&o.label),
                    kind: if &*o.label == crate::model::document::CLAIM_LABEL {
                        SpanKind::Claim
                    } else {
                        SpanKind::Entity
                    },
                    overlay: Some(o.kind),
                    is_first: o.range.start == start,
                    is_last: o.range.end == end,
                });
            let marks = annotation_marks.chain(overlay_marks).collect();
            Segment {
                bytes: bytes[0]..bytes[1],
                marks,
            }
        })
        .collect();
    ParagraphLayout {
        range,
        text: Rc::from(text),
        segments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::command::{Command, Editor};
    use crate::model::fixture::parse_fixture;
    use crate::model::schema::Schema;

    /// Renders a layout as `¶` per paragraph and `(text:id,id)` per segment with marks.
    fn render(layout: &Layout) -> String {
        let mut out = String::new();
        for p in &layout.paragraphs {
            out.push('¶');
            for s in p.segments.iter() {
                let text = p.text[s.bytes.clone()].replace('\n', "⏎");
                if s.marks.is_empty() {
                    out.push_str(&text);
                } else {
                    let ids: Vec<String> = s
                        .marks
                        .iter()
                        .map(|m| {
                            format!(
                                "{}{}{}",
                                if m.is_first { "<" } else { "" },
                                m.id,
                                if m.is_last { ">" } else { "" }
                            )
                        })
                        .collect();
                    out.push_str(&format!("({text}:{})", ids.join(",")));
                }
            }
        }
        out
    }

    fn check(fixture: &str, expected: &str) {
        let document = parse_fixture(fixture);
        let layout = Layout::new(&document);
        assert_eq!(render(&layout), expected, "{fixture}");
        let joined: String = layout.paragraphs.iter().map(|p| &*p.text).collect();
        assert_eq!(
            joined,
            document.text(),
            "paragraphs concatenate to the text"
        );
    }

    #[test]
    fn paragraphs_keep_their_line_breaks() {
        let ranges = |text: &str| -> Vec<(usize, usize)> {
            paragraph_ranges(text)
                .iter()
                .map(|r| (r.start.0, r.end.0))
                .collect()
        };
        assert_eq!(ranges(""), [(0, 0)]);
        assert_eq!(ranges("one"), [(0, 3)]);
        assert_eq!(ranges("one\n\ntwo\n"), [(0, 5), (5, 9)]);
        assert_eq!(ranges("one\r\ntwo"), [(0, 5), (5, 8)]);
        assert_eq!(ranges("\n\none"), [(0, 2), (2, 5)]);
    }

    #[test]
    fn chunks_close_at_a_size_or_a_paragraph_count() {
        let text = "aaaa\nbb\ncccccc\nd\ne\nf\ng\n";
        let layout = Layout::new(&Document::new("d", "t", text));
        let chunks = |bytes, paragraphs| chunk_ranges(&layout.paragraphs, bytes, paragraphs);
        // Paragraph lengths in bytes, with their line break: 5, 3, 7, 2, 2, 2, 2.
        assert_eq!(chunks(8, 100), [0..2, 2..4, 4..7]);
        assert_eq!(chunks(1000, 3), [0..3, 3..6, 6..7]);
        assert_eq!(chunks(1, 100), (0..7).map(|i| i..i + 1).collect::<Vec<_>>());
        assert_eq!(chunk_ranges(&[], 8, 3), Vec::<Range<usize>>::new());
    }

    #[test]
    fn segments_cut_at_every_boundary() {
        check("plain text\n\nsecond", "¶plain text⏎⏎¶second");
        check(
            "[Antony Blinken|PERSON#a1] met",
            "¶(Antony Blinken:<a1>) met",
        );
        check(
            "[Secretary [Antony Blinken|PERSON#a2]|PERSON#a1] met",
            "¶(Secretary :<a1)(Antony Blinken:a1>,<a2>) met",
        );
        check("[a [b|X#a2] c|Y#a1]", "¶(a :<a1)(b:a1,<a2>)( c:a1>)");
        check("[🇶🇦|GPE#a1] [Zoë|PERSON#a2]", "¶(🇶🇦:<a1>) (Zoë:<a2>)");
    }

    #[test]
    fn crossing_spans_share_segments() {
        let mut document = parse_fixture("Antony Blinken met Shoukry");
        for (id, start, end) in [("a1", 0, 14), ("a2", 7, 18)] {
            document.insert(Annotation::entity(id, "X", CpRange::new(start, end)));
        }
        assert_eq!(
            render(&Layout::new(&document)),
            "¶(Antony :<a1)(Blinken:a1>,<a2)( met:a2>) Shoukry"
        );
    }

    #[test]
    fn spans_across_paragraphs_appear_in_each() {
        check(
            "one [two\n\nthree|X#a1] four\n\nfive",
            "¶one (two⏎⏎:<a1)¶(three:a1>) four⏎⏎¶five",
        );
    }

    #[test]
    fn update_recuts_only_the_touched_paragraphs() {
        let mut document = parse_fixture("one\n\n[two|X#a1]\n\nthree");
        let mut layout = Layout::new(&document);
        let before = layout.clone();
        document.remove(&AnnotationId::new("a1"));
        layout.update(&document, &[CpRange::new(5, 8)]);
        assert_eq!(render(&layout), "¶one⏎⏎¶two⏎⏎¶three");
        assert!(Rc::ptr_eq(&layout.paragraphs[0], &before.paragraphs[0]));
        assert!(!Rc::ptr_eq(&layout.paragraphs[1], &before.paragraphs[1]));
        assert!(Rc::ptr_eq(&layout.paragraphs[2], &before.paragraphs[2]));
        assert_eq!(layout, Layout::new(&document));
    }

    #[test]
    fn a_fresh_layout_keeps_the_paragraphs_that_draw_the_same() {
        let mut editor = Editor::new(
            parse_fixture("one [Refa|X#a1]\n\ntwo\n\nRefa three"),
            Schema::default(),
        );
        let before = Layout::new(editor.document());
        // Two edits at once, in the first and the last paragraph.
        let steps = [CpRange::new(15, 19), CpRange::new(4, 8)]
            .into_iter()
            .filter_map(|range| editor.replace_text(range, "Rafah"))
            .collect();
        let command = Command::Batch(steps);
        editor.apply(command).expect("the edits apply");
        let layout = Layout::new_keeping(editor.document(), &before);
        assert_eq!(layout, Layout::new(editor.document()));
        assert_eq!(render(&layout), "¶one (Rafah:<a1>)⏎⏎¶two⏎⏎¶Rafah three");
        // The middle paragraph moved by one code point: its text and segments are shared.
        let (kept, old) = (&layout.paragraphs[1], &before.paragraphs[1]);
        assert!(Rc::ptr_eq(&kept.text, &old.text) && Rc::ptr_eq(&kept.segments, &old.segments));
        assert!(!Rc::ptr_eq(
            &layout.paragraphs[0].text,
            &before.paragraphs[0].text
        ));
    }

    /// Applies a text edit to the fixture by the editor, lets the layout follow it, and checks
    /// it against a fresh layout and the expected rendering; the paragraphs before the ones cut
    /// again keep their `Rc`s.
    fn check_edit(fixture: &str, (start, end, text): (usize, usize, &str), expected: &str) {
        let mut editor = Editor::new(parse_fixture(fixture), Schema::default());
        let mut layout = Layout::new(editor.document());
        let before = layout.clone();
        let edit = TextEdit::new(start, end, text);
        editor
            .apply(Command::EditText(edit.clone()))
            .expect("the edit applies");
        let recut = layout.apply_text_edit(editor.document(), &edit);
        assert_eq!(layout, Layout::new(editor.document()), "{fixture} {edit:?}");
        assert_eq!(render(&layout), expected, "{fixture} {edit:?}");
        for i in 0..recut.start {
            assert!(Rc::ptr_eq(&layout.paragraphs[i], &before.paragraphs[i]));
        }
    }

    #[test]
    fn a_text_edit_recuts_only_the_paragraphs_it_touches() {
        let fixture = "one [two|X#a1]\n\n[three\n\nfour|Y#a2] five\n\nsix";
        // Within a paragraph, inside a span, at its edge.
        check_edit(
            fixture,
            (5, 5, "w"),
            "¶one (twwo:<a1>)⏎⏎¶(three⏎⏎:<a2)¶(four:a2>) five⏎⏎¶six",
        );
        check_edit(
            fixture,
            (7, 7, "!"),
            "¶one (two:<a1>)!⏎⏎¶(three⏎⏎:<a2)¶(four:a2>) five⏎⏎¶six",
        );
        // A break typed in the middle splits a paragraph; one deleted joins two.
        check_edit(
            fixture,
            (2, 2, "\n"),
            "¶on⏎¶e (two:<a1>)⏎⏎¶(three⏎⏎:<a2)¶(four:a2>) five⏎⏎¶six",
        );
        check_edit(
            fixture,
            (7, 9, ""),
            "¶one (two:<a1>)(three⏎⏎:<a2)¶(four:a2>) five⏎⏎¶six",
        );
        check_edit(
            fixture,
            (16, 16, "\n"),
            "¶one (two:<a1>)⏎⏎¶(three⏎⏎⏎:<a2)¶(four:a2>) five⏎⏎¶six",
        );
        // A break typed right after a paragraph's breaks moves its end.
        check_edit(
            fixture,
            (9, 9, "\n"),
            "¶one (two:<a1>)⏎⏎⏎¶(three⏎⏎:<a2)¶(four:a2>) five⏎⏎¶six",
        );
        // A character typed before a paragraph's first character, and at the end of the text.
        check_edit(
            fixture,
            (9, 9, "x"),
            "¶one (two:<a1>)⏎⏎¶x(three⏎⏎:<a2)¶(four:a2>) five⏎⏎¶six",
        );
        check_edit(
            fixture,
            (30, 30, "\n"),
            "¶one (two:<a1>)⏎⏎¶(three⏎⏎:<a2)¶(four:a2>) five⏎⏎¶six⏎",
        );
        check_edit(
            fixture,
            (0, 0, "\n"),
            "¶⏎¶one (two:<a1>)⏎⏎¶(three⏎⏎:<a2)¶(four:a2>) five⏎⏎¶six",
        );
        // A span that crosses paragraphs narrows; one deleted whole goes.
        check_edit(
            fixture,
            (11, 18, ""),
            "¶one (two:<a1>)⏎⏎¶(thur:<a2>) five⏎⏎¶six",
        );
        check_edit(
            fixture,
            (4, 7, ""),
            "¶one ⏎⏎¶(three⏎⏎:<a2)¶(four:a2>) five⏎⏎¶six",
        );
        // Everything replaced, everything deleted; non-ASCII text.
        check_edit(fixture, (0, 30, "😀\né"), "¶😀⏎¶é");
        check_edit(fixture, (0, 30, ""), "¶");
        check_edit(
            "[🇶🇦|GPE#a1]\n\nZoë",
            (3, 3, "é😀\n"),
            "¶(🇶🇦:<a1>)⏎¶é😀⏎⏎¶Zoë",
        );
        check_edit("", (0, 0, "a\n\nb"), "¶a⏎⏎¶b");
    }

    #[test]
    fn overlays_are_cut_in_innermost_and_updated_where_they_change() {
        let document = parse_fixture("[Antony Blinken|PERSON#a1] met Sameh Shoukry");
        let suggestion = |id: &str, start, end| OverlaySpan {
            id: AnnotationId::new(id),
            label: Rc::from("PERSON"),
            range: CpRange::new(start, end),
            kind: OverlayKind::Suggestion,
        };
        let overlays = vec![suggestion("s1", 7, 14), suggestion("s2", 19, 32)];
        let layout = Layout::with_overlays(&document, &overlays);
        assert_eq!(
            render(&layout),
            "¶(Antony :<a1)(Blinken:a1>,<s1>) met (Sameh Shoukry:<s2>)"
        );
        let overlay_of = |layout: &Layout, id: &str| {
            layout.paragraphs[0]
                .segments
                .iter()
                .flat_map(|s| s.marks.iter())
                .find(|m| m.id.as_str() == id)
                .map(|m| m.overlay)
        };
        assert_eq!(
            overlay_of(&layout, "s2"),
            Some(Some(OverlayKind::Suggestion))
        );
        assert_eq!(overlay_of(&layout, "a1"), Some(None));
        let mut updated = layout.clone();
        updated.update_with_overlays(&document, &overlays[..1], &[CpRange::new(19, 32)]);
        assert_eq!(updated, Layout::with_overlays(&document, &overlays[..1]));
    }
}
