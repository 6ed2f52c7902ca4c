//! Yew components: one per file. The root ([`app::App`]) owns the [`crate::session::Session`]
//! and dispatches to it; the others receive what they draw as `Rc`-shared props (compared by
//! pointer, so an edit re-renders only the paragraphs and rows it touched) and send
//! [`crate::session::Intent`]s back. The toolbar, label bar, status bar, side panel and selected
//! panel are plain view functions of their props that the root calls: they hold no state, and
//! as Yew components they cost 26 KB of wasm for nothing.

pub mod adjudication_bar;
pub mod agreement_panel;
pub mod annotation_list;
pub mod app;
pub mod claim_list;
pub mod claim_panel;
pub mod diagnostics;
pub mod document_list;
pub mod document_view;
pub mod entity_list;
pub mod import_dialog;
pub mod label_bar;
pub mod model_panel;
pub mod new_document;
pub mod replace_dialog;
pub mod schema_editor;
pub mod search_bar;
pub mod selected_panel;
pub mod share_dialog;
pub mod shortcuts;
pub mod side_panel;
pub mod statistics;
pub mod status_bar;
pub mod suggestion_panel;
pub mod text_field;
pub mod theme_toggle;
pub mod toolbar;
pub mod versions_panel;
