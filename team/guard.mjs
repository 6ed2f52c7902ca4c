// What the server refuses before Hocuspocus applies a message to a room: a Yjs update that does
// not decode, or that decodes but cannot integrate into the room as it is (a gap in a client's
// clock, an item anchored to or inside an item the room does not have, a deletion of clocks nobody
// wrote). Yjs would keep such structs "pending" in the document forever, or throw half-way through
// a transaction; refusing them up front keeps the room exactly as it was.
//
// The check reads the update and the room's state vector only, so it costs the size of the
// update, not of the room (a dry run on a copy of a 1 MB room would cost milliseconds a message).
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

/** Hocuspocus's outer message types (@hocuspocus/server types.ts) and y-protocols' sync steps. */
const MESSAGE_SYNC = 0;
const MESSAGE_SYNC_REPLY = 4;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** The Yjs update inside a Hocuspocus frame `[room][type][sync step][update]`, or null when the
 * frame carries none (awareness, auth, sync step 1, …). Throws when the frame does not decode. */
export function updateInFrame(frame) {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  if (type !== MESSAGE_SYNC && type !== MESSAGE_SYNC_REPLY) return null;
  const step = decoding.readVarUint(decoder);
  if (step !== SYNC_STEP_2 && step !== SYNC_UPDATE) return null;
  const update = decoding.readVarUint8Array(decoder);
  if (decoding.hasContent(decoder)) throw new Error('bytes after the update');
  return update;
}

/** Checks updates against a room, counting those it accepted that Hocuspocus has yet to apply:
 * it applies a message only after the message's hooks have run, so the next message from the
 * same client (the one typed right after) is checked before the first is in the document. */
export function updateGuard() {
  const accepted = new WeakMap(); // document → client → end of the clocks accepted so far
  /** Why `update` cannot be applied to `doc`, or null (and it counts as accepted) when it can. */
  return function updateProblem(doc, update) {
    const known = Y.decodeStateVector(Y.encodeStateVector(doc));
    for (const [client, end] of accepted.get(doc) ?? []) known.set(client, Math.max(known.get(client) ?? 0, end));
    const result = check(known, update);
    if (typeof result === 'string') return result;
    accepted.set(doc, result);
    return null;
  };
}

/** Why `update` cannot follow the clocks `known` (client → end), or the clocks once it has. */
function check(known, update) {
  let decoded;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (error) {
    return `does not decode (${error.message})`;
  }
  // End of each client's clock once this update is in: the room's, extended by the update.
  const end = new Map(known);
  let previous = null;
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    if (struct instanceof Y.Skip) return `skips clocks of client ${client}`;
    if (previous && previous.id.client === client) {
      if (clock !== previous.id.clock + previous.length) return `clocks of client ${client} are not contiguous`;
    } else if (clock > (known.get(client) ?? 0)) {
      return `starts client ${client} at ${clock}, the room has ${known.get(client) ?? 0}`;
    }
    if (!(struct.length > 0)) return `empty struct of client ${client}`;
    end.set(client, Math.max(end.get(client) ?? 0, clock + struct.length));
    previous = struct;
  }
  const has = (id) => id.clock < (end.get(id.client) ?? 0);
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    if (struct.origin && !has(struct.origin)) return 'anchored after an item the room does not have';
    if (struct.rightOrigin && !has(struct.rightOrigin)) return 'anchored before an item the room does not have';
    if (struct.parent instanceof Y.ID && !has(struct.parent)) return 'inside an item the room does not have';
    if (!struct.origin && !struct.rightOrigin && struct.parent == null) return 'an item with no place';
  }
  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      if (!(range.len > 0) || range.clock + range.len > (end.get(client) ?? 0)) {
        return `deletes clocks of client ${client} that nobody wrote`;
      }
    }
  }
  return end;
}
