//! Spanwise: text annotation for news and fact-checking, entirely in the browser.
//!
//! # Bird's-eye view
//! A person loads an article, selects spans and tags them; the app downloads annotation files
//! and opens them again. The loop is: DOM event → [`model::command::Command`] → new state →
//! the view redraws what the command's [`model::command::Change`] names.
//!
//! # Code map
//! - [`model`]: pure Rust, no web crates. Text and offsets, documents with annotations
//!   (entities, claims, cues), relations and entities, the label schema, commands with
//!   undo/redo, the workspace of documents, grouping suggestions, and the layout (paragraphs
//!   and segments, with suggestions and search matches as overlays) used to render.
//! - [`formats`]: files in and out. Spanwise JSON (versioned, documented in
//!   `schema/spanwise.schema.json`), workspace and schema files, brat, doccano, Label Studio,
//!   CoNLL/IOB and W3C, each with its own serializable types; `interchange` opens any of them
//!   and exports to all; `decode` turns bytes into text.
//! - [`assist`]: pure Rust, no web crates. Tokens and sentences, suggested entities and claims
//!   (rules with their word lists as data in `src/assist/data/`), search and "tag all".
//! - [`charts`]: pure Rust, no web crates. The statistics of [`model::stats`] drawn as
//!   standalone SVG strings (bar charts with a title, a description in words, and colours a
//!   page can override through CSS variables).
//! - [`ui`]: Yew components. The root owns the editor; others get `Rc`-shared props.
//! - [`web`]: the only module that touches web-sys/gloo: selection → offsets, download, scroll,
//!   and `web::storage` (the workspace in `localStorage`).
//!
//! # Invariants
//! - Offsets are **Unicode code points, end exclusive**, in the model and in every file; UTF-16
//!   (the DOM) and bytes (Rust strings) appear only through [`model::offsets::TextIndex`].
//! - `model`, `formats`, `assist` and `charts` never import yew, web-sys, gloo, js-sys or
//!   wasm-bindgen (a test in `tests/architecture.rs` checks it), so they build and test natively.
//! - Every state change is a command applied by [`model::command::Editor::apply`] (a document's)
//!   or [`model::workspace::Workspace::apply_workspace`] (the set of documents); undo applies
//!   the inverse command, never a second code path. Both kinds share one timeline, so Ctrl+Z
//!   ([`model::workspace::Workspace::undo`]) takes back the newest step of either kind.
//! - The article container's text content is exactly the document text; labels are drawn by
//!   CSS, and text is inserted as text, never as HTML.
//! - Import never half-applies: a whole document, or an error and the work on screen unchanged.
//!
//! # Deliberately absent
//! No server and no network: everything, suggestions included, runs in the page, and the
//! workspace lives in the browser's storage. No drawn relation arcs (relations show as linked
//! outlines). Not yet: a keyboard caret for selecting without a mouse, an accessibility audit
//! (the keyboard and accessibility issue), and a statistics panel in the page (the numbers and
//! their charts exist; nothing shows them yet).

pub mod assist;
pub mod charts;
pub mod formats;
pub mod model;
pub mod session;
pub mod ui;
pub mod web;
