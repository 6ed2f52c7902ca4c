//! Commands: every change to the editor's state is a [`Command`] applied by [`Editor::apply`].
//!
//! Applying a command yields its inverse, which goes on the undo stack; undo applies the inverse
//! and pushes *its* inverse on the redo stack. There is no second code path for undo, so a
//! command that applies correctly also undoes correctly. Compound edits (set a claim's speaker,
//! group mentions, remove an annotation with its relations) are a [`Command::Batch`], applied
//! all or nothing and undone in one step. Each application reports a [`Change`] that tells the
//! view what it has to redraw.

use std::collections::VecDeque;
use std::rc::Rc;

use thiserror::Error;

use crate::model::claim::{Attribution, ClaimAttributes};
use crate::model::document::{
    is_wikidata_id, Annotation, AnnotationId, Document, Entity, EntityId, Relation, RelationId,
    SpanKind, CLAIM_LABEL, CUE, CUE_LABEL, SPEAKER,
};
use crate::model::keymap::label_key_error;
use crate::model::offsets::CpRange;
use crate::model::schema::{check_label_name, parse_color, Label, Schema, SchemaError};
use crate::model::text_edit::{TextEdit, TextRevert};
use crate::model::text_edits::TextsRevert;

/// How many steps undo remembers. Older steps are forgotten first.
pub const UNDO_LIMIT: usize = 10_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Adds an annotation with the id it carries (see [`Editor::tag`] for a fresh one).
    Add(Annotation),
    /// Removes an annotation, and with it the relations that touch it and its place in an entity
    /// (an entity left without mentions goes too); undo restores all of them.
    Remove(AnnotationId),
    /// Changes an entity mention's label.
    Relabel {
        id: AnnotationId,
        label: Rc<str>,
    },
    /// Replaces a claim's attributes.
    SetClaim {
        id: AnnotationId,
        attributes: Box<ClaimAttributes>,
    },
    AddRelation(Relation),
    RemoveRelation(RelationId),
    /// Creates or replaces an entity (by id).
    PutEntity(Entity),
    RemoveEntity(EntityId),
    /// Several commands applied in order, all or nothing.
    Batch(Vec<Command>),
    /// Replaces the label schema; every entity's label must stay in it.
    SetSchema(Box<Schema>),
    /// Rejects a suggestion (by its id) for this document, or takes the rejection back.
    SetRejected {
        suggestion: Rc<str>,
        rejected: bool,
    },
    /// Replaces the document and schema at once: opening a file or starting a new document.
    Replace {
        document: Box<Document>,
        schema: Box<Schema>,
    },
    /// Puts the document's annotator versions as a transform of [`crate::model::versions`]
    /// left them (stacked, shown, renamed): the same document, with the same text, and every
    /// label of the layer shown in the schema. Built by [`Editor::versions_command`].
    Versions(Box<Document>),
    /// Replaces a range of the text; every annotation follows by the rules of
    /// [`crate::model::text_edit`], and the edit joins the document's provenance.
    EditText(TextEdit),
    /// Takes back the document's last text edit exactly: the inverse [`Command::EditText`]
    /// records, never built by hand.
    RevertText(Box<TextRevert>),
    /// Several text edits as one step, from the last place in the text to the first, each in
    /// the text just before it ([`crate::model::text_edits`]): what they give one by one, in one
    /// pass. Replace all and Fix all glued words are made of it.
    EditTexts(Vec<TextEdit>),
    /// Takes back the document's last [`Command::EditTexts`] exactly; never built by hand.
    RevertTexts(Box<TextsRevert>),
    /// Puts spans of the layer shown at the ranges given: what undoing a text edit after a
    /// colleague's needs to put the spans it touched back where they were
    /// ([`crate::model::rebase`]); never built by hand.
    Reanchor(Vec<(AnnotationId, CpRange)>),
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum CommandError {
    #[error("no annotation has the id {0}")]
    UnknownAnnotation(AnnotationId),
    #[error("an annotation with the id {0} exists already")]
    DuplicateId(AnnotationId),
    /// The same span with the same kind and label is there already.
    #[error("“{text}” is tagged {label} already")]
    Duplicate { text: String, label: String },
    #[error("range {start}..{end} is outside the text ({len} code points)")]
    OutOfRange {
        start: usize,
        end: usize,
        len: usize,
    },
    #[error("the span is empty")]
    EmptySpan,
    #[error("the schema has no label {0:?}")]
    UnknownLabel(String),
    #[error("a {kind} must have the label {expected:?} and {attributes}")]
    KindMismatch {
        kind: &'static str,
        expected: &'static str,
        attributes: &'static str,
    },
    #[error("{id} is of kind {actual}, not {expected}")]
    WrongKind {
        id: AnnotationId,
        expected: &'static str,
        actual: &'static str,
    },
    #[error("no relation has the id {}", .0 .0)]
    UnknownRelation(RelationId),
    #[error("a relation with the id {} exists already", .0 .0)]
    DuplicateRelation(RelationId),
    #[error("the schema has no relation type {0:?}")]
    UnknownRelationType(String),
    #[error("a relation cannot link {0} to itself")]
    SelfRelation(AnnotationId),
    #[error("claim {claim} already has a {kind}")]
    SecondRelation { claim: AnnotationId, kind: String },
    #[error("no entity has the id {}", .0 .0)]
    UnknownEntity(EntityId),
    #[error("an entity needs a name")]
    EmptyEntityName,
    #[error("an entity needs at least one mention")]
    NoMentions,
    #[error("{0:?} is not a Wikidata id (Q followed by a number, such as Q311440)")]
    BadWikidata(String),
    /// The same refusal in the words of the entity box, where the person typed the id.
    #[error("“{0}” is not a Wikidata id: it is Q followed by a number, such as Q311440")]
    NotAWikidataId(String),
    #[error("mention {mention} belongs to entity {} already", .entity.0)]
    MentionTaken {
        mention: AnnotationId,
        entity: EntityId,
    },
    #[error("the versions are of another document")]
    NotThisDocument,
    #[error("an empty batch changes nothing")]
    EmptyBatch,
    #[error("this changes nothing")]
    NothingToChange,
    #[error("the text edit to take back is not the document's last")]
    NotLastEdit,
    /// [`Command::EditTexts`] out of its order.
    #[error(
        "edit {index} of the step does not lie before the one applied before it: a step's edits \
         go from the end of the text to its start"
    )]
    EditsOutOfOrder { index: usize },
    #[error("{0}")]
    Schema(#[from] crate::model::schema::SchemaError),
    #[error("{n} annotation(s) still use the label {label:?}")]
    LabelInUse { label: String, n: usize },
}

/// What happens to the spans of a label that is deleted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpanFate {
    Delete,
    Relabel(Rc<str>),
}

/// What a command changed, so the view can redraw only that.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Change {
    /// Ranges of text whose highlights need redrawing.
    pub ranges: Vec<CpRange>,
    /// The annotation the change is about (added, edited or removed), to select or scroll to.
    pub focus: Option<AnnotationId>,
    /// A different document or schema: everything needs redrawing.
    pub everything: bool,
    /// The text changed by this edit (in the text before it): paragraphs after it moved. Set
    /// without `everything` for one text edit, which [`crate::model::layout::Layout::apply_text_edit`]
    /// follows; `ranges` then holds where the new text is.
    pub text_edit: Option<TextEdit>,
}

impl Change {
    fn spans(range: CpRange, focus: &AnnotationId) -> Change {
        Change {
            ranges: vec![range],
            focus: Some(focus.clone()),
            everything: false,
            text_edit: None,
        }
    }

    fn about(focus: Option<&AnnotationId>) -> Change {
        Change {
            ranges: Vec::new(),
            focus: focus.cloned(),
            everything: false,
            text_edit: None,
        }
    }

    fn merge(mut self, other: Change) -> Change {
        // A text edit's ranges and its `text_edit` are in the text around that edit: merged with
        // another change that touches the text, they no longer describe it, so all is redrawn.
        let touches = |c: &Change| !c.ranges.is_empty() || c.text_edit.is_some();
        if (self.text_edit.is_some() || other.text_edit.is_some())
            && touches(&self)
            && touches(&other)
        {
            self.everything = true;
        }
        self.ranges.extend(other.ranges);
        self.focus = other.focus.or(self.focus);
        self.everything |= other.everything;
        self.text_edit = other.text_edit.or(self.text_edit);
        self
    }
}

/// Who said a claim: a mention in the text, or no one in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Speaker {
    Mention(AnnotationId),
    Other(Attribution),
}

/// The editor's whole state: one document, its schema, and the undo/redo history.
#[derive(Clone, Debug)]
pub struct Editor {
    document: Document,
    schema: Schema,
    /// Oldest first, so that forgetting the oldest step past [`UNDO_LIMIT`] is cheap.
    undo: VecDeque<Command>,
    redo: Vec<Command>,
    /// True while undo or redo puts back what was there: a document read from a file may hold
    /// exact duplicates, which a new command may not add but undo must restore.
    replaying: bool,
}

impl Editor {
    pub fn new(document: Document, schema: Schema) -> Editor {
        Editor {
            document,
            schema,
            undo: VecDeque::new(),
            redo: Vec::new(),
            replaying: false,
        }
    }

    pub fn document(&self) -> &Document {
        &self.document
    }

    pub(super) fn document_mut(&mut self) -> &mut Document {
        &mut self.document
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// How many steps undo can take back (at most [`UNDO_LIMIT`]); the workspace keeps its
    /// timeline in step with this.
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    /// How many undone steps redo can bring back.
    pub fn redo_depth(&self) -> usize {
        self.redo.len()
    }

    /// Forgets what could be redone: a new step elsewhere on the workspace's timeline ends it,
    /// as a new command here does.
    pub fn forget_redo(&mut self) {
        self.redo.clear();
    }

    /// The command that tags a selection with a label: whitespace trimmed at both ends, a fresh
    /// id. `None` when the selection holds nothing but whitespace.
    pub fn tag(&self, selection: CpRange, label: &str) -> Option<Command> {
        let range = self.document.trim_selection(selection)?;
        Some(Command::Add(Annotation::entity(
            self.document.fresh_id().as_str(),
            label,
            range,
        )))
    }

    /// The command that marks a selection as a claim, with defaults guessed from its text.
    pub fn tag_claim(&self, selection: CpRange) -> Option<Command> {
        let range = self.document.trim_selection(selection)?;
        let attributes = ClaimAttributes::for_document_span(&self.document, range);
        Some(Command::Add(Annotation::claim(
            self.document.fresh_id().as_str(),
            range,
            attributes,
        )))
    }

    /// Sets a claim's speaker: replaces any speaker relation, or records who else said it.
    pub fn set_speaker(&self, claim: &AnnotationId, speaker: Speaker) -> Command {
        let mut steps = Vec::new();
        if let Some(old) = self.document.relation_from(claim, SPEAKER) {
            steps.push(Command::RemoveRelation(old.id.clone()));
        }
        // While a mention is the speaker, the attribution rests at "unattributed", so that the
        // file's single `speaker` field says everything.
        let attribution = match &speaker {
            Speaker::Mention(_) => Attribution::Unattributed,
            Speaker::Other(attribution) => *attribution,
        };
        if let Some(mut attributes) = self.claim_attributes(claim) {
            if attributes.attribution != attribution {
                attributes.attribution = attribution;
                steps.push(Command::SetClaim {
                    id: claim.clone(),
                    attributes: Box::new(attributes),
                });
            }
        }
        if let Speaker::Mention(mention) = speaker {
            steps.push(Command::AddRelation(Relation {
                id: self.document.fresh_relation_id(),
                kind: Rc::from(SPEAKER),
                from: claim.clone(),
                to: mention,
            }));
        }
        Command::Batch(steps)
    }

    /// The speaker of a claim, as the claim panel shows it.
    pub fn speaker_of(&self, claim: &AnnotationId) -> Speaker {
        match self.document.relation_from(claim, SPEAKER) {
            Some(relation) => Speaker::Mention(relation.to.clone()),
            None => Speaker::Other(
                self.claim_attributes(claim)
                    .map_or(Attribution::Unattributed, |a| a.attribution),
            ),
        }
    }

    /// Marks a selection as the cue of a claim ("said", "according to"), replacing its old cue.
    pub fn set_cue(&self, claim: &AnnotationId, selection: CpRange) -> Option<Command> {
        let range = self.document.trim_selection(selection)?;
        let mut steps = Vec::new();
        if let Some(old) = self.document.relation_from(claim, CUE) {
            steps.push(Command::Remove(old.to.clone()));
        }
        let cue = self.document.fresh_id();
        steps.push(Command::Add(Annotation::cue(cue.as_str(), range)));
        steps.push(Command::AddRelation(Relation {
            id: self.document.fresh_relation_id(),
            kind: Rc::from(CUE),
            from: claim.clone(),
            to: cue,
        }));
        Some(Command::Batch(steps))
    }

    pub fn claim_attributes(&self, claim: &AnnotationId) -> Option<ClaimAttributes> {
        self.document.annotation(claim)?.claim.as_deref().cloned()
    }

    /// Groups mentions into one entity: the entity some of them already belong to (the first in
    /// text order), or a new one named after the longest mention. Other entities of the mentions
    /// are merged into it. `None` when fewer than one entity mention is given or nothing changes.
    pub fn group(&self, mentions: &[AnnotationId]) -> Option<Command> {
        let document = &self.document;
        let mut all: Vec<&Annotation> = mentions
            .iter()
            .filter_map(|id| document.annotation(id))
            .filter(|a| a.kind == SpanKind::Entity)
            .collect();
        all.sort_by_key(|a| (a.range.start, std::cmp::Reverse(a.range.end)));
        all.dedup_by(|a, b| a.id == b.id);
        let first = all.first()?;
        let existing: Vec<&Entity> = {
            let mut seen: Vec<&Entity> = Vec::new();
            for a in &all {
                if let Some(e) = document.entity_of(&a.id) {
                    if !seen.iter().any(|s| s.id == e.id) {
                        seen.push(e);
                    }
                }
            }
            seen
        };
        let mut merged: Vec<AnnotationId> = all.iter().map(|a| a.id.clone()).collect();
        for entity in &existing {
            merged.extend(entity.mentions.iter().cloned());
        }
        let mut merged: Vec<&Annotation> = merged
            .iter()
            .filter_map(|id| document.annotation(id))
            .collect();
        merged.sort_by_key(|a| (a.range.start, std::cmp::Reverse(a.range.end), a.id.clone()));
        merged.dedup_by(|a, b| a.id == b.id);
        let merged: Vec<AnnotationId> = merged.into_iter().map(|a| a.id.clone()).collect();
        let target = match existing.first() {
            Some(entity) => Entity {
                mentions: merged,
                ..(*entity).clone()
            },
            None => {
                let longest = all
                    .iter()
                    .max_by_key(|a| (a.range.len(), std::cmp::Reverse(a.range.start)))
                    .unwrap_or(first);
                Entity {
                    id: document.fresh_entity_id(),
                    name: Rc::from(document.slice(longest.range)),
                    wikidata: None,
                    mentions: merged,
                }
            }
        };
        if existing.len() == 1 && existing[0].mentions == target.mentions {
            return None;
        }
        let mut steps: Vec<Command> = existing
            .iter()
            .skip(1)
            .map(|e| Command::RemoveEntity(e.id.clone()))
            .collect();
        steps.push(Command::PutEntity(target));
        Some(Command::Batch(steps))
    }

    /// Takes a mention out of its entity (the entity goes when it has no mention left).
    pub fn ungroup(&self, mention: &AnnotationId) -> Option<Command> {
        let entity = self.document.entity_of(mention)?;
        let mentions: Vec<AnnotationId> = entity
            .mentions
            .iter()
            .filter(|m| *m != mention)
            .cloned()
            .collect();
        Some(if mentions.is_empty() {
            Command::RemoveEntity(entity.id.clone())
        } else {
            Command::PutEntity(Entity {
                mentions,
                ..entity.clone()
            })
        })
    }

    /// The step that puts `document`'s versions (a transform of [`crate::model::versions`] of
    /// this editor's document): with the schema first widened by every label its layers use
    /// and the schema lacks — taken from `incoming` (the opened file's schema) when it has
    /// them — so that each version, shown now or later, has its labels.
    pub fn versions_command(&self, document: Document, incoming: Option<&Schema>) -> Command {
        let mut schema = self.schema.clone();
        for (_, version) in document.version_documents() {
            for annotation in version.annotations() {
                if annotation.kind != SpanKind::Entity || schema.label(&annotation.label).is_some()
                {
                    continue;
                }
                match incoming.and_then(|s| s.label(&annotation.label)) {
                    Some(label)
                        if label
                            .key
                            .is_none_or(|key| schema.labels.iter().all(|l| l.key != Some(key))) =>
                    {
                        schema.labels.push(label.clone())
                    }
                    _ => schema.ensure_label(&annotation.label),
                }
            }
        }
        let versions = Command::Versions(Box::new(document));
        if schema == self.schema {
            versions
        } else {
            Command::Batch(vec![Command::SetSchema(Box::new(schema)), versions])
        }
    }

    /// Takes on a schema from a file: its labels, plus every label an entity span here uses that
    /// it lacks, so that no span is left without its label.
    pub fn adopt_schema(&self, schema: Schema) -> Command {
        let mut adopted = schema;
        for annotation in self.document.annotations() {
            if annotation.kind == SpanKind::Entity {
                adopted.ensure_label(&annotation.label);
            }
        }
        Command::SetSchema(Box::new(adopted))
    }

    /// Edits an entity's name and Wikidata id as the person typed them: both trimmed, an empty
    /// id meaning none. `None` when nothing changes. The edited entity is checked here, by the
    /// same check `apply` makes, and a bad Wikidata id is refused in the entity box's words.
    pub fn edit_entity(
        &self,
        id: &EntityId,
        name: &str,
        wikidata: &str,
    ) -> Result<Option<Command>, CommandError> {
        let entity = self
            .document
            .entity(id)
            .ok_or_else(|| CommandError::UnknownEntity(id.clone()))?;
        let wikidata = wikidata.trim();
        let edited = Entity {
            name: Rc::from(name.trim()),
            wikidata: (!wikidata.is_empty()).then(|| Rc::from(wikidata)),
            ..entity.clone()
        };
        if &edited == entity {
            return Ok(None);
        }
        self.check_entity(&edited).map_err(|e| match e {
            CommandError::BadWikidata(wikidata) => CommandError::NotAWikidataId(wikidata),
            other => other,
        })?;
        Ok(Some(Command::PutEntity(edited)))
    }

    /// Renames a label and every span that carries it, in one step.
    pub fn rename_label(&self, from: &str, to: &str) -> Result<Option<Command>, SchemaError> {
        let to: Rc<str> = Rc::from(to.trim());
        let Some(position) = self.schema.labels.iter().position(|l| &*l.name == from) else {
            return Ok(None);
        };
        if &*to == from {
            return Ok(None);
        }
        check_label_name(&to)?;
        self.check_name_free(&to, Some(from))?;
        // Both names exist while the spans move over; then the old one goes.
        let mut both = self.schema.clone();
        let mut renamed = both.labels[position].clone();
        renamed.name = Rc::clone(&to);
        both.labels.push(Label {
            key: None,
            ..renamed.clone()
        });
        let mut last = self.schema.clone();
        last.labels[position] = renamed;
        let mut steps = vec![Command::SetSchema(Box::new(both))];
        steps.extend(self.spans_labelled(from).map(|id| Command::Relabel {
            id,
            label: Rc::clone(&to),
        }));
        steps.push(Command::SetSchema(Box::new(last)));
        Ok(Some(Command::Batch(steps)))
    }

    /// A name the person gives a label must not be another label's in any upper and lower case
    /// ("person" beside "PERSON" would be two labels nobody can tell apart in a list). `own` is
    /// the label being renamed, which may change its own case.
    fn check_name_free(&self, name: &str, own: Option<&str>) -> Result<(), SchemaError> {
        let taken = self
            .schema
            .labels
            .iter()
            .find(|l| Some(&*l.name) != own && l.name.to_lowercase() == name.to_lowercase());
        match taken {
            Some(label) => Err(SchemaError::NameTaken {
                existing: label.name.to_string(),
            }),
            None => Ok(()),
        }
    }

    /// Adds a label the person made: the name trimmed, the colour a `#rrggbb`, the key (if any)
    /// a letter or digit no shortcut takes. Checked in that order, with the label editor's words.
    pub fn add_label(
        &self,
        name: &str,
        color: &str,
        key: Option<char>,
    ) -> Result<Command, SchemaError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(SchemaError::NewLabelWithoutName);
        }
        check_label_name(name)?;
        self.check_name_free(name, None)?;
        let color = parse_color(color)?;
        if let Some(error) = key.and_then(label_key_error) {
            return Err(error);
        }
        let mut schema = self.schema.clone();
        schema.labels.push(Label {
            name: Rc::from(name),
            color: Rc::from(color),
            key,
            description: Rc::from(""),
        });
        Ok(Command::SetSchema(Box::new(schema)))
    }

    /// Gives a label another colour (a `#rrggbb`).
    pub fn recolor_label(&self, name: &str, color: &str) -> Result<Command, SchemaError> {
        let color = parse_color(color)?;
        self.with_label(name, |label| label.color = Rc::from(color))
    }

    /// Gives a label another key, or none; the key must be a letter or digit no shortcut takes.
    pub fn rekey_label(&self, name: &str, key: Option<char>) -> Result<Command, SchemaError> {
        if let Some(error) = key.and_then(label_key_error) {
            return Err(error);
        }
        self.with_label(name, |label| label.key = key)
    }

    fn with_label(
        &self,
        name: &str,
        change: impl FnOnce(&mut Label),
    ) -> Result<Command, SchemaError> {
        let mut schema = self.schema.clone();
        let label = schema
            .labels
            .iter_mut()
            .find(|l| &*l.name == name)
            .ok_or_else(|| SchemaError::UnknownLabel(name.to_string()))?;
        change(label);
        Ok(Command::SetSchema(Box::new(schema)))
    }

    /// Deletes a label; its spans are deleted or relabelled, as the person chose.
    pub fn delete_label(&self, name: &str, fate: SpanFate) -> Option<Command> {
        self.schema.label(name)?;
        let mut steps: Vec<Command> = self
            .spans_labelled(name)
            .map(|id| match &fate {
                SpanFate::Delete => Command::Remove(id),
                SpanFate::Relabel(to) => Command::Relabel {
                    id,
                    label: Rc::clone(to),
                },
            })
            .collect();
        let mut schema = self.schema.clone();
        schema.labels.retain(|l| &*l.name != name);
        steps.push(Command::SetSchema(Box::new(schema)));
        Some(Command::Batch(steps))
    }

    /// The entity spans that carry a label (what renaming or deleting it changes).
    pub fn spans_labelled<'e>(&'e self, label: &'e str) -> impl Iterator<Item = AnnotationId> + 'e {
        self.document
            .annotations()
            .iter()
            .filter(move |a| a.kind == SpanKind::Entity && &*a.label == label)
            .map(|a| a.id.clone())
    }

    /// Makes new ids in `space` from now on (a team room's client), or not (`None`).
    pub fn set_id_space(&mut self, space: Option<&str>) {
        self.document.id_space = space.map(Rc::from);
    }

    /// Applies a command and records its inverse for undo. A new command clears the redo stack.
    pub fn apply(&mut self, command: Command) -> Result<Change, CommandError> {
        let (inverse, change) = self.apply_raw(command)?;
        self.undo.push_back(inverse);
        if self.undo.len() > UNDO_LIMIT {
            self.undo.pop_front();
        }
        self.redo.clear();
        Ok(change)
    }

    /// Applies a change that is not the person's own (a colleague's, from a team room): it is
    /// not undone by their undo, which goes on undoing their own commands.
    pub fn apply_unrecorded(&mut self, command: Command) -> Result<Change, CommandError> {
        self.apply_raw(command).map(|(_, change)| change)
    }

    /// The undo history (oldest first) and the redo history (the next to redo last), for
    /// [`crate::model::rebase`] to carry over a colleague's edit.
    pub(super) fn histories_mut(&mut self) -> (&mut VecDeque<Command>, &mut Vec<Command>) {
        (&mut self.undo, &mut self.redo)
    }

    /// Undoes the last command; `None` when there is nothing to undo. A step that no longer
    /// applies (a colleague removed what it would change back) is dropped, and the one before
    /// it undone.
    pub fn undo(&mut self) -> Option<Change> {
        loop {
            let inverse = self.undo.pop_back()?;
            self.replaying = true;
            let applied = self.apply_raw(inverse);
            self.replaying = false;
            if let Ok((redo, change)) = applied {
                self.redo.push(redo);
                return Some(change);
            }
        }
    }

    /// Redoes the last undone command; `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Option<Change> {
        let command = self.redo.pop()?;
        self.replaying = true;
        let applied = self.apply_raw(command);
        self.replaying = false;
        // Only a colleague's change in between can stop it; then nothing is redone.
        let Ok((inverse, change)) = applied else {
            self.redo.clear();
            return None;
        };
        self.undo.push_back(inverse);
        Some(change)
    }

    pub(super) fn apply_raw(
        &mut self,
        command: Command,
    ) -> Result<(Command, Change), CommandError> {
        match command {
            Command::Add(annotation) => {
                self.check_new(&annotation)?;
                let change = Change::spans(annotation.range, &annotation.id);
                let inverse = Command::Remove(annotation.id.clone());
                self.document.insert(annotation);
                Ok((inverse, change))
            }
            Command::Remove(id) => {
                let dependents = self.dependents_of(&id);
                if !dependents.is_empty() {
                    let mut steps = dependents;
                    steps.push(Command::Remove(id));
                    return self.apply_raw(Command::Batch(steps));
                }
                let removed = self
                    .document
                    .remove(&id)
                    .ok_or(CommandError::UnknownAnnotation(id))?;
                let change = Change::spans(removed.range, &removed.id);
                Ok((Command::Add(removed), change))
            }
            Command::Relabel { id, label } => {
                if self.schema.label(&label).is_none() {
                    return Err(CommandError::UnknownLabel(label.to_string()));
                }
                let annotation = self
                    .document
                    .annotation_mut(&id)
                    .ok_or_else(|| CommandError::UnknownAnnotation(id.clone()))?;
                if annotation.kind != SpanKind::Entity {
                    return Err(CommandError::WrongKind {
                        id,
                        expected: "entity",
                        actual: annotation.kind.as_str(),
                    });
                }
                let old_label = std::mem::replace(&mut annotation.label, label);
                let change = Change::spans(annotation.range, &id);
                Ok((
                    Command::Relabel {
                        id,
                        label: old_label,
                    },
                    change,
                ))
            }
            Command::SetClaim { id, attributes } => {
                let annotation = self
                    .document
                    .annotation_mut(&id)
                    .ok_or_else(|| CommandError::UnknownAnnotation(id.clone()))?;
                let Some(old) = annotation.claim.as_mut() else {
                    return Err(CommandError::WrongKind {
                        id,
                        expected: "claim",
                        actual: annotation.kind.as_str(),
                    });
                };
                let old = std::mem::replace(old, attributes);
                Ok((
                    Command::SetClaim {
                        id: id.clone(),
                        attributes: old,
                    },
                    Change::about(Some(&id)),
                ))
            }
            Command::AddRelation(relation) => {
                self.check_relation(&relation)?;
                let change = Change::about(Some(&relation.from));
                let inverse = Command::RemoveRelation(relation.id.clone());
                self.document.insert_relation(relation);
                Ok((inverse, change))
            }
            Command::RemoveRelation(id) => {
                let removed = self
                    .document
                    .remove_relation(&id)
                    .ok_or(CommandError::UnknownRelation(id))?;
                let change = Change::about(Some(&removed.from));
                Ok((Command::AddRelation(removed), change))
            }
            Command::PutEntity(entity) => {
                self.check_entity(&entity)?;
                let change = Change::about(entity.mentions.first());
                let id = entity.id.clone();
                let inverse = match self.document.put_entity(entity) {
                    Some(old) => Command::PutEntity(old),
                    None => Command::RemoveEntity(id),
                };
                Ok((inverse, change))
            }
            Command::RemoveEntity(id) => {
                let removed = self
                    .document
                    .remove_entity(&id)
                    .ok_or(CommandError::UnknownEntity(id))?;
                let change = Change::about(removed.mentions.first());
                Ok((Command::PutEntity(removed), change))
            }
            Command::Batch(steps) => {
                if steps.is_empty() {
                    return Err(CommandError::EmptyBatch);
                }
                let mut inverses = Vec::with_capacity(steps.len());
                let mut change = Change::default();
                for step in steps {
                    match self.apply_raw(step) {
                        Ok((inverse, step_change)) => {
                            inverses.push(inverse);
                            change = change.merge(step_change);
                        }
                        Err(e) => {
                            // All or nothing: take back the steps already applied.
                            for inverse in inverses.into_iter().rev() {
                                self.apply_raw(inverse)
                                    .expect("rolling back an applied step");
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok((Command::Batch(inverses), change))
            }
            Command::SetRejected {
                suggestion,
                rejected,
            } => {
                if !self.document.set_rejected(&suggestion, rejected) {
                    return Err(CommandError::NothingToChange);
                }
                Ok((
                    Command::SetRejected {
                        suggestion,
                        rejected: !rejected,
                    },
                    Change::default(),
                ))
            }
            Command::SetSchema(schema) => {
                schema.validate()?;
                for annotation in self.document.annotations() {
                    if annotation.kind == SpanKind::Entity
                        && schema.label(&annotation.label).is_none()
                    {
                        let n = self
                            .document
                            .annotations()
                            .iter()
                            .filter(|a| a.label == annotation.label)
                            .count();
                        return Err(CommandError::LabelInUse {
                            label: annotation.label.to_string(),
                            n,
                        });
                    }
                }
                let old = std::mem::replace(&mut self.schema, *schema);
                Ok((
                    Command::SetSchema(Box::new(old)),
                    Change {
                        everything: true,
                        ..Change::default()
                    },
                ))
            }
            Command::Versions(document) => {
                if document.id != self.document.id || document.text() != self.document.text() {
                    return Err(CommandError::NotThisDocument);
                }
                if let Some(missing) = document
                    .annotations()
                    .iter()
                    .find(|a| a.kind == SpanKind::Entity && self.schema.label(&a.label).is_none())
                {
                    return Err(CommandError::UnknownLabel(missing.label.to_string()));
                }
                let old_document = std::mem::replace(&mut self.document, *document);
                Ok((
                    Command::Versions(Box::new(old_document)),
                    Change {
                        everything: true,
                        ..Change::default()
                    },
                ))
            }
            Command::EditText(edit) => self.apply_edit_text(edit),
            Command::RevertText(revert) => self.apply_revert_text(*revert),
            Command::EditTexts(edits) => self.apply_edit_texts(edits),
            Command::RevertTexts(revert) => self.apply_revert_texts(*revert),
            Command::Reanchor(ranges) => self.apply_reanchor(ranges),
            Command::Replace { document, schema } => {
                let old_document = std::mem::replace(&mut self.document, *document);
                let old_schema = std::mem::replace(&mut self.schema, *schema);
                let inverse = Command::Replace {
                    document: Box::new(old_document),
                    schema: Box::new(old_schema),
                };
                Ok((
                    inverse,
                    Change {
                        everything: true,
                        ..Change::default()
                    },
                ))
            }
        }
    }

    /// What removing an annotation must take with it: its relations, and its place in an entity.
    fn dependents_of(&self, id: &AnnotationId) -> Vec<Command> {
        let mut steps: Vec<Command> = self
            .document
            .relations_of(id)
            .map(|r| Command::RemoveRelation(r.id.clone()))
            .collect();
        if let Some(entity) = self.document.entity_of(id) {
            let mentions: Vec<AnnotationId> = entity
                .mentions
                .iter()
                .filter(|m| *m != id)
                .cloned()
                .collect();
            steps.push(if mentions.is_empty() {
                Command::RemoveEntity(entity.id.clone())
            } else {
                Command::PutEntity(Entity {
                    mentions,
                    ..entity.clone()
                })
            });
        }
        steps
    }

    fn check_new(&self, annotation: &Annotation) -> Result<(), CommandError> {
        let CpRange { start, end } = annotation.range;
        let len = self.document.len();
        if start > end || end > len {
            return Err(CommandError::OutOfRange {
                start: start.0,
                end: end.0,
                len: len.0,
            });
        }
        if annotation.range.is_empty() {
            return Err(CommandError::EmptySpan);
        }
        match annotation.kind {
            SpanKind::Entity => {
                if self.schema.label(&annotation.label).is_none() {
                    return Err(CommandError::UnknownLabel(annotation.label.to_string()));
                }
                if annotation.claim.is_some() {
                    return Err(CommandError::KindMismatch {
                        kind: "entity",
                        expected: "a schema label",
                        attributes: "no claim attributes",
                    });
                }
            }
            SpanKind::Claim => {
                if &*annotation.label != CLAIM_LABEL || annotation.claim.is_none() {
                    return Err(CommandError::KindMismatch {
                        kind: "claim",
                        expected: CLAIM_LABEL,
                        attributes: "claim attributes",
                    });
                }
            }
            SpanKind::Cue => {
                if &*annotation.label != CUE_LABEL || annotation.claim.is_some() {
                    return Err(CommandError::KindMismatch {
                        kind: "cue",
                        expected: CUE_LABEL,
                        attributes: "no claim attributes",
                    });
                }
            }
        }
        if self.document.annotation(&annotation.id).is_some() {
            return Err(CommandError::DuplicateId(annotation.id.clone()));
        }
        if !self.replaying {
            // Annotations are in text order: the twins of a span start where it starts.
            let annotations = self.document.annotations();
            let from = annotations.partition_point(|a| a.range.start < start);
            let twin = annotations[from..]
                .iter()
                .take_while(|a| a.range.start == start)
                .any(|a| {
                    a.range == annotation.range
                        && a.kind == annotation.kind
                        && a.label == annotation.label
                });
            if twin {
                return Err(CommandError::Duplicate {
                    text: crate::model::text::ellipsize(self.document.slice(annotation.range), 60),
                    label: annotation.label.to_string(),
                });
            }
        }
        Ok(())
    }

    fn check_relation(&self, relation: &Relation) -> Result<(), CommandError> {
        if self.document.relation(&relation.id).is_some() {
            return Err(CommandError::DuplicateRelation(relation.id.clone()));
        }
        if !self.schema.relation_types.contains(&relation.kind) {
            return Err(CommandError::UnknownRelationType(relation.kind.to_string()));
        }
        let from = self
            .document
            .annotation(&relation.from)
            .ok_or_else(|| CommandError::UnknownAnnotation(relation.from.clone()))?;
        let to = self
            .document
            .annotation(&relation.to)
            .ok_or_else(|| CommandError::UnknownAnnotation(relation.to.clone()))?;
        if from.id == to.id {
            return Err(CommandError::SelfRelation(from.id.clone()));
        }
        let expected_ends = match &*relation.kind {
            SPEAKER => Some((SpanKind::Entity, "entity")),
            CUE => Some((SpanKind::Cue, "cue")),
            _ => None,
        };
        if let Some((to_kind, to_name)) = expected_ends {
            if from.kind != SpanKind::Claim {
                return Err(CommandError::WrongKind {
                    id: from.id.clone(),
                    expected: "claim",
                    actual: from.kind.as_str(),
                });
            }
            if to.kind != to_kind {
                return Err(CommandError::WrongKind {
                    id: to.id.clone(),
                    expected: to_name,
                    actual: to.kind.as_str(),
                });
            }
            if self
                .document
                .relation_from(&from.id, &relation.kind)
                .is_some()
            {
                return Err(CommandError::SecondRelation {
                    claim: from.id.clone(),
                    kind: relation.kind.to_string(),
                });
            }
        }
        Ok(())
    }

    fn check_entity(&self, entity: &Entity) -> Result<(), CommandError> {
        // The id before the name: the entity box has always named a bad id first.
        if let Some(wikidata) = &entity.wikidata {
            if !is_wikidata_id(wikidata) {
                return Err(CommandError::BadWikidata(wikidata.to_string()));
            }
        }
        if entity.name.trim().is_empty() {
            return Err(CommandError::EmptyEntityName);
        }
        if entity.mentions.is_empty() {
            return Err(CommandError::NoMentions);
        }
        for mention in &entity.mentions {
            let annotation = self
                .document
                .annotation(mention)
                .ok_or_else(|| CommandError::UnknownAnnotation(mention.clone()))?;
            if annotation.kind != SpanKind::Entity {
                return Err(CommandError::WrongKind {
                    id: mention.clone(),
                    expected: "entity",
                    actual: annotation.kind.as_str(),
                });
            }
            if let Some(other) = self
                .document
                .entity_of(mention)
                .filter(|e| e.id != entity.id)
            {
                return Err(CommandError::MentionTaken {
                    mention: mention.clone(),
                    entity: other.id.clone(),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::{Entity, EntityId, Relation, RelationId};
    use crate::model::fixture::{parse_fixture, render_fixture};

    fn editor(fixture: &str) -> Editor {
        let document = parse_fixture(fixture);
        Editor::new(document, Schema::default())
    }

    /// Applies `commands` to the fixture, checks the result, then checks that undoing everything
    /// gives back the start and redoing everything gives back the result.
    fn check(fixture: &str, commands: impl Fn(&Editor) -> Vec<Command>, expected: &str) {
        let mut editor = editor(fixture);
        let start = render_fixture(editor.document());
        let commands = commands(&editor);
        let n = commands.len();
        for command in commands {
            editor.apply(command).expect("command applies");
        }
        assert_eq!(render_fixture(editor.document()), expected);
        for _ in 0..n {
            assert!(editor.undo().is_some());
        }
        assert_eq!(editor.undo(), None);
        assert_eq!(render_fixture(editor.document()), start, "undo all");
        for _ in 0..n {
            assert!(editor.redo().is_some());
        }
        assert_eq!(editor.redo(), None);
        assert_eq!(render_fixture(editor.document()), expected, "redo all");
    }

    fn id(id: &str) -> AnnotationId {
        AnnotationId::new(id)
    }

    #[test]
    fn tag_trims_and_keeps_glued_words_apart() {
        check(
            "US Secretary of State, anthony blinkenarrived this thursday cairois the second stop",
            |e| {
                vec![
                    e.tag(CpRange::new(22, 38), "PERSON").unwrap(),
                ]
            },
            "US Secretary of State, [anthony blinken|PERSON#a1]arrived this thursday cairois the second stop",
        );
        let e = editor("cairois");
        assert_eq!(e.tag(CpRange::new(0, 0), "GPE"), None);
        let e = editor("a  \n b");
        assert_eq!(e.tag(CpRange::new(1, 4), "GPE"), None);
    }

    #[test]
    fn add_nested_and_overlapping_spans() {
        check(
            "Secretary of State Antony Blinken met Sameh Shoukry",
            |e| {
                let a = e.tag(CpRange::new(0, 33), "PERSON").unwrap();
                let mut b = e.tag(CpRange::new(19, 33), "PERSON").unwrap();
                if let Command::Add(x) = &mut b {
                    x.id = id("a2");
                }
                let c = Command::Add(Annotation::entity("a3", "MISC", CpRange::new(26, 43)));
                vec![a, b, c]
            },
            "[Secretary of State [Antony [Blinken|PERSON#a2]|PERSON#a1] met Sameh|MISC#a3] Shoukry",
        );
    }

    #[test]
    fn remove_and_relabel() {
        check(
            "[Antony Blinken|PERSON#a1] met [Sameh Shoukry|ORG#a2] in [Cairo|LOC#a3]",
            |_| {
                vec![
                    Command::Remove(id("a1")),
                    Command::Relabel {
                        id: id("a2"),
                        label: Rc::from("PERSON"),
                    },
                    Command::Relabel {
                        id: id("a3"),
                        label: Rc::from("GPE"),
                    },
                ]
            },
            "Antony Blinken met [Sameh Shoukry|PERSON#a2] in [Cairo|GPE#a3]",
        );
    }

    #[test]
    fn replace_document_is_undoable() {
        check(
            "[Doha|GPE#a1] confirms",
            |_| {
                vec![Command::Replace {
                    document: Box::new(parse_fixture("[Rafah|GPE#a7]")),
                    schema: Box::new(Schema::default()),
                }]
            },
            "[Rafah|GPE#a7]",
        );
    }

    #[test]
    fn invalid_commands_are_refused_and_change_nothing() {
        let mut e = editor("[Blinken|PERSON#a1] said");
        let span = |id_: &str, label: &str, start, end| {
            Command::Add(Annotation::entity(id_, label, CpRange::new(start, end)))
        };
        let cases = [
            (
                span("a1", "PERSON", 0, 3),
                CommandError::DuplicateId(id("a1")),
            ),
            (
                span("a2", "PERSON", 0, 99),
                CommandError::OutOfRange {
                    start: 0,
                    end: 99,
                    len: 12,
                },
            ),
            (
                span("a2", "PERSON", 5, 3),
                CommandError::OutOfRange {
                    start: 5,
                    end: 3,
                    len: 12,
                },
            ),
            (span("a2", "PERSON", 3, 3), CommandError::EmptySpan),
            (
                span("a2", "NOPE", 0, 3),
                CommandError::UnknownLabel("NOPE".into()),
            ),
            (
                Command::Remove(id("a9")),
                CommandError::UnknownAnnotation(id("a9")),
            ),
            (
                Command::Relabel {
                    id: id("a9"),
                    label: Rc::from("ORG"),
                },
                CommandError::UnknownAnnotation(id("a9")),
            ),
            (
                Command::Relabel {
                    id: id("a1"),
                    label: Rc::from("NOPE"),
                },
                CommandError::UnknownLabel("NOPE".into()),
            ),
        ];
        for (command, error) in cases {
            assert_eq!(e.apply(command.clone()), Err(error), "{command:?}");
        }
        assert_eq!(render_fixture(e.document()), "[Blinken|PERSON#a1] said");
        assert!(!e.can_undo());
    }

    #[test]
    fn a_new_command_clears_redo() {
        let mut e = editor("Blinken said");
        e.apply(e.tag(CpRange::new(0, 7), "PERSON").unwrap())
            .unwrap();
        e.undo();
        assert!(e.can_redo());
        e.apply(e.tag(CpRange::new(8, 12), "MISC").unwrap())
            .unwrap();
        assert!(!e.can_redo());
        assert_eq!(render_fixture(e.document()), "Blinken [said|MISC#a1]");
    }

    #[test]
    fn changes_name_what_to_redraw() {
        let mut e = editor("Blinken said");
        let change = e
            .apply(e.tag(CpRange::new(0, 7), "PERSON").unwrap())
            .unwrap();
        let expected = Change {
            ranges: vec![CpRange::new(0, 7)],
            focus: Some(id("a1")),
            everything: false,
            text_edit: None,
        };
        assert_eq!(change, expected);
        assert_eq!(e.undo(), Some(expected));
    }

    /// Applies commands one by one (each built from the state before it), then checks that
    /// undoing all of them gives back exactly the start and redoing all gives back the end.
    fn check_laws(fixture: &str, steps: &[&dyn Fn(&Editor) -> Command]) -> Editor {
        let mut e = editor(fixture);
        let start = e.document().clone();
        for step in steps {
            let command = step(&e);
            e.apply(command.clone())
                .unwrap_or_else(|err| panic!("{command:?}: {err}"));
        }
        let end = e.document().clone();
        for _ in steps {
            e.undo().expect("undo");
        }
        assert_eq!(e.document(), &start, "undo all gives back the start");
        for _ in steps {
            e.redo().expect("redo");
        }
        assert_eq!(e.document(), &end, "redo all gives back the end");
        e
    }

    const CLAIM_TEXT: &str =
        "[Blinken|PERSON#a1] said “The differences are narrowing” and [Secretary Blinken|PERSON#a2] agreed.";

    #[test]
    fn claims_get_speakers_cues_and_attributes() {
        let claim = || id("a3");
        let e = check_laws(
            CLAIM_TEXT,
            &[
                &|e| e.tag_claim(CpRange::new(12, 44)).unwrap(),
                &|e| e.set_speaker(&claim(), Speaker::Other(Attribution::Author)),
                &|e| e.set_speaker(&claim(), Speaker::Mention(id("a1"))),
                &|e| e.set_speaker(&claim(), Speaker::Mention(id("a2"))),
                &|e| e.set_cue(&claim(), CpRange::new(8, 12)).unwrap(),
                &|e| {
                    let mut attributes = e.claim_attributes(&claim()).unwrap();
                    attributes.verdict = crate::model::claim::Verdict::MostlyTrue;
                    attributes.check_worthiness =
                        crate::model::claim::CheckWorthiness::NotCheckWorthy;
                    Command::SetClaim {
                        id: claim(),
                        attributes: Box::new(attributes),
                    }
                },
            ],
        );
        let d = e.document();
        assert_eq!(render_fixture(d), "[Blinken|PERSON#a1] [said|CUE#a4] [“The differences are narrowing”|CLAIM#a3] and [Secretary Blinken|PERSON#a2] agreed.");
        assert_eq!(e.speaker_of(&claim()), Speaker::Mention(id("a2")));
        let relations: Vec<(&str, &str, &str, &str)> = d
            .relations()
            .iter()
            .map(|r| (&*r.id.0, &*r.kind, r.from.as_str(), r.to.as_str()))
            .collect();
        assert_eq!(
            relations,
            [("r2", "speaker", "a3", "a2"), ("r3", "cue", "a3", "a4")]
        );
        let attributes = e.claim_attributes(&claim()).unwrap();
        assert_eq!(
            attributes.quote_type,
            crate::model::claim::QuoteType::Direct
        );
        assert_eq!(attributes.verdict, crate::model::claim::Verdict::MostlyTrue);
        assert_eq!(attributes.attribution, Attribution::Unattributed);
        // A new cue replaces the old one, span and relation.
        let mut e = e;
        e.apply(e.set_cue(&claim(), CpRange::new(67, 73)).unwrap())
            .unwrap();
        assert_eq!(render_fixture(e.document()), "[Blinken|PERSON#a1] said [“The differences are narrowing”|CLAIM#a3] and [Secretary Blinken|PERSON#a2] [agreed|CUE#a5].");
        assert_eq!(e.document().relations().len(), 2);
    }

    #[test]
    fn removing_an_annotation_takes_its_relations_and_mentions_and_undo_restores_them() {
        let mut e = check_laws(
            CLAIM_TEXT,
            &[
                &|e| e.tag_claim(CpRange::new(12, 44)).unwrap(),
                &|e| e.set_speaker(&id("a3"), Speaker::Mention(id("a1"))),
                &|e| e.group(&[id("a1"), id("a2")]).unwrap(),
                &|_| Command::Remove(id("a1")),
            ],
        );
        let d = e.document();
        assert!(d.relations().is_empty());
        assert_eq!(d.entities().len(), 1);
        assert_eq!(d.entities()[0].mentions, [id("a2")]);
        assert_eq!(
            e.speaker_of(&id("a3")),
            Speaker::Other(Attribution::Unattributed)
        );
        // The last mention of an entity takes the entity with it.
        e.apply(Command::Remove(id("a2"))).unwrap();
        assert!(e.document().entities().is_empty());
        e.undo();
        assert_eq!(e.document().entities()[0].mentions, [id("a2")]);
    }

    #[test]
    fn grouping_merges_entities_and_ungrouping_splits_them() {
        let fixture = "[Antony Blinken|PERSON#a1], [anthony blinken|PERSON#a2], [Blinken|PERSON#a3] and [Secretary Blinken|PERSON#a4]";
        let e = check_laws(
            fixture,
            &[
                &|e| e.group(&[id("a3"), id("a1")]).unwrap(),
                &|e| e.group(&[id("a2"), id("a4")]).unwrap(),
                &|e| e.group(&[id("a4"), id("a3")]).unwrap(),
                &|e| e.ungroup(&id("a2")).unwrap(),
            ],
        );
        let entities: Vec<(&str, &str, Vec<&str>)> = e
            .document()
            .entities()
            .iter()
            .map(|x| {
                (
                    &*x.id.0,
                    &*x.name,
                    x.mentions.iter().map(|m| m.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(entities, [("e1", "Antony Blinken", vec!["a1", "a3", "a4"])]);
        assert_eq!(e.group(&[id("a1"), id("a3")]), None, "nothing to change");
        assert_eq!(e.group(&[]), None);
    }

    #[test]
    fn invalid_relations_and_entities_are_refused() {
        let mut e = editor(CLAIM_TEXT);
        e.apply(e.tag_claim(CpRange::new(12, 44)).unwrap()).unwrap();
        e.apply(e.set_speaker(&id("a3"), Speaker::Mention(id("a1"))))
            .unwrap();
        let without_person = {
            let mut schema = Schema::default();
            schema.labels.remove(0);
            schema
        };
        let mut bad_colour = Schema::default();
        bad_colour.labels[0].color = Rc::from("red");
        let relation = |rid: &str, kind: &str, from: &str, to: &str| {
            Command::AddRelation(Relation {
                id: RelationId(Rc::from(rid)),
                kind: Rc::from(kind),
                from: id(from),
                to: id(to),
            })
        };
        let entity = |name: &str, wikidata: Option<&str>, mentions: &[&str]| {
            Command::PutEntity(Entity {
                id: EntityId(Rc::from("e1")),
                name: Rc::from(name),
                wikidata: wikidata.map(Rc::from),
                mentions: mentions.iter().map(|m| id(m)).collect(),
            })
        };
        let cases = [
            (
                relation("r1", "alias", "a1", "a2"),
                "a relation with the id r1 exists already",
            ),
            (
                relation("r2", "speaker", "a3", "a2"),
                "claim a3 already has a speaker",
            ),
            (
                relation("r2", "speaker", "a1", "a2"),
                "a1 is of kind entity, not claim",
            ),
            (
                relation("r2", "cue", "a3", "a1"),
                "a1 is of kind entity, not cue",
            ),
            (
                relation("r2", "funds", "a1", "a2"),
                "the schema has no relation type \"funds\"",
            ),
            (
                relation("r2", "alias", "a1", "a1"),
                "a relation cannot link a1 to itself",
            ),
            (
                relation("r2", "alias", "a1", "a9"),
                "no annotation has the id a9",
            ),
            (
                Command::RemoveRelation(RelationId(Rc::from("r7"))),
                "no relation has the id r7",
            ),
            (entity(" ", None, &["a1"]), "an entity needs a name"),
            (
                entity("Blinken", Some("Q0"), &["a1"]),
                "\"Q0\" is not a Wikidata id (Q followed by a number, such as Q311440)",
            ),
            (
                entity("Blinken", None, &[]),
                "an entity needs at least one mention",
            ),
            (
                entity("Blinken", None, &["a3"]),
                "a3 is of kind claim, not entity",
            ),
            (
                Command::RemoveEntity(EntityId(Rc::from("e4"))),
                "no entity has the id e4",
            ),
            (
                Command::Relabel {
                    id: id("a3"),
                    label: Rc::from("ORG"),
                },
                "a3 is of kind claim, not entity",
            ),
            (
                Command::SetClaim {
                    id: id("a1"),
                    attributes: Box::default(),
                },
                "a1 is of kind entity, not claim",
            ),
            (Command::Batch(vec![]), "an empty batch changes nothing"),
            (
                Command::SetSchema(Box::new(without_person)),
                "2 annotation(s) still use the label \"PERSON\"",
            ),
            (
                Command::SetSchema(Box::new(bad_colour)),
                "colour \"red\" is not of the form #rrggbb",
            ),
            (
                Command::Add(Annotation {
                    claim: None,
                    ..Annotation::claim("a9", CpRange::new(0, 3), ClaimAttributes::default())
                }),
                "a claim must have the label \"CLAIM\" and claim attributes",
            ),
        ];
        let before = e.document().clone();
        for (command, expected) in cases {
            assert_eq!(
                e.apply(command.clone())
                    .map(|_| ())
                    .unwrap_err()
                    .to_string(),
                expected,
                "{command:?}"
            );
            assert_eq!(e.document(), &before);
        }
        // A batch that fails half-way leaves nothing behind.
        let batch = Command::Batch(vec![
            Command::Remove(id("a2")),
            entity("Blinken", None, &["a1"]),
            relation("r1", "alias", "a1", "a2"),
        ]);
        assert!(e.apply(batch).is_err());
        assert_eq!(e.document(), &before);
    }

    fn labels(e: &Editor) -> Vec<String> {
        e.schema()
            .labels
            .iter()
            .map(|l| {
                format!(
                    "{}{}",
                    l.name,
                    l.key.map(|k| format!(":{k}")).unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn an_exact_duplicate_is_refused_and_undo_still_restores_a_files_twins() {
        let mut e = editor("[Blinken|PERSON#a1] met [Shoukry|PERSON#a2]");
        let span = |id: &'static str, label: &'static str, start: usize, end: usize| {
            move |_: &Editor| Command::Add(Annotation::entity(id, label, CpRange::new(start, end)))
        };
        let claim = |e: &Editor| e.tag_claim(CpRange::new(0, 19)).unwrap();
        // (command, expected error) — the same text with another label or length is fine.
        type Make<'a> = &'a dyn Fn(&Editor) -> Command;
        let cases: [(Make, Option<&str>); 6] = [
            (
                &span("a3", "PERSON", 0, 7),
                Some("“Blinken” is tagged PERSON already"),
            ),
            (
                &span("a3", "PERSON", 12, 19),
                Some("“Shoukry” is tagged PERSON already"),
            ),
            (&span("a3", "ORG", 0, 7), None),
            (&span("a4", "PERSON", 0, 6), None),
            (&claim, None),
            (
                &claim,
                Some("“Blinken met Shoukry” is tagged CLAIM already"),
            ),
        ];
        for (command, expected) in cases {
            let result = e.apply(command(&e)).map(|_| ()).map_err(|e| e.to_string());
            assert_eq!(result, expected.map_or(Ok(()), |m| Err(m.to_string())));
        }
        // A file may hold twins; removing one and undoing brings it back.
        let mut document = parse_fixture("[Blinken|PERSON#a1] met Shoukry");
        document.insert(Annotation::entity("a2", "PERSON", CpRange::new(0, 7)));
        let mut e = Editor::new(document, Schema::default());
        e.apply(Command::Remove(AnnotationId::new("a2"))).unwrap();
        e.undo();
        e.redo();
        e.undo();
        assert_eq!(e.document().annotations().len(), 2);
    }

    #[test]
    fn labels_are_renamed_and_deleted_with_their_spans_in_one_undoable_step() {
        let fixture =
            "[Blinken|PERSON#a1] met [Shoukry|PERSON#a2] in [Cairo|GPE#a3] on [Thursday|DATE#a4]";
        let mut e = editor(fixture);
        let start_schema = e.schema().clone();
        e.apply(e.rename_label("PERSON", "PER").unwrap().unwrap())
            .unwrap();
        assert_eq!(
            render_fixture(e.document()),
            "[Blinken|PER#a1] met [Shoukry|PER#a2] in [Cairo|GPE#a3] on [Thursday|DATE#a4]"
        );
        assert_eq!(
            labels(&e),
            ["PER:1", "ORG:2", "GPE:3", "LOC:4", "DATE:5", "EVENT:6", "MISC:7"]
        );
        e.apply(
            e.delete_label("GPE", SpanFate::Relabel(Rc::from("LOC")))
                .unwrap(),
        )
        .unwrap();
        e.apply(e.delete_label("DATE", SpanFate::Delete).unwrap())
            .unwrap();
        assert_eq!(
            render_fixture(e.document()),
            "[Blinken|PER#a1] met [Shoukry|PER#a2] in [Cairo|LOC#a3] on Thursday"
        );
        assert_eq!(labels(&e), ["PER:1", "ORG:2", "LOC:4", "EVENT:6", "MISC:7"]);
        for _ in 0..3 {
            e.undo();
        }
        assert_eq!(render_fixture(e.document()), fixture);
        assert_eq!(e.schema(), &start_schema);
        assert_eq!(e.rename_label("PERSON", "PERSON"), Ok(None));
        assert_eq!(e.rename_label("NOPE", "X"), Ok(None));
        // Renaming onto an existing label, in any case, is refused before anything changes;
        // a label may change its own case.
        for onto in ["ORG", "org", " Org "] {
            assert_eq!(
                e.rename_label("PERSON", onto).unwrap_err().to_string(),
                "A label named “ORG” exists already: names must differ by more than upper and lower case"
            );
        }
        assert!(e.rename_label("PERSON", "Person").unwrap().is_some());
        assert_eq!(render_fixture(e.document()), fixture);
    }

    #[test]
    fn labels_are_added_recoloured_and_rekeyed_with_the_label_editors_words() {
        let mut e = editor("[Blinken|PERSON#a1] in Cairo");
        e.apply(e.add_label("  NORP ", "#AABBCC", Some('8')).unwrap())
            .unwrap();
        e.apply(e.recolor_label("PERSON", "#000000").unwrap())
            .unwrap();
        e.apply(e.rekey_label("ORG", None).unwrap()).unwrap();
        assert_eq!(
            labels(&e),
            ["PERSON:1", "ORG", "GPE:3", "LOC:4", "DATE:5", "EVENT:6", "MISC:7", "NORP:8"]
        );
        assert_eq!(&*e.schema().labels[0].color, "#000000");
        assert_eq!(&*e.schema().labels[7].color, "#aabbcc");
        let refused = [
            (
                e.add_label(" ", "#000000", None),
                "A new label needs a name",
            ),
            (
                e.add_label("X", "red", None),
                "colour \"red\" is not of the form #rrggbb",
            ),
            (
                e.add_label("X", "#000000", Some('%')),
                "A label's key must be a letter or digit, not “%”",
            ),
            (
                e.rekey_label("ORG", Some('%')),
                "A label's key must be a letter or digit, not “%”",
            ),
            (
                e.recolor_label("ORG", "#12345"),
                "colour \"#12345\" is not of the form #rrggbb",
            ),
            (
                e.recolor_label("NOPE", "#123456"),
                "the schema has no label \"NOPE\"",
            ),
        ];
        for (result, expected) in refused {
            assert_eq!(result.unwrap_err().to_string(), expected);
        }
        // A key a shortcut uses is refused with that shortcut's name.
        let taken = crate::model::keymap::SHORTCUTS
            .iter()
            .flat_map(|s| s.chords.iter())
            .find_map(|c| {
                let mut chars = c.key.chars();
                let key = chars.next()?;
                (!c.ctrl && chars.next().is_none() && key.is_ascii_alphanumeric()).then_some(key)
            })
            .expect("some shortcut is a plain letter");
        let error = e.rekey_label("ORG", Some(taken)).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with(&format!("The key “{taken}” is taken: ")),
            "{error}"
        );
        assert_eq!(
            crate::model::keymap::label_key_error(taken).map(|e| e.to_string()),
            Some(error.to_string())
        );
        // A key another label has is refused when the schema is set.
        let command = e.rekey_label("ORG", Some('1')).unwrap();
        assert_eq!(
            e.apply(command).unwrap_err().to_string(),
            "key '1' is used by both \"PERSON\" and \"ORG\""
        );
        for _ in 0..3 {
            e.undo();
        }
        assert_eq!(e.schema(), &Schema::default());
    }

    #[test]
    fn an_adopted_schema_keeps_the_labels_in_use() {
        let mut e = editor("[Blinken|PERSON#a1] in [Cairo|GPE#a2]");
        let mut schema = Schema::default();
        schema.labels.retain(|l| &*l.name == "ORG");
        e.apply(e.adopt_schema(schema)).unwrap();
        assert_eq!(labels(&e), ["ORG:2", "PERSON", "GPE"]);
        e.undo();
        assert_eq!(e.schema(), &Schema::default());
    }

    #[test]
    fn entity_edits_are_trimmed_checked_and_skipped_when_nothing_changes() {
        let mut e = editor("[Antony Blinken|PERSON#a1] and [Blinken|PERSON#a2]");
        e.apply(e.group(&[id("a1"), id("a2")]).unwrap()).unwrap();
        let entity = EntityId(Rc::from("e1"));
        let name_and_wikidata = |e: &Editor| {
            let x = e.document().entity(&entity).unwrap();
            (x.name.to_string(), x.wikidata.as_deref().map(String::from))
        };
        let command = e
            .edit_entity(&entity, " Tony Blinken ", " Q311440 ")
            .unwrap();
        e.apply(command.unwrap()).unwrap();
        assert_eq!(
            name_and_wikidata(&e),
            ("Tony Blinken".into(), Some("Q311440".into()))
        );
        assert_eq!(e.edit_entity(&entity, "Tony Blinken", "Q311440 "), Ok(None));
        let command = e.edit_entity(&entity, "Tony Blinken", "  ").unwrap();
        e.apply(command.unwrap()).unwrap();
        assert_eq!(name_and_wikidata(&e), ("Tony Blinken".into(), None));
        let refusals = [
            (
                e.edit_entity(&entity, "Blinken", " Q0 "),
                "“Q0” is not a Wikidata id: it is Q followed by a number, such as Q311440",
            ),
            (
                e.edit_entity(&EntityId(Rc::from("e9")), "Blinken", ""),
                "no entity has the id e9",
            ),
        ];
        for (result, expected) in refusals {
            assert_eq!(result.unwrap_err().to_string(), expected);
        }
        assert_eq!(
            e.edit_entity(&entity, "  ", "").unwrap_err().to_string(),
            "an entity needs a name"
        );
        assert_eq!(
            e.edit_entity(&entity, "  ", "Q0").unwrap_err(),
            CommandError::NotAWikidataId("Q0".into()),
            "the id is named first, as the entity box always did"
        );
    }

    #[test]
    fn undo_forgets_the_oldest_step_past_the_limit() {
        let mut e = editor("Blinken");
        let tag = Command::Add(Annotation::entity("a1", "PERSON", CpRange::new(0, 7)));
        for i in 0..UNDO_LIMIT + 3 {
            let command = if i % 2 == 0 {
                tag.clone()
            } else {
                Command::Remove(id("a1"))
            };
            e.apply(command).unwrap();
        }
        assert_eq!(e.undo_depth(), UNDO_LIMIT);
        while e.undo().is_some() {}
        assert_eq!(e.redo_depth(), UNDO_LIMIT);
        // The three oldest steps are forgotten: an odd number, so the span stays tagged.
        assert_eq!(render_fixture(e.document()), "[Blinken|PERSON#a1]");
    }
}
