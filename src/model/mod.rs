//! The document model: pure Rust, no web dependencies, tested natively.
//!
//! Text and offsets ([`offsets`]), documents and annotations ([`document`]), the label schema
//! ([`schema`]), commands with undo/redo ([`command`]), the segmentation used for rendering
//! ([`layout`]) and the annotation statistics ([`stats`]).

pub mod claim;
pub mod command;
pub mod document;
pub mod identity;
pub mod keymap;
pub mod layout;
pub mod offsets;
pub mod schema;
pub mod stats;
pub mod workspace;

#[cfg(test)]
pub mod fixture;
