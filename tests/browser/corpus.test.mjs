// Browser tests for a corpus in the workspace: a large doccano JSONL imported in the background
// with a progress bar and Cancel, kept in IndexedDB across a reload, and storage refusing writes
// in the middle of an import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { openApp, ready, DOC, useBrowser, storedRecords, saved, tagText } from './harness.mjs';

const app = useBrowser();

/** A doccano JSONL of `n` documents. With `noise`, each text carries that many characters that
 * do not compress (Chromium compresses what the database stores), so storage fills as it would. */
function corpus(n, noise = 0) {
  const lines = [];
  let x = 7;
  for (let i = 1; i <= n; i++) {
    let text = `Dispatch ${i}: Shoukry met Blinken in Cairo.`;
    let extra = '';
    while (extra.length < noise) { x = (x * 1103515245 + 12345) % 2147483648; extra += ` ${x.toString(36)}`; }
    text += extra;
    lines.push(JSON.stringify(i % 5 ? { text, label: [[0, 8 + String(i).length + 1, 'MISC'], [text.indexOf('Cairo'), text.indexOf('Cairo') + 5, 'GPE']] } : { text }));
  }
  return { name: 'wire.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n')) };
}

/** Watches the progress bar from before the import starts: every "read" value it shows. */
async function watchProgress(page) {
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="import-progress"] progress');
      if (bar) window.__progress.push(Number(bar.getAttribute('value')));
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

const documentsTab = (page, n) => page.waitForSelector(`[role="tab"]:text("Documents (${n})")`, { timeout: 60_000 });
const status = (page) => page.textContent('[data-testid="status"]');

test('a corpus of 2,000 documents imports in the background with progress, and a reload lists every one', async () => {
  const page = await openApp(app.browser, app.url);
  await watchProgress(page);
  await page.setInputFiles('[data-testid="open-file"]', corpus(2000));
  await page.waitForSelector('[data-testid="import-progress"]');
  assert.match(await page.textContent('[data-testid="import-progress"]'), /^Importing wire\.jsonl: \d+ of 2000 documentsCancel import$/);
  await page.waitForSelector('[data-testid="import-progress"]', { state: 'detached', timeout: 60_000 });
  await documentsTab(page, 2001);
  assert.equal(await status(page), 'Opened wire.jsonl as doccano JSONL (2000 documents, 3200 annotations; offsets counted in code points)×');
  // The bar moved through the file in steps, never backwards.
  const seen = await page.evaluate(() => window.__progress);
  const steps = [...new Set(seen)];
  assert.ok(steps.filter((v) => v > 0 && v < 2000).length >= 5, `intermediate values: ${steps}`);
  assert.deepEqual(steps, [...steps].sort((a, b) => a - b));
  // The first imported document is open, titled by its line.
  assert.equal(await page.textContent('[data-testid="doc-title"]'), 'wire #1');
  assert.equal(await page.textContent(DOC), 'Dispatch 1: Shoukry met Blinken in Cairo.');
  // One undo takes the import out, and redo brings it back.
  await page.focus(DOC);
  await page.keyboard.press('Control+z');
  await documentsTab(page, 1);
  await page.keyboard.press('Control+Shift+z');
  await documentsTab(page, 2001);
  await saved(page);
  const records = await storedRecords(page);
  assert.equal(Object.keys(records.meta).length, 2001);
  assert.deepEqual(records.meta[JSON.parse(records.settings.order)[2000]], { title: 'wire #2000', done: false, annotations: 0, labels: [], characters: 44, entity_spans: 0, claims: 0, checked_claims: 0 });
  // A reload paints the open document first and reads the rest after; an edit made meanwhile
  // is stored, and nothing stored is taken for removed.
  await page.reload();
  await ready(page);
  assert.equal(await page.textContent('[data-testid="doc-title"]'), 'wire #1');
  await tagText(page, 'Dispatch 1: Shoukry met Blinken in Cairo.', 'Blinken', '1');
  await documentsTab(page, 2001);
  await saved(page);
  const after = await storedRecords(page);
  assert.equal(Object.keys(after.meta).length, 2001);
  assert.equal(JSON.parse(after.settings.order).length, 2001);
  assert.deepEqual(after.docs[after.settings.current].annotations.map((a) => [a.label, a.text]), [['MISC', 'Dispatch 1'], ['PERSON', 'Blinken'], ['GPE', 'Cairo']]);
  // Only the open document and its neighbour are in memory; the rest rest in storage, and one
  // opened is read back with its annotations.
  await page.getByRole('tab', { name: /Documents/ }).click();
  // (the open one, edited, keeps its undo history; the sample and wire #2 are its neighbours)
  await page.waitForSelector('[data-testid="in-memory"][data-resting="1998"]');
  assert.equal(await page.textContent('[data-testid="in-memory"]'), '3 of 2001 documents in memory; the rest are read when opened');
  await page.fill('[data-testid="document-search"]', 'Dispatch 1499:');
  await page.click('[data-document-index="1499"]');
  await page.waitForFunction((doc) => document.querySelector(doc).textContent.startsWith('Dispatch 1499:'), DOC);
  assert.deepEqual(await page.$$eval(`${DOC} [data-label]`, (spans) => spans.map((s) => [s.dataset.label, s.textContent])), [['MISC', 'Dispatch 1499'], ['GPE', 'Cairo']]);
  await page.fill('[data-testid="document-search"]', '');
  // Its neighbours are read ahead; the document left behind rests again once stored.
  await page.waitForSelector('[data-testid="in-memory"][data-resting="1997"]');
  // A label filter counts resting documents by their list records.
  await page.selectOption('[data-testid="document-label-filter"]', 'GPE');
  await page.waitForFunction(() => document.querySelector('[data-testid="document-counts"]').textContent.endsWith(' · 1,600 shown'));
  await page.selectOption('[data-testid="document-label-filter"]', '');
  // Next unfinished (]) opens the one after, at once (it was read ahead).
  await page.focus(DOC);
  await page.keyboard.press(']');
  await page.waitForFunction((doc) => document.querySelector(doc).textContent.startsWith('Dispatch 1500:'), DOC);
  // The whole workspace exports a part at a time (resting documents read as it goes), with a
  // progress bar, as one file.
  await page.evaluate(() => {
    window.__exported = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="export-progress"] progress');
      if (bar) window.__exported.push(Number(bar.getAttribute('value')));
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export workspace' }).click(),
  ]);
  const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(file.format, 'spanwise-workspace');
  assert.equal(file.documents.length, 2001);
  assert.equal(file.current, file.documents[1500].file.document.id);
  assert.deepEqual(file.documents[1499].file.annotations.map((a) => [a.label, a.text]), [['MISC', 'Dispatch 1499'], ['GPE', 'Cairo']]);
  assert.deepEqual(file.documents[1].file.annotations.map((a) => a.text), ['Dispatch 1', 'Blinken', 'Cairo']);
  assert.equal(await status(page), 'Downloaded spanwise-workspace.json (2001 documents)×');
  const exported = [...new Set(await page.evaluate(() => window.__exported))];
  assert.ok(exported.length >= 5 && exported.every((v, i) => i === 0 || v > exported[i - 1]), `progress: ${exported}`);
  assert.equal(await page.$('[data-testid="export-progress"]'), null);
  assert.deepEqual(page.problems, []);
  // That file opened in another browser imports in the background too, its open document last.
  const exportedFile = join(mkdtempSync(join(tmpdir(), 'spanwise-')), 'spanwise-workspace.json');
  await download.saveAs(exportedFile);
  await page.context().close();
  const other = await openApp(app.browser, app.url);
  await watchProgress(other);
  await other.setInputFiles('[data-testid="open-file"]', exportedFile);
  await other.waitForSelector('[data-testid="import-progress"]');
  assert.match(await other.textContent('[data-testid="import-progress"]'), /^Importing spanwise-workspace\.json: \d+ of 2001 documentsCancel import$/);
  await other.waitForSelector('[data-testid="import-progress"]', { state: 'detached', timeout: 60_000 });
  // The sample is in the file too: it is replaced, not doubled.
  await documentsTab(other, 2001);
  assert.match(await status(other), /^Opened spanwise-workspace\.json as Spanwise workspace \(2001 documents, \d+ annotations\)×$/);
  assert.equal(await other.textContent('[data-testid="doc-title"]'), 'wire #1500');
  const imported = [...new Set(await other.evaluate(() => window.__progress))];
  assert.ok(imported.filter((v) => v > 0 && v < 2001).length >= 5, `intermediate values: ${imported}`);
  assert.deepEqual(other.problems, []);
  await other.context().close();
});

test('Cancel stops an import between steps; what joined stays, and is stored', async () => {
  const page = await openApp(app.browser, app.url);
  await page.setInputFiles('[data-testid="open-file"]', corpus(3000));
  await page.waitForSelector('[data-testid="import-progress"]');
  await page.getByRole('button', { name: 'Cancel import' }).click();
  await page.waitForSelector('[data-testid="import-progress"]', { state: 'detached' });
  const message = await status(page);
  const [, read] = message.match(/^Import of wire\.jsonl stopped after (\d+) of 3000 documents; the \1 that joined stay \(Ctrl\+Z takes them out\)×$/) ?? [];
  assert.ok(read > 0 && read < 3000, message);
  await documentsTab(page, Number(read) + 1);
  await saved(page);
  await page.reload();
  await ready(page);
  await documentsTab(page, Number(read) + 1);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('storage refusing writes in the middle of an import stops it with a message; what was stored is intact and listed', async () => {
  const page = await openApp(app.browser, app.url);
  await saved(page);
  const origin = app.url.replace(/\/$/, '');
  const cdp = await page.context().newCDPSession(page);
  const { usage } = await cdp.send('Storage.getUsageAndQuota', { origin });
  // Room for a few hundred of these documents of about 2 KB, not for 1,000.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 600_000 });
  await page.setInputFiles('[data-testid="open-file"]', corpus(1000, 2000));
  await page.waitForSelector('[data-testid="error"]:has-text("stopped after")', { timeout: 60_000 });
  assert.match(await page.textContent('[data-testid="error"]'), /^Import of wire\.jsonl stopped after \d+ of 1000 documents: the browser's storage for this page is full\. What was stored before stays; export the workspace to keep the rest×$/);
  assert.match(await page.textContent('[data-testid="save-state"]'), /^Not saved: the browser's storage for this page is full/);
  const records = await storedRecords(page);
  const stored = Object.keys(records.meta).length;
  assert.ok(stored > 1 && stored < 1001, `${stored} stored`);
  // Every listed document has its text and annotations.
  for (const id of Object.keys(records.meta)) {
    assert.equal(typeof records.texts[id], 'string', id);
    assert.equal(records.docs[id].document.id, id);
  }
  await page.reload();
  await ready(page);
  await documentsTab(page, stored);
  assert.equal(await page.textContent('[data-testid="save-state"]'), 'Saved');
  // The last one stored opens.
  await page.getByRole('tab', { name: /Documents/ }).click();
  const last = JSON.parse(records.settings.order).filter((id) => records.meta[id]).at(-1);
  const index = JSON.parse(records.settings.order).filter((id) => records.meta[id]).indexOf(last);
  // Found by its title in the document search (the list draws only the rows in view).
  await page.fill('[data-testid="document-search"]', records.meta[last].title);
  await page.click(`[data-document-index="${index}"]`);
  await page.waitForFunction(([doc, text]) => document.querySelector(doc).textContent === text, [DOC, records.texts[last]]);
  await page.context().close();
});

test('Open folder takes the articles of a folder as a corpus and skips what Spanwise does not open', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spanwise-folder-'));
  for (let i = 1; i <= 120; i++) writeFileSync(join(dir, `article-${String(i).padStart(3, '0')}.txt`), `Article ${i}: Shoukry met Blinken in Cairo.`);
  writeFileSync(join(dir, 'README.md'), '# not an article');
  writeFileSync(join(dir, '.DS_Store'), 'binary');
  const page = await openApp(app.browser, app.url);
  await page.setInputFiles('[data-testid="open-folder"]', dir);
  await documentsTab(page, 121);
  await page.waitForSelector('[data-testid="import-progress"]', { state: 'detached' });
  // In the order of their names, each titled after its file.
  assert.equal(await status(page), 'Opened 120 text files (article-001.txt … article-120.txt) as text (120 documents, 0 annotations)×');
  assert.equal(await page.textContent('[data-testid="doc-title"]'), 'article-001');
  assert.equal(await page.textContent(DOC), 'Article 1: Shoukry met Blinken in Cairo.');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
