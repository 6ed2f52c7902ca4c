//! Several annotators' versions of one document: the same text, each annotator's own layer of
//! spans, claims, relations and entities. One layer is shown and edited (the document's own
//! annotations); the others wait in [`Version`]s until shown. Agreement compares them
//! ([`Document::version_documents`]); opening a file decides where it goes ([`placement`]).
//!
//! A document with one layer keeps no versions, only who annotated it (`None`: the person's own
//! work, not yet named). Once a second layer is stacked every version has a name, unique in the
//! document; a version without one is named "annotator 1", "annotator 2"… (the first free
//! number). Every transform here returns a new document; the editor applies it as
//! [`crate::model::command::Command::Versions`], so each is one undoable step.

use std::rc::Rc;

use thiserror::Error;

use crate::model::document::{Annotation, Document, Entity, Relation};

/// One annotator's layer: everything they annotated of the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layer {
    /// In the document's text order.
    pub annotations: Vec<Annotation>,
    pub relations: Vec<Relation>,
    pub entities: Vec<Entity>,
}

impl Layer {
    pub fn is_empty(&self) -> bool {
        self.annotations.is_empty() && self.relations.is_empty() && self.entities.is_empty()
    }
}

/// An annotator's version of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub annotator: Rc<str>,
    /// `None` for the version shown: its layer is the document's own annotations.
    layer: Option<Rc<Layer>>,
}

impl Version {
    /// The layer of a version not shown; `None` for the one shown.
    pub fn layer(&self) -> Option<&Layer> {
        self.layer.as_deref()
    }

    /// The layer of a version not shown, to change (a text edit moves its spans too).
    pub(super) fn layer_mut(&mut self) -> Option<&mut Layer> {
        self.layer.as_mut().map(Rc::make_mut)
    }
}

/// What the versions list shows of one version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionRow {
    /// `None` only for the one layer of a document nobody named.
    pub annotator: Option<Rc<str>>,
    /// Annotations of every kind.
    pub n_spans: usize,
    pub shown: bool,
}

/// Why a version cannot be stacked, shown or renamed.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum VersionError {
    /// The first code point at which the texts differ (the shorter text's length when one is
    /// the start of the other).
    #[error("its text differs from the document's at character {offset} (counted in code points from 0)")]
    TextDiffers { offset: usize },
    #[error("an annotator's name cannot be empty")]
    EmptyName,
    #[error("another version is named “{0}” already")]
    NameTaken(String),
    #[error("the document has no version {0}")]
    NoSuchVersion(usize),
    #[error("this changes nothing")]
    NothingToChange,
}

/// Where an opened version goes in a document with the same text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// In place of the one layer (unnamed and empty, or the same annotator's).
    Replace,
    /// In place of the version of the same annotator.
    ReplaceVersion(usize),
    /// As a new version.
    Stack,
}

/// The code point at which two texts first differ; `None` when they are the same.
pub fn first_difference(a: &str, b: &str) -> Option<usize> {
    let mut a_chars = a.chars();
    let mut b_chars = b.chars();
    let mut offset = 0;
    loop {
        match (a_chars.next(), b_chars.next()) {
            (None, None) => return None,
            (x, y) if x != y => return Some(offset),
            _ => offset += 1,
        }
    }
}

/// "annotator N" for the smallest N ≥ 1 that no name in `taken` uses.
pub fn next_free_name<'a>(taken: impl IntoIterator<Item = &'a str> + Clone) -> Rc<str> {
    (1..)
        .map(|n| format!("annotator {n}"))
        .find(|name| !taken.clone().into_iter().any(|t| t == name))
        .map(Rc::from)
        .expect("some number is free")
}

/// Where a file annotated by `incoming` (`None`: not said) goes in `existing`, whose text it
/// has: a version of the same annotator is replaced, a document of one unnamed, empty layer
/// takes it in place, and so does one unnamed layer when the file is unnamed too or is by
/// `mine` (the person's name: re-opening one's own file, as before versions); otherwise it is
/// stacked.
pub fn placement(existing: &Document, incoming: Option<&str>, mine: Option<&str>) -> Placement {
    if let Some(name) = incoming {
        if let Some(index) = existing.versions.iter().position(|v| &*v.annotator == name) {
            return Placement::ReplaceVersion(index);
        }
        if existing.versions.is_empty() && existing.annotator.as_deref() == Some(name) {
            return Placement::Replace;
        }
    }
    let one_unnamed = existing.versions.is_empty() && existing.annotator.is_none();
    let own = incoming.is_none() || incoming == mine;
    if one_unnamed && (own || existing.layer().is_empty()) {
        Placement::Replace
    } else {
        Placement::Stack
    }
}

fn checked_name(name: &str) -> Result<Rc<str>, VersionError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(VersionError::EmptyName);
    }
    Ok(Rc::from(name))
}

fn same_text(document: &Document, incoming: &Document) -> Result<(), VersionError> {
    match first_difference(document.text(), incoming.text()) {
        None => Ok(()),
        Some(offset) => Err(VersionError::TextDiffers { offset }),
    }
}

impl Document {
    /// Who annotated the layer shown; `None` when not said.
    pub fn annotator(&self) -> Option<&Rc<str>> {
        self.annotator.as_ref()
    }

    /// The same document with its one layer's annotator set (or cleared). A document with
    /// versions has every layer named already and stays as it is.
    pub fn with_annotator(mut self, annotator: Option<Rc<str>>) -> Document {
        if self.versions.is_empty() {
            self.annotator = annotator;
        }
        self
    }

    /// Every version in the order stacked (empty for a document of one layer).
    pub fn versions(&self) -> &[Version] {
        &self.versions
    }

    /// The index of the version shown (0 for a document of one layer).
    pub fn shown_version(&self) -> usize {
        self.versions
            .iter()
            .position(|v| v.layer.is_none())
            .unwrap_or(0)
    }

    /// One row per version, in the order stacked; a document of one layer has one row.
    pub fn version_rows(&self) -> Vec<VersionRow> {
        if self.versions.is_empty() {
            return vec![VersionRow {
                annotator: self.annotator.clone(),
                n_spans: self.annotations().len(),
                shown: true,
            }];
        }
        self.versions
            .iter()
            .map(|v| VersionRow {
                annotator: Some(Rc::clone(&v.annotator)),
                n_spans: v
                    .layer
                    .as_ref()
                    .map_or(self.annotations().len(), |l| l.annotations.len()),
                shown: v.layer.is_none(),
            })
            .collect()
    }

    /// A copy of the layer shown.
    pub fn layer(&self) -> Layer {
        Layer {
            annotations: self.annotations().to_vec(),
            relations: self.relations().to_vec(),
            entities: self.entities().to_vec(),
        }
    }

    /// The layer shown alone, with its annotator: what a single-document export writes.
    pub fn shown_only(&self) -> Document {
        let mut document = self.clone();
        document.versions.clear();
        document.left_out_of_gold.clear();
        document
    }

    /// Every version as a document of its own (same id, title and text, no versions), with
    /// its annotator, in the order stacked: what agreement compares. A document of one layer
    /// gives itself.
    pub fn version_documents(&self) -> Vec<(Option<Rc<str>>, Document)> {
        if self.versions.is_empty() {
            return vec![(self.annotator.clone(), self.shown_only())];
        }
        self.versions
            .iter()
            .map(|v| {
                let mut document = self.shown_only();
                if let Some(layer) = &v.layer {
                    let mut layer = Layer::clone(layer);
                    document.swap_layer(&mut layer);
                }
                document.annotator = Some(Rc::clone(&v.annotator));
                (Some(Rc::clone(&v.annotator)), document)
            })
            .collect()
    }

    fn names(&self) -> Vec<Rc<str>> {
        self.versions
            .iter()
            .map(|v| Rc::clone(&v.annotator))
            .collect()
    }
}

/// `existing` with `incoming`'s layer stacked as a new version and shown. The incoming file's
/// annotator names it, or the first free "annotator N"; when `existing` had one layer, that
/// layer is named first: by its annotator, else by `mine` (the person's name) when free, else
/// the first free "annotator N".
pub fn stack(
    existing: &Document,
    incoming: &Document,
    mine: Option<&str>,
) -> Result<Document, VersionError> {
    same_text(existing, incoming)?;
    let mut document = existing.clone();
    if document.versions.is_empty() {
        let name = match (&document.annotator, mine.map(str::trim)) {
            (Some(name), _) => Rc::clone(name),
            (None, Some(mine))
                if !mine.is_empty() && incoming.annotator.as_deref() != Some(mine) =>
            {
                Rc::from(mine)
            }
            _ => {
                let taken: Vec<&str> = incoming.annotator.as_deref().into_iter().collect();
                next_free_name(taken.iter().copied())
            }
        };
        document.annotator = Some(Rc::clone(&name));
        document.versions.push(Version {
            annotator: name,
            layer: None,
        });
    }
    let names = document.names();
    let name = match &incoming.annotator {
        Some(name) => checked_name(name)?,
        None => next_free_name(names.iter().map(|n| &**n)),
    };
    if names.contains(&name) {
        return Err(VersionError::NameTaken(name.to_string()));
    }
    document.versions.push(Version {
        annotator: name,
        layer: Some(Rc::new(incoming.layer())),
    });
    show(&document, document.versions.len() - 1)
}

/// `existing` with `incoming`'s layer in place of version `index` (or of the one layer), shown.
pub fn replace(
    existing: &Document,
    incoming: &Document,
    index: usize,
) -> Result<Document, VersionError> {
    same_text(existing, incoming)?;
    let mut document = show(existing, index).or_else(|e| match e {
        VersionError::NothingToChange => Ok(existing.clone()),
        e => Err(e),
    })?;
    let mut layer = incoming.layer();
    document.swap_layer(&mut layer);
    if document.versions.is_empty() {
        document.annotator = incoming.annotator.clone();
    }
    Ok(document)
}

/// `existing` showing version `index`: the layer shown goes into its version, `index`'s comes out.
pub fn show(existing: &Document, index: usize) -> Result<Document, VersionError> {
    if existing.versions.is_empty() && index == 0 || existing.shown_version() == index {
        return Err(VersionError::NothingToChange);
    }
    if index >= existing.versions.len() {
        return Err(VersionError::NoSuchVersion(index));
    }
    let mut document = existing.clone();
    let shown = document.shown_version();
    let taken = document.versions[index]
        .layer
        .take()
        .expect("a version not shown keeps its layer");
    let mut layer = Rc::unwrap_or_clone(taken);
    document.swap_layer(&mut layer);
    document.versions[shown].layer = Some(Rc::new(layer));
    document.annotator = Some(Rc::clone(&document.versions[index].annotator));
    Ok(document)
}

/// `existing` with version `index` (or the one layer) named `name`, trimmed; unique.
pub fn rename(existing: &Document, index: usize, name: &str) -> Result<Document, VersionError> {
    let name = checked_name(name)?;
    let mut document = existing.clone();
    if document.versions.is_empty() {
        if index != 0 {
            return Err(VersionError::NoSuchVersion(index));
        }
        if document.annotator.as_ref() == Some(&name) {
            return Err(VersionError::NothingToChange);
        }
        document.annotator = Some(name);
        return Ok(document);
    }
    let Some(version) = document.versions.get(index) else {
        return Err(VersionError::NoSuchVersion(index));
    };
    if version.annotator == name {
        return Err(VersionError::NothingToChange);
    }
    if document.versions.iter().any(|v| v.annotator == name) {
        return Err(VersionError::NameTaken(name.to_string()));
    }
    if version.layer.is_none() {
        document.annotator = Some(Rc::clone(&name));
    }
    document.versions[index].annotator = name;
    Ok(document)
}

/// A document read from a file with its versions: `versions` in the order stacked, each with
/// its layer, `None` for the one shown (the document's own). Refused when the names are not
/// unique and non-empty, or not exactly one is shown.
pub fn with_versions(
    mut document: Document,
    versions: Vec<(Rc<str>, Option<Layer>)>,
) -> Result<Document, VersionError> {
    if versions.is_empty() {
        return Ok(document);
    }
    let mut seen: Vec<Rc<str>> = Vec::new();
    let mut shown = None;
    for (i, (name, layer)) in versions.iter().enumerate() {
        let name = checked_name(name)?;
        if seen.contains(&name) {
            return Err(VersionError::NameTaken(name.to_string()));
        }
        if layer.is_none() {
            if shown.is_some() {
                return Err(VersionError::NoSuchVersion(i));
            }
            shown = Some(Rc::clone(&name));
        }
        seen.push(name);
    }
    let Some(shown) = shown else {
        return Err(VersionError::NoSuchVersion(versions.len()));
    };
    document.annotator = Some(shown);
    document.versions = versions
        .into_iter()
        .map(|(annotator, layer)| Version {
            annotator: Rc::from(annotator.trim()),
            layer: layer.map(Rc::new),
        })
        .collect();
    Ok(document)
}
