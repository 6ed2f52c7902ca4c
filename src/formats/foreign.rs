//! What the foreign-format importers share: the error type, a checked way to add spans to a
//! document, a capped list of diagnostics, and the detection of a file's offset unit.
//!
//! Every importer builds documents only through [`DocumentBuilder`], so the model's invariants
//! (range inside the text, not empty, id unique) are checked in one place whatever the format.

use std::collections::{HashMap, HashSet};

use thiserror::Error;

use crate::formats::spanwise::{self, FileClaimAttributes};
use crate::formats::{
    document_id, title_from_file_name, Diagnostic, ImportedDocument, ImportedKind,
    ImportedRelation, OffsetUnit, MAX_FILE_BYTES,
};
use crate::model::claim::ClaimAttributes;
use crate::model::document::{
    Annotation, AnnotationId, Document, SpanKind, CLAIM_LABEL, CUE_LABEL,
};
use crate::model::offsets::{CpRange, TextIndex, Utf16};

/// A whole file that cannot be imported. A bad line or record is a [`Diagnostic`] instead.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum FormatError {
    #[error("{name}: the file is empty")]
    Empty { name: String },
    #[error(
        "{name}: the file is {size} bytes; Spanwise imports files up to {MAX_FILE_BYTES} bytes"
    )]
    TooLarge { name: String, size: usize },
    #[error("{name}: not JSON: {message}")]
    NotJson { name: String, message: String },
    #[error("{name}: not a {format} file: {reason}")]
    NotThisFormat {
        name: String,
        format: &'static str,
        reason: String,
    },
    /// A file of annotations for a text it does not hold, none of which fits that text: opening
    /// it would bring nothing.
    #[error("{name}: {}", nothing_fits(*n_annotations, first_reasons))]
    NothingFits {
        name: String,
        n_annotations: usize,
        /// The first few diagnostics, in file order.
        first_reasons: Vec<String>,
    },
}

/// How many reasons [`FormatError::NothingFits`] gives.
pub const N_REASONS: usize = 3;

fn nothing_fits(n_annotations: usize, first_reasons: &[String]) -> String {
    if n_annotations == 0 {
        return "the file holds no annotations, so there is nothing to open".into();
    }
    let mut message = format!(
        "none of its {n_annotations} annotation(s) fits the open document's text, so nothing \
         was opened: {}",
        first_reasons.join("; ")
    );
    if n_annotations > first_reasons.len() {
        message.push_str(&format!(
            "; and {} more",
            n_annotations - first_reasons.len()
        ));
    }
    message
}

/// Refuses empty and oversized content before any parsing, so that every importer fails the
/// same way on them.
pub fn check_size(name: &str, content: &str) -> Result<(), FormatError> {
    if content.len() > MAX_FILE_BYTES {
        return Err(FormatError::TooLarge {
            name: name.to_string(),
            size: content.len(),
        });
    }
    if content.trim().is_empty() {
        return Err(FormatError::Empty {
            name: name.to_string(),
        });
    }
    Ok(())
}

/// More diagnostics than this are counted, not kept: a 50 MB file of garbage must not produce a
/// million messages that nobody reads.
pub const MAX_DIAGNOSTICS: usize = 200;

/// A message longer than this is cut: messages quote the file, and a file may hold a
/// 50 MB "token".
pub const MAX_MESSAGE_BYTES: usize = 400;

/// The start of a piece of file content, for quoting in a message without formatting all of
/// it (a 50 MB line would otherwise be escaped in full before being cut).
pub fn excerpt(content: &str) -> &str {
    match content.char_indices().nth(80) {
        Some((cut, _)) => &content[..cut],
        None => content,
    }
}

/// Diagnostics of one import, capped at [`MAX_DIAGNOSTICS`] with a closing count of the rest.
#[derive(Debug, Default)]
pub struct Diagnostics {
    kept: Vec<Diagnostic>,
    n_dropped: usize,
}

impl Diagnostics {
    pub fn push(&mut self, line: Option<usize>, message: impl Into<String>) {
        if self.kept.len() < MAX_DIAGNOSTICS {
            let mut message = message.into();
            if message.len() > MAX_MESSAGE_BYTES {
                let mut cut = MAX_MESSAGE_BYTES;
                while !message.is_char_boundary(cut) {
                    cut -= 1;
                }
                message.truncate(cut);
                message.push('…');
            }
            self.kept.push(Diagnostic { line, message });
        } else {
            self.n_dropped += 1;
        }
    }

    pub fn at(&mut self, line: usize, message: impl Into<String>) {
        self.push(Some(line), message);
    }

    pub fn len(&self) -> usize {
        self.kept.len() + self.n_dropped
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The diagnostics in file order (importers that read in several passes report out of
    /// order), then the count of those not kept.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        self.kept.sort_by_key(|d| d.line.unwrap_or(usize::MAX));
        if self.n_dropped > 0 {
            self.kept.push(Diagnostic {
                line: None,
                message: format!("and {} more problems not listed", self.n_dropped),
            });
        }
        self.kept
    }
}

/// The claim attributes a foreign file can carry, by their names in Spanwise JSON
/// (`attributes.<name>`): brat `A` lines, Label Studio per-region results and doccano's
/// `spanwise_claims` use these names.
pub const CLAIM_ATTRIBUTE_NAMES: [&str; 5] = [
    "speaker",
    "quote_type",
    "check_worthiness",
    "verdict",
    "note",
];

/// Builds one imported document, checking every span before it reaches the model.
///
/// Spans labelled [`CLAIM_LABEL`] or [`CUE_LABEL`] are what Spanwise's exports write claims and
/// cues as; [`DocumentBuilder::finish`] lists them as claims and cues, with the attributes the
/// file gave ([`DocumentBuilder::set_claim_attribute`]) and their notes as the claim's note.
#[derive(Debug)]
pub struct DocumentBuilder {
    document: Document,
    ids: HashSet<String>,
    labels: Vec<String>,
    relations: Vec<ImportedRelation>,
    notes: Vec<(AnnotationId, String)>,
    /// Claim attributes the file stated, over the defaults for each claim's text.
    claim_attributes: HashMap<String, FileClaimAttributes>,
}

impl DocumentBuilder {
    /// A document titled `title`, with an id derived from its text (the same article imported
    /// twice gets the same id).
    pub fn new(title: &str, text: &str) -> DocumentBuilder {
        DocumentBuilder {
            document: Document::new(&document_id(text), title, text),
            ids: HashSet::new(),
            labels: Vec::new(),
            relations: Vec::new(),
            notes: Vec::new(),
            claim_attributes: HashMap::new(),
        }
    }

    /// A document whose file names its id (a Spanwise export read back keeps its id).
    pub fn with_id(id: &str, title: &str, text: &str) -> DocumentBuilder {
        DocumentBuilder {
            document: Document::new(id, title, text),
            ..DocumentBuilder::new(title, "")
        }
    }

    /// A document titled after the file it came from.
    pub fn for_file(name: &str, text: &str) -> DocumentBuilder {
        DocumentBuilder::new(&title_from_file_name(name), text)
    }

    pub fn document(&self) -> &Document {
        &self.document
    }

    pub fn index(&self) -> &TextIndex {
        self.document.index()
    }

    pub fn has_id(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Records a label the file declares, even if no span uses it.
    pub fn declare_label(&mut self, label: &str) {
        if !self.labels.iter().any(|l| l == label) {
            self.labels.push(label.to_string());
        }
    }

    /// Adds an entity span given in code points, or says why it cannot be added.
    pub fn add_span(&mut self, id: &str, label: &str, range: CpRange) -> Result<(), String> {
        if id.is_empty() {
            return Err("the id is empty".into());
        }
        if self.ids.contains(id) {
            return Err(format!("the id {id:?} appears more than once"));
        }
        if label.trim().is_empty() {
            return Err("the label is empty".into());
        }
        if range.is_empty() {
            return Err(format!(
                "start {} is not before end {}",
                range.start, range.end
            ));
        }
        let len = self.document.len();
        if range.end > len {
            return Err(format!(
                "end {} is past the end of the text ({} code points)",
                range.end, len
            ));
        }
        self.declare_label(label);
        self.ids.insert(id.to_string());
        self.document.insert(Annotation::entity(id, label, range));
        Ok(())
    }

    pub fn add_relation(&mut self, relation: ImportedRelation) {
        self.relations.push(relation);
    }

    pub fn add_note(&mut self, id: &str, note: String) {
        self.notes.push((AnnotationId::new(id), note));
    }

    /// Whether `id` is a span that will be a claim (it carries [`CLAIM_LABEL`]).
    pub fn is_claim(&self, id: &str) -> bool {
        self.document
            .annotation(&AnnotationId::new(id))
            .is_some_and(|a| &*a.label == CLAIM_LABEL)
    }

    /// Sets one attribute of the claim `id`, by its name in [`CLAIM_ATTRIBUTE_NAMES`]: `Ok(true)`
    /// when it was set; `Ok(false)` when `id` is not a claim or the name is not a claim
    /// attribute (the caller keeps it some other way, as a note); an error naming the allowed
    /// values when the value is not one of them.
    pub fn set_claim_attribute(
        &mut self,
        id: &str,
        name: &str,
        value: &str,
    ) -> Result<bool, String> {
        let Some(range) = self
            .document
            .annotation(&AnnotationId::new(id))
            .filter(|a| &*a.label == CLAIM_LABEL)
            .map(|a| a.range)
        else {
            return Ok(false);
        };
        if !CLAIM_ATTRIBUTE_NAMES.contains(&name) {
            return Ok(false);
        }
        let document = &self.document;
        let current = self
            .claim_attributes
            .entry(id.to_string())
            .or_insert_with(|| {
                let defaults = ClaimAttributes::for_document_span(document, range);
                spanwise::claim_attributes_to_file(document, &AnnotationId::new(id), &defaults)
            });
        let mut changed = current.clone();
        let field = match name {
            "speaker" => &mut changed.speaker,
            "quote_type" => &mut changed.quote_type,
            "check_worthiness" => &mut changed.check_worthiness,
            "verdict" => &mut changed.verdict,
            _ => &mut changed.note,
        };
        *field = value.to_string();
        spanwise::claim_attributes(&changed)?;
        *current = changed;
        Ok(true)
    }

    /// The document with its labels, relations and notes, and the claims and cues among its
    /// spans. A claim's notes become its note (after any note the file set as an attribute),
    /// one per line.
    pub fn finish(mut self) -> ImportedDocument {
        let mut kinds = Vec::new();
        for annotation in self.document.annotations() {
            let id = &annotation.id;
            let kind = match &*annotation.label {
                CLAIM_LABEL => SpanKind::Claim,
                CUE_LABEL => SpanKind::Cue,
                _ => continue,
            };
            let mut attributes = self.claim_attributes.remove(id.as_str());
            if kind == SpanKind::Claim {
                let notes: Vec<&str> = self
                    .notes
                    .iter()
                    .filter(|(target, _)| target == id)
                    .map(|(_, note)| note.as_str())
                    .collect();
                if !notes.is_empty() {
                    let file = attributes.get_or_insert_with(|| {
                        let defaults =
                            ClaimAttributes::for_document_span(&self.document, annotation.range);
                        spanwise::claim_attributes_to_file(&self.document, id, &defaults)
                    });
                    let mut lines: Vec<&str> = Vec::new();
                    if !file.note.is_empty() {
                        lines.push(&file.note);
                    }
                    lines.extend(notes);
                    let note = lines.join("\n");
                    file.note = note;
                }
            }
            kinds.push(ImportedKind {
                id: id.clone(),
                kind,
                attributes,
            });
        }
        let claims: HashSet<&AnnotationId> = kinds
            .iter()
            .filter(|k| k.kind == SpanKind::Claim)
            .map(|k| &k.id)
            .collect();
        self.notes.retain(|(target, _)| !claims.contains(target));
        ImportedDocument {
            document: self.document,
            labels: self.labels,
            relations: self.relations,
            notes: self.notes,
            kinds,
        }
    }
}

/// Reads a JSON number as an offset: a whole number from 0 up. Anything else (negative,
/// fractional, a string) is refused with a reason.
pub fn json_offset(value: Option<&serde_json::Value>, field: &str) -> Result<u64, String> {
    match value {
        None | Some(serde_json::Value::Null) => Err(format!("{field} is missing")),
        Some(v) => v
            .as_u64()
            .ok_or_else(|| format!("{field} {v} is not a whole number from 0 up")),
    }
}

/// Converts a foreign range to code points. A UTF-16 range must not cut a surrogate pair, and
/// both ends must lie within the text; `None` when they do not.
pub fn to_code_points(
    index: &TextIndex,
    unit: OffsetUnit,
    start: u64,
    end: u64,
) -> Option<CpRange> {
    let start = usize::try_from(start).ok()?;
    let end = usize::try_from(end).ok()?;
    match unit {
        OffsetUnit::CodePoint => (end <= index.len().0).then(|| CpRange::new(start, end)),
        OffsetUnit::Utf16 => {
            if end > index.len_utf16().0 || start > end {
                return None;
            }
            let cp_start = index.from_utf16(Utf16(start));
            let cp_end = index.from_utf16(Utf16(end));
            // A position that rounds down changed: it pointed inside a surrogate pair.
            let whole = index.to_utf16(cp_start).0 == start && index.to_utf16(cp_end).0 == end;
            whole.then_some(CpRange {
                start: cp_start,
                end: cp_end,
            })
        }
        // No foreign format here counts bytes; refusing is safer than guessing.
        OffsetUnit::Byte => None,
    }
}

/// One span as a foreign file states it, for unit detection.
pub struct UnitProbe<'a> {
    pub start: u64,
    pub end: u64,
    /// The span text the file stores beside its offsets, when it does.
    pub quote: Option<&'a str>,
}

/// How badly a span lands when its offsets are read in `unit`: 0 is perfect. Out of range or a
/// cut surrogate pair is worst; then a stored quote that does not match; then an end that falls
/// inside a word, which people rarely mean.
fn misfit(document: &Document, unit: OffsetUnit, probe: &UnitProbe<'_>) -> u64 {
    let Some(range) = to_code_points(document.index(), unit, probe.start, probe.end) else {
        return 8;
    };
    if range.is_empty() {
        return 8;
    }
    let mut bad = 0;
    if let Some(quote) = probe.quote {
        if !same_text(document.slice(range), quote) {
            bad += 4;
        }
    }
    if !on_word_boundary(document, range.start.0) {
        bad += 1;
    }
    if !on_word_boundary(document, range.end.0) {
        bad += 1;
    }
    bad
}

/// True unless both characters around `position` belong to one word.
fn on_word_boundary(document: &Document, position: usize) -> bool {
    if position == 0 || position >= document.len().0 {
        return true;
    }
    let around = document.slice(CpRange::new(position - 1, position + 1));
    let mut chars = around.chars();
    let (Some(before), Some(after)) = (chars.next(), chars.next()) else {
        return true;
    };
    !(before.is_alphanumeric() && after.is_alphanumeric())
}

/// Compares span texts, treating any whitespace run as equal to any other (files store line
/// breaks inside spans as spaces).
pub fn same_text(actual: &str, stated: &str) -> bool {
    let mut a = actual
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c });
    let mut b = stated
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c });
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (x, y) if x == y => {}
            _ => return false,
        }
    }
}

/// Tally of how well each unit explains a file's spans, over the documents that can tell the
/// units apart (those with characters outside the Basic Multilingual Plane).
#[derive(Debug, Default)]
pub struct UnitVote {
    n_deciding_spans: usize,
    code_point_misfit: u64,
    utf16_misfit: u64,
}

impl UnitVote {
    /// Adds one document's spans. Documents without astral characters count the same in both
    /// units and are skipped.
    pub fn add<'a>(
        &mut self,
        document: &Document,
        probes: impl IntoIterator<Item = UnitProbe<'a>>,
    ) {
        if document.index().len_utf16().0 == document.len().0 {
            return;
        }
        for probe in probes {
            self.n_deciding_spans += 1;
            self.code_point_misfit += misfit(document, OffsetUnit::CodePoint, &probe);
            self.utf16_misfit += misfit(document, OffsetUnit::Utf16, &probe);
        }
    }

    /// The unit that fits better; code points when nothing tells them apart or they tie.
    pub fn decide(&self) -> OffsetUnit {
        if self.n_deciding_spans > 0 && self.utf16_misfit < self.code_point_misfit {
            OffsetUnit::Utf16
        } else {
            OffsetUnit::CodePoint
        }
    }
}

/// The line (1-based) of a byte offset in `content`.
pub fn line_of(content: &str, byte: usize) -> usize {
    let byte = byte.min(content.len());
    content.as_bytes()[..byte]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_refuses_bad_spans_with_a_reason() {
        let mut builder = DocumentBuilder::new("t", "Blinken in Cairo");
        let cases = [
            ("a1", "PERSON", (0, 7), Ok(())),
            (
                "a1",
                "PERSON",
                (0, 7),
                Err("the id \"a1\" appears more than once"),
            ),
            ("", "PERSON", (0, 7), Err("the id is empty")),
            ("a2", " ", (0, 7), Err("the label is empty")),
            ("a2", "GPE", (5, 5), Err("start 5 is not before end 5")),
            ("a2", "GPE", (9, 4), Err("start 9 is not before end 4")),
            (
                "a2",
                "GPE",
                (11, 17),
                Err("end 17 is past the end of the text (16 code points)"),
            ),
            ("a2", "GPE", (11, 16), Ok(())),
        ];
        for (id, label, (start, end), expected) in cases {
            assert_eq!(
                builder.add_span(id, label, CpRange::new(start, end)),
                expected.map_err(String::from),
                "{id} {start}..{end}"
            );
        }
        let imported = builder.finish();
        assert_eq!(imported.labels, ["PERSON", "GPE"]);
        assert_eq!(imported.document.annotations().len(), 2);
    }

    #[test]
    fn utf16_ranges_must_not_cut_surrogate_pairs() {
        let index = TextIndex::new("a😀b");
        let check = |unit, start, end, expected: Option<(usize, usize)>| {
            assert_eq!(
                to_code_points(&index, unit, start, end),
                expected.map(|(s, e)| CpRange::new(s, e)),
                "{unit:?} {start}..{end}"
            );
        };
        check(OffsetUnit::Utf16, 1, 3, Some((1, 2)));
        check(OffsetUnit::Utf16, 3, 4, Some((2, 3)));
        check(OffsetUnit::Utf16, 2, 4, None);
        check(OffsetUnit::Utf16, 0, 5, None);
        check(OffsetUnit::CodePoint, 0, 3, Some((0, 3)));
        check(OffsetUnit::CodePoint, 0, 4, None);
        check(OffsetUnit::CodePoint, u64::MAX, u64::MAX, None);
        check(OffsetUnit::Byte, 0, 1, None);
    }

    #[test]
    fn the_unit_vote_prefers_whichever_unit_lands_on_words() {
        let document = Document::new("d", "t", "😀 Doha and 🇶🇦 Qatar");
        // "Qatar" is code points 14..19 and UTF-16 units 17..22.
        let vote_for = |start, end, quote| {
            let mut vote = UnitVote::default();
            vote.add(&document, [UnitProbe { start, end, quote }]);
            vote.decide()
        };
        assert_eq!(vote_for(14, 19, None), OffsetUnit::CodePoint);
        assert_eq!(vote_for(17, 22, None), OffsetUnit::Utf16);
        assert_eq!(vote_for(14, 19, Some("Qatar")), OffsetUnit::CodePoint);
        assert_eq!(vote_for(17, 22, Some("Qatar")), OffsetUnit::Utf16);
        // Without astral characters nothing is decided: code points.
        let plain = Document::new("d", "t", "Doha and Qatar");
        let mut vote = UnitVote::default();
        vote.add(
            &plain,
            [UnitProbe {
                start: 9,
                end: 14,
                quote: None,
            }],
        );
        assert_eq!(vote.decide(), OffsetUnit::CodePoint);
    }

    #[test]
    fn diagnostics_are_capped_and_counted() {
        let mut diagnostics = Diagnostics::default();
        for line in 0..MAX_DIAGNOSTICS + 5 {
            diagnostics.at(line + 1, "bad");
        }
        assert_eq!(diagnostics.len(), MAX_DIAGNOSTICS + 5);
        let mut long = Diagnostics::default();
        long.at(1, "é".repeat(MAX_MESSAGE_BYTES));
        let message = &long.finish()[0].message;
        assert_eq!(message.chars().count(), MAX_MESSAGE_BYTES / 2 + 1);
        assert!(message.ends_with("é…"));
        let list = diagnostics.finish();
        assert_eq!(list.len(), MAX_DIAGNOSTICS + 1);
        assert_eq!(
            list.last(),
            Some(&Diagnostic {
                line: None,
                message: "and 5 more problems not listed".into()
            })
        );
    }

    #[test]
    fn offsets_and_lines() {
        let v: serde_json::Value =
            serde_json::from_str(r#"{"a": 3, "b": -1, "c": 1.5, "d": "4"}"#).unwrap();
        assert_eq!(json_offset(v.get("a"), "start"), Ok(3));
        assert_eq!(
            json_offset(v.get("b"), "start"),
            Err("start -1 is not a whole number from 0 up".into())
        );
        assert_eq!(
            json_offset(v.get("c"), "end"),
            Err("end 1.5 is not a whole number from 0 up".into())
        );
        assert_eq!(
            json_offset(v.get("d"), "end"),
            Err("end \"4\" is not a whole number from 0 up".into())
        );
        assert_eq!(json_offset(v.get("x"), "end"), Err("end is missing".into()));
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
        assert!(same_text("Doha\nQatar", "Doha Qatar"));
        assert!(!same_text("Doha", "Doh"));
    }
}
