// Benchmark of correcting the text (issue 16) in the built app (dist/), in headless Chromium, on
// the 1 MB / 10,000-span peer-bench document:
//
//   node tests/bench/editing.mjs [--reps N] [--keys K] [--doc doc-1m-n10000] [--data DIR]
//
// Each repetition uses a fresh browser context, opens the document as a Spanwise file, turns
// "Correct text" on and puts the caret in the middle of the text. Measured with in-page clocks
// (performance.now()):
//   typed character → painted   K characters typed steadily (one every 120 ms) with real key
//                    presses: from each keydown until the article's DOM shows the change plus
//                    one frame (a requestAnimationFrame, then a message: the paint is done)
//   long tasks while typing   PerformanceObserver 'longtask' (tasks ≥ 50 ms) that began between
//                    the first key and the last: how many, the longest; and those of the 1.5 s
//                    pause after it, when the autosave (which waits for a pause) writes
//   Replace all of 1,000 matches   1,000 occurrences of "percent" are written "PERCENT" in the
//                    file (same length, outside every span); Find "PERCENT" (case) with
//                    "per cent": the button's click until the count shows none left plus a frame
// It prints medians (and the 95th percentile of the keys) as a Markdown table; it asserts nothing.
import { serve, launch, median } from '../browser/harness.mjs';
import { benchDataDir, loadBenchData, toSpanwise } from './peerdata.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.lastIndexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const reps = Number(opt('reps', 3));
const keys = Number(opt('keys', 40));
const docName = opt('doc', 'doc-1m-n10000');
const MATCHES = 1000;

const data = loadBenchData(benchDataDir(opt('data', null)), docName);
const file = toSpanwise(data);
// Exactly 1,000 matches to replace: the first 1,000 "percent" (never inside a span) in capitals.
let seen = 0;
file.document.text = file.document.text.replace(/percent/g, (m) => (seen++ < MATCHES ? 'PERCENT' : m));
if (seen < MATCHES) throw new Error(`the document has only ${seen} "percent"`);

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

function instrument() {
  window.__bench = { longtasks: [] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.longtasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
}

async function measure(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(url);
  await page.waitForSelector('[data-testid="document"] [data-para]');
  const n = file.annotations.length;
  await page.setInputFiles('[data-testid="open-file"]', { name: `${docName}.spanwise.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await page.waitForSelector(`[data-span-id="a${n}"]`, { timeout: 120_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="save-state"]')?.textContent === 'Saved', null, { timeout: 120_000 });
  await page.click('[data-testid="correct-text"]');
  await page.waitForSelector('[data-testid="document"][contenteditable="true"]');
  // The caret in the middle of the text, at the end of a word.
  await page.evaluate(() => {
    const container = document.querySelector('[data-testid="document"]');
    const paragraphs = container.querySelectorAll('[data-para]');
    const paragraph = paragraphs[Math.floor(paragraphs.length / 2)];
    paragraph.scrollIntoView({ block: 'center' });
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(' ');
      if (at > 0) {
        container.focus();
        getSelection().collapse(node, at);
        return;
      }
    }
    throw new Error('no word end in the middle paragraph');
  });
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));

  // Typing: each key timed from its keydown to the frame after the DOM changed.
  await page.evaluate(() => {
    const container = document.querySelector('[data-testid="document"]');
    window.__bench.keys = [];
    window.__bench.longtasks = [];
    let t0;
    addEventListener('keydown', () => { t0 = performance.now(); }, { capture: true });
    new MutationObserver(() => {
      if (t0 === undefined) return;
      const start = t0;
      t0 = undefined;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => window.__bench.keys.push(performance.now() - start);
        channel.port2.postMessage(0);
      });
    }).observe(container, { childList: true, subtree: true, characterData: true });
  });
  const letters = 'correction';
  const started = await page.evaluate(() => performance.now());
  for (let i = 0; i < keys; i += 1) {
    await page.keyboard.press(letters[i % letters.length]);
    await page.waitForFunction((k) => window.__bench.keys.length >= k, i + 1);
    await page.evaluate(() => new Promise((ok) => setTimeout(ok, 120)));
  }
  const stopped = await page.evaluate(() => performance.now());
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 1500)));
  const typed = await page.evaluate(() => ({ keys: window.__bench.keys, longtasks: window.__bench.longtasks }));
  // Tasks that began while the keys came, and those of the pause after (the write waits for it).
  const during = typed.longtasks.filter(([t]) => t >= started && t < stopped).map(([, d]) => d);
  const after = typed.longtasks.filter(([t]) => t >= stopped).map(([, d]) => d);

  // Replace all of 1,000 matches.
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Find…' }).click();
  await page.waitForSelector('[data-testid="replace-dialog"]');
  await page.getByLabel('Find', { exact: true }).fill('PERCENT');
  await page.getByLabel('Replace with').fill('per cent');
  await page.getByLabel('Match case').check();
  await page.waitForFunction((m) => document.querySelector('[data-testid="replace-count"]').textContent === `${m} matches`, MATCHES, { timeout: 30_000 })
    .catch(async () => { throw new Error(`count: ${await page.textContent('[data-testid="replace-count"]')}`); });
  const replaceMs = await page.evaluate(() => new Promise((resolve) => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Replace all');
    const count = document.querySelector('[data-testid="replace-count"]');
    let t0;
    new MutationObserver((_, observer) => {
      if (count.textContent === '0 matches') {
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - t0));
      }
    }).observe(count, { childList: true, subtree: true, characterData: true });
    t0 = performance.now();
    button.click();
  }));
  if (problems.length) throw new Error(problems.join('\n'));
  await context.close();
  return { keys: typed.keys, longtasks: during, pause: after, replaceMs };
}

const server = await serve();
const browser = await launch();
const runs = [];
try {
  for (let r = 0; r < reps; r += 1) runs.push(await measure(browser, server.url));
} finally {
  await browser.close();
  server.close();
}
const allKeys = runs.flatMap((r) => r.keys);
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(1) : '—');
console.log(`\nCorrecting ${docName} (${file.document.text.length.toLocaleString('en')} UTF-16 units, ${file.annotations.length.toLocaleString('en')} spans), ${reps} runs × ${keys} keys\n`);
console.log('| measure | median | p95 | max | target |');
console.log('|---|---|---|---|---|');
console.log(`| typed character → painted (ms) | ${fmt(median(allKeys))} | ${fmt(percentile(allKeys, 95))} | ${fmt(Math.max(...allKeys))} | ≤ 16 |`);
const tasks = runs.map((r) => r.longtasks.length);
const longest = runs.map((r) => (r.longtasks.length ? Math.max(...r.longtasks) : 0));
console.log(`| long tasks while typing (≥ 50 ms, per run) | ${median(tasks)} | | ${fmt(Math.max(...longest))} ms | 0 |`);
const pauseLongest = runs.map((r) => (r.pause.length ? Math.max(...r.pause) : 0));
console.log(`| long tasks in the pause after (the write, per run) | ${median(runs.map((r) => r.pause.length))} | | ${fmt(Math.max(...pauseLongest))} ms | |`);
console.log(`| Replace all of ${MATCHES.toLocaleString('en')} matches (ms) | ${fmt(median(runs.map((r) => r.replaceMs)))} | | ${fmt(Math.max(...runs.map((r) => r.replaceMs)))} | ≤ 200 |`);
