//! Who annotated, and the annotators' versions of one document: the person's annotator name
//! (remembered with the settings, written into every export), Spanwise files opened as
//! versions of the document with the same text, and showing or renaming a version.
//!
//! A Spanwise file is opened as a version when it says who annotated it, when it is one of
//! several of the same text chosen together, or when the document with its text has versions or a named layer
//! already; otherwise it opens as it always did (an unnamed file of the same document replaces
//! it, undoably). Where a version goes is [`versions::placement`]'s decision.

use std::rc::Rc;

use super::{Effect, Persist, Session};
use crate::formats::interchange::InputFile;
use crate::model::document::Document;
use crate::model::schema::Schema;
use crate::model::versions::{self, Placement, VersionError};

/// The longest annotator name kept (longer names are cut, at a character boundary).
pub const MAX_ANNOTATOR_NAME: usize = 80;

impl Session {
    /// The person's annotator name, as remembered (set once, kept across reloads).
    pub fn annotator_name(&self) -> Option<&Rc<str>> {
        self.annotator.as_ref()
    }

    /// Changes with every name or rename asked for: the fields show the model's names again.
    pub fn versions_revision(&self) -> u32 {
        self.versions_revision
    }

    /// The session with the annotator name read from storage at start.
    pub fn with_annotator_name(mut self, name: Option<&str>) -> Session {
        self.annotator = name.and_then(clean_name);
        self
    }

    pub(super) fn set_annotator_name(&mut self, name: &str) -> bool {
        let name = clean_name(name);
        if name == self.annotator {
            return false;
        }
        self.annotator = name;
        self.effects.push(Effect::RememberAnnotator(
            self.annotator.as_deref().map(String::from),
        ));
        match &self.annotator {
            Some(name) => self.info(&format!(
                "Annotator name set to “{name}”: your exports carry it"
            )),
            None => self.info("Annotator name cleared: exports carry none"),
        }
    }

    /// What an export writes of a document: the layer shown alone, with its annotator — the
    /// version's, else the person's name.
    pub fn export_document(&self, document: &Document) -> Document {
        let annotator = document
            .annotator()
            .cloned()
            .or_else(|| self.annotator.clone());
        document.shown_only().with_annotator(annotator)
    }

    /// What the workspace file writes of a document: every version, and the person's name on
    /// a document of one layer nobody named.
    pub(super) fn workspace_export_document<'a>(
        &self,
        document: &'a Document,
    ) -> std::borrow::Cow<'a, Document> {
        match (document.annotator(), &self.annotator) {
            (None, Some(name)) => {
                std::borrow::Cow::Owned(document.clone().with_annotator(Some(Rc::clone(name))))
            }
            _ => std::borrow::Cow::Borrowed(document),
        }
    }

    pub(super) fn show_version(&mut self, index: usize) -> bool {
        let document = self.editor().document();
        match versions::show(document, index) {
            Ok(shown) => {
                let name = shown.annotator().map(|a| a.to_string()).unwrap_or_default();
                let command = self.editor().versions_command(shown, None);
                self.run_then_say(command, &format!("Showing {name}’s version"))
            }
            Err(VersionError::NothingToChange) => false,
            Err(e) => self.error(&e.to_string()),
        }
    }

    pub(super) fn rename_version(&mut self, index: usize, name: &str) -> bool {
        let document = self.editor().document();
        match versions::rename(document, index, name) {
            Ok(renamed) => {
                let command = self.editor().versions_command(renamed, None);
                self.run_then_say(command, &format!("Version renamed “{}”", name.trim()))
            }
            Err(VersionError::NothingToChange) => false,
            Err(e) => self.error(&format!("Not renamed: {e}")),
        }
    }

    /// Opens Spanwise documents as versions where they belong. `None` when none of them is
    /// opened as a version: they open as before.
    pub(super) fn open_as_versions(
        &mut self,
        documents: &[(Document, Schema)],
        names: &str,
        files: &[InputFile],
    ) -> Option<bool> {
        // Files of the same text chosen together are versions of it (several files of
        // different documents open as they always did).
        let shared = |document: &Document| {
            documents
                .iter()
                .filter(|(other, _)| other.text() == document.text())
                .count()
                > 1
        };
        let target_of = |session: &Session, document: &Document| {
            session
                .workspace
                .entries()
                .iter()
                .position(|e| *e.text() == *document.text())
        };
        // The documents with these texts must be in memory to take a version.
        let resting = self.workspace.resting_among(
            documents
                .iter()
                .filter_map(|(d, _)| target_of(self, d))
                .map(|i| self.workspace.entries()[i].document_id().as_str()),
        );
        if !resting.is_empty() {
            return Some(self.read_then(resting, super::Intent::FilesRead(files.to_vec())));
        }
        let named_target = |session: &Session, document: &Document| {
            target_of(session, document).is_some_and(|i| {
                session.workspace.entries()[i]
                    .editor()
                    .is_some_and(|e| e.document().annotator().is_some())
            })
        };
        let as_versions = documents
            .iter()
            .any(|(d, _)| shared(d) || d.annotator().is_some() || named_target(self, d));
        if !as_versions {
            return None;
        }
        if let Err(refusal) = self.check_versions(documents) {
            return Some(self.error(&format!(
                "Not opened: {refusal}. Your work on screen is unchanged."
            )));
        }
        let mut first = None;
        let mut opened: Vec<(Rc<str>, String)> = Vec::new();
        for (incoming, schema) in documents {
            let index = match target_of(self, incoming) {
                Some(index) => {
                    self.workspace.switch_to(index);
                    let existing = self.editor().document();
                    let mut incoming = incoming.clone();
                    if shared(&incoming) && incoming.annotator().is_none() {
                        let taken: Vec<Rc<str>> = existing
                            .version_rows()
                            .into_iter()
                            .filter_map(|r| r.annotator)
                            .collect();
                        let name = versions::next_free_name(taken.iter().map(|n| &**n));
                        incoming = incoming.with_annotator(Some(name));
                    }
                    let mine = self.annotator.as_deref();
                    let by = incoming.annotator().map(|a| &**a);
                    let placed = match versions::placement(existing, by, mine) {
                        Placement::Replace => versions::replace(existing, &incoming, 0),
                        Placement::ReplaceVersion(i) => versions::replace(existing, &incoming, i),
                        Placement::Stack => versions::stack(existing, &incoming, mine),
                    }
                    .expect("checked: the text is the same and the name is free");
                    let command = self.editor().versions_command(placed, Some(schema));
                    self.workspace
                        .edit(command)
                        .expect("the versions of the open document, labels included");
                    index
                }
                None => {
                    let mut incoming = incoming.clone();
                    if shared(&incoming) && incoming.annotator().is_none() {
                        incoming = incoming.with_annotator(Some(versions::next_free_name([])));
                    }
                    match self.workspace.open(incoming, schema.clone()) {
                        Ok(index) => index,
                        Err(e) => return Some(self.error(&format!("Not opened: {e}"))),
                    }
                }
            };
            first.get_or_insert(index);
            let document = self.editor().document();
            opened.push((
                Rc::clone(&document.title),
                document
                    .annotator()
                    .map(|a| a.to_string())
                    .unwrap_or_default(),
            ));
            self.effects
                .push(Effect::Persist(Persist::Document(document.id.clone())));
        }
        if let Some(first) = first {
            self.workspace.switch_to(first);
        }
        self.effects.push(Effect::Persist(Persist::Index));
        self.reload_view();
        // An annotator's updated file while adjudicating: planned again, decisions kept.
        self.replan_adjudication();
        let rows = self.editor().document().version_rows().len();
        let who: Vec<String> = opened
            .iter()
            .map(|(title, annotator)| format!("“{title}” by {annotator}"))
            .collect();
        Some(self.info(&format!(
            "Opened {names} as annotator versions: {} (the open document has {rows} version{})",
            who.join(", "),
            if rows == 1 { "" } else { "s" }
        )))
    }

    /// Of a workspace file's documents, those that are another annotator's work on a document
    /// here (same text; it names its annotator, and the one here another or has versions), as
    /// documents to stack; and the rest, to merge as before.
    pub(super) fn versions_among(
        &self,
        entries: Vec<crate::model::workspace::Entry>,
    ) -> (Vec<(Document, Schema)>, Vec<crate::model::workspace::Entry>) {
        let mut versions = Vec::new();
        let mut rest = Vec::new();
        for entry in entries {
            let incoming = entry.editor().map(|e| (e.document(), e.schema()));
            let another = incoming.is_some_and(|(document, _)| {
                document.annotator().is_some()
                    && self.workspace.entries().iter().any(|here| {
                        *here.text() == *document.text()
                            && here.editor().is_some_and(|e| {
                                let here = e.document();
                                here.annotator() != document.annotator()
                                    || !here.versions().is_empty()
                            })
                    })
            });
            match incoming {
                Some((document, schema)) if another => {
                    versions.push((document.clone(), schema.clone()))
                }
                _ => rest.push(entry),
            }
        }
        (versions, rest)
    }

    /// Whether every document can go where it would: one with the title of a document here
    /// (or of one opened with it) but another text is refused with the first differing
    /// character.
    fn check_versions(&self, documents: &[(Document, Schema)]) -> Result<(), String> {
        let mut known: Vec<(Rc<str>, Rc<str>)> = self
            .workspace
            .entries()
            .iter()
            .map(|e| (Rc::clone(e.title()), e.text()))
            .collect();
        for (incoming, _) in documents {
            if known.iter().any(|(_, text)| **text == *incoming.text()) {
                continue;
            }
            if let Some((title, text)) = known.iter().find(|(title, _)| **title == *incoming.title)
            {
                let offset = versions::first_difference(text, incoming.text()).unwrap_or(0);
                return Err(format!(
                    "“{}” is not a version of the document “{title}”: {}",
                    incoming.title,
                    VersionError::TextDiffers { offset }
                ));
            }
            known.push((Rc::clone(&incoming.title), incoming.shared_text()));
        }
        Ok(())
    }
}

/// A name as kept: trimmed, at most [`MAX_ANNOTATOR_NAME`] characters; `None` when empty.
fn clean_name(name: &str) -> Option<Rc<str>> {
    let name: String = name.trim().chars().take(MAX_ANNOTATOR_NAME).collect();
    let name = name.trim_end();
    (!name.is_empty()).then(|| Rc::from(name))
}
