//! Commands: every change to the editor's state is a [`Command`] applied by [`Editor::apply`].
//!
//! Applying a command yields its inverse, which goes on the undo stack; undo applies the inverse
//! and pushes *its* inverse on the redo stack. There is no second code path for undo, so a
//! command that applies correctly also undoes correctly. Each application reports a [`Change`]
//! that tells the view what it has to redraw.

use std::rc::Rc;

use thiserror::Error;

use crate::model::document::{Annotation, AnnotationId, Document, SpanKind};
use crate::model::offsets::CpRange;
use crate::model::schema::Schema;

/// How many steps undo remembers. Older steps are forgotten first.
pub const UNDO_LIMIT: usize = 10_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Adds an annotation with the id it carries (see [`Editor::tag`] for a fresh one).
    Add(Annotation),
    Remove(AnnotationId),
    Relabel {
        id: AnnotationId,
        label: Rc<str>,
    },
    /// Replaces the document and schema at once: opening a file or starting a new document.
    Replace {
        document: Box<Document>,
        schema: Box<Schema>,
    },
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum CommandError {
    #[error("no annotation has the id {0}")]
    UnknownAnnotation(AnnotationId),
    #[error("an annotation with the id {0} exists already")]
    DuplicateId(AnnotationId),
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
}

/// What a command changed, so the view can redraw only that.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// These ranges of text need their highlights redrawn; `focus` is the annotation the change
    /// is about (added, relabelled, or removed).
    Spans {
        ranges: Vec<CpRange>,
        focus: AnnotationId,
    },
    /// Everything changed: a different document or schema.
    Everything,
}

/// The editor's whole state: one document, its schema, and the undo/redo history.
#[derive(Clone, Debug)]
pub struct Editor {
    document: Document,
    schema: Schema,
    undo: Vec<Command>,
    redo: Vec<Command>,
}

impl Editor {
    pub fn new(document: Document, schema: Schema) -> Editor {
        Editor {
            document,
            schema,
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    pub fn document(&self) -> &Document {
        &self.document
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

    /// The command that tags a selection with a label: whitespace trimmed at both ends, a fresh
    /// id. `None` when the selection holds nothing but whitespace.
    pub fn tag(&self, selection: CpRange, label: &str) -> Option<Command> {
        let range = self.document.trim_selection(selection)?;
        Some(Command::Add(Annotation {
            id: self.document.fresh_id(),
            kind: SpanKind::Entity,
            label: Rc::from(label),
            range,
        }))
    }

    /// Applies a command and records its inverse for undo. A new command clears the redo stack.
    pub fn apply(&mut self, command: Command) -> Result<Change, CommandError> {
        let (inverse, change) = self.apply_raw(command)?;
        self.undo.push(inverse);
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        Ok(change)
    }

    /// Undoes the last command; `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Option<Change> {
        let inverse = self.undo.pop()?;
        let (redo, change) = self
            .apply_raw(inverse)
            .expect("the inverse of an applied command always applies");
        self.redo.push(redo);
        Some(change)
    }

    /// Redoes the last undone command; `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Option<Change> {
        let command = self.redo.pop()?;
        let (inverse, change) = self
            .apply_raw(command)
            .expect("an undone command always applies again");
        self.undo.push(inverse);
        Some(change)
    }

    fn apply_raw(&mut self, command: Command) -> Result<(Command, Change), CommandError> {
        match command {
            Command::Add(annotation) => {
                self.check_new(&annotation)?;
                let change = Change::Spans {
                    ranges: vec![annotation.range],
                    focus: annotation.id.clone(),
                };
                let inverse = Command::Remove(annotation.id.clone());
                self.document.insert(annotation);
                Ok((inverse, change))
            }
            Command::Remove(id) => {
                let removed = self
                    .document
                    .remove(&id)
                    .ok_or(CommandError::UnknownAnnotation(id))?;
                let change = Change::Spans {
                    ranges: vec![removed.range],
                    focus: removed.id.clone(),
                };
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
                let old_label = std::mem::replace(&mut annotation.label, label);
                let change = Change::Spans {
                    ranges: vec![annotation.range],
                    focus: id.clone(),
                };
                Ok((
                    Command::Relabel {
                        id,
                        label: old_label,
                    },
                    change,
                ))
            }
            Command::Replace { document, schema } => {
                let old_document = std::mem::replace(&mut self.document, *document);
                let old_schema = std::mem::replace(&mut self.schema, *schema);
                let inverse = Command::Replace {
                    document: Box::new(old_document),
                    schema: Box::new(old_schema),
                };
                Ok((inverse, Change::Everything))
            }
        }
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
        if self.schema.label(&annotation.label).is_none() {
            return Err(CommandError::UnknownLabel(annotation.label.to_string()));
        }
        if self.document.annotation(&annotation.id).is_some() {
            return Err(CommandError::DuplicateId(annotation.id.clone()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
                let c = Command::Add(Annotation {
                    id: id("a3"),
                    kind: SpanKind::Entity,
                    label: Rc::from("MISC"),
                    range: CpRange::new(26, 43),
                });
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
            Command::Add(Annotation {
                id: id(id_),
                kind: SpanKind::Entity,
                label: Rc::from(label),
                range: CpRange::new(start, end),
            })
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
        assert_eq!(
            change,
            Change::Spans {
                ranges: vec![CpRange::new(0, 7)],
                focus: id("a1")
            }
        );
        assert_eq!(
            e.undo(),
            Some(Change::Spans {
                ranges: vec![CpRange::new(0, 7)],
                focus: id("a1")
            })
        );
    }
}
