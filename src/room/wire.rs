//! The messages of a Hocuspocus room, as `team/README.md` describes them: every message is
//! `varString(room) varUint(type) …` in lib0's encoding; `0` carries a y-sync message (step 1,
//! step 2, update), `2` the authentication, `8` the server's acknowledgement of an update.
//! And the standard base64 that a sticky position is written in.

use yrs::encoding::read::{Cursor, Read};
use yrs::encoding::write::Write;
use yrs::sync::SyncMessage;
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::{Encode, Encoder, EncoderV1};

const SYNC: u8 = 0;
const AWARENESS: u8 = 1;
const AUTH: u8 = 2;
const QUERY_AWARENESS: u8 = 3;
const CLOSE: u8 = 7;
const SYNC_STATUS: u8 = 8;

const AUTH_TOKEN: u8 = 0;
const AUTH_DENIED: u8 = 1;
const AUTH_GRANTED: u8 = 2;

/// What the server sends a client, as far as the client acts on it.
#[derive(Debug, PartialEq, Eq)]
pub enum Incoming {
    /// The token was accepted; the scope (`read-write`, `readonly`).
    Authenticated(String),
    /// The token was refused, with the server's reason.
    Denied(String),
    Sync(SyncMessage),
    /// The server applied one of this client's updates (`true`) or did not.
    Acknowledged(bool),
    /// The server closes the room for this client.
    Closed(String),
    /// An awareness update (presence).
    Awareness(Vec<u8>),
    /// The server asks for this client's awareness state.
    QueryAwareness,
    /// What the client does not act on: the message type.
    Other(u8),
}

/// The first message on a connection: the room's token.
pub fn auth(room: &str, token: &str) -> Vec<u8> {
    let mut out = EncoderV1::new();
    out.write_string(room);
    out.write_var(AUTH);
    out.write_var(AUTH_TOKEN);
    out.write_string(token);
    out.to_vec()
}

/// A y-sync message for `room`.
pub fn sync(room: &str, message: &SyncMessage) -> Vec<u8> {
    let mut out = EncoderV1::new();
    out.write_string(room);
    out.write_var(SYNC);
    message.encode(&mut out);
    out.to_vec()
}

/// An awareness update (presence) for `room`.
pub fn awareness(room: &str, update: &[u8]) -> Vec<u8> {
    let mut out = EncoderV1::new();
    out.write_string(room);
    out.write_var(AWARENESS);
    out.write_buf(update);
    out.to_vec()
}

/// Reads a message from the server: its room and what it says.
pub fn read(bytes: &[u8]) -> Result<(String, Incoming), String> {
    let mut decoder = DecoderV1::new(Cursor::new(bytes));
    let bad =
        |e: yrs::encoding::read::Error| format!("a message from the room does not decode: {e}");
    let room = decoder.read_string().map_err(bad)?.to_string();
    let kind: u8 = decoder.read_var().map_err(bad)?;
    let incoming = match kind {
        SYNC => Incoming::Sync(SyncMessage::decode(&mut decoder).map_err(bad)?),
        AUTH => match decoder.read_var::<u8>().map_err(bad)? {
            AUTH_GRANTED => {
                Incoming::Authenticated(decoder.read_string().map_err(bad)?.to_string())
            }
            AUTH_DENIED => Incoming::Denied(decoder.read_string().map_err(bad)?.to_string()),
            other => return Err(format!("an authentication message of kind {other}")),
        },
        SYNC_STATUS => Incoming::Acknowledged(decoder.read_var::<u8>().map_err(bad)? == 1),
        CLOSE => Incoming::Closed(decoder.read_string().unwrap_or_default().to_string()),
        AWARENESS => Incoming::Awareness(decoder.read_buf().map_err(bad)?.to_vec()),
        QUERY_AWARENESS => Incoming::QueryAwareness,
        other => Incoming::Other(other),
    };
    Ok((room, incoming))
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64, padded, as JavaScript's `btoa` and lib0's `toBase64` write it.
pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Reads [`base64`]; `None` for anything else.
pub fn unbase64(text: &str) -> Option<Vec<u8>> {
    let text = text.as_bytes();
    if text.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    for (c, chunk) in text.chunks(4).enumerate() {
        let last = c == text.len() / 4 - 1;
        let padding = chunk.iter().rev().take_while(|&&b| b == b'=').count();
        if padding > 2 || (padding > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for (i, &b) in chunk[..4 - padding].iter().enumerate() {
            let v = ALPHABET.iter().position(|&a| a == b)? as u32;
            n |= v << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..4 - padding]);
    }
    Some(out)
}
