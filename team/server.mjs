// The team-room server: Hocuspocus (an existing Yjs server, not ours) on 127.0.0.1, rooms kept in
// PostgreSQL, and — when several instances serve the same rooms — Redis between them. What this
// file adds is policy: who may enter a room (a signed token, token.mjs), how big a message may be,
// and which updates are refused (guard.mjs). scripts/serve-team.sh starts it with its database.
//
//   node team/server.mjs [--port 1234] [--host 127.0.0.1] [--redis HOST:PORT] [--debounce MS]
//
// Environment: SPANWISE_SECRET (required: signs the tokens), the libpq variables PGHOST, PGPORT,
// PGUSER, PGDATABASE for the database (pg reads them), SPANWISE_REDIS_PASSWORD when Redis has one.
import { Server } from '@hocuspocus/server';
import { Database } from '@hocuspocus/extension-database';
import { Redis } from '@hocuspocus/extension-redis';
import pg from 'pg';
import * as Y from 'yjs';
import { verifyToken } from './token.mjs';
import { updateInFrame, updateGuard } from './guard.mjs';

/** The largest WebSocket message accepted: a 1 MB article with its layers is far below it, and a
 * bigger one closes the connection (code 1009) before Hocuspocus sees it. */
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

function parseArgs(args) {
  const options = { port: 1234, host: '127.0.0.1', redis: null, debounce: 1000 };
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    switch (args[i]) {
      case '--port': options.port = Number(value); i++; break;
      case '--host': options.host = value; i++; break;
      case '--redis': options.redis = value; i++; break;
      case '--debounce': options.debounce = Number(value); i++; break;
      default: throw new Error(`unknown argument ${args[i]}`);
    }
  }
  if (!Number.isInteger(options.port) || options.port <= 0) throw new Error('--port wants a port number');
  return options;
}

/** Rooms as one row each: the Yjs state as an update. A store merges the row with the new state
 * (a CRDT union, under a per-room lock) rather than overwriting it, so an instance that is a
 * moment behind another can never write the room back to an older state. */
function postgresStorage(pool) {
  return new Database({
    fetch: async ({ documentName }) => {
      const { rows } = await pool.query('SELECT state FROM spanwise_rooms WHERE name = $1', [documentName]);
      return rows.length ? new Uint8Array(rows[0].state) : null;
    },
    store: async ({ documentName, state }) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [documentName]);
        const { rows } = await client.query('SELECT state FROM spanwise_rooms WHERE name = $1', [documentName]);
        const merged = rows.length ? Buffer.from(Y.mergeUpdates([new Uint8Array(rows[0].state), state])) : state;
        await client.query(
          `INSERT INTO spanwise_rooms (name, state, updated_at) VALUES ($1, $2, now())
           ON CONFLICT (name) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
          [documentName, merged],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  });
}

async function createTable(pool) {
  const client = await pool.connect();
  try {
    // Two instances starting together would race on CREATE TABLE IF NOT EXISTS.
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('spanwise_rooms'))");
    await client.query(`CREATE TABLE IF NOT EXISTS spanwise_rooms (
      name text PRIMARY KEY,
      state bytea NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

/** Refusals carry a `reason`, which Hocuspocus sends to the client (permission-denied, close). */
const refusal = (reason) => Object.assign(new Error(reason), { reason });

/** Entry and message policy, as a Hocuspocus extension. */
function policy(secret) {
  const updateProblem = updateGuard();
  return {
    async onAuthenticate({ token, documentName, request }) {
      const claims = verifyToken(secret, token, documentName);
      if (claims instanceof Error) {
        // A client refused here reads and writes nothing in this room; Hocuspocus would still
        // queue whatever it sends next on the socket, so the socket is closed soon after the
        // refusal has been sent. (This also drops other rooms the same socket carries.)
        setTimeout(() => request.socket.destroy(), 1000).unref();
        throw refusal(`permission-denied: ${claims.message}`);
      }
      return { name: claims.name };
    },
    async beforeHandleMessage({ update: frame, document, context }) {
      let update;
      try {
        update = updateInFrame(frame);
      } catch (error) {
        throw refusal(`malformed message: ${error.message}`);
      }
      if (update === null) return;
      const problem = updateProblem(document, update);
      if (problem) {
        console.error(`refused an update to ${document.name} from ${context.name}: ${problem}`);
        throw refusal(`malformed update: ${problem}`);
      }
    },
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const secret = process.env.SPANWISE_SECRET;
  if (!secret) throw new Error('SPANWISE_SECRET is not set: the server needs it to check room tokens');

  const pool = new pg.Pool({ max: 4 });
  // An idle client losing its connection (the database restarting) must not end the server.
  pool.on('error', (error) => console.error(`PostgreSQL: ${error.message}`));
  await createTable(pool);

  const extensions = [policy(secret), postgresStorage(pool)];
  if (options.redis) {
    const [host, port] = options.redis.split(':');
    extensions.push(new Redis({
      host,
      port: Number(port),
      options: { password: process.env.SPANWISE_REDIS_PASSWORD || undefined },
    }));
  }
  extensions.push({ async onDestroy() { await pool.end(); } });

  const server = new Server({
    port: options.port,
    address: options.host,
    quiet: true,
    debounce: options.debounce,
    maxDebounce: 5 * options.debounce,
    extensions,
  }, { maxPayload: MAX_MESSAGE_BYTES });
  // Hocuspocus 3.4.4 passes its `address` to Node's listen() as `address`, a key Node does not
  // read (it reads `host`), so the server would listen on every interface: bind it to the one
  // asked for.
  const listen = server.httpServer.listen.bind(server.httpServer);
  server.httpServer.listen = (how, ...rest) => listen({ ...how, host: options.host }, ...rest);
  await server.listen();
  console.log(`spanwise team server on ws://${options.host}:${options.port}`
    + ` (PostgreSQL ${process.env.PGHOST ?? 'default'}:${process.env.PGPORT ?? 5432}`
    + `${options.redis ? `, Redis ${options.redis}` : ''}, pid ${process.pid})`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
