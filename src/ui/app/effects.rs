//! Running the session's effects: each is one call into `web/` or a timer that sends the
//! session its next intent.

use gloo::timers::callback::Timeout;

use super::{App, Msg};
use crate::session::{Effect, Intent, Redraw};
use crate::ui::annotation_list::rows_of;
use crate::ui::document_view::colors_of;
use crate::web;

/// While the text is typed, the mention list is rebuilt once the typing pauses this long.
const ROWS_PAUSE_MS: u32 = 600;

impl App {
    pub(super) fn run_effects(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            self.run_effect(effect);
        }
    }

    fn run_effect(&mut self, effect: Effect) {
        match effect {
            Effect::ClearDomSelection => web::clear_selection(),
            Effect::ScrollTo(mark) => self.scroll_to = Some(mark),
            Effect::Focus(target) => self.focus_after_render = Some(target),
            Effect::PlaceCaret(at) => {
                self.typing.selection = Some(crate::model::offsets::CpRange { start: at, end: at });
                self.typing.caret_due = true;
            }
            Effect::Download(files) => {
                for file in files {
                    if let Err(e) = web::download(&file.name, file.mime, &file.content) {
                        let message = format!("Could not download {}: {e:?}", file.name);
                        self.link
                            .send_message(Msg::Intent(Intent::ShowError(message)));
                        return;
                    }
                }
            }
            Effect::RememberAnnotator(name) => self.keeper.remember_annotator(name.as_deref()),
            Effect::StoreModel(json) => self.keeper.remember_model(json.as_deref()),
            Effect::StoreRoom(json) => self.keeper.remember_room(json.as_deref()),
            Effect::RoomConnect(url) => {
                let link = self.link.clone();
                self.room_socket = None;
                self.room_socket = web::room::RoomSocket::connect(&url, move |event| {
                    link.send_message(Msg::Intent(match event {
                        web::room::SocketEvent::Opened => Intent::RoomOpened,
                        web::room::SocketEvent::Message(bytes) => Intent::RoomMessage(bytes),
                        web::room::SocketEvent::Closed => Intent::RoomClosed,
                    }))
                });
            }
            Effect::RoomSend(bytes) => {
                if let Some(socket) = &self.room_socket {
                    socket.send(&bytes);
                }
            }
            Effect::RoomDisconnect => self.room_socket = None,
            Effect::RoomRenew(ms) => {
                self.room_renew_timer = Some(self.intent_after(ms, Intent::RoomRenew));
            }
            Effect::RoomKeep(ms) => {
                self.room_keep_timer = Some(self.intent_after(ms, Intent::RoomKeep));
            }
            Effect::RoomSettle(ms) => {
                self.room_timer = Some(self.intent_after(ms, Intent::RoomSettled));
            }
            Effect::RoomRetry(ms) => {
                self.room_timer = Some(self.intent_after(ms, Intent::RoomRetry));
            }
            Effect::TrainStep => {
                self.train_timer = Some(self.intent_after(0, Intent::TrainStep));
            }
            Effect::Persist(what) => {
                let link = self.link.clone();
                let wake = move || link.send_message(Msg::Save);
                if self.session.correcting() {
                    self.keeper
                        .note_typing(&what, self.session.workspace(), wake);
                } else {
                    self.keeper.note(&what, self.session.workspace(), wake);
                }
            }
            Effect::Redraw(Redraw::Document) => {
                let editor = self.session.editor();
                self.colors = colors_of(editor.schema());
                self.rows = rows_of(editor.document());
                self.rows_refresh = None;
                self.lists.borrow_mut().clear();
            }
            Effect::Redraw(Redraw::Edit { schema }) => {
                if schema {
                    self.colors = colors_of(self.session.editor().schema());
                }
                // The list of mentions follows once the edit is on screen: rebuilding its
                // 10,000 rows took a third of an edit's time on a 1 MB article. While the
                // text is typed, it waits for a pause.
                let link = self.link.clone();
                let refresh = move || link.send_message(Msg::RefreshRows);
                self.rows_refresh = Some(if self.session.correcting() {
                    super::RowsRefresh::AtPause(Timeout::new(ROWS_PAUSE_MS, refresh))
                } else {
                    super::RowsRefresh::AfterPaint(web::after_next_paint(refresh))
                });
                self.lists.borrow_mut().clear();
            }
            // A timeout alone may run before the paint it is meant to follow.
            Effect::SuggestSoon => {
                let link = self.link.clone();
                self.suggest_after_paint = Some(web::after_next_paint(move || {
                    link.send_message(Msg::Intent(Intent::RefreshSuggestions))
                }));
            }
            Effect::SuggestStep => self.later(Intent::SuggestStep),
            Effect::StopSuggesting => {
                self.suggest_timer = None;
                self.suggest_after_paint = None;
            }
            // The next step waits for the last one's write: an import never runs ahead of
            // storage, so a refused write stops it where it is.
            Effect::ImportStep if self.keeper.busy() => self.import_waiting = true,
            Effect::ImportStep => self.import_step_soon(),
            Effect::ReadDocuments(ids) => {
                self.read_back(ids, |documents, problems| Intent::DocumentsRead {
                    documents,
                    problems,
                })
            }
            Effect::ReadForExport(ids) => {
                self.read_back(ids, |documents, problems| Intent::ExportRead {
                    documents,
                    problems,
                })
            }
            Effect::ExportStep => {
                self.export_timer = Some(self.intent_after(0, Intent::ExportStep));
            }
            Effect::AgreementStep => {
                self.agreement_timer = Some(self.intent_after(0, Intent::AgreementStep));
            }
            Effect::Stream(part) => {
                let parts = self.streams.entry(part.name.clone()).or_default();
                parts.push(&part.text);
                if part.last {
                    let parts = self.streams.remove(&part.name).unwrap_or_default();
                    if let Err(e) = parts.download(&part.name, part.mime) {
                        let message = format!("Could not download {}: {e:?}", part.name);
                        self.link
                            .send_message(Msg::Intent(Intent::ShowError(message)));
                    }
                }
            }
            Effect::DropStream(name) => {
                self.streams.remove(&name);
                self.export_timer = None;
            }
        }
    }

    /// The next step of a corpus import, in a task of its own.
    pub(super) fn import_step_soon(&mut self) {
        self.import_waiting = false;
        self.import_timer = Some(self.intent_after(0, Intent::ImportStep));
    }

    /// Sends the session an intent in a task of its own.
    fn later(&mut self, intent: Intent) {
        self.suggest_timer = Some(self.intent_after(0, intent));
    }

    /// A timer that sends the session `intent` after `ms` milliseconds (dropped, it never does).
    fn intent_after(&self, ms: u32, intent: Intent) -> Timeout {
        let link = self.link.clone();
        Timeout::new(ms, move || link.send_message(Msg::Intent(intent)))
    }
}
