// Benchmark of the agreement panel (issue 15's Speed section) in the built app (dist/), in
// headless Chromium.
//
//   node tests/bench/agreement.mjs [--reps N] [--annotators N] [--spans N] [--bytes N]
//
// It writes one text of about 1 MB (seeded, so every run is the same) with 10,000 entity spans,
// and 10 annotators' Spanwise files of it, each the spans perturbed the way people differ:
// some left out, some boundaries moved by a word, some labels changed, some spans added. The
// files are opened together (10 versions of one document), then each repetition times, with
// the page's clock, the "Agreement" click until the report is in the DOM plus one frame (the
// 45 pairs computed in steps, the tables and chart drawn), and records the longest main-thread
// task in that time (PerformanceObserver 'longtask', tasks of 50 ms or more; 0 when none) and
// the steps the progress bar showed. It prints the medians and the worst long task; it asserts
// nothing.
import { serve, launch, median } from '../browser/harness.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.lastIndexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const reps = opt('reps', 5);
const nAnnotators = opt('annotators', 10);
const nSpans = opt('spans', 10000);
const nBytes = opt('bytes', 1_000_000);
const LABELS = ['PERSON', 'ORG', 'GPE', 'DATE'];

/** A small seeded generator (mulberry32), so the documents are the same on every run. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The text (ASCII words and sentences, so code points are bytes) and its words' ranges. */
function makeText(rand) {
  const syllables = ['ka', 'lo', 'mi', 'ra', 'tes', 'on', 'vi', 'dun', 'sa', 'bel', 'ro', 'ne'];
  const words = [];
  let text = '';
  while (text.length < nBytes) {
    const n = 1 + Math.floor(rand() * 3);
    let word = '';
    for (let i = 0; i < n; i++) word += syllables[Math.floor(rand() * syllables.length)];
    if (rand() < 0.15) word = word[0].toUpperCase() + word.slice(1);
    words.push([text.length, text.length + word.length]);
    text += word;
    text += rand() < 0.08 ? (rand() < 0.2 ? '.\n\n' : '. ') : ' ';
  }
  return { text, words };
}

/** 10,000 spans of one to three words, none overlapping, spread over the text. */
function baseSpans(rand, words) {
  const spans = [];
  const stride = words.length / nSpans;
  for (let i = 0; i < nSpans; i++) {
    const first = Math.floor(i * stride);
    const last = Math.min(first + Math.floor(rand() * 3), Math.floor((i + 1) * stride) - 1, words.length - 1);
    spans.push({ first, last: Math.max(first, last), label: LABELS[Math.floor(rand() * LABELS.length)] });
  }
  return spans;
}

/** Annotator `k`'s version: 8% left out, 8% a boundary moved by a word, 5% another label,
 * 3% added (a one-word span just after another). */
function perturb(rand, spans, words) {
  const out = [];
  for (const s of spans) {
    const r = rand();
    if (r < 0.08) continue;
    let { first, last, label } = s;
    if (r < 0.16) {
      if (rand() < 0.5 && last > first) last -= 1;
      else if (first > 0) first -= 1;
    } else if (r < 0.21) {
      label = LABELS[(LABELS.indexOf(label) + 1) % LABELS.length];
    }
    out.push({ first, last, label });
    if (rand() < 0.03 && last + 1 < words.length) out.push({ first: last + 1, last: last + 1, label: LABELS[0] });
  }
  return out;
}

function makeFiles() {
  const rand = random(15);
  const { text, words } = makeText(rand);
  const spans = baseSpans(rand, words);
  const document = { id: 'agreement-bench', title: 'Agreement bench', text };
  const schema = { labels: LABELS.map((name, i) => ({ name, color: ['#f4a3a8', '#8fc1e3', '#a8d5a2', '#f7c873'][i], key: String(i + 1) })) };
  const files = [];
  for (let k = 0; k < nAnnotators; k++) {
    const annotations = perturb(rand, spans, words).map((s, i) => {
      const [start, end] = [words[s.first][0], words[s.last][1]];
      return { id: `a${i + 1}`, kind: 'entity', label: s.label, start, end, text: text.slice(start, end) };
    });
    const json = { format: 'spanwise', version: 2, annotator: `annotator-${k + 1}`, document, schema, annotations };
    files.push({ name: `annotator-${k + 1}.spanwise.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });
  }
  return { files, textBytes: Buffer.byteLength(text), spans: spans.length };
}

/** Installed before the app runs: collects long tasks with their start times. */
function instrument() {
  window.__longtasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
}

const { files, textBytes, spans } = makeFiles();
const server = await serve();
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
await context.addInitScript(instrument);
const page = await context.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push(e.message));
await page.goto(server.url);
await page.waitForSelector('[data-testid="document"] [data-para]');
await page.waitForSelector('.app[data-suggestions="ready"]');
const openStart = Date.now();
await page.setInputFiles('[data-testid="open-file"]', files);
await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent.startsWith('Opened annotator-1'), null, { timeout: 600_000 });
const openMs = Date.now() - openStart;
// The observer's own check: opening ten 1 MB files is long work, so it must have seen tasks.
const openTasks = await page.evaluate(() => window.__longtasks.map(([, d]) => d));

const runs = [];
for (let rep = 0; rep < reps; rep++) {
  const result = page.evaluate(() => new Promise((resolve) => {
    let t0;
    let steps = 0;
    const button = [...document.querySelectorAll('header button')].find((b) => b.textContent === 'Agreement');
    button.addEventListener('click', () => { t0 = performance.now(); }, { capture: true, once: true });
    const observer = new MutationObserver(() => {
      if (document.querySelector('[data-testid="agreement-progress"] progress')) steps += 1;
      if (t0 !== undefined && document.querySelector('[data-testid="agreement-report"]')) {
        observer.disconnect();
        requestAnimationFrame(() => {
          const t1 = performance.now();
          const tasks = window.__longtasks.filter(([start]) => start >= t0 - 1 && start <= t1).map(([, d]) => d);
          resolve({ ms: t1 - t0, longest: Math.max(0, ...tasks), nLong: tasks.length, steps });
        });
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
    setTimeout(() => resolve({ ms: NaN, longest: NaN, nLong: NaN, steps }), 60_000);
    button.click();
  }));
  runs.push(await result);
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="agreement"]', { state: 'detached' });
}
const pairs = await (async () => {
  await page.getByRole('button', { name: 'Agreement', exact: true }).click();
  await page.waitForSelector('[data-testid="agreement-report"]');
  return page.$$eval('[data-testid="agreement-pairs"] tr[data-pair]:not([data-pair="mean"])', (r) => r.length);
})();

console.log(`Agreement: ${nAnnotators} annotators × ${spans} spans on a ${(textBytes / 1e6).toFixed(2)} MB text (${pairs} pairs); files opened in ${(openMs / 1000).toFixed(1)} s (${openTasks.length} long tasks, the longest ${Math.max(0, ...openTasks).toFixed(0)} ms)`);
console.log('| rep | click → report shown (ms) | longest task (ms) | long tasks | progress renders |');
console.log('|---|---|---|---|---|');
runs.forEach((r, i) => console.log(`| ${i + 1} | ${r.ms.toFixed(0)} | ${r.longest.toFixed(0)} | ${r.nLong} | ${r.steps} |`));
console.log(`median ${median(runs.map((r) => r.ms)).toFixed(0)} ms, longest task (worst run) ${Math.max(...runs.map((r) => r.longest)).toFixed(0)} ms`);
if (problems.length) console.log('page errors:', problems);
await browser.close();
await server.close();
