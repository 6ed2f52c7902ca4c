//! The document model: pure Rust, no web dependencies, tested natively.
//!
//! Text and offsets ([`offsets`]), documents and annotations ([`document`]), the label schema
//! ([`schema`]), commands with undo/redo ([`command`]) and the segmentation used for rendering
//! ([`layout`]).

pub mod claim;
pub mod command;
pub mod document;
pub mod identity;
pub mod keymap;
pub mod layout;
pub mod offsets;
pub mod schema;
pub mod workspace;

#[cfg(test)]
pub mod fixture;
