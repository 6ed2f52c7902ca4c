//! A team room (issue 17): the open document shared through a Hocuspocus server. The session
//! decides everything — what to send, what a message from the room changes, what the toolbar
//! says; `web::room` only carries the bytes over a WebSocket.
//!
//! Joining: the socket opens, the client sends its token and its state vector; the server's
//! answer (sync step 2) tells whether the room is empty — then the open document goes in —
//! or holds a document, which then opens here. From then on every change of the open document
//! is written into the room's Yjs document and sent as an update, and every update from the
//! room is applied to it and read back into the document. Offline, changes stay in the Yjs
//! document, counted as pending; on reconnecting the sync steps send what the server lacks.
//!
//! The rooms: `address` (the link, the token's name, the room kept across a reload), `sync`
//! (the document written into the room, presence, blind layers and gold, the room kept),
//! `pull` (what colleagues did, read back into the document).

mod address;
mod pull;
mod sync;

use std::rc::Rc;

use yrs::sync::SyncMessage;

pub use address::RoomAddress;

use super::{Effect, Session};
use crate::model::document::DocumentId;
use crate::model::offsets::CpRange;
use crate::room::presence::{Peer, Presence};
use crate::room::wire::{self, Incoming};
use crate::room::RoomDoc;

/// Where a room connection stands, as the toolbar says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoomStatus {
    Connecting,
    /// Connected, the first exchange not done yet.
    Syncing,
    Connected,
    /// Disconnected; it reconnects by itself.
    Offline,
    /// The server refused the token: the reason. It does not retry.
    Refused(String),
}

/// The room the session is in.
pub struct Room {
    pub address: RoomAddress,
    /// The annotator name the token carries ("annotator" when it carries none).
    pub name: String,
    pub status: RoomStatus,
    doc: RoomDoc,
    /// The workspace document shared, once the first exchange put it in or opened it.
    document: Option<DocumentId>,
    /// Local changes the server has not acknowledged: one count per update sent, and those
    /// made offline (sent together when the connection is back).
    in_flight: std::collections::VecDeque<usize>,
    offline_changes: usize,
    /// Reconnection attempts since the connection was last up (for the back-off).
    attempts: u32,
    /// True while the room's state is read into the document: those changes are the room's,
    /// not to be written back (half-read, they would overwrite a colleague's).
    pulling: bool,
    /// True while a change is made that is not to be written yet (a typing run's edit taken
    /// back only to be made again, longer: the room hears the result).
    held: bool,
    /// True while waiting to see whether a room that looked empty is ([`EMPTY_ROOM_PAUSE_MS`]).
    settling: bool,
    /// The colleagues in the room, and the selection last told them.
    presence: Presence,
    told: Option<Option<CpRange>>,
    /// True while the room's state is to be kept again ([`KEEP_MS`] after a change came).
    keep_due: bool,
}

/// How often this client's presence is told again: the server forgets a client not heard of
/// for 30 s (y-protocols' awareness timeout).
pub const RENEW_MS: u32 = 15_000;

/// How long after a change, sent or received, the room's state is kept with the settings
/// again (at most once in that time: the state of a 1 MB article is a megabyte to encode and
/// store). A page reloaded with the room's document open takes the kept state as where its own
/// changes start from, so it must be the state the document was last in step with.
pub const KEEP_MS: u32 = 2_000;

/// How long a room that looks empty at the first exchange is watched before the open document
/// goes in.
pub const EMPTY_ROOM_PAUSE_MS: u32 = 600;

impl Room {
    /// Local changes not yet acknowledged by the server.
    pub fn pending(&self) -> usize {
        self.in_flight.iter().sum::<usize>() + self.offline_changes
    }

    /// The connection's state as a word, for the page's `data-state`.
    pub fn status_key(&self) -> &'static str {
        match self.status {
            RoomStatus::Connecting => "connecting",
            RoomStatus::Syncing => "syncing",
            RoomStatus::Connected => "connected",
            RoomStatus::Offline => "offline",
            RoomStatus::Refused(_) => "refused",
        }
    }

    /// The colleagues in the room (not this client), in the order they joined the server.
    pub fn people(&self) -> Vec<&Peer> {
        self.presence.peers().collect()
    }

    /// What the toolbar says: the state, the room, the colleagues there, the changes waiting
    /// for the server.
    pub fn describe(&self) -> String {
        let room = &self.address.room;
        let mut pending = match self.pending() {
            0 => String::new(),
            1 => " · 1 change pending".to_string(),
            n => format!(" · {n} changes pending"),
        };
        let people: Vec<&str> = self.presence.peers().map(|p| p.name.as_str()).collect();
        if self.status == RoomStatus::Connected && !people.is_empty() {
            pending = format!(" · with {}{pending}", people.join(", "));
        }
        match &self.status {
            RoomStatus::Connecting => format!("Connecting to “{room}”…{pending}"),
            RoomStatus::Syncing => format!("Syncing “{room}”…{pending}"),
            RoomStatus::Connected => format!("Connected · “{room}”{pending}"),
            RoomStatus::Offline => format!("Offline · “{room}”{pending}"),
            RoomStatus::Refused(reason) => format!("Refused by “{room}”: {reason}"),
        }
    }
}

/// The Yjs client id: from the clock and the name, so that two tabs of one person differ.
fn client_id(now: f64, name: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in name.bytes().chain(now.to_bits().to_le_bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    // Yjs ids are 53-bit numbers (JavaScript's safe integers), not 0.
    (hash & ((1 << 53) - 1)).max(1)
}

impl Session {
    pub fn room(&self) -> Option<&Room> {
        self.room.as_ref()
    }

    /// Join a room: connect, and share or open its document once the first exchange is done.
    pub(super) fn join_room(&mut self, address: RoomAddress) -> bool {
        if address.token.is_empty() {
            return self.error(
                "Not joined: a room needs a token (scripts/team-token.sh ROOM NAME prints one).",
            );
        }
        if !(address.server.starts_with("ws://") || address.server.starts_with("wss://")) {
            return self.error(&format!(
                "Not joined: the server address {:?} should start with ws:// or wss://.",
                address.server
            ));
        }
        let name = address.name().unwrap_or_else(|| "annotator".to_string());
        let layer = if address.blind {
            name.clone()
        } else {
            "shared".to_string()
        };
        // In a blind room the layer is the person's: their versions are named after them.
        if address.blind && self.annotator.is_none() {
            self.annotator = Some(Rc::from(name.as_str()));
        }
        let client = client_id((self.clock)(), &name);
        // New ids carry the client's space from now on, offline before the first exchange too.
        self.workspace
            .editor_mut()
            .set_id_space(Some(&id_space(client)));
        self.effects
            .push(Effect::RoomConnect(address.server.clone()));
        self.room = Some(Room {
            address,
            name,
            status: RoomStatus::Connecting,
            doc: RoomDoc::new(&layer, client),
            document: None,
            in_flight: Default::default(),
            offline_changes: 0,
            attempts: 0,
            pulling: false,
            held: false,
            settling: false,
            presence: Presence::new(client),
            told: None,
            keep_due: false,
        });
        self.modal = None;
        true
    }

    pub(super) fn leave_room(&mut self) -> bool {
        let Some(mut room) = self.room.take() else {
            return false;
        };
        if room.status == RoomStatus::Connected {
            let bye = room.presence.leaving();
            self.effects
                .push(Effect::RoomSend(wire::awareness(&room.address.room, &bye)));
        }
        self.refresh_overlays();
        self.effects.push(Effect::StoreRoom(None));
        self.effects.push(Effect::RoomDisconnect);
        self.workspace.editor_mut().set_id_space(None);
        self.info("Left the room; the document stays in the workspace.")
    }

    pub(super) fn room_opened(&mut self) -> bool {
        let Some(room) = &mut self.room else {
            return false;
        };
        room.status = RoomStatus::Syncing;
        let name = room.address.room.clone();
        let auth = wire::auth(&name, &room.address.token);
        let step1 = wire::sync(&name, &room.doc.sync_step1());
        self.effects.push(Effect::RoomSend(auth));
        self.effects.push(Effect::RoomSend(step1));
        true
    }

    pub(super) fn room_closed(&mut self) -> bool {
        let Some(room) = &mut self.room else {
            return false;
        };
        if matches!(room.status, RoomStatus::Refused(_)) {
            return true;
        }
        // What was in flight was not acknowledged: it is sent again on reconnecting.
        room.offline_changes += room.in_flight.drain(..).sum::<usize>();
        room.status = RoomStatus::Offline;
        room.presence.clear();
        room.told = None;
        room.attempts += 1;
        let wait = (500u32 << room.attempts.min(5)).min(10_000);
        self.effects.push(Effect::RoomRetry(wait));
        true
    }

    pub(super) fn room_retry(&mut self) -> bool {
        let Some(room) = &mut self.room else {
            return false;
        };
        if room.status != RoomStatus::Offline {
            return false;
        }
        room.status = RoomStatus::Connecting;
        self.effects
            .push(Effect::RoomConnect(room.address.server.clone()));
        true
    }

    pub(super) fn room_message(&mut self, bytes: &[u8]) -> bool {
        let Some(room) = &mut self.room else {
            return false;
        };
        let (name, incoming) = match wire::read(bytes) {
            Ok(message) => message,
            Err(why) => return self.error(&why),
        };
        if name != room.address.room {
            return false;
        }
        match incoming {
            Incoming::Denied(reason) => {
                room.status = RoomStatus::Refused(reason.clone());
                self.effects.push(Effect::RoomDisconnect);
                self.error(&format!(
                    "The room “{name}” refused the token: {reason}. Nothing was read or written; ask for a new token."
                ))
            }
            Incoming::Authenticated(_) | Incoming::Other(_) => false,
            Incoming::Awareness(update) => match room.presence.apply(&update) {
                Ok(true) => {
                    self.refresh_overlays();
                    true
                }
                Ok(false) => false,
                Err(why) => self.error(&why),
            },
            Incoming::QueryAwareness => {
                room.told = None;
                self.tell_presence();
                false
            }
            // A refusal (a malformed update, a token that ran out) ends it; anything else (the
            // server shutting down) is a connection lost, and it reconnects.
            Incoming::Closed(reason)
                if reason.contains("malformed") || reason.contains("permission") =>
            {
                room.status = RoomStatus::Refused(reason.clone());
                self.effects.push(Effect::RoomDisconnect);
                self.error(&format!(
                    "The room “{name}” closed the connection: {reason}"
                ))
            }
            Incoming::Closed(_) => {
                self.effects.push(Effect::RoomDisconnect);
                self.room_closed()
            }
            Incoming::Acknowledged(_) => {
                room.in_flight.pop_front();
                true
            }
            Incoming::Sync(SyncMessage::SyncStep1(sv)) => {
                // The server asks for what it lacks: everything made here since, offline too.
                let diff = room.doc.diff_since(&sv);
                let carried = std::mem::take(&mut room.offline_changes);
                if carried > 0 {
                    room.in_flight.push_back(carried);
                }
                self.effects.push(Effect::RoomSend(wire::sync(
                    &name,
                    &SyncMessage::SyncStep2(diff),
                )));
                true
            }
            Incoming::Sync(SyncMessage::SyncStep2(update) | SyncMessage::Update(update)) => {
                if let Err(why) = room.doc.apply(&update) {
                    return self.error(&why.to_string());
                }
                if room.document.is_none() {
                    if !room.doc.is_empty() {
                        return self.first_sync();
                    }
                    // An empty room may only look empty: a server instance that has just
                    // loaded it hears the other instances' state a moment later (through
                    // Redis). The document goes in if it is still empty after a pause.
                    if !room.settling {
                        room.settling = true;
                        self.effects.push(Effect::RoomSettle(EMPTY_ROOM_PAUSE_MS));
                    }
                    return true;
                }
                if room.status == RoomStatus::Syncing {
                    room.status = RoomStatus::Connected;
                    room.attempts = 0;
                    self.tell_presence();
                }
                self.pull_room()
            }
        }
    }

    /// Time to tell the room again that this person is there.
    pub(super) fn room_renew(&mut self) -> bool {
        let Some(room) = &mut self.room else {
            return false;
        };
        room.told = None;
        self.tell_presence();
        self.effects.push(Effect::RoomRenew(RENEW_MS));
        false
    }

    /// The pause after finding the room empty is over: share the open document if it still is.
    pub(super) fn room_settled(&mut self) -> bool {
        match &self.room {
            Some(room) if room.document.is_none() && room.status == RoomStatus::Syncing => {
                self.first_sync()
            }
            _ => false,
        }
    }

    /// After the first exchange: an empty room gets the open document, a room with one opens it.
    fn first_sync(&mut self) -> bool {
        let space = id_space(
            self.room
                .as_ref()
                .expect("called in a room")
                .doc
                .client_id(),
        );
        let room = self.room.as_mut().expect("called in a room");
        room.status = RoomStatus::Connected;
        room.attempts = 0;
        if room.doc.is_empty() {
            let document = self.workspace.editor().document().clone();
            let mode = if room.address.blind {
                "blind"
            } else {
                "shared"
            };
            let update = room.doc.put(&document, mode);
            room.document = Some(document.id.clone());
            let frame = wire::sync(&room.address.room, &SyncMessage::Update(update));
            room.in_flight.push_back(1);
            self.effects.push(Effect::RoomSend(frame));
            self.workspace.editor_mut().set_id_space(Some(&space));
            self.tell_presence();
            self.effects.push(Effect::RoomRenew(RENEW_MS));
            self.keep_room();
            let name = self.room.as_ref().map(|r| r.address.room.clone());
            return self.info(&format!(
                "Sharing this document in the room “{}”.",
                name.unwrap_or_default()
            ));
        }
        // The room's mode is the room's, whatever the link said: a plain link into a blind room
        // must not put the person's work where everyone sees it.
        let blind = room.doc.mode().as_deref() == Some("blind");
        if blind != room.address.blind {
            room.address.blind = blind;
            let name = room.name.clone();
            room.doc.use_layer(if blind { &name } else { "shared" });
            if blind && self.annotator.is_none() {
                self.annotator = Some(Rc::from(name.as_str()));
            }
        }
        let room = self.room.as_mut().expect("called in a room");
        let document = room.doc.document().with_id_space(Some(&space));
        let id = document.id.clone();
        let title = document.title.clone();
        let schema = self.editor().schema().clone();
        if self.workspace.open(document, schema).is_err() {
            // Its copy here rests in storage, unread: nothing is replaced unseen.
            self.room = None;
            self.effects.push(Effect::RoomDisconnect);
            return self.error(&format!(
                "Not joined: the room's document “{title}” is in this workspace but not open; open it, then join again."
            ));
        }
        if let Some(room) = &mut self.room {
            room.document = Some(id);
        }
        self.effects.push(Effect::Persist(super::Persist::All));
        self.reload_view();
        self.tell_presence();
        self.effects.push(Effect::RoomRenew(RENEW_MS));
        self.keep_room();
        self.info(&format!("Opened “{title}” from the room."))
    }
}

/// The id space of a client's new annotations: its Yjs client id.
fn id_space(client: u64) -> String {
    format!("{client:x}")
}
