// Browser tests of what the session decides and the root carries out: scrolling to a picked
// suggestion (click or N), Ctrl+Z bringing back a removed document before older edits, and a
// change made just before a reload or a closed tab kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, ready, openFile, useBrowser, tagText, spans, dragSelect, ROOT } from './harness.mjs';

const app = useBrowser();
const SAMPLE = readFileSync(join(ROOT, 'samples', 'blinken-cairo-gaza.txt'), 'utf8');
const DOC = '[data-testid="document"]';

// A text taller than the screen (well under the 50,000 code points whose suggestions come at
// once), with the only names at its very end.
const FILLER = Array.from({ length: 80 }, (_, i) => `Paragraph ${i + 1} says nothing that anyone would tag at all.`).join('\n\n');
const LONG = `${FILLER}\n\nSecretary of State Antony Blinken arrived in Cairo on Monday.`;

/** True when the element's box is inside the window and inside the article's box. */
async function inView(page, selector) {
  return page.evaluate(([sel, doc]) => {
    const element = document.querySelector(sel);
    if (!element) return false;
    const box = element.getBoundingClientRect();
    const article = document.querySelector(doc).getBoundingClientRect();
    const top = Math.max(0, article.top);
    const bottom = Math.min(innerHeight, article.bottom);
    return box.top >= top && box.bottom <= bottom;
  }, [selector, DOC]);
}

async function scrollArticleToTop(page) {
  await page.evaluate((doc) => {
    const article = document.querySelector(doc);
    article.scrollTop = 0;
    for (let e = article; e; e = e.parentElement) e.scrollTop = 0;
    window.scrollTo(0, 0);
  }, DOC);
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
}

test('picking a suggestion in the list, or pressing N, scrolls the article to it', async () => {
  const page = await openApp(app.browser, app.url, { viewport: { width: 1440, height: 900 } });
  await openFile(page, 'long.txt', 'text/plain', LONG);
  await page.waitForFunction(() => document.querySelector('[data-testid="doc-title"]').textContent.includes('long'));
  await ready(page);
  await page.waitForSelector(`${DOC} [data-suggestion-id][data-label="PERSON"]`, { state: 'attached' });
  const id = await page.getAttribute(`${DOC} [data-suggestion-id][data-label="PERSON"]`, 'data-suggestion-id');
  const mark = `${DOC} [data-suggestion-id="${id}"]`;
  await scrollArticleToTop(page);
  assert.equal(await inView(page, mark), false, 'the name starts off screen');

  await page.getByRole('tab', { name: /Suggested/ }).click();
  await page.click(`[data-list-suggestion-id="${id}"]`);
  await page.waitForSelector(`${mark}.current`);
  await page.waitForFunction(([sel, doc]) => {
    const box = document.querySelector(sel).getBoundingClientRect();
    const article = document.querySelector(doc).getBoundingClientRect();
    return box.top >= Math.max(0, article.top) && box.bottom <= Math.min(innerHeight, article.bottom);
  }, [mark, DOC]);

  // N from the article: the next suggestion becomes current and is scrolled to.
  await page.keyboard.press('Escape');
  await scrollArticleToTop(page);
  await page.focus(DOC);
  await page.keyboard.press('n');
  await page.waitForSelector(`${DOC} [data-suggestion-id].current`);
  const current = await page.getAttribute(`${DOC} [data-suggestion-id].current`, 'data-suggestion-id');
  await page.waitForFunction(([sel, doc]) => {
    const element = document.querySelector(sel);
    const box = element.getBoundingClientRect();
    const article = document.querySelector(doc).getBoundingClientRect();
    return box.top >= Math.max(0, article.top) && box.bottom <= Math.min(innerHeight, article.bottom);
  }, [`${DOC} [data-suggestion-id="${current}"]`, DOC]);
  assert.deepEqual(page.problems, []);
});

test('a removed document comes back with Ctrl+Z, before older edits are undone', async () => {
  const page = await openApp(app.browser, app.url);
  await openFile(page, 'second.txt', 'text/plain', 'Shoukry met Blinken in Doha.');
  await page.waitForFunction(() => document.querySelector('[data-testid="doc-title"]').textContent.includes('second'));
  await ready(page);
  await page.getByRole('tab', { name: /Documents \(2\)/ }).click();
  await page.getByRole('button', { name: /Remove second.* from the workspace/ }).click();
  await page.waitForSelector('[role="tab"]:text("Documents (1)")');
  assert.match(await page.textContent('[data-testid="status"]'), /Ctrl\+Z brings it back/);
  await page.focus(DOC);
  await page.keyboard.press('Control+z');
  await page.waitForSelector('[role="tab"]:text("Documents (2)")');
  // It is stored again: a reload lists it.
  await page.waitForSelector('[data-testid="save-state"]:text("Saved")');
  await page.reload();
  await ready(page);
  await page.waitForSelector('[role="tab"]:text("Documents (2)")');
  assert.deepEqual(page.problems, []);
});

test('a change made just before a reload, or before the tab closes, is kept', async () => {
  const page = await openApp(app.browser, app.url);
  // The key press and the reload in one task: the reload is asked for before the change is
  // painted, so before the write that follows the paint.
  const tagAndThen = (key, leave) => page.evaluate(([key, leave]) => {
    document.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    if (leave === 'reload') location.reload();
  }, [key, leave]);
  let start = Array.from(SAMPLE.slice(0, SAMPLE.indexOf('Antony Blinken'))).length;
  await dragSelect(page, start, start + 'Antony Blinken'.length);
  await page.waitForFunction(() => document.querySelector('[data-testid="selection-hint"]').textContent.includes('Antony Blinken'));
  await Promise.all([page.waitForEvent('load'), tagAndThen('1', 'reload')]);
  await ready(page);
  assert.deepEqual((await spans(page)).map((s) => [s.label, s.text]), [['PERSON', 'Antony Blinken']]);

  start = Array.from(SAMPLE.slice(0, SAMPLE.indexOf('Cairo'))).length;
  await dragSelect(page, start, start + 'Cairo'.length);
  await page.waitForFunction(() => document.querySelector('[data-testid="selection-hint"]').textContent.includes('Cairo'));
  const context = page.context();
  await tagAndThen('3', 'stay');
  await page.close({ runBeforeUnload: true });
  const again = await context.newPage();
  await again.goto(app.url);
  await ready(again);
  assert.deepEqual((await spans(again)).map((s) => [s.label, s.text]).sort(), [['GPE', 'Cairo'], ['PERSON', 'Antony Blinken']]);
  assert.deepEqual(page.problems, []);
  await context.close();
});
