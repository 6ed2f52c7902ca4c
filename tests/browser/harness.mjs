// Shared set-up for the browser tests and the benchmark: a static server for dist/ on a free
// loopback port, and Debian's headless Chromium driven by playwright-core.
import { before, after } from 'node:test';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

/** Serves `dir` on 127.0.0.1 at a free port; resolves to { url, close }. */
export async function serve(dir = DIST) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = join(dir, path.endsWith('/') ? path + 'index.html' : path);
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Launches headless Chromium with the flags that behave on this closed network (Playwright
 * gives every launch a fresh, empty profile of its own). */
/** Starts the static server and headless Chromium before a test file's tests and stops them
 * after: `const app = useBrowser();` then `openApp(app.browser, app.url)`. */
export function useBrowser() {
  const app = { server: null, browser: null, get url() { return this.server.url; } };
  before(async () => {
    app.server = await serve();
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return browser;
}

/** Opens the app in a fresh page and waits until the article is rendered. Collects page errors
 * and console errors into `page.problems`. */
export async function openApp(browser, url, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('dialog', (d) => { page.problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  await page.goto(url);
  await ready(page);
  return page;
}

/** Waits until the article is drawn and its suggestions (computed just after the first paint)
 * are in, so that a test's selection is not redrawn under it. */
export async function ready(page) {
  await page.waitForSelector('[data-testid="document"] [data-para]');
  await page.waitForSelector('.app[data-suggestions="ready"]');
}

/** Selects document text [start, end) given in code points, by a real mouse drag: the mouse is
 * pressed at the start character's left edge and released at the end character's right edge. */
export async function dragSelect(page, start, end) {
  const points = await page.evaluate(([start, end]) => {
    const container = document.querySelector('[data-testid="document"]');
    // Code points -> UTF-16 offsets of the whole text.
    const text = container.textContent;
    const cps = Array.from(text);
    const u16 = (cp) => cps.slice(0, cp).join('').length;
    const locate = (offset) => {
      const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (offset < seen + node.length) return [node, offset - seen];
        seen += node.length;
      }
      throw new Error(`offset ${offset} past the end`);
    };
    const rectOf = (offset) => {
      const [node, at] = locate(offset);
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      return range.getClientRects()[0];
    };
    const [s, e] = [u16(start), u16(end) - 1];
    const first = locate(s)[0].parentElement;
    first.scrollIntoView({ block: 'center' });
    // Paragraphs off screen skip layout (content-visibility: auto) until they are rendered in
    // view, which moves what is around them: measure only once two frames have been drawn.
    return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
      first.scrollIntoView({ block: 'center' });
      const a = rectOf(s);
      const b = rectOf(e);
      resolve({ x1: a.left + 0.5, y1: a.top + a.height / 2, x2: b.right - 0.5, y2: b.top + b.height / 2 });
    })));
  }, [start, end]);
  await page.mouse.move(points.x1, points.y1);
  await page.mouse.down();
  await page.mouse.move((points.x1 + points.x2) / 2, (points.y1 + points.y2) / 2, { steps: 4 });
  await page.mouse.move(points.x2, points.y2, { steps: 4 });
  await page.mouse.up();
}

/** Code-point offset of the first occurrence of `needle` in `haystack` (after `from` code points). */
export function cpIndexOf(haystack, needle, from = 0) {
  const cps = Array.from(haystack);
  const prefix = cps.slice(0, from).join('');
  const u = haystack.indexOf(needle, prefix.length);
  if (u < 0) throw new Error(`${needle} not found`);
  return Array.from(haystack.slice(0, u)).length;
}

export const DOC = '[data-testid="document"]';

/** Every rendered annotation: [{ id, label, text }] in DOM order, one per id. */
export async function spans(page) {
  return page.evaluate((doc) => {
    const byId = new Map();
    for (const m of document.querySelectorAll(`${doc} [data-span-id]`)) {
      const id = m.dataset.spanId;
      if (!byId.has(id)) byId.set(id, { id, label: m.dataset.label, text: '' });
    }
    // A span drawn as several elements (nested in, or crossing, others): join the text of its
    // outermost elements.
    for (const m of document.querySelectorAll(`${doc} [data-span-id]`)) {
      if (m.parentElement.closest(`[data-span-id="${CSS.escape(m.dataset.spanId)}"]`)) continue;
      byId.get(m.dataset.spanId).text += m.textContent;
    }
    return [...byId.values()];
  }, DOC);
}

export async function exportJson(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  return { name: download.suggestedFilename(), json: JSON.parse(readFileSync(await download.path(), 'utf8')) };
}

/** Python-style slicing in code points. */
export const cpSlice = (text, start, end) => Array.from(text).slice(start, end).join('');

export async function openFile(page, name, mimeType, content) {
  await page.setInputFiles('[data-testid="open-file"]', { name, mimeType, buffer: Buffer.from(content) });
}


/** Tags the first occurrence of `needle` (after `from` code points) in the page's document,
 * whose text is `text`, by a mouse drag and a key press; resolves to the start offset once the
 * new span is drawn. */
export async function tagText(page, text, needle, key, from = 0) {
  const start = cpIndexOf(text, needle, from);
  await dragSelect(page, start, start + Array.from(needle).length);
  await page.waitForFunction((n) => document.querySelector('[data-testid="selection-hint"]').textContent.includes(n.slice(0, 30)), needle);
  const before = (await spans(page)).length;
  await page.keyboard.press(key);
  try {
    await page.waitForFunction(([doc, n]) => new Set([...document.querySelectorAll(`${doc} [data-span-id]`)].map((m) => m.dataset.spanId)).size === n, [DOC, before + 1], { timeout: 10_000 });
  } catch (e) {
    const state = await page.evaluate(() => ({
      hint: document.querySelector('[data-testid="selection-hint"]')?.textContent,
      status: document.querySelector('[data-testid="status"]')?.textContent,
      selection: getSelection().toString(),
      active: document.activeElement?.outerHTML.slice(0, 120),
    }));
    throw new Error(`tagging ${needle} with ${key} did not draw a span: ${JSON.stringify(state)} ${page.problems}`);
  }
  return start;
}

/** Every record of the app's database (IndexedDB "spanwise"), read in the page:
 * { texts: {id: text}, docs: {id: parsed JSON}, meta: {id: parsed JSON}, settings: {key: value} }. */
export async function storedRecords(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('spanwise');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const names = ['texts', 'docs', 'meta', 'settings'];
      const tx = db.transaction(names, 'readonly');
      const out = {};
      for (const name of names) {
        out[name] = {};
        const cursor = tx.objectStore(name).openCursor();
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (!c) return;
          out[name][c.key] = name === 'docs' || name === 'meta' ? JSON.parse(c.value) : c.value;
          c.continue();
        };
      }
      tx.oncomplete = () => { db.close(); resolve(out); };
      tx.onerror = () => reject(tx.error);
    };
  }));
}

/** Waits until the toolbar says the work is stored. */
export const saved = (page) => page.waitForFunction(() => document.querySelector('[data-testid="save-state"]')?.textContent === 'Saved');

/** The median of the finite numbers of `xs` (NaN when there are none), for the benchmarks. */
export const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Puts the DOM selection over code points [start, end) of the article's text (a caret when
 * they are equal) by a script, with the article focused. */
export async function selectText(page, start, end = start) {
  await page.evaluate(([doc, start, end]) => {
    const container = document.querySelector(doc);
    const cps = Array.from(container.textContent);
    const u16 = (cp) => cps.slice(0, cp).join('').length;
    const locate = (offset) => {
      const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (offset <= seen + node.length) return [node, offset - seen];
        seen += node.length;
      }
      throw new Error(`offset ${offset} past the end`);
    };
    container.focus();
    const [a, b] = [locate(u16(start)), locate(u16(end))];
    getSelection().setBaseAndExtent(a[0], a[1], b[0], b[1]);
  }, [DOC, start, end]);
}

/** Once the work is saved, reloads the page and checks that the corrected text came back with
 * its provenance (`source_text`, `edits`) as the export `json` had them. */
export async function checkCorrectionKept(page, corrected, json) {
  await saved(page);
  await page.reload();
  await ready(page);
  if ((await page.textContent(DOC)) !== corrected) throw new Error('the corrected text did not come back after a reload');
  const { json: again } = await exportJson(page);
  if (JSON.stringify([again.document.source_text, again.document.edits]) !== JSON.stringify([json.document.source_text, json.document.edits])) {
    throw new Error('the provenance did not come back after a reload');
  }
}
