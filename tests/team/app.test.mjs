// The app in team rooms (issue 17): real browser pages (headless Chromium, one context each)
// joined to a real Hocuspocus server with its PostgreSQL, started by scripts/serve-team.sh on
// ports of their own; a node Yjs client checks what the room holds.
//   node --test tests/team/app.test.mjs     (after a build: the pages are dist/)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cluster, joinRoom, until, Y } from './harness.mjs';
import { serve, launch, openApp, ready, tagText, spans, exportJson, selectText, dragSelect, cpIndexOf, ROOT } from '../browser/harness.mjs';

const SAMPLE = readFileSync(join(ROOT, 'samples', 'blinken-cairo-gaza.txt'), 'utf8');
const team = cluster({ name: 'app', instances: 2, port: 21334, pgPort: 25533, redisPort: 26480 });
const [port, secondPort] = team.ports;
let web, browser;

before(async () => {
  team.wipe();
  team.start();
  web = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await web?.close();
  team.stop();
});

const STATUS = '[data-testid="room-status"]';
const link = (room, token, at = port) => `${web.url}?server=${encodeURIComponent(`ws://127.0.0.1:${at}`)}&room=${room}&token=${encodeURIComponent(token)}`;
const inRoom = async (room, name, at = port) => {
  const page = await openApp(browser, link(room, team.token(room, name), at));
  await page.waitForSelector(`${STATUS}[data-state="connected"]`);
  return page;
};
/** Waits until the page shows a span of `label` over `text`, at most `ms`. */
const seesSpan = (page, label, text, ms = 1000) => page.waitForFunction(([label, text]) =>
  [...document.querySelectorAll(`[data-testid="document"] [data-span-id][data-label="${label}"]`)]
    .some((m) => {
      const id = m.dataset.spanId;
      const all = document.querySelectorAll(`[data-testid="document"] [data-span-id="${id}"]`);
      return [...all].map((p) => p.textContent).join('') === text;
    }), [label, text], { timeout: ms });

test('two annotators on two server instances see each other\'s spans and text corrections within a second; a Yjs client reads them; their exports agree', async () => {
  const alice = await inRoom('desk', 'alice', port);
  const bob = await inRoom('desk', 'bob', secondPort);
  // The room had Alice's document: Bob's page opened it.
  assert.equal(await bob.textContent('[data-testid="document"]'), SAMPLE);
  await tagText(alice, SAMPLE, 'Cairo', '3');
  await seesSpan(bob, 'GPE', 'Cairo');
  await tagText(bob, SAMPLE, 'Abbas Kamel', '1');
  await seesSpan(alice, 'PERSON', 'Abbas Kamel');
  // A JavaScript Yjs client reads the layer and resolves the sticky ends the Rust client wrote.
  const reader = joinRoom(port, 'desk', team.token('desk', 'reader'));
  await reader.synced;
  const layer = reader.doc.getMap('layer:shared').toJSON();
  const resolve = (b64) => Y.createAbsolutePositionFromRelativePosition(
    Y.decodeRelativePosition(Uint8Array.from(Buffer.from(b64, 'base64'))), reader.doc).index;
  const text = reader.text.toString();
  const read = Object.values(layer).map((e) => [e.label, text.slice(resolve(e.start), resolve(e.end))]).sort();
  assert.deepEqual(read, [['GPE', 'Cairo'], ['PERSON', 'Abbas Kamel']]);
  assert.equal(reader.meta.get('title'), 'Blinken in Cairo (sample)');
  assert.equal(reader.meta.get('mode'), 'shared');
  reader.leave();
  // Alice corrects "Refa" to "Rafah" after Bob tagged it: Bob's text changes and his span
  // covers the corrected word.
  await tagText(bob, SAMPLE, 'Refa', '3');
  await seesSpan(alice, 'GPE', 'Refa');
  const at = cpIndexOf(SAMPLE, 'Refa');
  await alice.keyboard.press('F2');
  await alice.waitForSelector('[data-testid="document"][contenteditable="true"]');
  await selectText(alice, at, at + 4);
  await alice.keyboard.type('Rafah');
  await alice.keyboard.press('Escape');
  const corrected = SAMPLE.replace('Refa', 'Rafah');
  await bob.waitForFunction((t) => document.querySelector('[data-testid="document"]').textContent === t, corrected, { timeout: 2000 });
  await seesSpan(bob, 'GPE', 'Rafah');
  // Bob removes Cairo; Alice's page loses it.
  const cairo = (await spans(bob)).find((s) => s.text === 'Cairo');
  await bob.click(`[data-testid="document"] [data-span-id="${cairo.id}"]`);
  await bob.keyboard.press('Delete');
  await alice.waitForFunction((id) => !document.querySelector(`[data-span-id="${id}"]`), cairo.id, { timeout: 1000 });
  // The two pages export the same text and annotations.
  const exported = async (page) => {
    const { json } = await exportJson(page);
    const document = json.document ?? json.documents?.[0] ?? json;
    return JSON.stringify({ text: document.text, annotations: document.annotations });
  };
  assert.equal(await exported(alice), await exported(bob));
  // Presence: each toolbar names the other; Alice's selection is drawn on Bob's page in her
  // colour, with her name.
  await alice.waitForFunction((s) => /with bob/.test(document.querySelector(s).textContent), STATUS);
  await bob.waitForFunction((s) => /with alice/.test(document.querySelector(s).textContent), STATUS);
  const shukri = cpIndexOf(SAMPLE, 'Abdel Fattah');
  await dragSelect(alice, shukri, shukri + 'Abdel Fattah'.length);
  await bob.waitForFunction(() => [...document.querySelectorAll('mark.presence[data-presence="alice"]')]
    .map((m) => m.textContent).join('') === 'Abdel Fattah', null, { timeout: 1000 });
  const colour = await bob.$eval('mark.presence[data-presence="alice"]', (m) => m.style.getPropertyValue('--c'));
  assert.match(colour, /^#[0-9a-f]{6}$/);
  assert.deepEqual(alice.problems, []);
  assert.deepEqual(bob.problems, []);
  await alice.context().close();
  await bob.context().close();
});

test('a wrong or missing token is refused with the reason and the room is unchanged', async () => {
  const owner = await inRoom('closed', 'owner');
  const before = await (async () => {
    const c = joinRoom(port, 'closed', team.token('closed', 'check'));
    await c.synced;
    const state = Y.encodeStateAsUpdate(c.doc);
    c.leave();
    return state;
  })();
  const forged = team.token('closed', 'mallory').replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
  const intruder = await openApp(browser, link('closed', forged));
  await intruder.waitForSelector(`${STATUS}[data-state="refused"]`);
  assert.match(await intruder.textContent(STATUS), /bad signature/);
  // Its own document was not put in the room, and the room's is not shown.
  await tagText(intruder, SAMPLE, 'Cairo', '3');
  const after = joinRoom(port, 'closed', team.token('closed', 'check'));
  await after.synced;
  assert.deepEqual(Object.keys(after.doc.getMap('layer:shared').toJSON()), []);
  assert.equal(after.text.toString(), SAMPLE);
  assert.equal(Y.encodeStateAsUpdate(after.doc).length, before.length);
  after.leave();
  // The Share dialog refuses an empty token before connecting.
  await intruder.click('text=Share…');
  await intruder.fill('[data-testid="room-name"]', 'closed');
  await intruder.click('button:has-text("Connect")');
  await intruder.waitForFunction(() => /needs a token/.test(document.body.textContent));
  await owner.context().close();
  await intruder.context().close();
});

test('offline, both keep tagging, one reloads the page; back online, the union — and the room survives a server restart', async () => {
  const alice = await inRoom('train', 'alice');
  const bob = await inRoom('train', 'bob');
  team.stop();
  await alice.waitForSelector(`${STATUS}[data-state="offline"]`);
  await bob.waitForSelector(`${STATUS}[data-state="offline"]`);
  await tagText(alice, SAMPLE, 'Cairo', '3');
  await tagText(bob, SAMPLE, 'Gaza', '3');
  assert.match(await alice.textContent(STATUS), /1 change pending/);
  // Alice reloads the page while offline: her change is kept with the room and still pending.
  await alice.reload();
  await ready(alice);
  await alice.waitForSelector(`${STATUS}[data-state="offline"]`);
  assert.match(await alice.textContent(STATUS), /1 change pending/);
  assert.deepEqual((await spans(alice)).filter((s) => s.text === 'Cairo').map((s) => s.label), ['GPE']);
  team.start();
  await alice.waitForSelector(`${STATUS}[data-state="connected"]`, { timeout: 15_000 });
  await bob.waitForSelector(`${STATUS}[data-state="connected"]`, { timeout: 15_000 });
  await seesSpan(alice, 'GPE', 'Gaza', 5000);
  await seesSpan(bob, 'GPE', 'Cairo', 5000);
  await alice.waitForFunction((s) => !/pending/.test(document.querySelector(s).textContent), STATUS);
  // Both pages hold the same spans.
  const pick = async (page) => (await spans(page)).map((s) => `${s.id} ${s.label} ${s.text}`).sort();
  assert.deepEqual(await pick(alice), await pick(bob));
  await alice.context().close();
  await bob.context().close();
});

test('a tag made just before a reload, its update lost on the way to the server, is not lost', async () => {
  // The page's messages to the server go through a route that can stall them, as a network
  // that has stopped carrying them before the socket notices.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  let sockets = 0;
  let stalled = false;
  await context.routeWebSocket(/127\.0\.0\.1/, (ws) => {
    const first = ++sockets === 1;
    const server = ws.connectToServer();
    ws.onMessage((m) => { if (!(first && stalled)) server.send(m); });
    server.onMessage((m) => ws.send(m));
  });
  const alice = await context.newPage();
  alice.problems = [];
  alice.on('pageerror', (e) => alice.problems.push(`pageerror: ${e.message}`));
  await alice.goto(link('reload', team.token('reload', 'alice')));
  await ready(alice);
  await alice.waitForSelector(`${STATUS}[data-state="connected"]`);
  await alice.waitForFunction((s) => !/pending/.test(document.querySelector(s).textContent), STATUS);
  stalled = true;
  await tagText(alice, SAMPLE, 'Cairo', '3');
  // Reloaded at once, well within the pause after which the room is kept.
  await alice.reload();
  await ready(alice);
  await alice.waitForSelector(`${STATUS}[data-state="connected"]`);
  assert.deepEqual((await spans(alice)).filter((s) => s.text === 'Cairo').map((s) => s.label), ['GPE']);
  // It reached the room after all.
  const reader = joinRoom(port, 'reload', team.token('reload', 'reader'));
  await reader.synced;
  const layer = () => Object.values(reader.doc.getMap('layer:shared').toJSON()).map((e) => e.label);
  await until(() => layer().includes('GPE'), 'the room holds the tag');
  assert.deepEqual(layer(), ['GPE']);
  reader.leave();
  assert.equal(sockets, 2);
  assert.deepEqual(alice.problems, []);
  await context.close();
});

test('undo takes back only my own changes, where a colleague\'s correction moved them', async () => {
  const alice = await inRoom('undo', 'alice');
  const bob = await inRoom('undo', 'bob');
  const shows = (page, text) => page.waitForFunction((t) => document.querySelector('[data-testid="document"]').textContent === t, text, { timeout: 2000 });
  const correct = async (page, text, needle, by) => {
    const at = cpIndexOf(text, needle);
    await page.keyboard.press('F2');
    await page.waitForSelector('[data-testid="document"][contenteditable="true"]');
    await selectText(page, at, at + Array.from(needle).length);
    await page.keyboard.type(by);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="document"]:not([contenteditable="true"])');
  };
  // Alice tags Gaza and corrects "Refa"; then Bob corrects "blinkenarrived", earlier in the text.
  await tagText(alice, SAMPLE, 'Gaza', '3');
  await seesSpan(bob, 'GPE', 'Gaza');
  await correct(alice, SAMPLE, 'Refa', 'Rafah');
  const hers = SAMPLE.replace('Refa', 'Rafah');
  await shows(bob, hers);
  await correct(bob, hers, 'blinkenarrived', 'blinken arrived');
  const both = hers.replace('blinkenarrived', 'blinken arrived');
  await shows(alice, both);
  // Alice's undo takes back her correction, not Bob's, on both pages; the next takes back her
  // tag; then there is nothing of hers left.
  await alice.keyboard.press('Control+z');
  const onlyBobs = SAMPLE.replace('blinkenarrived', 'blinken arrived');
  await shows(alice, onlyBobs);
  await shows(bob, onlyBobs);
  await alice.keyboard.press('Control+z');
  await bob.waitForFunction(() => !document.querySelector('[data-testid="document"] [data-span-id]'), null, { timeout: 1000 });
  assert.deepEqual(await spans(alice), []);
  await alice.keyboard.press('Control+z');
  assert.equal(await alice.textContent('[data-testid="document"]'), onlyBobs);
  // Redo brings hers back where the text now has them.
  await alice.keyboard.press('Control+y');
  await seesSpan(bob, 'GPE', 'Gaza');
  await alice.keyboard.press('Control+y');
  await shows(bob, both);
  await shows(alice, both);
  assert.deepEqual(alice.problems, []);
  assert.deepEqual(bob.problems, []);
  await alice.context().close();
  await bob.context().close();
});

test('in a blind room each sees only their own spans until Agreement shows both layers', async () => {
  const blind = async (name) => {
    const page = await openApp(browser, `${link('blind', team.token('blind', name))}&mode=blind`);
    await page.waitForSelector(`${STATUS}[data-state="connected"]`);
    return page;
  };
  const alice = await blind('alice');
  const bob = await blind('bob');
  await tagText(alice, SAMPLE, 'Cairo', '3');
  await tagText(bob, SAMPLE, 'Gaza', '3');
  // Give Bob's page time to hear of Alice's tag, should it be shown: the room is live.
  await alice.waitForFunction((s) => /with bob/.test(document.querySelector(s).textContent), STATUS);
  const reader = joinRoom(port, 'blind', team.token('blind', 'reader'));
  await reader.synced;
  const layers = ['alice', 'bob'].map((n) => Object.values(reader.doc.getMap(`layer:${n}`).toJSON()).length);
  assert.deepEqual(layers, [1, 1]);
  assert.equal(reader.meta.get('mode'), 'blind');
  reader.leave();
  assert.deepEqual((await spans(bob)).map((s) => s.text), ['Gaza']);
  assert.deepEqual((await spans(alice)).map((s) => s.text), ['Cairo']);
  // Agreement: Bob's page now holds Alice's layer as her version beside his.
  await bob.getByRole('button', { name: 'Agreement' }).click();
  await bob.waitForFunction(() => /alice/.test(document.querySelector('[data-testid="agreement"]')?.textContent ?? ''));
  assert.match(await bob.textContent('[data-testid="agreement"]'), /bob/);
  await alice.context().close();
  await bob.context().close();
});
