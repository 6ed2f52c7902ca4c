// Room tokens (team/token.mjs) and the command that prints them (scripts/team-token.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { makeToken, verifyToken } from '../../team/token.mjs';
import { ROOT } from './harness.mjs';

const secret = 'correct horse battery staple';
const now = Date.UTC(2026, 0, 1);
const check = (token, room, expected) => {
  const result = verifyToken(secret, token, room, now);
  if (typeof expected === 'string') assert.equal(result.message, expected);
  else assert.deepEqual(result, expected);
};

test('a token opens its own room until it expires, and nothing else', () => {
  const token = makeToken(secret, 'desk-1', 'alice', 60, now);
  const exp = now / 1000 + 60;
  check(token, 'desk-1', { room: 'desk-1', name: 'alice', exp });
  check(token, 'desk-2', 'token is for another room');
  assert.equal(verifyToken(secret, token, 'desk-1', now + 60_000).message, 'token expired');
  assert.equal(verifyToken('another secret', token, 'desk-1', now).message, 'bad signature');
  const [payload, signature] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ room: 'desk-1', name: 'admin', exp })).toString('base64url');
  check(`${forged}.${signature}`, 'desk-1', 'bad signature');
  check(`${payload}.${signature}.x`, 'desk-1', 'malformed token');
  check('', 'desk-1', 'no token');
  check(null, 'desk-1', 'no token');
  // Signed, but not the claims a token carries.
  const odd = Buffer.from('[1,2]').toString('base64url');
  check(`${odd}.${createHmac('sha256', secret).update(odd).digest('base64url')}`, 'desk-1', 'malformed token');
});

test('scripts/team-token.sh prints a token for the secret in SPANWISE_SECRET and says when it is missing', () => {
  const script = join(ROOT, 'scripts', 'team-token.sh');
  const run = (args, env) => spawnSync('bash', [script, ...args], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  const printed = run(['desk-1', 'bob', '--ttl', '120'], { SPANWISE_SECRET: secret });
  assert.equal(printed.status, 0, printed.stderr);
  const claims = verifyToken(secret, printed.stdout.trim(), 'desk-1');
  assert.equal(claims.name, 'bob');
  assert.ok(Math.abs(claims.exp - (Date.now() / 1000 + 120)) < 5);
  const unset = run(['desk-1', 'bob'], {});
  assert.equal(unset.status, 2);
  assert.match(unset.stderr, /SPANWISE_SECRET is not set/);
  const usage = run(['desk-1'], { SPANWISE_SECRET: secret });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /usage: team-token.sh ROOM NAME/);
});
