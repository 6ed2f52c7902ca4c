//! The document model: pure Rust, no web dependencies, tested natively.
//!
//! Text and offsets ([`offsets`]), documents and annotations ([`document`]), claims and their
//! attributes ([`claim`]), entity grouping ([`identity`]), the label schema ([`schema`]),
//! commands with undo/redo ([`command`]), the workspace of documents ([`workspace`]), the
//! keyboard shortcuts ([`keymap`]), the segmentation used for rendering ([`layout`]), the
//! annotation statistics ([`stats`]), short forms of text for the screen ([`text`]), edits of
//! the text that annotations follow ([`text_edit`]) and the rejected suggestions that follow it
//! too ([`rejections`]), undo and redo carried over a colleague's text edit ([`rebase`]), and the annotators' versions of one document ([`versions`]).

pub mod adjudication;
pub mod claim;
pub mod command;
pub mod document;
pub mod entry;
pub mod identity;
pub mod keymap;
pub mod layout;
pub mod offsets;
pub mod order;
pub mod rebase;
pub mod rejections;
pub mod schema;
pub mod stats;
pub mod text;
pub mod text_edit;
pub mod text_edits;
pub mod versions;
pub mod workspace;

#[cfg(test)]
pub mod fixture;
#[cfg(test)]
mod tests_adjudication;
#[cfg(test)]
mod tests_versions;
