//! Presence: who is in the room and where their selection is, as Yjs's awareness protocol
//! carries it (y-protocols: `varUint(n)`, then per client `varUint(id) varUint(clock)
//! varString(JSON state)`, a `null` state meaning the client left). The state is
//! `team/README.md`'s: `{name, colour, selection: {start, end} | null}`, the selection's ends
//! sticky positions like a span's.

use std::collections::BTreeMap;

use yrs::encoding::read::{Cursor, Read};
use yrs::encoding::write::Write;
use yrs::updates::decoder::DecoderV1;
use yrs::updates::encoder::{Encoder, EncoderV1};

/// One colleague in the room.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Peer {
    pub name: String,
    pub colour: String,
    /// The ends of their selection, encoded sticky positions (base64).
    pub selection: Option<(String, String)>,
}

/// The room's other clients, by Yjs client id, and this client's own clock.
#[derive(Debug, Default)]
pub struct Presence {
    own: u64,
    clock: u32,
    peers: BTreeMap<u64, (u32, Peer)>,
}

/// The colours colleagues are drawn in, picked by name (the same name, the same colour).
const PALETTE: [&str; 8] = [
    "#d7263d", "#1b998b", "#2e86ab", "#f46036", "#7768ae", "#c5283d", "#3bb273", "#e1a100",
];

/// A name's colour.
pub fn colour_of(name: &str) -> &'static str {
    let hash = name
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    PALETTE[hash as usize % PALETTE.len()]
}

impl Presence {
    pub fn new(own: u64) -> Presence {
        Presence {
            own,
            clock: 0,
            peers: BTreeMap::new(),
        }
    }

    /// The colleagues, in client order.
    pub fn peers(&self) -> impl Iterator<Item = &Peer> {
        self.peers.values().map(|(_, peer)| peer)
    }

    /// This client's state as an awareness update (its clock advanced).
    pub fn own_update(&mut self, me: &Peer) -> Vec<u8> {
        self.clock += 1;
        let selection = match &me.selection {
            Some((start, end)) => serde_json::json!({ "start": start, "end": end }),
            None => serde_json::Value::Null,
        };
        let state =
            serde_json::json!({ "name": me.name, "colour": me.colour, "selection": selection });
        encode(&[(self.own, self.clock, state.to_string())])
    }

    /// The update saying this client left.
    pub fn leaving(&mut self) -> Vec<u8> {
        self.clock += 1;
        encode(&[(self.own, self.clock, "null".to_string())])
    }

    /// Applies an awareness update from the room; whether a colleague came, went or moved.
    pub fn apply(&mut self, bytes: &[u8]) -> Result<bool, String> {
        let mut decoder = DecoderV1::new(Cursor::new(bytes));
        let bad =
            |e: yrs::encoding::read::Error| format!("a presence message does not decode: {e}");
        let n: u32 = decoder.read_var().map_err(bad)?;
        let mut changed = false;
        for _ in 0..n {
            let client: u64 = decoder.read_var().map_err(bad)?;
            let clock: u32 = decoder.read_var().map_err(bad)?;
            let json = decoder.read_string().map_err(bad)?;
            if client == self.own {
                continue;
            }
            if self.peers.get(&client).is_some_and(|(c, _)| *c >= clock) {
                continue;
            }
            match peer_of(json) {
                Some(peer) => {
                    changed |= self.peers.get(&client).map(|(_, p)| p) != Some(&peer);
                    self.peers.insert(client, (clock, peer));
                }
                None => changed |= self.peers.remove(&client).is_some(),
            }
        }
        Ok(changed)
    }

    /// Forgets every colleague (the connection is gone; they are sent again on reconnecting).
    pub fn clear(&mut self) -> bool {
        let had = !self.peers.is_empty();
        self.peers.clear();
        had
    }
}

fn encode(states: &[(u64, u32, String)]) -> Vec<u8> {
    let mut out = EncoderV1::new();
    out.write_var(states.len() as u32);
    for (client, clock, json) in states {
        out.write_var(*client);
        out.write_var(*clock);
        out.write_string(json);
    }
    out.to_vec()
}

/// A state's peer; `None` for `null` (the client left) or a state without a name.
fn peer_of(json: &str) -> Option<Peer> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    let name = value.get("name")?.as_str()?.to_string();
    let colour = value
        .get("colour")
        .and_then(|c| c.as_str())
        .filter(|c| {
            c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit())
        })
        .map_or_else(|| colour_of(&name).to_string(), str::to_string);
    let selection = value.get("selection").and_then(|s| {
        Some((
            s.get("start")?.as_str()?.to_string(),
            s.get("end")?.as_str()?.to_string(),
        ))
    });
    Some(Peer {
        name,
        colour,
        selection,
    })
}
