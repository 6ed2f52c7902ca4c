//! A document (id, title, text) with its annotations, the relations between them, and the
//! entities that group mentions of the same real-world thing.
//!
//! Annotations point into the text by code-point ranges. The text changes only through a
//! [`crate::model::text_edit::TextEdit`], which every annotation follows; the document keeps the
//! text as first loaded and the edits made since, so that offsets map back to the source. Annotations may overlap and nest freely (a claim contains entities). They are kept
//! sorted by position so that rendering and export walk them in text order; relations and
//! entities are kept sorted by id so that undo restores exactly the same order.

use std::rc::Rc;

use crate::model::claim::ClaimAttributes;
use crate::model::offsets::{CodePoint, CpRange, TextIndex};

/// The label every claim carries (claims are told apart by their attributes, not labels).
pub const CLAIM_LABEL: &str = "CLAIM";
/// The label every cue span ("said", "according to") carries.
pub const CUE_LABEL: &str = "CUE";

/// The relation types the model itself uses; the schema may add more.
pub const SPEAKER: &str = "speaker";
pub const CUE: &str = "cue";
pub const ALIAS: &str = "alias";

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

/// Whether an entity label names something that can say a claim: a person or an
/// organisation. The claim panel offers such mentions as speakers.
pub fn can_speak(label: &str) -> bool {
    matches!(label, "PERSON" | "PER" | "ORG")
}

/// Whether an entity label names a person (whose mentions are then matched by surname). A
/// narrower question than [`can_speak`]: an organisation speaks but has no surname.
pub fn is_person_label(label: &str) -> bool {
    matches!(label, "PERSON" | "PER")
}

/// A document's identifier, unique within the workspace (a hash of its text for a new one, or
/// the id its file gave it). Derefs to `str`, so it reads like the text it wraps.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocumentId(Rc<str>);

impl DocumentId {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The shared text, for the places that keep an `Rc<str>`.
    pub fn shared(&self) -> Rc<str> {
        Rc::clone(&self.0)
    }
}

impl From<&str> for DocumentId {
    fn from(id: &str) -> DocumentId {
        DocumentId(Rc::from(id))
    }
}

impl From<Rc<str>> for DocumentId {
    fn from(id: Rc<str>) -> DocumentId {
        DocumentId(id)
    }
}

impl std::ops::Deref for DocumentId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for DocumentId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DocumentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What an annotation is: an entity mention (labelled from the schema), a claim (with
/// [`ClaimAttributes`]), or the cue that introduces a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SpanKind {
    Entity,
    Claim,
    Cue,
}

impl SpanKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SpanKind::Entity => "entity",
            SpanKind::Claim => "claim",
            SpanKind::Cue => "cue",
        }
    }

    pub fn parse(kind: &str) -> Option<SpanKind> {
        match kind {
            "entity" => Some(SpanKind::Entity),
            "claim" => Some(SpanKind::Claim),
            "cue" => Some(SpanKind::Cue),
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
    /// Present exactly when `kind` is [`SpanKind::Claim`].
    pub claim: Option<Box<ClaimAttributes>>,
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
            claim: None,
        }
    }

    pub fn claim(id: &str, range: CpRange, attributes: ClaimAttributes) -> Annotation {
        Annotation {
            id: AnnotationId::new(id),
            kind: SpanKind::Claim,
            label: Rc::from(CLAIM_LABEL),
            range,
            claim: Some(Box::new(attributes)),
        }
    }

    pub fn cue(id: &str, range: CpRange) -> Annotation {
        Annotation {
            id: AnnotationId::new(id),
            kind: SpanKind::Cue,
            label: Rc::from(CUE_LABEL),
            range,
            claim: None,
        }
    }
}

/// A relation's identifier, unique within its document.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelationId(pub Rc<str>);

/// A typed, directed link between two annotations: a claim's `speaker` or `cue`, or an `alias`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    pub id: RelationId,
    pub kind: Rc<str>,
    pub from: AnnotationId,
    pub to: AnnotationId,
}

/// An entity's identifier, unique within its document.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityId(pub Rc<str>);

/// One real-world entity and the mentions that name it ("Antony Blinken", "Blinken",
/// "Secretary Blinken").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    pub id: EntityId,
    pub name: Rc<str>,
    /// A Wikidata item id such as `Q311440`, checked by [`is_wikidata_id`].
    pub wikidata: Option<Rc<str>>,
    /// Mention ids in text order.
    pub mentions: Vec<AnnotationId>,
}

/// True for a Wikidata item id: `Q` and a positive number without leading zeros.
pub fn is_wikidata_id(id: &str) -> bool {
    id.strip_prefix('Q').is_some_and(|n| {
        !n.is_empty()
            && !n.starts_with('0')
            && n.len() <= 12
            && n.chars().all(|c| c.is_ascii_digit())
    })
}

/// Orders ids like `r2` before `r10`: shorter first, then by text.
fn id_order(id: &str) -> (usize, &str) {
    (id.len(), id)
}

/// A fresh id `<prefix><n>`, one past the highest number already used with that prefix.
/// A new id: `prefix` and a number above every such id's, and in an id space (a team room's
/// client: [`Document::with_id_space`]) `-space` after it, so that two clients adding at once
/// never make the same id.
fn fresh<'a>(
    prefix: char,
    space: Option<&str>,
    existing: impl Iterator<Item = &'a str>,
) -> Rc<str> {
    let highest = existing
        .filter_map(|id| {
            let id = match space {
                Some(space) => id.strip_suffix(space)?.strip_suffix('-')?,
                None => id,
            };
            id.strip_prefix(prefix)?.parse::<u64>().ok()
        })
        .max()
        .unwrap_or(0);
    match space {
        Some(space) => Rc::from(format!("{prefix}{}-{space}", highest + 1)),
        None => Rc::from(format!("{prefix}{}", highest + 1)),
    }
}

/// Where keyboard navigation through the annotations starts from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    Annotation(AnnotationId),
    Caret(CodePoint),
    Nowhere,
}

/// A text with its annotations. The text and its offset index are shared (`Rc`), so copying a
/// document for undo or rendering never copies the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub id: DocumentId,
    pub title: Rc<str>,
    pub(super) text: Rc<str>,
    pub(super) index: Rc<TextIndex>,
    /// The text as first loaded, before any edit (the same `Rc` as `text` while there is none).
    pub(super) source_text: Rc<str>,
    /// The edits from `source_text` to `text`, in order, each in code points of the text just
    /// before it.
    pub(super) edits: Vec<crate::model::text_edit::TextEdit>,
    /// Sorted by [`Document::order_key`]: start ascending, longer first, then id.
    pub(super) annotations: Vec<Annotation>,
    /// Sorted by id ([`id_order`]).
    pub(super) relations: Vec<Relation>,
    /// Sorted by id ([`id_order`]).
    pub(super) entities: Vec<Entity>,
    /// Ids of suggestions the person rejected, sorted: they stay rejected for this document
    /// (and follow text edits: [`crate::model::rejections`]).
    pub(super) rejected: Vec<Rc<str>>,
    /// Who annotated the layer shown (`None`: not said, the person's own work).
    pub(super) annotator: Option<Rc<str>>,
    /// Every annotator's version in the order stacked, when there are two or more; empty for a
    /// document with one layer. See [`crate::model::versions`].
    pub(super) versions: Vec<crate::model::versions::Version>,
    /// Disagreements between annotators settled by taking nothing into gold, by signature
    /// ([`crate::model::adjudication`]): gold alone cannot tell them from those still waiting.
    pub(super) left_out_of_gold: Vec<Rc<str>>,
    /// What new ids end with, in a team room (see [`fresh`]); not part of any file.
    pub(super) id_space: Option<Rc<str>>,
}

impl Document {
    pub fn new(id: &str, title: &str, text: &str) -> Document {
        let text: Rc<str> = Rc::from(text);
        let index = Rc::new(TextIndex::new(&text));
        Document::of_text(DocumentId::from(id), Rc::from(title), text, index)
    }

    /// A document of the same text (shared, with its offset index) and nothing on it.
    pub fn bare(&self) -> Document {
        Document::of_text(
            self.id.clone(),
            Rc::clone(&self.title),
            Rc::clone(&self.text),
            Rc::clone(&self.index),
        )
    }

    fn of_text(id: DocumentId, title: Rc<str>, text: Rc<str>, index: Rc<TextIndex>) -> Document {
        Document {
            id,
            title,
            index,
            source_text: Rc::clone(&text),
            edits: Vec::new(),
            text,
            annotations: Vec::new(),
            relations: Vec::new(),
            entities: Vec::new(),
            rejected: Vec::new(),
            annotator: None,
            versions: Vec::new(),
            left_out_of_gold: Vec::new(),
            id_space: None,
        }
    }

    /// The same document making its new ids in `space` (a team room's client), or not.
    pub fn with_id_space(mut self, space: Option<&str>) -> Document {
        self.id_space = space.map(Rc::from);
        self
    }

    /// The same document under another id.
    pub fn with_id(mut self, id: &str) -> Document {
        self.id = DocumentId::from(id);
        self
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Shares `text` instead of its own copy of the same characters (a document read back from
    /// storage takes the text the workspace kept, so everything comparing texts by identity
    /// sees the same document). False, and nothing changes, when the characters differ.
    pub fn share_text(&mut self, text: &Rc<str>) -> bool {
        if *self.text != **text {
            return false;
        }
        if self.edits.is_empty() {
            self.source_text = Rc::clone(text);
        }
        self.text = Rc::clone(text);
        true
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

    /// The labels the annotations use, each once, in the order they are first used.
    pub fn labels_used(&self) -> Vec<Rc<str>> {
        let mut labels: Vec<Rc<str>> = Vec::new();
        for annotation in self.annotations() {
            if !labels.contains(&annotation.label) {
                labels.push(Rc::clone(&annotation.label));
            }
        }
        labels
    }

    pub fn annotations(&self) -> &[Annotation] {
        &self.annotations
    }

    pub fn annotation(&self, id: &AnnotationId) -> Option<&Annotation> {
        self.annotations.iter().find(|a| &a.id == id)
    }

    pub(super) fn order_key(
        a: &Annotation,
    ) -> (CodePoint, std::cmp::Reverse<CodePoint>, &AnnotationId) {
        (a.range.start, std::cmp::Reverse(a.range.end), &a.id)
    }

    /// The annotation after (or before) a place in text order, for moving through them with the
    /// keyboard: from a selected annotation to its neighbour, from a caret to the first that
    /// starts at or after it (or the last that starts before it), from nowhere to the first (or
    /// the last).
    pub fn neighbour(&self, from: &Place, forward: bool) -> Option<&Annotation> {
        let (before, after) = self.neighbours(from);
        if forward {
            after
        } else {
            before
        }
    }

    /// Both neighbours of a place, (before, after), finding the place once.
    pub fn neighbours(&self, from: &Place) -> (Option<&Annotation>, Option<&Annotation>) {
        let annotations = &self.annotations;
        // Indices of the first annotation after the place and one past the last before it.
        let (before_end, after_start) = match from {
            Place::Annotation(id) => match annotations.iter().position(|a| &a.id == id) {
                Some(i) => (i, i + 1),
                None => return (None, None),
            },
            Place::Caret(caret) => {
                let at = annotations.partition_point(|a| a.range.start < *caret);
                (at, at)
            }
            Place::Nowhere => (annotations.len(), 0),
        };
        let before = before_end.checked_sub(1).map(|i| &annotations[i]);
        (before, annotations.get(after_start))
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

    /// Inserts many annotations at once (sorted once, not shifted into place one by one).
    pub fn insert_all(&mut self, annotations: Vec<Annotation>) {
        self.annotations.extend(annotations);
        self.annotations
            .sort_by(|x, y| Self::order_key(x).cmp(&Self::order_key(y)));
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
        AnnotationId(fresh(
            'a',
            self.id_space.as_deref(),
            self.annotations.iter().map(|a| a.id.as_str()),
        ))
    }

    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    pub fn relation(&self, id: &RelationId) -> Option<&Relation> {
        self.relations.iter().find(|r| &r.id == id)
    }

    /// Relations from or to an annotation.
    pub fn relations_of<'d>(
        &'d self,
        id: &'d AnnotationId,
    ) -> impl Iterator<Item = &'d Relation> + 'd {
        self.relations
            .iter()
            .filter(move |r| &r.from == id || &r.to == id)
    }

    /// The relation of a type that starts at an annotation (a claim's speaker or cue).
    pub fn relation_from(&self, from: &AnnotationId, kind: &str) -> Option<&Relation> {
        self.relations
            .iter()
            .find(|r| &r.from == from && &*r.kind == kind)
    }

    pub fn fresh_relation_id(&self) -> RelationId {
        RelationId(fresh(
            'r',
            self.id_space.as_deref(),
            self.relations.iter().map(|r| &*r.id.0),
        ))
    }

    /// Inserts a relation in id order. The caller has checked that both ends exist.
    pub fn insert_relation(&mut self, relation: Relation) {
        let at = self
            .relations
            .partition_point(|r| id_order(&r.id.0) < id_order(&relation.id.0));
        self.relations.insert(at, relation);
    }

    pub fn remove_relation(&mut self, id: &RelationId) -> Option<Relation> {
        let at = self.relations.iter().position(|r| &r.id == id)?;
        Some(self.relations.remove(at))
    }

    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity mentions that can be a claim's speaker ([`can_speak`]), in text order.
    pub fn speaker_candidates(&self) -> impl Iterator<Item = &Annotation> {
        self.annotations
            .iter()
            .filter(|a| a.kind == SpanKind::Entity && can_speak(&a.label))
    }

    pub fn entity(&self, id: &EntityId) -> Option<&Entity> {
        self.entities.iter().find(|e| &e.id == id)
    }

    /// The entity a mention belongs to, if any.
    pub fn entity_of(&self, mention: &AnnotationId) -> Option<&Entity> {
        self.entities.iter().find(|e| e.mentions.contains(mention))
    }

    pub fn fresh_entity_id(&self) -> EntityId {
        EntityId(fresh(
            'e',
            self.id_space.as_deref(),
            self.entities.iter().map(|e| &*e.id.0),
        ))
    }

    /// Inserts or replaces an entity (by id); returns the one it replaced.
    pub fn put_entity(&mut self, entity: Entity) -> Option<Entity> {
        if let Some(existing) = self.entities.iter_mut().find(|e| e.id == entity.id) {
            return Some(std::mem::replace(existing, entity));
        }
        let at = self
            .entities
            .partition_point(|e| id_order(&e.id.0) < id_order(&entity.id.0));
        self.entities.insert(at, entity);
        None
    }

    pub fn rejected(&self) -> &[Rc<str>] {
        &self.rejected
    }

    /// Disagreements settled by taking nothing into gold, by signature.
    pub fn left_out_of_gold(&self) -> &[Rc<str>] {
        &self.left_out_of_gold
    }

    pub fn with_left_out_of_gold(mut self, signatures: Vec<Rc<str>>) -> Document {
        self.left_out_of_gold = signatures;
        self
    }

    pub fn is_rejected(&self, suggestion: &str) -> bool {
        self.rejected
            .binary_search_by(|r| (**r).cmp(suggestion))
            .is_ok()
    }

    /// Marks a suggestion rejected or not; returns whether that changed anything.
    pub fn set_rejected(&mut self, suggestion: &str, rejected: bool) -> bool {
        match (
            self.rejected.binary_search_by(|r| (**r).cmp(suggestion)),
            rejected,
        ) {
            (Err(at), true) => {
                self.rejected.insert(at, Rc::from(suggestion));
                true
            }
            (Ok(at), false) => {
                self.rejected.remove(at);
                true
            }
            _ => false,
        }
    }

    pub fn remove_entity(&mut self, id: &EntityId) -> Option<Entity> {
        let at = self.entities.iter().position(|e| &e.id == id)?;
        Some(self.entities.remove(at))
    }

    /// Exchanges the layer shown (annotations, relations, entities) with `layer`.
    pub(super) fn swap_layer(&mut self, layer: &mut crate::model::versions::Layer) {
        std::mem::swap(&mut self.annotations, &mut layer.annotations);
        std::mem::swap(&mut self.relations, &mut layer.relations);
        std::mem::swap(&mut self.entities, &mut layer.entities);
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
    fn people_and_organisations_can_speak_but_only_people_have_surnames() {
        let doc = crate::model::fixture::parse_fixture(
            "[Blinken|PERSON] of [State|ORG] and [Kamel|PER] in [Cairo|GPE] [said|CUE]",
        );
        let speakers: Vec<&str> = doc
            .speaker_candidates()
            .map(|a| doc.slice(a.range))
            .collect();
        assert_eq!(speakers, ["Blinken", "State", "Kamel"]);
        let people: Vec<&str> = ["PERSON", "PER", "ORG", "GPE"]
            .into_iter()
            .filter(|l| is_person_label(l))
            .collect();
        assert_eq!(people, ["PERSON", "PER"]);
    }

    #[test]
    fn neighbours_in_text_order() {
        let doc = crate::model::fixture::parse_fixture(
            "[[Abbas Kamel|PERSON#a2] said|CLAIM#a1] it; [Cairo|GPE#a3] [agreed|CUE#a4]",
        );
        let step =
            |from: Place, forward: bool| doc.neighbour(&from, forward).map(|a| a.id.as_str());
        let id = |s: &str| Place::Annotation(AnnotationId::new(s));
        let cases = [
            (Place::Nowhere, true, Some("a1")),
            (Place::Nowhere, false, Some("a4")),
            (id("a1"), true, Some("a2")),
            (id("a2"), true, Some("a3")),
            (id("a4"), true, None),
            (id("a1"), false, None),
            (id("a3"), false, Some("a2")),
            (id("gone"), true, None),
            (Place::Caret(CodePoint(0)), true, Some("a1")),
            (Place::Caret(CodePoint(1)), true, Some("a3")),
            (Place::Caret(CodePoint(1)), false, Some("a2")),
            (Place::Caret(CodePoint(0)), false, None),
            (Place::Caret(CodePoint(99)), true, None),
        ];
        for (from, forward, expected) in cases {
            assert_eq!(step(from.clone(), forward), expected, "{from:?} {forward}");
        }
    }

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
            doc.insert(Annotation::entity(id, "PERSON", CpRange::new(start, end)))
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

    #[test]
    fn relations_and_entities_stay_in_id_order() {
        let mut doc = Document::new("d", "t", "Blinken said");
        for id in ["r10", "r2", "r1"] {
            doc.insert_relation(Relation {
                id: RelationId(Rc::from(id)),
                kind: Rc::from(SPEAKER),
                from: AnnotationId::new("a1"),
                to: AnnotationId::new("a2"),
            });
        }
        let ids: Vec<&str> = doc.relations().iter().map(|r| &*r.id.0).collect();
        assert_eq!(ids, ["r1", "r2", "r10"]);
        assert_eq!(&*doc.fresh_relation_id().0, "r11");
        let entity = |id: &str, name: &str| Entity {
            id: EntityId(Rc::from(id)),
            name: Rc::from(name),
            wikidata: None,
            mentions: vec![AnnotationId::new("a1")],
        };
        assert_eq!(doc.put_entity(entity("e2", "Blinken")), None);
        assert_eq!(doc.put_entity(entity("e1", "Shoukry")), None);
        assert_eq!(
            doc.put_entity(entity("e2", "Antony Blinken"))
                .map(|e| e.name),
            Some(Rc::from("Blinken"))
        );
        let names: Vec<&str> = doc.entities().iter().map(|e| &*e.name).collect();
        assert_eq!(names, ["Shoukry", "Antony Blinken"]);
        assert_eq!(
            doc.entity_of(&AnnotationId::new("a1")).map(|e| &*e.id.0),
            Some("e1")
        );
        assert_eq!(&*doc.fresh_entity_id().0, "e3");
    }

    #[test]
    fn wikidata_ids_are_checked_in_form() {
        for good in ["Q1", "Q311440", "Q42"] {
            assert!(is_wikidata_id(good), "{good}");
        }
        for bad in [
            "",
            "Q",
            "Q0",
            "Q012",
            "q42",
            "P31",
            "Q42a",
            "Q 42",
            "Q1234567890123",
        ] {
            assert!(!is_wikidata_id(bad), "{bad}");
        }
    }
}
