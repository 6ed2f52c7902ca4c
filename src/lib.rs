//! Spanwise: text annotation for news and fact-checking, entirely in the browser.
//!
//! # Bird's-eye view
//! A person loads an article, selects spans and tags them; the app downloads annotation files
//! and opens them again. The loop is: DOM event → [`session::Intent`] →
//! [`session::Session::apply`], which decides and applies [`model::command::Command`]s →
//! the root component runs the returned [`session::Effect`]s and redraws what the command's
//! [`model::command::Change`] names.
//!
//! # Code map
//! - [`model`]: pure Rust, no web crates. Text and offsets, documents with annotations
//!   (entities, claims, cues), relations and entities, the label schema, commands with
//!   undo/redo, the workspace of documents (its own commands, one undo timeline with the
//!   documents'; each document open in memory or resting in storage, `model::entry`), the
//!   keyboard shortcut table, annotators' versions of one document (`model::versions`: one
//!   layer shown and edited, the others kept), grouping suggestions, statistics, and the layout
//!   (paragraphs and segments, with suggestions and search matches as overlays) used to render.
//! - [`formats`]: files in and out. Spanwise JSON (versioned, documented in
//!   `schema/spanwise.schema.json`), workspace and schema files, brat, doccano, Label Studio,
//!   CoNLL/IOB and W3C, each with its own serializable types; `interchange` opens any of them
//!   and exports to all; `workspace_export` writes the whole workspace in one file of a format
//!   a document at a time; `decode` turns bytes into text.
//! - [`assist`]: pure Rust, no web crates. Tokens and sentences, suggested entities and claims
//!   (rules with their word lists as data in `src/assist/data/`), fixes of the text (a space
//!   where a known name is glued to the next word), their review (what is shown, what comes
//!   next, accept-all, fix-all), search and "tag all".
//! - [`charts`]: pure Rust, no web crates. The statistics of [`model::stats`] drawn as
//!   standalone SVG strings, the statistics panel's six charts, and the agreement panel's
//!   per-label F1 chart (drawn from an [`agreement`] report).
//! - [`agreement`]: pure Rust, no web crates. How far several annotators' versions of the same
//!   documents agree: exact, overlap and boundary F1 per label, label confusion, speaker
//!   agreement and Cohen's κ on claims, Krippendorff's αu; computed in bounded steps with
//!   progress, and written as the `spanwise-agreement` report (JSON and CSV).
//! - [`session`]: pure Rust, no web crates. The state of the screen that is not the document
//!   (selection, caret, selected and armed, speaker picking, the open dialog, the current
//!   suggestion, side tab, status) with `apply(intent) -> effects`, the rows the panels list,
//!   the Documents tab's work queue (search, filters, order, next unfinished document), and
//!   the agreement panel, which steps an [`agreement`] job a frame at a time.
//! - [`store`]: pure Rust, no web crates. How the workspace is kept in the browser's database:
//!   the record layout, the saver that decides what each write carries (and when the work is
//!   truly stored), and a workspace assembled from what was read.
//! - [`ui`]: Yew components. The root (`ui::app`) owns the session, turns events into intents
//!   (reading the DOM where needed) and runs the effects; the others draw props and send intents.
//! - [`web`]: the browser effects: selection → offsets, download, scroll, focus, the page-wide
//!   key listener, timers after paint, and the workspace in IndexedDB (`web::idb` carries
//!   [`store`]'s records, `web::persistence` schedules the writes; `web::storage` is
//!   `localStorage`, for the theme and the move from earlier versions). Components also read their own event targets with web-sys.
//!
//! # Invariants
//! - Offsets are **Unicode code points, end exclusive**, in the model and in every file; UTF-16
//!   (the DOM) and bytes (Rust strings) appear only through [`model::offsets::TextIndex`].
//! - `model`, `formats`, `assist`, `charts`, `session`, `store` and `agreement` never import yew,
//!   web-sys, gloo, js-sys or wasm-bindgen, `model` imports none of the others and `agreement`
//!   only `model` (`tests/architecture.rs` checks these), so they build and test natively.
//! - Every change to a document is a command applied by [`model::command::Editor::apply`], and
//!   every change to the list of documents a [`model::workspace::WorkspaceCommand`]; undo
//!   applies the inverse, never a second code path, and Ctrl+Z takes back whichever came last.
//! - Every decision of the interface is made in [`session`]; a refusal reaches the person as
//!   the model's error, never covered by a success message.
//! - The article container's text content is exactly the document text; labels are drawn by
//!   CSS, and text is inserted as text. The one HTML string put into the page is a chart's SVG,
//!   which [`charts`] writes and escapes itself.
//! - Import never half-applies: a whole document, or an error and the work on screen unchanged.
//! - The open document is always in memory; a resting document is read back before any step
//!   that needs it ([`session`] asks, the workspace refuses with `WorkspaceError::NotOpen`), and
//!   rests only with no undo history and once storage holds it as shown.
//!
//! # Deliberately absent
//! No server and no network: everything, suggestions included, runs in the page, and the
//! workspace lives in the browser's storage. No drawn relation arcs (relations show as linked
//! outlines).

pub mod agreement;
pub mod assist;
pub mod charts;
pub mod formats;
pub mod model;
pub mod room;
pub mod session;
pub mod store;
pub mod ui;
pub mod web;
