//! A room's address: the link into it, the annotator name its token carries, and the room
//! as it is kept with the settings across a reload.

use crate::room::wire;

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

/// A room kept with the settings.
pub(super) struct Kept {
    pub(super) address: RoomAddress,
    pub(super) pending: usize,
    pub(super) state: Vec<u8>,
}

impl Kept {
    pub(super) fn parse(json: &str) -> Option<Kept> {
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
