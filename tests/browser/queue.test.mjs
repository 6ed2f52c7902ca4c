// Browser tests for the Documents tab as a work queue over a corpus: a doccano file of 3,000
// documents opens into the workspace; the counts, search, filters and order narrow the list
// exactly; ] and [ walk the unfinished documents; the list holds only the rows in view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, openFile, DOC, useBrowser } from './harness.mjs';

const app = useBrowser();

const N = 3000;
const CITIES = ['Cairo', 'Doha', 'Amman', 'Gaza', 'Rafah'];

/** Line i (1-based) of the corpus: a third unlabelled, a fifth of the rest with a second span
 * (GPE), every seventh about the harbour. */
function record(i) {
  const city = CITIES[i % CITIES.length];
  const text = `Kamel met officials in ${city} on day ${i}.${i % 7 === 0 ? ' The Harbour reopened.' : ''} `
    + 'The talks went on into the night and nothing was signed. '.repeat(3);
  const label = [];
  if (i % 3 !== 0) label.push([0, 5, 'PERSON']);
  if (i % 3 !== 0 && i % 5 === 0) label.push([23, 23 + city.length, 'GPE']);
  return { text, label };
}

const RECORDS = Array.from({ length: N }, (_, k) => record(k + 1));
const JSONL = RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n';
// Line i is workspace index i: the sample article is index 0.
const title = (i) => (i === 0 ? 'Blinken in Cairo (sample)' : `corpus #${i}`);

const COUNTS = '[data-testid="document-counts"]';
const counts = (page) => page.textContent(COUNTS);
const waitForCounts = (page, expected) =>
  page.waitForFunction(([sel, text]) => document.querySelector(sel)?.textContent === text, [COUNTS, expected]);
/** The workspace indices of the rows in the DOM, in list order. */
const rowIndices = (page) => page.$$eval('[data-testid="document-list"] li.document-row button.list-button',
  (buttons) => buttons.map((b) => Number(b.dataset.documentIndex)));
const current = (page) => page.$eval('[data-testid="document-list"] [aria-current="true"]', (b) => Number(b.dataset.documentIndex));
const waitForTitle = (page, text) =>
  page.waitForFunction((t) => document.querySelector('[data-testid="doc-title"]')?.textContent === t, text);

async function openCorpus() {
  const page = await openApp(app.browser, app.url);
  await openFile(page, 'corpus.jsonl', 'application/jsonl', JSONL);
  await page.waitForFunction((n) => /as doccano JSONL \((\d|,)+ documents/.test(document.querySelector('[data-testid="status"]')?.textContent ?? '') && n, N, { timeout: 60_000 });
  await page.getByRole('tab', { name: new RegExp(`Documents \\(${N + 1}\\)`) }).click();
  await page.waitForSelector('[data-testid="document-list"] li.document-row');
  return page;
}

test('3,000 documents: counts, search, filters and order narrow the list exactly', async () => {
  const page = await openCorpus();
  const unlabelled = RECORDS.filter((r) => r.label.length === 0).length;
  assert.equal(unlabelled, 1000);
  assert.equal(await counts(page), `3,001 documents · 1,001 untouched · 2,000 in progress · 0 done`);
  // The first documents of the workspace, each with its status.
  const statuses = await page.$$eval('[data-testid="document-list"] li.document-row', (rows) =>
    rows.slice(0, 4).map((r) => [r.querySelector('.entity-name').textContent, r.querySelector('.doc-status').textContent]));
  assert.deepEqual(statuses, [
    ['Blinken in Cairo (sample)', 'untouched'], ['corpus #1', 'in progress'], ['corpus #2', 'in progress'], ['corpus #3', 'untouched'],
  ]);

  // Search: in texts, ignoring case, then in titles.
  const harbour = RECORDS.filter((r) => r.text.toLowerCase().includes('harbour')).length;
  assert.equal(harbour, 428);
  await page.fill('[data-testid="document-search"]', 'HARBOUR');
  await waitForCounts(page, `3,001 documents · 1,001 untouched · 2,000 in progress · 0 done · 428 shown`);
  assert.deepEqual((await rowIndices(page)).slice(0, 3), [7, 14, 21]);
  await page.fill('[data-testid="document-search"]', 'corpus #2999');
  await waitForCounts(page, `3,001 documents · 1,001 untouched · 2,000 in progress · 0 done · 1 shown`);
  assert.deepEqual(await rowIndices(page), [2999]);
  await page.fill('[data-testid="document-search"]', 'no document says this');
  await waitForCounts(page, `3,001 documents · 1,001 untouched · 2,000 in progress · 0 done · 0 shown`);
  assert.equal(await page.textContent('.doc-scroller .empty'), 'No document matches.');
  await page.fill('[data-testid="document-search"]', '');
  await waitForCounts(page, `3,001 documents · 1,001 untouched · 2,000 in progress · 0 done`);

  // Filters: by status, by label, both with a search.
  await page.selectOption('[data-testid="document-filter"]', 'untouched');
  await waitForCounts(page, `3,001 documents · 1,001 untouched · 2,000 in progress · 0 done · 1,001 shown`);
  assert.deepEqual((await rowIndices(page)).slice(0, 4), [0, 3, 6, 9]);
  await page.selectOption('[data-testid="document-filter"]', 'all');
  const gpe = RECORDS.filter((r) => r.label.some(([, , l]) => l === 'GPE')).length;
  assert.equal(gpe, 400);
  await page.selectOption('[data-testid="document-label-filter"]', 'GPE');
  await waitForCounts(page, `3,001 documents · 1,001 untouched · 2,000 in progress · 0 done · 400 shown`);
  await page.fill('[data-testid="document-search"]', 'harbour');
  const gpeHarbour = RECORDS.filter((r) => r.label.some(([, , l]) => l === 'GPE') && r.text.toLowerCase().includes('harbour')).length;
  assert.equal(gpeHarbour, 57);
  await waitForCounts(page, `3,001 documents · 1,001 untouched · 2,000 in progress · 0 done · 57 shown`);
  assert.deepEqual((await rowIndices(page)).slice(0, 3), [35, 70, 140]);
  await page.fill('[data-testid="document-search"]', '');
  await page.selectOption('[data-testid="document-label-filter"]', '');
  await waitForCounts(page, `3,001 documents · 1,001 untouched · 2,000 in progress · 0 done`);

  // Order: by title (A to Z, as text), by most annotations, back to workspace order.
  await page.selectOption('[data-testid="document-sort"]', 'title');
  await page.waitForFunction(() => document.querySelector('[data-testid="document-list"] li.document-row:nth-child(3) button')?.dataset.documentIndex === '10');
  assert.deepEqual((await rowIndices(page)).slice(0, 5), [0, 1, 10, 100, 1000]);
  await page.selectOption('[data-testid="document-sort"]', 'most');
  await page.waitForFunction(() => document.querySelector('[data-testid="document-list"] li.document-row button')?.dataset.documentIndex === '5');
  assert.deepEqual((await rowIndices(page)).slice(0, 3), [5, 10, 20]);
  await page.selectOption('[data-testid="document-sort"]', 'workspace');
  await page.waitForFunction(() => document.querySelector('[data-testid="document-list"] li.document-row button')?.dataset.documentIndex === '0');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('] and [ walk the unfinished documents, wrapping around, from the list and the article', async () => {
  const page = await openCorpus();
  await page.click('[data-document-index="1"]');
  await waitForTitle(page, title(1));
  await page.check('input[aria-label="Done: corpus #2"]');
  await waitForCounts(page, `3,001 documents · 1,001 untouched · 1,999 in progress · 1 done`);
  assert.equal(await page.textContent('[data-document-index="2"] .doc-status'), 'done');
  // From the side panel (a checkbox is a form field, whose keys are its own: focus a row).
  await page.focus('[data-document-index="1"]');
  await page.keyboard.press(']');
  await waitForTitle(page, title(3));
  assert.equal(await current(page), 3);
  await page.keyboard.press('[');
  await waitForTitle(page, title(1));
  // From the article.
  await page.focus(DOC);
  await page.keyboard.press('[');
  await waitForTitle(page, title(0));
  await page.keyboard.press('[');
  await waitForTitle(page, title(N));
  // The list keeps the open document's row in view, far down as it is.
  await page.waitForSelector(`[data-document-index="${N}"][aria-current="true"]`);
  await page.keyboard.press(']');
  await waitForTitle(page, title(0));
  await page.waitForSelector('[data-document-index="0"][aria-current="true"]');
  // The shortcut list names the keys.
  await page.keyboard.press('?');
  await page.waitForSelector('[data-testid="shortcuts"]');
  assert.deepEqual(
    await page.$$eval('[data-shortcut="NextUnfinished"] kbd, [data-shortcut="PreviousUnfinished"] kbd', (k) => k.map((e) => e.textContent)),
    [']', '['],
  );
  await page.keyboard.press('Escape');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the list draws only the rows in view, and scrolling shows later ones', async () => {
  const page = await openCorpus();
  const inDom = await page.$$eval('[data-testid="document-list"] li.document-row', (rows) => rows.length);
  assert.ok(inDom > 5 && inDom < 60, `${inDom} rows in the DOM for ${N + 1} documents`);
  const height = await page.$eval('[data-testid="document-list"]', (ul) => ul.getBoundingClientRect().height);
  assert.equal(height, (N + 1) * 52);
  assert.equal(await page.locator('[data-document-index="2000"]').count(), 0);
  await page.$eval('.doc-scroller', (s) => { s.scrollTop = 2000 * 52; });
  await page.waitForSelector('[data-document-index="2000"]');
  const visible = await page.$eval('[data-document-index="2000"]', (b) => {
    const row = b.getBoundingClientRect();
    const box = document.querySelector('.doc-scroller').getBoundingClientRect();
    return row.top >= box.top - 1 && row.bottom <= box.bottom + 1;
  });
  assert.equal(visible, true, 'row 2000 is in the scrolled view');
  assert.equal(await page.locator('[data-document-index="1"]').count(), 0, 'rows far above are gone');
  assert.ok(await page.$$eval('[data-testid="document-list"] li.document-row', (rows) => rows.length) < 60);
  // A row far down works as any row does.
  await page.click('[data-document-index="2000"]');
  await waitForTitle(page, title(2000));
  await page.waitForFunction(([doc, text]) => document.querySelector(doc).textContent === text, [DOC, RECORDS[1999].text]);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
