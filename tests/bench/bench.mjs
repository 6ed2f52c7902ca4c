// Benchmark of the built app (dist/) in headless Chromium on the peer-bench documents.
//
//   node tests/bench/bench.mjs [--reps N] [--docs doc-1m-n10000,...] [--data DIR]
//
// For each document it converts the generated BENCH_DATA into a Spanwise JSON file and, in a
// fresh page each repetition, measures (in-page clocks, performance.now()):
//   open→painted  file input `change` → every annotation in the DOM → two animation frames later
//   add 1 span    keydown of the label key → the new mark in the DOM → the next frame
//   undo          keydown Ctrl+Z → the mark gone → the next frame
//   first paint   navigation → first contentful paint of the sample article
// and prints medians, plus the wasm size raw and gzipped. It prints numbers; it asserts nothing.
import { readFileSync, readdirSync, existsSync, mkdtempSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import vm from 'node:vm';
import { serve, launch, openApp, ROOT, DIST } from '../browser/harness.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.lastIndexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const reps = Number(opt('reps', 5));
const wanted = opt('docs', 'doc-10k-n100,doc-100k-n1000,doc-1m-n10000').split(',');

let dataDir = opt('data', null);
if (!dataDir) {
  const generator = join(ROOT, '..', 'shared', 'peer-bench', 'gen-data.mjs');
  if (!existsSync(generator)) {
    console.error(`cannot find ${generator}: pass --data DIR with the peer-bench documents`);
    process.exit(2);
  }
  dataDir = mkdtempSync(join(tmpdir(), 'spanwise-bench-'));
  execFileSync('node', [generator, dataDir], { stdio: 'ignore' });
}

function loadBenchData(name) {
  const sandbox = { window: {} };
  vm.runInNewContext(readFileSync(join(dataDir, `${name}.js`), 'utf8'), sandbox);
  return sandbox.window.BENCH_DATA;
}

/** The peer-bench document as a Spanwise file, ids a1…aN, offsets in code points. */
function toSpanwise(data) {
  const colors = ['#f4a3a8', '#8fc1e3', '#a8d5a2', '#f7c873'];
  return JSON.stringify({
    format: 'spanwise',
    version: 1,
    document: { id: data.name, title: data.name, text: data.text },
    schema: { labels: data.labels.map((name, i) => ({ name, color: colors[i % 4], key: String(i + 1) })) },
    annotations: data.annotations.map((a, i) => ({
      id: `a${i + 1}`, kind: 'entity', label: a.label, start: a.cpStart, end: a.cpEnd, text: a.quote,
    })),
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function measure(browser, url, data, file) {
  const page = await openApp(browser, url);
  const firstPaint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  const n = data.annotations.length;
  // Open: from the input's change event to the last annotation painted.
  await page.evaluate(() => {
    window.__bench = {};
    document.querySelector('[data-testid="open-file"]').addEventListener('change', () => { window.__bench.t0 = performance.now(); }, { capture: true });
  });
  const painted = page.evaluate(([last]) => new Promise((resolve) => {
    const check = () => {
      if (document.querySelector(`[data-span-id="${last}"]`) && window.__bench.t0 !== undefined) {
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - window.__bench.t0)));
      } else {
        requestAnimationFrame(check);
      }
    };
    check();
  }), [`a${n}`]);
  await page.setInputFiles('[data-testid="open-file"]', { name: `${data.name}.spanwise.json`, mimeType: 'application/json', buffer: Buffer.from(file) });
  const open = await painted;

  // Add one span: select the reserved `extra` span's text, then press the label's key.
  const key = String(data.labels.indexOf(data.extra.label) + 1);
  await page.evaluate(([start, end]) => {
    const container = document.querySelector('[data-testid="document"]');
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    const locate = (offset) => {
      let seen = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (offset <= seen + node.length) return [node, offset - seen];
        seen += node.length;
      }
    };
    const [sn, so] = locate(start);
    walker.currentNode = container;
    const [en, eo] = locate(end);
    const range = document.createRange();
    range.setStart(sn, so);
    range.setEnd(en, eo);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  }, [data.extra.start, data.extra.end]);
  await page.waitForFunction((q) => document.querySelector('[data-testid="selection-hint"]').textContent.includes(q), data.extra.quote);
  const timeKey = (selectorGone, id) => page.evaluate(([gone, id]) => new Promise((resolve) => {
    const t0 = { v: undefined };
    document.addEventListener('keydown', () => { t0.v = performance.now(); }, { capture: true, once: true });
    const done = () => (gone ? !document.querySelector(`[data-span-id="${id}"]`) : !!document.querySelector(`[data-span-id="${id}"]`));
    const observer = new MutationObserver(() => {
      if (t0.v !== undefined && done()) {
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - t0.v));
      }
    });
    observer.observe(document.querySelector('[data-testid="document"]'), { childList: true, subtree: true, attributes: true });
    window.__benchReady = true;
  }), [selectorGone, id]);
  const added = timeKey(false, `a${n + 1}`);
  await page.waitForFunction(() => window.__benchReady);
  await page.keyboard.press(key);
  const add = await added;
  await page.evaluate(() => { window.__benchReady = false; });
  const undone = timeKey(true, `a${n + 1}`);
  await page.waitForFunction(() => window.__benchReady);
  await page.keyboard.press('Control+z');
  const undo = await undone;
  const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? NaN);
  if (page.problems.length) throw new Error(page.problems.join('\n'));
  await page.context().close();
  return { firstPaint, open, add, undo, heap };
}

const server = await serve();
const browser = await launch();
const rows = [];
try {
  for (const name of wanted) {
    const data = loadBenchData(name);
    const file = toSpanwise(data);
    const results = [];
    for (let r = 0; r < reps; r++) results.push(await measure(browser, server.url, data, file));
    const m = (k) => median(results.map((x) => x[k]));
    rows.push({ name, bytes: data.bytes, n: data.annotations.length, firstPaint: m('firstPaint'), open: m('open'), add: m('add'), undo: m('undo'), heap: m('heap') });
    console.error(`${name}: done (${reps} runs)`);
  }
} finally {
  await browser.close();
  await server.close();
}

const wasm = readdirSync(DIST).find((f) => f.endsWith('.wasm'));
const raw = statSync(join(DIST, wasm)).size;
const gz = gzipSync(readFileSync(join(DIST, wasm)), { level: 9 }).length;
const chromium = execFileSync('/usr/bin/chromium', ['--version']).toString().trim();
console.log(`Spanwise benchmark, ${new Date().toISOString().slice(0, 10)}, ${chromium}, medians of ${reps} runs`);
console.log('');
console.log('| document | spans | first paint (sample) | open → painted | add 1 span | undo | JS heap |');
console.log('|---|---|---|---|---|---|---|');
const ms = (x) => `${x.toFixed(1)} ms`;
for (const r of rows) {
  console.log(`| ${r.name} (${(r.bytes / 1000).toFixed(0)} KB) | ${r.n} | ${ms(r.firstPaint)} | ${ms(r.open)} | ${ms(r.add)} | ${ms(r.undo)} | ${(r.heap / 1e6).toFixed(1)} MB |`);
}
console.log('');
console.log(`wasm: ${(raw / 1024).toFixed(1)} KiB raw, ${(gz / 1024).toFixed(1)} KiB gzipped (${wasm})`);
