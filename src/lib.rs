//! Spanwise: text annotation for news and fact-checking, entirely in the browser.
//!
//! # Bird's-eye view
//! A person loads an article, selects spans and tags them; the app downloads annotation files
//! and opens them again. The loop is: DOM event → [`model::command::Command`] → new state →
//! the view redraws what the command's [`model::command::Change`] names.
//!
//! # Code map
//! - [`model`]: pure Rust, no web crates. Text and offsets, documents, annotations, the label
//!   schema, commands with undo/redo, and the layout (paragraphs and segments) used to render.
//! - [`formats`]: files in and out. Spanwise JSON (versioned, documented in
//!   `schema/spanwise.schema.json`), with its own serializable types.
//! - [`assist`]: pure Rust, no web crates. Tokens and sentences, suggested entities and claims
//!   (rules with their word lists as data in `src/assist/data/`), search and "tag all".
//! - [`ui`]: Yew components. The root owns the editor; others get `Rc`-shared props.
//! - [`web`]: the only module that touches web-sys/gloo: selection → offsets, download, scroll.
//!
//! # Invariants
//! - Offsets are **Unicode code points, end exclusive**, in the model and in every file; UTF-16
//!   (the DOM) and bytes (Rust strings) appear only through [`model::offsets::TextIndex`].
//! - `model` and `formats` never import yew, web-sys, gloo, js-sys or wasm-bindgen (a test in
//!   `tests/architecture.rs` checks it), so they build and test natively.
//! - Every state change is a command applied by [`model::command::Editor::apply`]; undo applies
//!   the inverse command, never a second code path.
//! - The article container's text content is exactly the document text; labels are drawn by
//!   CSS, and text is inserted as text, never as HTML.
//! - Import never half-applies: a whole document, or an error and the work on screen unchanged.
//!
//! # Deliberately absent (for now)
//! No server, no storage (the workspace and autosave come later), no claims or relations yet
//! (the `kind` field and the command enum leave room for them).

pub mod assist;
pub mod formats;
pub mod model;
pub mod ui;
pub mod web;
