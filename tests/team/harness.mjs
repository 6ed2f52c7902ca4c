// Set-up shared by the team-room tests and the load test: real server processes started with
// scripts/serve-team.sh in a folder and on ports of their own (so a team server already running
// on 1234 is left alone), clients speaking the Hocuspocus protocol, and waiting for a state.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Y, HocuspocusProvider, WebSocket, encoding, decoding, pg } from '../../team/test-client.mjs';
import { makeToken } from '../../team/token.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A cluster under .team/<name>: its own PostgreSQL, Redis and `instances` servers from `port`.
 * The ports are below Linux's ephemeral range (32768–60999), where an outgoing connection of
 * anything else on the machine could hold them. */
export function cluster({ name = 'test', port = 21234, instances = 2, pgPort = 25433, redisPort = 26380 } = {}) {
  const dir = join(ROOT, '.team', name);
  const secret = randomBytes(32).toString('base64url');
  const env = {
    ...process.env,
    SPANWISE_SECRET: secret,
    SPANWISE_TEAM_DIR: dir,
    SPANWISE_TEAM_PORT: String(port),
    SPANWISE_PG_PORT: String(pgPort),
    SPANWISE_REDIS_PORT: String(redisPort),
  };
  const serve = (...args) => execFileSync('bash', [join(ROOT, 'scripts', 'serve-team.sh'), ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ports = Array.from({ length: instances }, (_, i) => port + i);
  return {
    dir, secret, ports,
    /** Starts whatever of the cluster is not running (all of it the first time). */
    start: () => serve('--instances', String(instances)),
    stop: () => serve('--stop'),
    /** Stops the cluster and deletes its folder, database included: the next start is a first. */
    wipe: () => {
      serve('--stop');
      let pgData = null;
      try { pgData = readFileSync(join(dir, 'pg-data'), 'utf8').trim(); } catch { /* never started */ }
      // As root, with a checkout the postgres user cannot reach, the cluster is in /var/tmp.
      if (pgData && !pgData.startsWith(dir)) rmSync(dirname(pgData), { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    },
    pid: (p) => Number(readFileSync(join(dir, `server-${p}.pid`), 'utf8')),
    token: (room, name, ttlSeconds, now) => makeToken(secret, room, name, ttlSeconds, now),
    /** The room's state as stored in PostgreSQL (null when it has no row yet). */
    async stored(room) {
      const client = new pg.Client({ host: join(dir, 'pg-socket'), port: pgPort, user: 'spanwise', database: 'spanwise' });
      await client.connect();
      try {
        const { rows } = await client.query('SELECT state FROM spanwise_rooms WHERE name = $1', [room]);
        return rows.length ? new Uint8Array(rows[0].state) : null;
      } finally {
        await client.end();
      }
    },
  };
}

/** A Hocuspocus client on 127.0.0.1:`port` in `room`; `synced` resolves once the first sync is
 * done, `failed` once authentication is refused (with the server's reason). */
export function joinRoom(port, room, token) {
  const doc = new Y.Doc();
  let onSynced, onFailed;
  const synced = new Promise((resolve) => { onSynced = resolve; });
  const failed = new Promise((resolve) => { onFailed = resolve; });
  const provider = new HocuspocusProvider({
    url: `ws://127.0.0.1:${port}`,
    name: room,
    document: doc,
    token,
    WebSocketPolyfill: WebSocket,
    onSynced: () => onSynced(),
    onAuthenticationFailed: ({ reason }) => onFailed(reason),
  });
  return { doc, provider, synced, failed, text: doc.getText('text'), meta: doc.getMap('meta'), leave: () => provider.destroy() };
}

/** Whether process `pid` has ended (a zombie has: only init has yet to reap it). */
export function gone(pid) {
  try {
    return /^\S+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Resolves once `check()` holds, re-checking every 10 ms; rejects after `ms` with `what`. */
export async function until(check, what, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// Hocuspocus framing: every message starts with the room's name, then a type.
const AUTH = 2, SYNC = 0, CLOSE = 7;
const frame = (room, write) => {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, room);
  write(encoder);
  return encoding.toUint8Array(encoder);
};
export const authFrame = (room, token) => frame(room, (e) => { encoding.writeVarUint(e, AUTH); encoding.writeVarUint(e, 0); encoding.writeVarString(e, token); });
export const updateFrame = (room, update) => frame(room, (e) => { encoding.writeVarUint(e, SYNC); encoding.writeVarUint(e, 2); encoding.writeVarUint8Array(e, update); });

/** A bare WebSocket client, for messages no well-behaved client sends. `auth` resolves to
 * 'authenticated' or the refusal's reason; `closedByServer` to the reason of a Hocuspocus close
 * message for the room; `socketClosed` to the WebSocket close code. */
export function rawClient(port, room, token) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`);
  ws.binaryType = 'arraybuffer';
  let onAuth, onClose;
  const auth = new Promise((resolve) => { onAuth = resolve; });
  const closedByServer = new Promise((resolve) => { onClose = resolve; });
  const socketClosed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('error', () => {});
  ws.on('message', (data) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarString(decoder) !== room) return;
    const type = decoding.readVarUint(decoder);
    if (type === AUTH) {
      const sub = decoding.readVarUint(decoder);
      onAuth(sub === 2 ? 'authenticated' : decoding.readVarString(decoder));
    } else if (type === CLOSE) {
      onClose(decoding.readVarString(decoder));
    }
  });
  const opened = new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); });
  opened.then(() => ws.send(authFrame(room, token)), () => {});
  return { ws, opened, auth, closedByServer, socketClosed, send: (bytes) => ws.send(bytes) };
}

export { Y };
