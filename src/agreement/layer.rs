//! One annotator's version of a document boiled down to what agreement compares: spans as
//! (start, end, label) in code points, and claims with their attributes and speaker. Built once
//! per version in one pass plus a sort, so that every pair compared afterwards is a sweep over
//! sorted vectors.

use std::collections::HashMap;
use std::rc::Rc;

use crate::model::claim::{Attribution, ClaimAttributes};
use crate::model::document::{AnnotationId, Document, SpanKind, SPEAKER};

/// A label's index in the job's [`LabelTable`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct LabelId(pub u32);

/// The labels met so far, each with its index, so spans compare labels as integers.
#[derive(Clone, Debug, Default)]
pub(crate) struct LabelTable {
    names: Vec<Rc<str>>,
    ids: HashMap<Rc<str>, LabelId>,
}

impl LabelTable {
    pub fn intern(&mut self, name: &Rc<str>) -> LabelId {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        let id = LabelId(self.names.len() as u32);
        self.names.push(Rc::clone(name));
        self.ids.insert(Rc::clone(name), id);
        id
    }

    pub fn name(&self, id: LabelId) -> &Rc<str> {
        &self.names[id.0 as usize]
    }
}

/// A span in code points, end exclusive. Entity spans carry their label, claims `CLAIM` and cues
/// `CUE` (the model gives them those labels).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
    pub label: LabelId,
}

/// Who said a claim, in terms two annotators can compare: the code-point ranges of the speaker
/// mention's entity (every mention of the entity the speaker mention belongs to, or the mention
/// alone when it is in no entity), sorted; or, without a speaker, the claim's attribution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Speaker {
    Mentions(Vec<(usize, usize)>),
    Nobody(Attribution),
}

impl Speaker {
    /// Two annotators name the same speaker when they picked the same mention (same range) or
    /// mentions of one entity — entities being the same across annotators when they share a
    /// mention range — or when neither picked one and both give the same attribution.
    pub fn agrees_with(&self, other: &Speaker) -> bool {
        match (self, other) {
            (Speaker::Mentions(mine), Speaker::Mentions(theirs)) => share_one(mine, theirs),
            (Speaker::Nobody(mine), Speaker::Nobody(theirs)) => mine == theirs,
            _ => false,
        }
    }
}

/// Whether two sorted lists have an element in common.
fn share_one(mine: &[(usize, usize)], theirs: &[(usize, usize)]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < mine.len() && j < theirs.len() {
        match mine[i].cmp(&theirs[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// A claim: its range and what κ and speaker agreement compare. Attributes are kept as indices
/// into their enum's `ALL`, the categories of the confusion matrices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ClaimUnit {
    pub start: usize,
    pub end: usize,
    pub verdict: usize,
    pub check_worthiness: usize,
    pub quote_type: usize,
    pub speaker: Speaker,
}

/// One annotator's version of one document, ready to compare.
#[derive(Clone, Debug, Default)]
pub(crate) struct Layer {
    /// Sorted by (start, end, label); duplicates kept (a multiset).
    pub spans: Vec<Span>,
    /// The same spans sorted by (label, start, end), for the overlap matching.
    pub by_label: Vec<Span>,
    /// Sorted by (start, end), in document order among claims of the same range.
    pub claims: Vec<ClaimUnit>,
}

fn index_of<T: PartialEq>(all: &[T], value: &T) -> usize {
    all.iter()
        .position(|v| v == value)
        .expect("ALL lists every value of the enum")
}

impl Layer {
    /// Reads a document: O(n log n) in its annotations, relations and mentions.
    pub fn of(document: &Document, labels: &mut LabelTable) -> Layer {
        let mut spans: Vec<Span> = document
            .annotations()
            .iter()
            .map(|a| Span {
                start: a.range.start.0,
                end: a.range.end.0,
                label: labels.intern(&a.label),
            })
            .collect();
        spans.sort_unstable();
        let mut by_label = spans.clone();
        by_label.sort_unstable_by_key(|s| (s.label, s.start, s.end));

        let ranges: HashMap<&AnnotationId, (usize, usize)> = document
            .annotations()
            .iter()
            .map(|a| (&a.id, (a.range.start.0, a.range.end.0)))
            .collect();
        let mut entity_ranges: HashMap<&AnnotationId, Rc<Vec<(usize, usize)>>> = HashMap::new();
        for entity in document.entities() {
            let mut mention_ranges: Vec<(usize, usize)> = entity
                .mentions
                .iter()
                .filter_map(|m| ranges.get(m).copied())
                .collect();
            mention_ranges.sort_unstable();
            mention_ranges.dedup();
            let shared = Rc::new(mention_ranges);
            for mention in &entity.mentions {
                entity_ranges.insert(mention, Rc::clone(&shared));
            }
        }
        let speakers: HashMap<&AnnotationId, &AnnotationId> = document
            .relations()
            .iter()
            .filter(|r| &*r.kind == SPEAKER)
            .map(|r| (&r.from, &r.to))
            .collect();

        let defaults = ClaimAttributes::default();
        let mut claims: Vec<ClaimUnit> = document
            .annotations()
            .iter()
            .filter(|a| a.kind == SpanKind::Claim)
            .map(|claim| {
                let attributes = claim.claim.as_deref().unwrap_or(&defaults);
                let speaker = match speakers.get(&claim.id) {
                    Some(mention) => match (entity_ranges.get(mention), ranges.get(mention)) {
                        (Some(entity), _) if !entity.is_empty() => {
                            Speaker::Mentions(entity.to_vec())
                        }
                        (_, Some(range)) => Speaker::Mentions(vec![*range]),
                        // A relation to a missing mention names nobody.
                        (_, None) => Speaker::Nobody(attributes.attribution),
                    },
                    None => Speaker::Nobody(attributes.attribution),
                };
                ClaimUnit {
                    start: claim.range.start.0,
                    end: claim.range.end.0,
                    verdict: index_of(crate::model::claim::Verdict::ALL, &attributes.verdict),
                    check_worthiness: index_of(
                        crate::model::claim::CheckWorthiness::ALL,
                        &attributes.check_worthiness,
                    ),
                    quote_type: index_of(
                        crate::model::claim::QuoteType::ALL,
                        &attributes.quote_type,
                    ),
                    speaker,
                }
            })
            .collect();
        // Stable: claims of one range keep document order.
        claims.sort_by_key(|c| (c.start, c.end));
        Layer {
            spans,
            by_label,
            claims,
        }
    }
}
