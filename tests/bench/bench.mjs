// Benchmark of the built app (dist/) in headless Chromium on the peer-bench documents.
//
//   node tests/bench/bench.mjs [--reps N] [--docs doc-1m-n10000,...] [--data DIR] [--peers] [--profile [--profile-min MS]]
//
// Each document (from ../shared/peer-bench/gen-data.mjs, the documents the peers were measured
// on) is converted into a Spanwise workspace. Every repetition uses a fresh browser context and
// measures, with in-page clocks (performance.now(), whose origin is the navigation):
//   load → painted   a reload of the page whose saved workspace holds the document, from
//                    navigation until the last annotation is in the DOM plus two frames
//   open → painted   the file input's change event (parse + validate + render of the Spanwise
//                    JSON), until the last annotation is in the DOM plus two frames
//   add / relabel / remove / undo   keydown, until the DOM shows the change plus one frame
//   release → painted   with a label armed, a real mouse drag over a word: mouseup until the
//                    new mark is in the DOM plus one frame
//   scroll           the article scrolled top to bottom, one step a frame: the longest task
//                    (PerformanceObserver 'longtask', tasks ≥ 50 ms) and how many there were
//   export           the Export JSON click until the download link is clicked (serialise + Blob)
//   suggestions      the app's own timing of its suggestion work (performance.now() around it):
//                    on load for the sample article, and on demand for the whole document, with
//                    the longest step and the long tasks while it ran
//   memory           JS heap (performance.memory) + wasm linear memory, after the edits and
//                    before the on-demand suggestions
//   first paint      first-contentful-paint of the sample article on a first visit
// It prints medians as a Markdown table and the wasm size; it asserts nothing. With --peers it
// then runs ../shared/peer-bench/run.sh in the same sitting and prints the peers' summary.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { execFileSync, spawnSync } from 'node:child_process';
import { serve, launch, median, ROOT, DIST } from '../browser/harness.mjs';
import { benchDataDir, loadBenchData, toSpanwise, PEER_BENCH } from './peerdata.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.lastIndexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const reps = Number(opt('reps', 5));
// With --profile, one more run per document traces the edits (with their save) and the scroll,
// and each main-thread task over 50 ms is printed with the time its largest kinds of work took
// (so a missed target comes with its reason); that run's figures are not in the table.
const profile = args.includes('--profile');
// The shortest task the profile lists (--profile-min MS): 50 ms, the long-task threshold.
const profileMin = Number(opt('profile-min', 50));
const profiles = [];
const ALL_DOCS = ['doc-10k-n100', 'doc-100k-n100', 'doc-100k-n1000', 'doc-1m-n100', 'doc-1m-n1000', 'doc-1m-n10000'];

let dataDir = opt('data', null);
// The peer-bench folder lives outside the repository; say so before any work when it is needed
// (for the documents without --data, and for --peers) and missing.
if ((!dataDir || args.includes('--peers')) && !existsSync(PEER_BENCH)) {
  console.error(`The benchmark needs the peer-bench folder ${PEER_BENCH} (beside the repository), and it is missing.`);
  process.exit(2);
}
dataDir = benchDataDir(dataDir);
const available = readdirSync(dataDir).filter((f) => f.startsWith('doc-')).map((f) => f.replace(/\.js$/, ''));
const wanted = opt('docs', ALL_DOCS.filter((d) => available.includes(d)).join(',')).split(',');

/** Tasks of 50 ms or more on the renderer's main thread in a Chrome trace, each with the total
 * time of the trace events inside it by name (nested events are counted in each of their
 * ancestors, so the figures overlap). */
function longTaskProfile(trace) {
  const events = trace.traceEvents ?? trace;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
  const tasks = mine.filter((e) => e.name === 'RunTask' && e.dur >= profileMin * 1000);
  return tasks.map((task) => {
    const inside = new Map();
    for (const e of mine) {
      if (e === task || e.name === 'RunTask' || e.ts < task.ts || e.ts + e.dur > task.ts + task.dur) continue;
      inside.set(e.name, (inside.get(e.name) ?? 0) + e.dur);
    }
    const top = [...inside].sort((a, b) => b[1] - a[1]).slice(0, 6);
    return { ms: task.dur / 1000, top: top.map(([name, us]) => `${name} ${(us / 1000).toFixed(1)}`).join(', ') };
  });
}

/** Installed before the app runs: records when an element matching `__benchWatch` appears, the
 * wasm memory, and long tasks. */
function instrument() {
  window.__bench = { longtasks: [] };
  addEventListener('TrunkApplicationStarted', (e) => { window.__bench.wasm = e.detail.wasm; });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.longtasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  const watch = sessionStorage.getItem('__benchWatch');
  if (watch) {
    const check = () => {
      if (document.querySelector(watch)) {
        requestAnimationFrame(() => requestAnimationFrame(() => { window.__bench.loaded = performance.now(); }));
      } else {
        requestAnimationFrame(check);
      }
    };
    requestAnimationFrame(check);
  }
}

/** Times one key press (or mouse action) from its event to the DOM condition plus one frame. */
async function timeAction(page, event, condition, act) {
  const result = page.evaluate(([event, condition]) => new Promise((resolve) => {
    let t0;
    addEventListener(event, () => { t0 = performance.now(); }, { capture: true, once: true });
    const done = new Function(`return (${condition})`);
    const observer = new MutationObserver(() => {
      if (t0 !== undefined && done()) {
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - t0));
      }
    });
    observer.observe(document.querySelector('[data-testid="document"]'), { childList: true, subtree: true, attributes: true });
    setTimeout(() => { observer.disconnect(); resolve(NaN); }, 30_000);
    window.__benchReady = true;
  }), [event, condition]);
  await page.waitForFunction(() => window.__benchReady);
  await page.evaluate(() => { window.__benchReady = false; });
  await act();
  return result;
}

/** Selects document text [start, end) given in UTF-16 units, programmatically. */
async function selectUtf16(page, start, end) {
  await page.evaluate(([start, end]) => {
    const container = document.querySelector('[data-testid="document"]');
    const locate = (offset) => {
      const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (offset <= seen + node.length) return [node, offset - seen];
        seen += node.length;
      }
      throw new Error(`offset ${offset} past the end`);
    };
    const range = document.createRange();
    range.setStart(...locate(start));
    range.setEnd(...locate(end));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  }, [start, end]);
}

async function measure(browser, url, data, file, traced = false) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const n = data.annotations.length;
  const last = `[data-span-id="a${n}"]`;

  // First visit: the sample article.
  await page.goto(url);
  await page.waitForSelector('[data-testid="document"] [data-para]');
  const firstPaint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  const json = JSON.stringify(file);
  // Suggestions for the sample article are computed on load; the app times them itself.
  await page.getByRole('tab', { name: /Suggested/ }).click();
  await page.waitForSelector('[data-testid="suggest-timing"]');
  const suggestSample = Number(await page.getAttribute('[data-testid="suggest-timing"]', 'data-total-ms'));
  await page.getByRole('tab', { name: /Mentions/ }).click();

  // Open the document as a file (parse + validate + render, replacing the sample on screen).
  await page.evaluate(() => {
    document.querySelector('[data-testid="open-file"]').addEventListener('change', () => { window.__bench.t0 = performance.now(); }, { capture: true });
  });
  const painted = page.evaluate((last) => new Promise((resolve) => {
    const check = () => {
      if (window.__bench.t0 !== undefined && document.querySelector(last)) {
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - window.__bench.t0)));
      } else {
        requestAnimationFrame(check);
      }
    };
    check();
  }), last);
  await page.setInputFiles('[data-testid="open-file"]', { name: `${data.name}.spanwise.json`, mimeType: 'application/json', buffer: Buffer.from(json) });
  const open = await painted;
  await page.waitForFunction((n) => document.querySelector('[data-testid="status"]')?.textContent.includes(`${n} annotations`), n);

  // Navigation → all highlights in view painted: the app saves the workspace, and a reload
  // opens it from the browser's storage with the document on screen.
  await page.waitForFunction(() => document.querySelector('[data-testid="save-state"]')?.textContent === 'Saved');
  await page.evaluate((watch) => sessionStorage.setItem('__benchWatch', watch), last);
  await page.reload();
  await page.waitForFunction(() => window.__bench.loaded !== undefined, null, { timeout: 120_000 });
  const load = await page.evaluate(() => window.__bench.loaded);
  await page.evaluate(() => sessionStorage.removeItem('__benchWatch'));

  // Add one span with the keyboard, relabel it, undo, redo, remove it.
  const added = `a${n + 1}`;
  const key = String(data.labels.indexOf(data.extra.label) + 1);
  const otherKey = String(((data.labels.indexOf(data.extra.label) + 1) % data.labels.length) + 1);
  const otherLabel = data.labels[Number(otherKey) - 1];
  await selectUtf16(page, data.extra.start, data.extra.end);
  await page.waitForFunction((q) => document.querySelector('[data-testid="selection-hint"]').textContent.includes(q), data.extra.quote);
  if (traced) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const add = await timeAction(page, 'keydown', `!!document.querySelector('[data-span-id="${added}"]')`, () => page.keyboard.press(key));
  const relabel = await timeAction(page, 'keydown', `!!document.querySelector('[data-span-id="${added}"][data-label="${otherLabel}"]')`, () => page.keyboard.press(otherKey));
  const undo = await timeAction(page, 'keydown', `!!document.querySelector('[data-span-id="${added}"][data-label="${data.extra.label}"]')`, () => page.keyboard.press('Control+z'));
  const remove = await timeAction(page, 'keydown', `!document.querySelector('[data-span-id="${added}"]')`, () => page.keyboard.press('Delete'));

  if (traced) {
    // The edits are saved 300 ms after the last one: the save is traced too.
    await page.waitForFunction(() => document.querySelector('[data-testid="save-state"]')?.textContent === 'Saved');
    profiles.push(...longTaskProfile(JSON.parse(await browser.stopTracing())).map((p) => ({ ...p, doc: data.name, phase: 'edits and their save' })));
  }

  // Mouse release → painted, with a label armed.
  await page.keyboard.press('Escape');
  await page.click(`button[data-label="${data.labels[0]}"]`);
  const target = await page.evaluate(([start, end]) => {
    const container = document.querySelector('[data-testid="document"]');
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    let seen = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (start < seen + node.length) {
        node.parentElement.scrollIntoView({ block: 'center' });
        const r = document.createRange();
        r.setStart(node, start - seen);
        r.setEnd(node, start - seen + 1);
        const a = r.getClientRects()[0];
        r.setStart(node, end - seen - 1);
        r.setEnd(node, end - seen);
        const b = r.getClientRects()[0];
        return { x1: a.left + 0.5, y: a.top + a.height / 2, x2: b.right - 0.5 };
      }
      seen += node.length;
    }
    return null;
  }, [data.sel.start, data.sel.end]);
  // The removed span's id is free again: the next fresh id is the same.
  const released = `a${n + 1}`;
  await page.mouse.move(target.x1, target.y);
  await page.mouse.down();
  await page.mouse.move(target.x2, target.y, { steps: 4 });
  const release = await timeAction(page, 'mouseup', `!!document.querySelector('[data-span-id="${released}"]')`, () => page.mouse.up());

  // Scroll top to bottom, one step a frame, and collect long tasks.
  await page.evaluate(() => { window.__bench.longtasks = []; });
  if (traced) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const steps = await page.evaluate(() => new Promise((resolve) => {
    const container = document.querySelector('[data-testid="document"]');
    container.scrollTop = 0;
    let n = 0;
    const step = () => {
      container.scrollTop += container.clientHeight * 0.9;
      n += 1;
      if (container.scrollTop + container.clientHeight >= container.scrollHeight - 2 || n > 4000) resolve(n);
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }));
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 100)));
  const longtasks = await page.evaluate(() => window.__bench.longtasks);
  if (traced) profiles.push(...longTaskProfile(JSON.parse(await browser.stopTracing())).map((p) => ({ ...p, doc: data.name, phase: 'scroll' })));

  // Export: from the button's click to the download link's click (serialise, Blob, URL).
  const exportMs = await page.evaluate(() => new Promise((resolve) => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Export JSON');
    const original = HTMLAnchorElement.prototype.click;
    let t0;
    HTMLAnchorElement.prototype.click = function () {
      HTMLAnchorElement.prototype.click = original;
      resolve(performance.now() - t0);
      return original.call(this);
    };
    t0 = performance.now();
    button.click();
  }));
  const memory = await page.evaluate(() => ({
    heap: performance.memory?.usedJSHeapSize ?? NaN,
    wasm: window.__bench.wasm?.memory?.buffer.byteLength ?? NaN,
  }));
  // Suggestions over the whole document, on demand (in steps, with a progress bar, on long
  // texts): total time, the longest step, and long tasks meanwhile.
  await page.getByRole('tab', { name: /Suggested/ }).click();
  await page.evaluate(() => { window.__bench.longtasks = []; });
  await page.getByRole('button', { name: 'Suggest again' }).click();
  await page.waitForFunction(() => !document.querySelector('[role="progressbar"]') && document.querySelector('[data-testid="suggest-timing"]'), null, { timeout: 120_000 });
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 100)));
  const suggestTotal = Number(await page.getAttribute('[data-testid="suggest-timing"]', 'data-total-ms'));
  const suggestStep = Number(await page.getAttribute('[data-testid="suggest-timing"]', 'data-longest-ms'));
  const suggestTasks = await page.evaluate(() => window.__bench.longtasks.length);

  if (problems.length) throw new Error(problems.join('\n'));
  await context.close();
  return {
    firstPaint, load, open, add, relabel, undo, remove, release, exportMs,
    scrollMax: longtasks.length ? Math.max(...longtasks) : 0, scrollTasks: longtasks.length, scrollSteps: steps,
    suggestSample, suggestTotal, suggestStep, suggestTasks,
    heap: memory.heap, wasm: memory.wasm,
  };
}

const server = await serve();
const browser = await launch();
const rows = [];
try {
  for (const name of wanted) {
    const data = loadBenchData(dataDir, name);
    const file = toSpanwise(data);
    const results = [];
    for (let r = 0; r < reps; r++) results.push(await measure(browser, server.url, data, file));
    // Tracing slows what it watches: the profile comes from one more run, left out of the table.
    if (profile) await measure(browser, server.url, data, file, true);
    const m = (k) => median(results.map((x) => x[k]));
    rows.push({ name, bytes: data.bytes, n: data.annotations.length, ...Object.fromEntries(Object.keys(results[0]).map((k) => [k, m(k)])) });
    console.error(`${name}: done (${reps} runs)`);
  }
} finally {
  await browser.close();
  await server.close();
}

const wasmFile = readdirSync(DIST).find((f) => f.endsWith('.wasm'));
const raw = statSync(join(DIST, wasmFile)).size;
const gz = gzipSync(readFileSync(join(DIST, wasmFile)), { level: 9 }).length;
const chromium = execFileSync('/usr/bin/chromium', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(x < 100 ? 1 : 0)} ms` : 'n/a');
const mb = (x) => (Number.isFinite(x) ? `${(x / 1e6).toFixed(1)} MB` : 'n/a');
console.log(`Spanwise benchmark, ${new Date().toISOString().slice(0, 10)}, ${chromium}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, medians of ${reps} runs`);
console.log('');
console.log('| document | spans | load → painted | open → painted | add | relabel | undo | remove | release → painted | scroll: longest task (count) | export | JS heap + wasm |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.name} (${(r.bytes / 1000).toFixed(0)} KB) | ${r.n} | ${ms(r.load)} | ${ms(r.open)} | ${ms(r.add)} | ${ms(r.relabel)} | ${ms(r.undo)} | ${ms(r.remove)} | ${ms(r.release)} | ${r.scrollTasks ? ms(r.scrollMax) : 'none ≥ 50 ms'} (${r.scrollTasks}) | ${ms(r.exportMs)} | ${mb(r.heap)} + ${mb(r.wasm)} |`);
}
console.log('');
console.log('| document | suggestions: total | longest step | long tasks meanwhile |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${ms(r.suggestTotal)} | ${ms(r.suggestStep)} | ${r.suggestTasks} |`);
console.log('');
console.log(`suggestions for the sample article, on load: ${ms(median(rows.map((r) => r.suggestSample)))}`);
console.log(`first paint of the sample article (first visit): ${ms(median(rows.map((r) => r.firstPaint)))}`);
console.log(`wasm: ${(raw / 1024).toFixed(1)} KiB raw, ${(gz / 1024).toFixed(1)} KiB gzipped (${wasmFile})`);

if (profile) {
  console.log(`Profile: tasks ≥ ${profileMin} ms during the edits (and their save) and the scroll, with the trace events inside them (ms, overlapping):`);
  for (const p of profiles) console.log(`- ${p.doc}, ${p.phase}: ${p.ms.toFixed(1)} ms: ${p.top}`);
  if (!profiles.length) console.log('- none');
  console.log('');
}
if (args.includes('--peers')) {
  console.log('');
  console.log('Peers, same machine, same sitting (../shared/peer-bench/run.sh):');
  const run = spawnSync('bash', [join(PEER_BENCH, 'run.sh'), '--reps', String(reps), '--docs', wanted.join(',')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  console.log(run.stdout);
}
