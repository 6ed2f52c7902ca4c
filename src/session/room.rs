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

use std::rc::Rc;

use yrs::sync::SyncMessage;

use super::{Effect, Session};
use crate::model::command::Command;
use crate::model::document::DocumentId;
use crate::model::layout::{OverlayKind, OverlaySpan};
use crate::model::offsets::CpRange;
use crate::model::text_edit::TextEdit;
use crate::room::presence::{colour_of, Peer, Presence};
use crate::room::wire::{self, Incoming};
use crate::room::{text_difference, RoomDoc};

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

/// How the person asked to join.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomAddress {
    pub server: String,
    pub room: String,
    pub token: String,
    pub blind: bool,
}

impl RoomAddress {
    /// The link that opens the app straight into this room (`page` is the app's address
    /// without its query).
    pub fn link(&self, page: &str) -> String {
        let mut link = format!(
            "{page}?server={}&room={}&token={}",
            encode(&self.server),
            encode(&self.room),
            encode(&self.token)
        );
        if self.blind {
            link.push_str("&mode=blind");
        }
        link
    }

    /// The address in a link's query (`?server=…&room=…&token=…[&mode=blind]`), if it has one.
    pub fn from_query(query: &str) -> Option<RoomAddress> {
        let mut address = RoomAddress {
            server: String::new(),
            room: String::new(),
            token: String::new(),
            blind: false,
        };
        for pair in query.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value)?;
            match key {
                "server" => address.server = value,
                "room" => address.room = value,
                "token" => address.token = value,
                "mode" => address.blind = value == "blind",
                _ => {}
            }
        }
        (!address.server.is_empty() && !address.room.is_empty()).then_some(address)
    }

    /// The annotator name the token carries (`{room, name, exp}`, base64url, before the dot).
    pub fn name(&self) -> Option<String> {
        let payload = self.token.split('.').next()?;
        let mut standard: String = payload
            .chars()
            .map(|c| match c {
                '-' => '+',
                '_' => '/',
                c => c,
            })
            .collect();
        while standard.len() % 4 != 0 {
            standard.push('=');
        }
        let json = wire::unbase64(&standard)?;
        let value: serde_json::Value = serde_json::from_slice(&json).ok()?;
        Some(value.get("name")?.as_str()?.to_string())
    }
}

/// Percent-encodes what a query value cannot hold as it is.
fn encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The room the session is in.
pub struct Room {
    pub address: RoomAddress,
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
    /// True while waiting to see whether a room that looked empty is ([`EMPTY_ROOM_PAUSE_MS`]).
    settling: bool,
    /// The colleagues in the room, and the selection last told them.
    presence: Presence,
    told: Option<Option<CpRange>>,
}

/// How often this client's presence is told again: the server forgets a client not heard of
/// for 30 s (y-protocols' awareness timeout).
pub const RENEW_MS: u32 = 15_000;

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

/// A room kept with the settings.
struct Kept {
    address: RoomAddress,
    pending: usize,
    state: Vec<u8>,
}

impl Kept {
    fn parse(json: &str) -> Option<Kept> {
        let value: serde_json::Value = serde_json::from_str(json).ok()?;
        let text = |key: &str| Some(value.get(key)?.as_str()?.to_string());
        Some(Kept {
            address: RoomAddress {
                server: text("server")?,
                room: text("room")?,
                token: text("token")?,
                blind: value.get("blind")?.as_bool()?,
            },
            pending: value.get("pending")?.as_u64()? as usize,
            state: wire::unbase64(&text("state")?)?,
        })
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
            .set_id_space(Some(&format!("{client:x}")));
        self.effects
            .push(Effect::RoomConnect(address.server.clone()));
        self.room = Some(Room {
            address,
            status: RoomStatus::Connecting,
            doc: RoomDoc::new(&layer, client),
            document: None,
            in_flight: Default::default(),
            offline_changes: 0,
            attempts: 0,
            pulling: false,
            settling: false,
            presence: Presence::new(client),
            told: None,
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
        let step1 = wire::sync(&name, &SyncMessage::SyncStep1(decode_sv(&room.doc)));
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
                use yrs::updates::encoder::Encode;
                let diff = room.doc.diff(&sv.encode_v1()).unwrap_or_default();
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

    /// At start: rejoin the room the page was in (its state carries what was done offline),
    /// or join the one the link names — with the kept state if it is the same room.
    pub(super) fn room_restored(
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
            }
        }
        render
    }

    /// The room and its state, to keep with the settings (what was done offline survives a
    /// reload).
    fn keep_room(&mut self) {
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

    /// In a blind room, opening Agreement shows the others' layers: each comes in as an
    /// annotator's version of the shared document (as their files would), the person's own
    /// layer staying the one shown and synced.
    pub(super) fn reveal_room_layers(&mut self) {
        let Some(room) = &self.room else {
            return;
        };
        if !room.address.blind
            || room.document.as_ref() != Some(&self.workspace.editor().document().id)
        {
            return;
        }
        let schema = self.editor().schema().clone();
        // And gold, once someone has adjudicated.
        let mut names = room.doc.other_layers();
        let gold = crate::model::adjudication::GOLD;
        if !room.doc.layer_document(gold).annotations().is_empty() {
            names.push(gold.to_string());
        }
        let versions: Vec<(
            crate::model::document::Document,
            crate::model::schema::Schema,
        )> = names
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
        self.room.as_mut().expect("checked").pulling = true;
        // The layer shown is the person's: named, so that the others stack beside it.
        let document = self.workspace.editor().document();
        if document.annotator().is_none() && document.version_rows().len() == 1 {
            if let Some(me) = self.annotator.clone() {
                let named = document.clone().with_annotator(Some(me));
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
        let mine = self.annotator.clone();
        let own = document
            .version_rows()
            .iter()
            .position(|row| row.annotator.is_some() && row.annotator == mine);
        if let Some(shown) = own.and_then(|i| crate::model::versions::show(document, i).ok()) {
            let command = self.editor().versions_command(shown, None);
            if let Ok(change) = self.workspace.editor_mut().apply_unrecorded(command) {
                self.after_change(change);
            }
        }
        if let Some(room) = &mut self.room {
            room.pulling = false;
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
        let space = self.room_id_space();
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
            let name = room
                .address
                .name()
                .unwrap_or_else(|| "annotator".to_string());
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

    /// The id space of this client's new annotations: the room's client id.
    fn room_id_space(&self) -> String {
        let room = self.room.as_ref().expect("called in a room");
        format!("{:x}", room.doc.client_id())
    }

    /// Reads the room's document into the open one: the text first (as one edit, so the spans
    /// follow it as they do a correction), then this layer's annotations as the room has them.
    fn pull_room(&mut self) -> bool {
        let Some(room) = &mut self.room else {
            return false;
        };
        if self.workspace.editor().document().id != *room.document.as_ref().expect("joined") {
            // Another document is open: the room's changes wait in the room document until the
            // shared one is open again (then the next update brings it up to date).
            return true;
        }
        let remote = room.doc.document();
        room.pulling = true;
        let changed = self.pull_into_document(remote);
        if let Some(room) = &mut self.room {
            room.pulling = false;
        }
        changed
    }

    fn pull_into_document(&mut self, remote: crate::model::document::Document) -> bool {
        let local = self.workspace.editor().document();
        let mut steps = Vec::new();
        if remote.text() != local.text() {
            let (start, removed, inserted) = text_difference(local.text(), remote.text());
            steps.push(Command::EditText(TextEdit::new(
                start,
                start + removed,
                inserted,
            )));
        }
        let text_changed = !steps.is_empty();
        let editor = self.workspace.editor_mut();
        if text_changed {
            let batch = Command::Batch(std::mem::take(&mut steps));
            if let Ok(change) = editor.apply_unrecorded(batch) {
                // The undo history is of texts that are no longer there.
                editor.forget_history();
                self.after_change(change);
            }
        }
        // First what goes (relations and entities before the spans they are made of), then
        // what comes (spans before what is made of them).
        let local = self.workspace.editor().document();
        for relation in local.relations() {
            if remote.relation(&relation.id) != Some(relation) {
                steps.push(Command::RemoveRelation(relation.id.clone()));
            }
        }
        for entity in local.entities() {
            if remote.entity(&entity.id) != Some(entity) {
                steps.push(Command::RemoveEntity(entity.id.clone()));
            }
        }
        for annotation in local.annotations() {
            match remote.annotation(&annotation.id) {
                Some(theirs) if theirs == annotation => {}
                _ => steps.push(Command::Remove(annotation.id.clone())),
            }
        }
        for annotation in remote.annotations() {
            if local.annotation(&annotation.id) != Some(annotation) {
                steps.push(Command::Add(annotation.clone()));
            }
        }
        let spans_changed = !steps.is_empty();
        if spans_changed && !self.apply_from_room(steps) {
            return true;
        }
        // Then the relations and entities, compared with the spans' result (a span taken out
        // and put back took its relations and its place in an entity with it).
        let local = self.workspace.editor().document();
        let mut steps = Vec::new();
        for relation in remote.relations() {
            if local.relation(&relation.id) != Some(relation) {
                steps.push(Command::AddRelation(relation.clone()));
            }
        }
        for entity in remote.entities() {
            if local.entity(&entity.id) != Some(entity) {
                steps.push(Command::PutEntity(entity.clone()));
            }
        }
        let links_changed = !steps.is_empty();
        if links_changed {
            self.apply_from_room(steps);
        }
        text_changed || spans_changed || links_changed
    }

    /// Applies a colleague's changes (not the person's to undo); false if they do not apply.
    fn apply_from_room(&mut self, steps: Vec<Command>) -> bool {
        let editor = self.workspace.editor_mut();
        match editor.apply_unrecorded(Command::Batch(steps)) {
            Ok(change) => {
                self.after_change(change);
                let id = self.editor().document().id.clone();
                self.effects
                    .push(Effect::Persist(super::Persist::Document(id)));
                true
            }
            Err(why) => {
                self.error(&format!(
                    "A change from the room could not be applied: {why}"
                ));
                false
            }
        }
    }

    /// Tells the room where this person's selection is, if that changed since it was told.
    pub(super) fn tell_presence(&mut self) {
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
        let name = room
            .address
            .name()
            .unwrap_or_else(|| "annotator".to_string());
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
    pub(super) fn presence_overlays(&self) -> Vec<OverlaySpan> {
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
    pub(super) fn pull_room_if_open(&mut self) {
        let open = &self.workspace.editor().document().id;
        if self
            .room
            .as_ref()
            .is_some_and(|room| room.document.as_ref() == Some(open) && !room.pulling)
        {
            self.pull_room();
        }
    }

    /// After a change of the open document: what changed goes to the room.
    pub(super) fn push_room(&mut self) {
        let Some(room) = &mut self.room else {
            return;
        };
        if room.pulling || room.document.as_ref() != Some(&self.workspace.editor().document().id) {
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
        } else {
            room.offline_changes += 1;
            self.keep_room();
        }
    }
}

/// The document with the version `name` shown (`None`: the layer shown, unless that is gold);
/// a document of one layer is itself; `None` when it has no such version.
fn layer_view<'d>(
    document: &'d crate::model::document::Document,
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

fn decode_sv(doc: &RoomDoc) -> yrs::StateVector {
    use yrs::updates::decoder::Decode;
    yrs::StateVector::decode_v1(&doc.state_vector()).expect("our own state vector decodes")
}
