// Corpus benchmark of the built app (dist/) in headless Chromium: a generated corpus of news-sized
// documents (about 3 KB of text and 20 spans each), opened as doccano JSONL files.
//
//   node tests/bench/corpus.mjs [--docs N] [--reps R] [--per-file K]
//
// Each repetition uses a fresh browser context and measures, with in-page clocks:
//   import           the file input's change event until the Documents tab counts N documents
//                    and the toolbar says Saved (parse, join the workspace, write to IndexedDB),
//                    with the longest task and the count of tasks ≥ 50 ms meanwhile
//   reload → painted navigation until the open document's text is in the DOM plus two frames
//                    (and, in brackets, until every document is listed: the rest is read after)
//   open document    a click on another row of the document list until its text is painted
//   next document    the key for the next unfinished document until the next text is painted
//   list search      typing a word into the document search until the counts show the result
//   list scroll      the document list scrolled top to bottom a step a frame: longest task (count)
//   memory           JS heap (performance.memory) + wasm linear memory, after the import
//   export all       Export workspace: click until the download starts
// It prints medians as a Markdown table; it asserts nothing. The generator is seeded, so every
// run opens the same corpus. A figure the app cannot give yet (a control that is not there)
// prints as "n/a" with the reason underneath.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { serve, launch, median } from '../browser/harness.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.lastIndexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const nDocs = Number(opt('docs', 2000));
const reps = Number(opt('reps', 3));
// doccano files of at most this many documents (the app opens files up to 20 MB).
const perFile = Number(opt('per-file', 2000));
const notes = new Set();

/** A seeded generator of wire-news-like documents: sentences from a small vocabulary with
 * names, places and organisations, each tagged. */
function corpus(n) {
  let seed = 42;
  const rand = (k) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
  const people = ['Antony Blinken', 'Sameh Shoukry', 'Abbas Kamel', 'Ursula von der Leyen', 'Kofi Annan', 'Jacinda Ardern', 'Narendra Modi', 'Olaf Scholz'];
  const places = ['Cairo', 'Doha', 'Gaza', 'Brussels', 'Wellington', 'New Delhi', 'Berlin', 'Nairobi'];
  const orgs = ['Reuters', 'the United Nations', 'the World Bank', 'the European Union', 'NATO', 'the IMF'];
  const verbs = ['said', 'told reporters', 'according to officials', 'announced', 'warned', 'confirmed'];
  const filler = ['on Tuesday', 'after talks that lasted late into the night', 'in a statement', 'amid growing pressure', 'as negotiations resumed', 'despite earlier objections'];
  const lines = [];
  for (let d = 0; d < n; d++) {
    // The number makes every text unique (a document's id comes from its text).
    let text = `Dispatch ${d + 1}. `;
    const label = [];
    while (text.length < 3000) {
      const pick = (list, tag) => {
        const word = list[rand(list.length)];
        if (label.length < 20) label.push([text.length, text.length + word.length, tag]);
        text += word;
      };
      pick(people, 'PERSON');
      text += ` met officials in `;
      pick(places, 'GPE');
      text += ` ${filler[rand(filler.length)]}, `;
      pick(orgs, 'ORG');
      text += ` ${verbs[rand(verbs.length)]}. The talks concern aid, borders and the release of hostages, and a further round is planned. `;
    }
    // Code units equal code points here (ASCII text), as doccano counts.
    lines.push(JSON.stringify({ id: d + 1, text, label: d % 5 === 4 ? [] : label }));
  }
  return lines;
}


function instrument() {
  window.__bench = { longtasks: [] };
  addEventListener('TrunkApplicationStarted', (e) => { window.__bench.wasm = e.detail.wasm; });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.longtasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
}

const longTasksSince = async (page, from) => page.evaluate((from) => window.__bench.longtasks.slice(from), from);
const nLongTasks = async (page) => page.evaluate(() => window.__bench.longtasks.length);

async function run(browser, url, files) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('[data-testid="document"] [data-para]');
  const out = {};

  // Import.
  const before = await nLongTasks(page);
  const t0 = Date.now();
  await page.setInputFiles('[data-testid="open-file"]', files);
  const total = nDocs + 1; // the sample stays
  try {
    await page.waitForSelector(`[role="tab"]:text("Documents (${total})")`, { timeout: 180_000 });
  } catch (e) {
    const shown = await page.evaluate(() => ['status', 'error', 'save-state'].map((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent).join(' / '));
    throw new Error(`the import did not finish; the page shows: ${shown}`);
  }
  await page.waitForFunction(() => document.querySelector('[data-testid="save-state"]')?.textContent === 'Saved', null, { timeout: 180_000 });
  out.import = Date.now() - t0;
  const tasks = await longTasksSince(page, before);
  out.importLongest = tasks.length ? Math.max(...tasks) : 0;
  out.importTasks = tasks.length;
  out.memory = await page.evaluate(() => ((performance.memory?.usedJSHeapSize ?? NaN) + (window.__bench.wasm?.memory?.buffer?.byteLength ?? NaN)) / 1e6);

  // Reload → painted.
  const title = await page.textContent('[data-testid="doc-title"]');
  await page.reload();
  await page.waitForSelector('[data-testid="document"] [data-para]', { timeout: 180_000 });
  out.reload = await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok(performance.now())))));
  // The rest of the workspace is read after the first paint: until every document is listed.
  await page.waitForSelector(`[role="tab"]:text("Documents (${total})")`, { timeout: 180_000 });
  out.listed = await page.evaluate(() => performance.now());
  if ((await page.textContent('[data-testid="doc-title"]')) !== title) notes.add('reload opened another document than the one open before');

  // Open another document from the list.
  await page.getByRole('tab', { name: /Documents/ }).click();
  const row = await page.$('[data-document-index="3"]');
  if (row) {
    const text = await page.textContent('[data-testid="document"]');
    out.open = await page.evaluate((text) => new Promise((ok) => {
      const t = performance.now();
      document.querySelector('[data-document-index="3"]').click();
      const check = () => (document.querySelector('[data-testid="document"]').textContent !== text
        ? requestAnimationFrame(() => ok(performance.now() - t)) : requestAnimationFrame(check));
      check();
    }), text);
  } else {
    notes.add('open document: no row [data-document-index="3"] in the list');
  }

  // Next unfinished document.
  const nextKey = opt('next-key', ']');
  out.next = await page.evaluate((key) => new Promise((ok) => {
    const before = document.querySelector('[data-testid="document"]').textContent;
    document.querySelector('[data-testid="document"]').focus();
    const t = performance.now();
    document.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    let frames = 0;
    const check = () => {
      if (document.querySelector('[data-testid="document"]').textContent !== before) requestAnimationFrame(() => ok(performance.now() - t));
      else if (++frames > 120) ok(NaN);
      else requestAnimationFrame(check);
    };
    check();
  }), nextKey);
  if (!Number.isFinite(out.next)) notes.add(`next document: the key ${nextKey} did not change the document`);

  // List search.
  const search = await page.$('[data-testid="document-search"]');
  if (search) {
    out.search = await page.evaluate(() => new Promise((ok) => {
      const input = document.querySelector('[data-testid="document-search"]');
      const counts = () => document.querySelector('[data-testid="document-counts"]')?.textContent;
      const before = counts();
      const t = performance.now();
      input.value = 'Wellington';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const check = () => (counts() !== before ? requestAnimationFrame(() => ok(performance.now() - t)) : requestAnimationFrame(check));
      check();
    }));
    await page.fill('[data-testid="document-search"]', '');
  } else {
    notes.add('list search: no [data-testid="document-search"]');
  }

  // List scroll.
  const list = await page.$('[data-testid="document-list"]');
  if (list) {
    const from = await nLongTasks(page);
    await page.evaluate(() => new Promise((ok) => {
      const list = document.querySelector('[data-testid="document-list"]');
      let el = list;
      while (el && el.scrollHeight <= el.clientHeight + 1) el = el.parentElement;
      if (!el) { ok(); return; }
      const step = () => {
        const last = el.scrollTop;
        el.scrollTop += el.clientHeight;
        if (el.scrollTop === last) ok(); else requestAnimationFrame(step);
      };
      step();
    }));
    const scrolled = await longTasksSince(page, from);
    out.scroll = [scrolled.length ? Math.max(...scrolled) : 0, scrolled.length];
  }

  // Export all.
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 180_000 }),
    page.evaluate(() => { window.__exportStart = performance.now(); }).then(() => page.getByRole('button', { name: 'Export workspace' }).click()),
  ]);
  out.export = await page.evaluate(() => performance.now() - window.__exportStart);
  await download.path();
  await context.close();
  return out;
}

const lines = corpus(nDocs);
// Files on disk, chosen by path: a buffer handed to the file input would be decoded by
// Playwright's own script in the page, a long task that is not the app's.
const dir = mkdtempSync(join(tmpdir(), 'spanwise-corpus-'));
const files = [];
let bytes = 0;
for (let i = 0; i < lines.length; i += perFile) {
  const path = join(dir, `wire-${files.length + 1}.jsonl`);
  const content = lines.slice(i, i + perFile).join('\n');
  writeFileSync(path, content);
  bytes += Buffer.byteLength(content);
  files.push(path);
}
const server = await serve();
const browser = await launch();
const results = [];
for (let r = 0; r < reps; r++) {
  try {
    results.push(await run(browser, server.url, files));
  } catch (e) {
    notes.add(`a repetition failed: ${e.message.split('\n')[0]}`);
  }
}
await browser.close();
await server.close();
const m = (key) => median(results.map((r) => r[key]));
const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)} ms` : 'n/a');
const scroll = results.filter((r) => r.scroll);
console.log(`Corpus: ${nDocs} documents in ${files.length} doccano file(s) of ${(bytes / 1e6).toFixed(1)} MB; medians of ${results.length} run(s).`);
console.log('| import (longest task, tasks ≥ 50 ms) | reload → painted (all listed) | open document | next document | list search | list scroll: longest task (count) | JS heap + wasm | export all |');
console.log('|---|---|---|---|---|---|---|---|');
console.log(`| ${ms(m('import'))} (${ms(m('importLongest'))}, ${m('importTasks')}) | ${ms(m('reload'))} (${ms(m('listed'))}) | ${ms(m('open'))} | ${ms(m('next'))} | ${ms(m('search'))} | ${scroll.length ? `${ms(median(scroll.map((r) => r.scroll[0])))} (${median(scroll.map((r) => r.scroll[1]))})` : 'n/a'} | ${Number.isFinite(m('memory')) ? `${m('memory').toFixed(0)} MB` : 'n/a'} | ${ms(m('export'))} |`);
for (const note of notes) console.log(`- ${note}`);
