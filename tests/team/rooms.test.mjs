// The team-room server (team/server.mjs) as real processes: PostgreSQL, Redis and two Hocuspocus
// instances started by scripts/serve-team.sh on 127.0.0.1, clients speaking the protocol.
//   node --test tests/team/
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cluster, joinRoom, until, rawClient, updateFrame, gone, Y } from './harness.mjs';

const team = cluster({ name: 'test', instances: 2 });
const [first, second] = team.ports;
const clients = [];
/** A client that leaves when the test ends, synced before it is returned. */
async function enter(port, room, name) {
  const client = joinRoom(port, room, team.token(room, name));
  clients.push(client);
  await client.synced;
  return client;
}
/** What a client has of a room, comparable across clients (map keys in order). */
const fingerprint = (doc) => JSON.stringify({
  text: doc.getText('text').toString(),
  meta: Object.entries(doc.getMap('meta').toJSON()).sort(),
  sv: [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(),
});

before(() => {
  team.wipe();
  team.start();
});
// Each test's clients leave when it ends: a client still connected when a later test kills its
// server would go on reconnecting after the suite.
afterEach(() => {
  for (const client of clients.splice(0)) client.leave();
});
after(() => team.stop());

test('two clients in a room converge on the text and a map', async () => {
  const alice = await enter(first, 'converge', 'alice');
  const bob = await enter(first, 'converge', 'bob');
  alice.text.insert(0, 'Antony Blinken arrived in Cairo.');
  alice.meta.set('title', 'Blinken in Cairo');
  await until(() => bob.text.toString() === 'Antony Blinken arrived in Cairo.', 'bob sees alice\'s text', 1000);
  bob.text.insert(bob.text.length, ' Then Gaza.');
  bob.meta.set('mode', 'blind');
  alice.text.insert(0, '> ');
  await until(() => alice.text.toString() === bob.text.toString() && alice.meta.get('mode') === 'blind' && bob.text.toString().startsWith('> '),
    'both have both edits', 1000);
  assert.equal(alice.text.toString(), '> Antony Blinken arrived in Cairo. Then Gaza.');
  assert.deepEqual(alice.meta.toJSON(), { title: 'Blinken in Cairo', mode: 'blind' });
  assert.deepEqual(bob.meta.toJSON(), alice.meta.toJSON());
});

test('a missing, wrongly signed, foreign or expired token is refused and the room stays as it was', async () => {
  const owner = await enter(first, 'guarded', 'owner');
  owner.text.insert(0, 'kept');
  owner.meta.set('id', 'doc-1');
  await until(() => owner.provider.unsyncedChanges === 0, 'the owner\'s edits are on the server');
  const before = fingerprint(owner.doc);
  const now = Date.now();
  const badTokens = {
    missing: ['', /no token/],
    'signed with another secret': [cluster({ name: 'unused' }).token('guarded', 'mallory'), /bad signature/],
    'for another room': [team.token('elsewhere', 'mallory'), /another room/],
    expired: [team.token('guarded', 'mallory', 60, now - 120_000), /expired/],
    'not a token': ['garbage', /malformed/],
  };
  for (const [what, [token, reason]] of Object.entries(badTokens)) {
    const intruder = joinRoom(first, 'guarded', token);
    clients.push(intruder);
    assert.match(await intruder.failed, reason, what);
    // The intruder writes locally; none of it may reach the room, and the room's text none of it.
    intruder.text.insert(0, 'INTRUDER ');
    intruder.meta.set('id', 'stolen');
    assert.equal(intruder.text.toString(), 'INTRUDER ', `${what}: the intruder reads nothing`);
    intruder.leave();
  }
  // A bare client that is refused and then sends an update anyway: the server closes the socket.
  const raw = rawClient(first, 'guarded', 'garbage');
  assert.match(await raw.auth, /permission-denied/);
  const forged = new Y.Doc();
  forged.getText('text').insert(0, 'FORGED ');
  raw.send(updateFrame('guarded', Y.encodeStateAsUpdate(forged)));
  await raw.socketClosed;
  // The room as a newcomer finds it, on both instances.
  for (const port of [first, second]) {
    const witness = await enter(port, 'guarded', `witness-${port}`);
    await until(() => witness.text.toString() === 'kept', `the witness on ${port} has the room`);
    assert.equal(fingerprint(witness.doc), before);
  }
  assert.equal(fingerprint(owner.doc), before);
});

test('a room killed with its server comes back from PostgreSQL', async () => {
  const room = `persist-${randomBytes(4).toString('hex')}`;
  const writer = await enter(first, room, 'writer');
  writer.text.insert(0, 'Written before the crash.');
  writer.meta.set('title', 'Crash');
  // Stored once the debounce has passed: wait for the row to hold the edits, then kill -9.
  const wanted = JSON.stringify({ text: 'Written before the crash.', meta: { title: 'Crash' } });
  let stored = null;
  const deadline = Date.now() + 10_000;
  while (stored !== wanted) {
    if (Date.now() > deadline) throw new Error(`the room never reached PostgreSQL (it has ${stored})`);
    const state = await team.stored(room);
    if (state) {
      const probe = new Y.Doc();
      Y.applyUpdate(probe, state);
      stored = JSON.stringify({ text: probe.getText('text').toString(), meta: probe.getMap('meta').toJSON() });
    }
    if (stored !== wanted) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  writer.leave();
  const pid = team.pid(first);
  process.kill(pid, 'SIGKILL');
  await until(() => gone(pid), 'the server is gone');
  team.start(); // serve-team.sh starts the missing instance again
  assert.notEqual(team.pid(first), pid);
  const reader = await enter(first, room, 'reader');
  assert.equal(reader.text.toString(), 'Written before the crash.');
  assert.equal(reader.meta.get('title'), 'Crash');
});

test('clients on two instances sharing Redis converge', async () => {
  const left = await enter(first, 'scaled', 'left');
  const right = await enter(second, 'scaled', 'right');
  left.text.insert(0, 'left ');
  right.text.insert(0, 'right ');
  left.meta.set('from-left', 1);
  right.meta.set('from-right', 2);
  await until(() => left.text.toString() === right.text.toString() && left.text.length === 11
    && Object.keys(left.meta.toJSON()).length === 2 && Object.keys(right.meta.toJSON()).length === 2,
  'both instances carry both edits', 3000);
  // And a run of edits from both sides at once.
  for (let i = 0; i < 50; i++) {
    left.text.insert(left.text.length, 'L');
    right.text.insert(0, 'R');
  }
  await until(() => left.text.toString() === right.text.toString() && left.text.length === 111, 'the runs converge', 3000);
  assert.equal(fingerprint(left.doc), fingerprint(right.doc));
});

test('a malformed update is refused, the room is intact and the others carry on', async () => {
  const owner = await enter(first, 'hostile', 'owner');
  const other = await enter(second, 'hostile', 'other');
  owner.text.insert(0, 'intact');
  await until(() => other.text.toString() === 'intact', 'the other has the text');
  await until(() => owner.provider.unsyncedChanges === 0, 'the owner\'s edit is on the server');
  const before = fingerprint(owner.doc);

  // An update that decodes but starts a client at clock 6 the room never saw (Yjs would keep it
  // pending forever), and one anchored after an item the room does not have.
  const gap = new Y.Doc();
  gap.getText('text').insert(0, 'abcdef');
  let later = null;
  gap.on('update', (update) => { later = update; });
  gap.getText('text').insert(6, 'g');
  const hostile = {
    'random bytes': randomBytes(64),
    'a truncated update': Y.encodeStateAsUpdate(gap).subarray(0, 9),
    'a clock gap': later,
    'an unknown content type': Uint8Array.from([1, 1, 7, 0, 0x1f, 4, 1, 0]),
  };
  for (const [what, update] of Object.entries(hostile)) {
    const raw = rawClient(first, 'hostile', team.token('hostile', 'mallory'));
    assert.equal(await raw.auth, 'authenticated');
    raw.send(updateFrame('hostile', update));
    assert.match(await raw.closedByServer, /malformed update/, what);
    raw.ws.close();
    assert.equal(fingerprint(owner.doc), before, `${what}: the owner's copy`);
  }
  // A frame that is not even a frame.
  const raw = rawClient(first, 'hostile', team.token('hostile', 'mallory'));
  assert.equal(await raw.auth, 'authenticated');
  raw.send(Uint8Array.from([7, ...Buffer.from('hostile'), 0, 2, 200]));
  assert.match(await raw.closedByServer, /malformed message/);
  raw.ws.close();

  const witness = await enter(first, 'hostile', 'witness');
  assert.equal(fingerprint(witness.doc), before, 'the room as a newcomer finds it');
  owner.text.insert(owner.text.length, ' and alive');
  other.text.insert(0, '> ');
  await until(() => [owner, other, witness].every((c) => c.text.toString() === '> intact and alive'), 'all three converge after the attack');
});

test('a message over 8 MB closes the connection and leaves the room as it was', async () => {
  const owner = await enter(first, 'capped', 'owner');
  owner.text.insert(0, 'small');
  await until(() => owner.provider.unsyncedChanges === 0, 'the owner\'s edit is on the server');
  const before = fingerprint(owner.doc);
  const big = new Y.Doc();
  big.getText('text').insert(0, 'x'.repeat(9 * 1024 * 1024));
  const raw = rawClient(first, 'capped', team.token('capped', 'mallory'));
  assert.equal(await raw.auth, 'authenticated');
  raw.send(updateFrame('capped', Y.encodeStateAsUpdate(big)));
  assert.equal(await raw.socketClosed, 1009, 'closed as "message too big"');
  const witness = await enter(first, 'capped', 'witness');
  assert.equal(fingerprint(witness.doc), before);
  owner.text.insert(5, '!');
  await until(() => witness.text.toString() === 'small!', 'the room still works');
});
