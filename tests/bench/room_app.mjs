// The app in a team room on a big document (issue 17): how long a colleague's change takes to
// show on the page, the Rust client's read-back in the browser's wasm included.
//
//   node tests/bench/room_app.mjs [--rounds 20] [--doc doc-1m-n10000] [--data DIR]   (after a build)
//
// Starts its own server and database (scripts/serve-team.sh, .team/roomapp, ports 24234…), opens
// the built app (dist/) in headless Chromium, opens the peer-bench document in it and shares it in
// a room through Share…; then a node Yjs client in the room, `rounds` times, (1) tags a word
// (an entry in `layer:shared` with sticky ends, as the app writes them) and (2) types a few
// characters at the start of the text. Printed for each: from the colleague's change (Date.now()
// in this process, before the Yjs transaction) until the page shows it (a `waitForFunction`,
// checked every animation frame: the span's mark, the first paragraph's new start), p50, p95 and
// max. It includes the server hop, the page's read-back and repaint, and up to a frame of
// checking; it asserts nothing. It stops the server at the end.
import { serve, launch, openApp } from '../browser/harness.mjs';
import { cluster, joinRoom, until, Y } from '../team/harness.mjs';
import { benchDataDir, loadBenchData, toSpanwise } from './peerdata.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.lastIndexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const rounds = Number(opt('rounds', 20));
const docName = opt('doc', 'doc-1m-n10000');
const data = loadBenchData(benchDataDir(opt('data', null)), docName);
const team = cluster({ name: 'roomapp', port: 24234, pgPort: 27533, redisPort: 28480, instances: 1 });
const [port] = team.ports;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const summary = (what, times) => {
  const sorted = [...times].sort((a, b) => a - b);
  const ms = (x) => `${x.toFixed(0)} ms`;
  console.log(`| ${what} | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 95))} | ${ms(sorted[sorted.length - 1])} |`);
};

team.wipe();
team.start();
const web = await serve();
const browser = await launch();
try {
  const page = await openApp(browser, web.url);
  const json = JSON.stringify(toSpanwise(data));
  await page.setInputFiles('[data-testid="open-file"]', { name: `${data.name}.spanwise.json`, mimeType: 'application/json', buffer: Buffer.from(json) });
  const last = data.annotations.length;
  await page.waitForFunction((n) => new Set([...document.querySelectorAll('[data-testid="document"] [data-span-id]')].map((m) => m.dataset.spanId)).size >= n, last, { timeout: 120_000 });
  // Share it.
  await page.click('text=Share…');
  await page.fill('[data-testid="room-server"]', `ws://127.0.0.1:${port}`);
  await page.fill('[data-testid="room-name"]', 'big');
  await page.fill('[data-testid="room-token"]', team.token('big', 'alice'));
  await page.click('button:has-text("Connect")');
  await page.waitForFunction(() => {
    const status = document.querySelector('[data-testid="room-status"]');
    return status?.dataset.state === 'connected' && !/pending/.test(status.textContent);
  }, null, { timeout: 120_000 });
  await page.keyboard.press('Escape');
  const bob = joinRoom(port, 'big', team.token('big', 'bob'));
  await bob.synced;
  await until(() => bob.text.length > 0 && bob.doc.getMap('layer:shared').size >= last, 'the room holds the document', 60_000);
  const layer = bob.doc.getMap('layer:shared');
  const sticky = (index, assoc) => Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(bob.text, index, assoc))).toString('base64');
  const tagged = [];
  const typed = [];
  const text = bob.text.toString();
  for (let i = 0; i < rounds; i++) {
    // A word somewhere in the article, untagged by the document's own spans (a colleague's tag
    // of it is a new span whatever is there).
    const at = text.indexOf(' ', 1000 + i * 45_000) + 1;
    const end = text.indexOf(' ', at);
    const id = `bob-${i}`;
    const started = Date.now();
    bob.doc.transact(() => {
      layer.set(id, { kind: 'entity', label: 'ORG', start: sticky(at, 0), end: sticky(end, -1) });
    });
    await page.waitForFunction((id) => !!document.querySelector(`[data-span-id="${id}"]`), id, { timeout: 10_000 });
    tagged.push(Date.now() - started);
    // A few letters typed at the start of the text.
    const marker = `[${i}]`;
    const before = Date.now();
    bob.doc.transact(() => bob.text.insert(0, marker));
    await page.waitForFunction((m) => document.querySelector('[data-testid="document"] [data-para="0"]')?.textContent.startsWith(m), marker, { timeout: 10_000 });
    typed.push(Date.now() - before);
  }
  console.log(`A colleague's change on the page, ${docName} shared in a room (${rounds} rounds, ${new Date().toISOString().slice(0, 10)}):`);
  console.log('');
  console.log('| change | p50 | p95 | max |');
  console.log('|---|---|---|---|');
  summary("a colleague's tag → painted", tagged);
  summary("a colleague's typing → painted", typed);
  const problems = page.problems ?? [];
  if (problems.length) console.log('page problems:', problems);
  bob.leave();
} finally {
  await browser.close();
  await web.close();
  team.stop();
}
