//! The room's document and the open one: what changed here is written into the room
//! ([`Session::push_room`]), what colleagues did is read back ([`Session::pull_room`]), and
//! around them presence, a blind room's other layers, gold, and the room kept for a reload.

use std::rc::Rc;

use yrs::sync::SyncMessage;

use super::address::Kept;
use super::{RoomAddress, RoomStatus};
use crate::model::document::Document;
use crate::model::layout::{OverlayKind, OverlaySpan};
use crate::model::offsets::CpRange;
use crate::room::presence::{colour_of, Peer};
use crate::room::wire;
use crate::session::{Effect, Session};

impl Session {
    /// At start: rejoin the room the page was in (its state carries what was done offline),
    /// or join the one the link names — with the kept state if it is the same room.
    pub(in crate::session) fn room_restored(
        &mut self,
        stored: Option<&str>,
        link: Option<RoomAddress>,
    ) -> bool {
        let kept = stored.and_then(Kept::parse);
        let address = match (link, &kept) {
            (Some(link), _) => link,
            (None, Some(kept)) => kept.address.clone(),
            (None, None) => return false,
        };
        let render = self.join_room(address.clone());
        if let (Some(kept), Some(room)) = (kept, &mut self.room) {
            if kept.address.server == address.server
                && kept.address.room == address.room
                && room.doc.apply(&kept.state).is_ok()
            {
                room.offline_changes = kept.pending;
                self.rejoin_kept_document();
            }
        }
        render
    }

    /// The page reloaded with the room's document open: it is the room's again at once, read
    /// from the kept state, so that what is done before the connection is back is written into
    /// the room and merged then (the first exchange would otherwise open the room's copy over
    /// it). The kept state is the room as this client last had it, offline changes and all;
    /// it may lack only the last moment's changes made while connected ([`super::KEEP_MS`]),
    /// which the server has and sends back.
    fn rejoin_kept_document(&mut self) {
        let open = self.workspace.editor().document().id.clone();
        let Some(room) = &mut self.room else {
            return;
        };
        if room.doc.document_id().as_deref() != Some(open.as_str()) {
            return;
        }
        room.document = Some(open);
        self.pull_room();
    }

    /// After a change sent or received: the room is kept again in a moment.
    pub(super) fn keep_soon(&mut self) {
        if let Some(room) = &mut self.room {
            if !room.keep_due {
                room.keep_due = true;
                self.effects.push(Effect::RoomKeep(super::KEEP_MS));
            }
        }
    }

    /// Time to keep the room, if a keep waits: when its document is open (then it is in step
    /// with it, every update read into it as it came); otherwise when it is open again. Also
    /// when the page leaves, before the pause is over: a reload within it would start from the
    /// room as it was before the last changes and read it into the document over them (an
    /// update still on its way to the server was lost).
    pub(in crate::session) fn room_keep_due(&mut self) -> bool {
        let open = &self.workspace.editor().document().id;
        let Some(room) = &mut self.room else {
            return false;
        };
        if !std::mem::take(&mut room.keep_due) {
            return false;
        }
        if room.document.as_ref() == Some(open) {
            self.keep_room();
        }
        false
    }

    /// The room and its state, to keep with the settings (what was done offline survives a
    /// reload).
    pub(in crate::session) fn keep_room(&mut self) {
        let Some(room) = &self.room else {
            return;
        };
        let json = serde_json::json!({
            "server": room.address.server,
            "room": room.address.room,
            "token": room.address.token,
            "blind": room.address.blind,
            "pending": room.pending(),
            "state": wire::base64(&room.doc.state()),
        });
        self.effects.push(Effect::StoreRoom(Some(json.to_string())));
    }

    /// Opening Agreement shows the room's other layers: in a blind room the other annotators'
    /// and gold, in a shared room gold (once someone adjudicated). Each comes in as a version
    /// of the shared document (as files would), the person's own layer staying the one shown
    /// and synced: named after them in a blind room, "shared" in a shared one.
    pub(in crate::session) fn reveal_room_layers(&mut self) {
        let Some(room) = &self.room else {
            return;
        };
        if room.document.as_ref() != Some(&self.workspace.editor().document().id) {
            return;
        }
        let blind = room.address.blind;
        let schema = self.editor().schema().clone();
        let mut names = if blind {
            room.doc.other_layers()
        } else {
            Vec::new()
        };
        let gold = crate::model::adjudication::GOLD;
        if !room.doc.layer_document(gold).annotations().is_empty() {
            names.push(gold.to_string());
        }
        let versions: Vec<(Document, crate::model::schema::Schema)> = names
            .into_iter()
            .map(|name| {
                let document = room.doc.layer_document(&name);
                (
                    document.with_annotator(Some(Rc::from(name.as_str()))),
                    schema.clone(),
                )
            })
            .collect();
        if versions.is_empty() {
            return;
        }
        let own: Option<Rc<str>> = if blind {
            self.annotator.clone()
        } else {
            Some(Rc::from(SHARED))
        };
        self.room.as_mut().expect("checked").pulling = true;
        // The layer shown is the person's: named, so that the others stack beside it.
        let document = self.workspace.editor().document();
        if document.annotator().is_none() && document.version_rows().len() == 1 {
            if let Some(own) = own.clone() {
                let named = document.clone().with_annotator(Some(own));
                let command = self.editor().versions_command(named, None);
                if let Ok(change) = self.workspace.editor_mut().apply_unrecorded(command) {
                    self.after_change(change);
                }
            }
        }
        self.open_as_versions(&versions, "the room's layers", &[]);
        // Stacking shows the version stacked last; the person's own is shown again (it is the
        // one that syncs).
        let document = self.workspace.editor().document();
        let shown = document
            .version_rows()
            .iter()
            .position(|row| row.annotator.is_some() && row.annotator == own);
        if let Some(shown) = shown.and_then(|i| crate::model::versions::show(document, i).ok()) {
            let command = self.editor().versions_command(shown, None);
            if let Ok(change) = self.workspace.editor_mut().apply_unrecorded(command) {
                self.after_change(change);
            }
        }
        if let Some(room) = &mut self.room {
            room.pulling = false;
        }
    }

    /// Tells the room where this person's selection is, if that changed since it was told.
    pub(in crate::session) fn tell_presence(&mut self) {
        let selection = self.selection.or(self.caret.map(|c| CpRange {
            start: c.at,
            end: c.at,
        }));
        let Some(room) = &mut self.room else {
            return;
        };
        if room.status != RoomStatus::Connected || room.told == Some(selection) {
            return;
        }
        let document = self.workspace.editor().document();
        let shown = room.document.as_ref() == Some(&document.id);
        let name = room.name.clone();
        let me = Peer {
            colour: colour_of(&name).to_string(),
            name,
            selection: selection
                .filter(|_| shown)
                .and_then(|range| room.doc.selection_ends(document.index(), range)),
        };
        room.told = Some(selection);
        let update = room.presence.own_update(&me);
        self.effects.push(Effect::RoomSend(wire::awareness(
            &room.address.room,
            &update,
        )));
    }

    /// The colleagues' selections, drawn over the text in their colours (a caret as the
    /// character after it).
    pub(in crate::session) fn presence_overlays(&self) -> Vec<OverlaySpan> {
        let Some(room) = &self.room else {
            return Vec::new();
        };
        let document = self.workspace.editor().document();
        if room.document.as_ref() != Some(&document.id) {
            return Vec::new();
        }
        let len = document.index().len();
        room.presence
            .peers()
            .enumerate()
            .filter_map(|(i, peer)| {
                let mut range = room
                    .doc
                    .resolve_ends(document.index(), peer.selection.as_ref()?)?;
                if range.is_empty() {
                    if range.end >= len {
                        return None;
                    }
                    range.end = crate::model::offsets::CodePoint(range.end.0 + 1);
                }
                Some(OverlaySpan {
                    id: crate::model::document::AnnotationId::new(&format!(
                        "presence-{i}:{}",
                        peer.name
                    )),
                    label: std::rc::Rc::from(peer.colour.as_str()),
                    range,
                    kind: OverlayKind::Presence,
                })
            })
            .collect()
    }

    /// When the room's document is the open one, reads the room into it (after a switch back
    /// to it: the updates that came meanwhile were kept in the room document only).
    pub(in crate::session) fn pull_room_if_open(&mut self) {
        let open = &self.workspace.editor().document().id;
        if self
            .room
            .as_ref()
            .is_some_and(|room| room.document.as_ref() == Some(open) && !room.pulling)
        {
            self.pull_room();
        }
    }

    /// Holds back writing into the room (`true`) until released (`false`).
    pub(in crate::session) fn hold_room(&mut self, held: bool) {
        if let Some(room) = &mut self.room {
            room.held = held;
        }
    }

    /// After a change of the open document: what changed goes to the room.
    pub(in crate::session) fn push_room(&mut self) {
        let Some(room) = &mut self.room else {
            return;
        };
        if room.pulling
            || room.held
            || room.document.as_ref() != Some(&self.workspace.editor().document().id)
        {
            return;
        }
        // The layer that syncs is the person's (in a blind room) or the shared one, never
        // another annotator's version shown for a moment, nor gold, which has its own layer.
        let document = self.workspace.editor().document();
        let mine = if room.address.blind {
            self.annotator.as_deref()
        } else {
            None
        };
        let own = match layer_view(document, mine) {
            Some(own) => own,
            None => return,
        };
        let gold = layer_view(document, Some(crate::model::adjudication::GOLD))
            .filter(|_| document.version_rows().len() > 1);
        let updates: Vec<Vec<u8>> = [
            room.doc.sync_from(&own),
            gold.and_then(|gold| room.doc.sync_gold(&gold)),
        ]
        .into_iter()
        .flatten()
        .collect();
        if updates.is_empty() {
            return;
        }
        if room.status == RoomStatus::Connected {
            for update in updates {
                room.in_flight.push_back(1);
                let frame = wire::sync(&room.address.room, &SyncMessage::Update(update));
                self.effects.push(Effect::RoomSend(frame));
            }
            self.keep_soon();
        } else {
            room.offline_changes += 1;
            self.keep_room();
        }
    }
}

/// What the layer of a shared room is called as a version beside the room's gold.
const SHARED: &str = "shared";

/// The document with the version `name` shown (`None`: the layer shown, unless that is gold);
/// a document of one layer is itself; `None` when it has no such version.
fn layer_view<'d>(
    document: &'d Document,
    name: Option<&str>,
) -> Option<std::borrow::Cow<'d, crate::model::document::Document>> {
    use std::borrow::Cow;
    let rows = document.version_rows();
    // One layer: the person's (or the shared one), whatever it is named.
    if rows.len() <= 1 {
        return Some(Cow::Borrowed(document));
    }
    let index = match name {
        Some(name) => rows
            .iter()
            .position(|r| r.annotator.as_deref() == Some(name))?,
        None => {
            let shown = rows.iter().position(|r| r.shown)?;
            if rows[shown].annotator.as_deref() == Some(crate::model::adjudication::GOLD) {
                return None;
            }
            shown
        }
    };
    if rows[index].shown {
        return Some(Cow::Borrowed(document));
    }
    crate::model::versions::show(document, index)
        .ok()
        .map(Cow::Owned)
}
