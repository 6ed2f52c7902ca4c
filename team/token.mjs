// Room tokens: `base64url(JSON {room, name, exp}) "." base64url(HMAC-SHA256(secret, payload))`,
// where `payload` is the first part as written and `exp` is in seconds since 1970. The server
// (server.mjs) and the command line (scripts/team-token.sh) share this one definition.
//
//   node team/token.mjs ROOM NAME [--ttl SECONDS]    prints a token signed with $SPANWISE_SECRET
import { createHmac, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/** A day: long enough for a shift at the desk, short enough that a leaked link goes stale. */
export const DEFAULT_TTL_SECONDS = 24 * 60 * 60;

const sign = (secret, payload) => createHmac('sha256', secret).update(payload).digest('base64url');

/** A token for `name` in `room`, valid for `ttlSeconds` from `now` (milliseconds). */
export function makeToken(secret, room, name, ttlSeconds = DEFAULT_TTL_SECONDS, now = Date.now()) {
  if (!secret) throw new Error('no secret to sign with');
  const exp = Math.floor(now / 1000) + ttlSeconds;
  const payload = Buffer.from(JSON.stringify({ room, name, exp })).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

/** The token's claims {room, name, exp} when it is signed with `secret`, names `room` and has not
 * expired at `now`; otherwise an Error saying which check failed (the reason the client is given). */
export function verifyToken(secret, token, room, now = Date.now()) {
  if (!secret) return new Error('the server has no secret');
  if (typeof token !== 'string' || !token) return new Error('no token');
  const parts = token.split('.');
  if (parts.length !== 2) return new Error('malformed token');
  const [payload, signature] = parts;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return new Error('bad signature');
  let claims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return new Error('malformed token');
  }
  if (!claims || typeof claims.room !== 'string' || typeof claims.name !== 'string' || !Number.isFinite(claims.exp)) {
    return new Error('malformed token');
  }
  if (claims.room !== room) return new Error('token is for another room');
  if (claims.exp * 1000 <= now) return new Error('token expired');
  return { room: claims.room, name: claims.name, exp: claims.exp };
}

function main(args) {
  const usage = 'usage: team-token.sh ROOM NAME [--ttl SECONDS]';
  const positional = [];
  let ttl = DEFAULT_TTL_SECONDS;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--ttl') {
      ttl = Number(args[++i]);
      if (!Number.isInteger(ttl) || ttl <= 0) throw new Error(`--ttl wants a whole number of seconds\n${usage}`);
    } else if (args[i] === '-h' || args[i] === '--help') {
      console.log(usage);
      return;
    } else positional.push(args[i]);
  }
  if (positional.length !== 2 || !positional[0] || !positional[1]) throw new Error(usage);
  const secret = process.env.SPANWISE_SECRET;
  if (!secret) throw new Error('SPANWISE_SECRET is not set: export the same secret the server was started with');
  console.log(makeToken(secret, positional[0], positional[1], ttl));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
}
