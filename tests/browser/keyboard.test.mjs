// Keyboard-first use of the built app in headless Chromium: no mouse at all in these tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, cpIndexOf, ROOT, DOC, exportJson, useBrowser } from './harness.mjs';

const SAMPLE = readFileSync(join(ROOT, 'samples', 'blinken-cairo-gaza.txt'), 'utf8');
const app = useBrowser();

const HINT = '[data-testid="selection-hint"]';
const cpLength = (s) => Array.from(s).length;

/** The caret's offset in code points, as the app shows it ("Caret at N"); null without one. */
async function caret(page) {
  const hint = await page.textContent(HINT);
  const m = /Caret at (\d+)/.exec(hint);
  return m ? Number(m[1]) : null;
}

/** Presses a key and waits until the hint changes (every caret move or selection shows there). */
async function press(page, key) {
  const before = await page.textContent(HINT);
  await page.keyboard.press(key);
  await page.waitForFunction(([sel, before]) => document.querySelector(sel).textContent !== before, [HINT, before]);
}

/** Tabs from the top of the page until the article has the focus; returns the presses needed. */
async function tabToArticle(page) {
  for (let n = 1; n <= 40; n++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((doc) => document.activeElement === document.querySelector(doc), DOC)) return n;
  }
  throw new Error('Tab never reached the article');
}

/** Moves the caret to a code-point offset with word moves, then character moves. */
async function caretTo(page, target) {
  if ((await caret(page)) === null) await press(page, 'ArrowRight');
  for (let guard = 0; guard < 400; guard++) {
    const at = await caret(page);
    if (at === target) return;
    if (at > target) {
      await press(page, 'ArrowLeft');
    } else if (target - at > 12) {
      await press(page, 'Control+ArrowRight');
    } else {
      await press(page, 'ArrowRight');
    }
  }
  throw new Error(`the caret never reached ${target} (at ${await caret(page)})`);
}

/** Extends the selection from the caret by whole words until it ends at `end` or just after. */
async function selectTo(page, end, needle) {
  for (let guard = 0; guard < 60; guard++) {
    const hint = await page.textContent(HINT);
    const m = /Selected (\d+)–(\d+)/.exec(hint);
    if (m && Number(m[2]) >= end) break;
    await press(page, 'Control+Shift+ArrowRight');
  }
  await page.waitForFunction(([sel, n]) => document.querySelector(sel).textContent.includes(n), [HINT, needle.slice(0, 30)]);
}

test('an entity, a claim and its speaker are tagged on the sample article with the keyboard only', async () => {
  const page = await openApp(app.browser, app.url);
  await tabToArticle(page);
  assert.equal(await caret(page), null, 'no caret before a key moves it');
  // The first arrow puts the caret at the start of the first paragraph on screen.
  await press(page, 'ArrowRight');
  assert.equal(await caret(page), 0);
  await press(page, 'Control+ArrowRight');
  assert.equal(await caret(page), cpLength('Secretary'), 'a word move ends after the word');
  await press(page, 'ArrowRight');
  assert.equal(await caret(page), cpLength('Secretary '));
  await press(page, 'ArrowLeft');
  await press(page, 'ArrowLeft');
  assert.equal(await caret(page), cpLength('Secretar'));
  assert.equal(await page.locator(`${DOC} .caret`).count(), 1, 'the caret is drawn');

  // The entity: "Antony Blinken", by moving the caret and extending the selection by words.
  const person = 'Antony Blinken';
  const personAt = cpIndexOf(SAMPLE, person);
  await caretTo(page, personAt);
  await selectTo(page, personAt + cpLength(person), person);
  await page.keyboard.press('1');
  await page.waitForSelector(`${DOC} [data-span-id="a1"][data-label="PERSON"]`);
  assert.equal(await page.textContent('[data-testid="announcer"]'), `PERSON: ${person}`);

  // The speaker-to-be: "State Department", then the claim it makes.
  await page.keyboard.press('Escape');
  const org = 'State Department';
  const orgAt = cpIndexOf(SAMPLE, org);
  await caretTo(page, orgAt);
  await selectTo(page, orgAt + cpLength(org), org);
  await page.keyboard.press('2');
  await page.waitForSelector(`${DOC} [data-span-id="a2"][data-label="ORG"]`);
  await page.keyboard.press('Escape');
  const quote = '“ongoing efforts to protect Palestinian civilians and humanitarian workers in Gaza”';
  const quoteAt = cpIndexOf(SAMPLE, quote);
  await caretTo(page, quoteAt);
  await selectTo(page, quoteAt + cpLength(quote), quote);
  await page.keyboard.press('c');
  await page.waitForSelector(`${DOC} [data-span-id="a3"][data-kind="claim"]`);

  // Tab walks the annotations in text order from the caret; Shift+Tab goes back.
  await page.keyboard.press('Escape');
  await caretTo(page, 0);
  const selectedId = () => page.evaluate((doc) => document.querySelector(`${doc} mark.selected`)?.dataset.spanId ?? null, DOC);
  const order = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    await page.waitForFunction(([doc, n]) => document.querySelectorAll(`${doc} mark.selected`).length > 0 && document.querySelector(`${doc} mark.selected`).dataset.spanId !== n, [DOC, order.at(-1) ?? '']);
    order.push(await selectedId());
  }
  assert.deepEqual(order, ['a1', 'a2', 'a3']);
  await page.keyboard.press('Shift+Tab');
  await page.waitForFunction((doc) => document.querySelector(`${doc} mark.selected`)?.dataset.spanId === 'a2', DOC);
  await page.keyboard.press('Tab');
  await page.waitForFunction((doc) => document.querySelector(`${doc} mark.selected`)?.dataset.spanId === 'a3', DOC);
  // Long texts are cut in the announcement.
  assert.equal(await page.textContent('[data-testid="announcer"]'), `CLAIM: ${Array.from(quote).slice(0, 79).join('')}…`);

  // Enter opens the claim panel: focus lands on the speaker field.
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'claim-speaker');
  const options = await page.$$eval('[data-testid="claim-speaker"] option', (os) => os.map((o) => [o.value, o.textContent]));
  const target = options.find(([, text]) => text.startsWith(org));
  assert.ok(target, JSON.stringify(options));
  // Typing the start of an option's text chooses it (the select's own type-ahead).
  await page.keyboard.type(org.slice(0, 5));
  await page.waitForFunction((v) => document.querySelector('[data-testid="claim-speaker"]').value === v, target[0]);
  // Esc leaves the panel for the article.
  await page.keyboard.press('Escape');
  await page.waitForFunction((doc) => document.activeElement === document.querySelector(doc), DOC);

  const { json } = await exportJson(page);
  assert.deepEqual(json.annotations.map((a) => [a.id, a.kind, a.label, a.start, a.end, a.text]), [
    ['a1', 'entity', 'PERSON', personAt, personAt + cpLength(person), person],
    ['a2', 'entity', 'ORG', orgAt, orgAt + cpLength(org), org],
    ['a3', 'claim', 'CLAIM', quoteAt, quoteAt + cpLength(quote), quote],
  ]);
  assert.deepEqual(json.relations, [{ id: 'r1', type: 'speaker', from: 'a3', to: 'a2' }]);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('? lists every shortcut from the key table, with the schema\'s label keys, and Esc closes it', async () => {
  const page = await openApp(app.browser, app.url);
  await page.keyboard.press('?');
  await page.waitForSelector('[data-testid="shortcuts"]');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Close');
  // It opens at its top, though its focused Close button is at the bottom.
  assert.equal(await page.$eval('[data-testid="shortcuts"]', (d) => [d.scrollTop, d.scrollHeight > d.clientHeight]).then(JSON.stringify), '[0,true]');
  const rows = await page.$$eval('[data-testid="shortcuts"] tr', (trs) => trs.map((tr) => [tr.dataset.shortcut, [...tr.querySelectorAll('kbd')].map((k) => k.textContent).join(' ')]));
  const keysOf = (action) => rows.filter(([a]) => a === action).map(([, k]) => k);
  assert.deepEqual(keysOf('label'), ['1', '2', '3', '4', '5', '6', '7']);
  assert.deepEqual(keysOf('Redo'), ['Ctrl+Shift+Z Ctrl+Y']);
  assert.deepEqual(keysOf('NextAnnotation'), ['Tab']);
  assert.deepEqual(keysOf('TagClaim'), ['C']);
  assert.deepEqual(keysOf('NextUnfinished'), [']']);
  assert.deepEqual(keysOf('PreviousUnfinished'), ['[']);
  assert.deepEqual(keysOf('FindReplace'), ['Ctrl+H']);
  assert.deepEqual(keysOf('CorrectText'), ['F2']);
  assert.equal(rows.length, 7 + 27);
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="shortcuts"]', { state: 'detached' });
  // A label's key is the schema's: re-keyed, the list follows; a key a shortcut uses is refused.
  await page.getByRole('button', { name: 'Labels…' }).click();
  await page.fill('[aria-label="Key of PERSON"]', 'p');
  await page.press('[aria-label="Key of PERSON"]', 'Tab');
  await page.fill('[aria-label="Key of ORG"]', 'n');
  await page.press('[aria-label="Key of ORG"]', 'Tab');
  await page.waitForFunction(() => document.querySelector('[data-testid="error"]')?.textContent.includes('The key “n” is taken: go to the next suggestion'));
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="schema-editor"]', { state: 'detached' });
  await page.keyboard.press('?');
  await page.waitForSelector('[data-testid="shortcuts"]');
  const labels = await page.$$eval('[data-testid="shortcuts"] tr[data-shortcut="label"]', (trs) => trs.map((tr) => tr.textContent));
  assert.equal(labels[0], 'PTag the selection PERSON (or relabel the selected span)');
  assert.ok(labels[1].startsWith('2'), labels[1]);
  await page.context().close();
});

test('moving the caret by paragraphs scrolls the article to keep it in view', async () => {
  const page = await openApp(app.browser, app.url, { viewport: { width: 1280, height: 500 } });
  await page.focus(DOC);
  await press(page, 'ArrowRight');
  const seen = [];
  for (let i = 0; i < 12; i++) {
    await press(page, 'Control+ArrowDown');
    const state = await page.evaluate((doc) => {
      const container = document.querySelector(doc);
      const frame = container.getBoundingClientRect();
      const caret = container.querySelector('.caret').getBoundingClientRect();
      return { inView: caret.top >= frame.top && caret.bottom <= frame.bottom, scrolled: container.scrollTop };
    }, DOC);
    seen.push({ at: await caret(page), ...state });
  }
  assert.ok(seen.every((s) => s.inView), JSON.stringify(seen));
  assert.ok(seen.at(-1).scrolled > 0, 'the article scrolled');
  const offsets = seen.map((s) => s.at);
  assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b), 'the caret only moves forward');
  // Each stop is a paragraph boundary of the text (after a line break, or the text's end).
  for (const at of offsets) assert.ok(at === cpLength(SAMPLE) || Array.from(SAMPLE)[at - 1] === '\n' || Array.from(SAMPLE)[at] === '\n', `${at}`);
  await page.context().close();
});

test('Tab stays inside an open dialog, cycling through its controls', async () => {
  const page = await openApp(app.browser, app.url);
  await page.getByRole('button', { name: 'Statistics' }).click();
  await page.waitForSelector('[data-testid="statistics"]');
  const focused = () => page.evaluate(() => {
    const a = document.activeElement;
    return a.closest('[data-testid="statistics"]') ? (a.getAttribute('aria-label') ?? a.textContent) : `outside: ${a.outerHTML.slice(0, 60)}`;
  });
  await page.waitForFunction(() => document.activeElement?.closest('[data-testid="statistics"]'));
  assert.equal(await focused(), 'Download SVG: Spans per label');
  const seen = [];
  for (let i = 0; i < 7; i++) {
    await page.keyboard.press('Tab');
    seen.push(await focused());
  }
  assert.deepEqual(seen, [
    'Download SVG: Claims by verdict', 'Download SVG: Claims by check-worthiness', 'Download SVG: Coverage of the text',
    'Download SVG: Top entities by mentions', 'Download SVG: Progress per document (workspace)', 'Close',
    'Download SVG: Spans per label',
  ]);
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(), 'Close');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="statistics"]', { state: 'detached' });
  await page.context().close();
});

test('↓ and ↑ move the caret one line at a time, through wrapped spans and across paragraphs', async () => {
  const page = await openApp(app.browser, app.url, { viewport: { width: 1440, height: 900 } });
  await page.focus(DOC);
  await press(page, 'ArrowRight');
  // The starts of paragraphs 1, 2 and 3, found with paragraph moves.
  const starts = [];
  for (let i = 0; i < 3; i++) {
    await press(page, 'Control+ArrowDown');
    starts.push(await caret(page));
  }
  await press(page, 'Control+ArrowUp');
  await press(page, 'Control+ArrowUp');
  assert.equal(await caret(page), starts[0]);
  // How many lines each paragraph wraps into on screen.
  const lines = await page.evaluate(() => [1, 2].map((i) => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector(`[data-para="${i}"]`));
    const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.top);
    return tops.sort((a, b) => a - b).filter((t, k, all) => k === 0 || t - all[k - 1] > 10).length;
  }));
  assert.ok(lines[0] >= 3 && lines[1] >= 3, `paragraphs wrap: ${lines}`);
  const caretTop = () => page.evaluate((doc) => {
    const container = document.querySelector(doc);
    return container.querySelector('.caret').getBoundingClientRect().top + container.scrollTop;
  }, DOC);
  const walk = async (key, n) => {
    const seen = [];
    for (let i = 0; i < n; i++) {
      await press(page, key);
      seen.push({ at: await caret(page), top: await caretTop() });
    }
    return seen;
  };
  const rising = (seen, from, sign) => seen.every((s, i) => sign * (s.top - (i === 0 ? from : seen[i - 1].top)) > 10);
  let top = await caretTop();
  const down1 = await walk('ArrowDown', lines[0]);
  assert.equal(down1.at(-1).at, starts[1], `${lines[0]} presses go through paragraph 1: ${JSON.stringify(down1)}`);
  assert.ok(rising(down1, top, 1), `each press goes a line down: ${JSON.stringify(down1)}`);
  top = down1.at(-1).top;
  const down2 = await walk('ArrowDown', lines[1]);
  assert.equal(down2.at(-1).at, starts[2], `and ${lines[1]} through paragraph 2 (its claim wraps): ${JSON.stringify(down2)}`);
  assert.ok(rising(down2, top, 1), JSON.stringify(down2));
  top = down2.at(-1).top;
  const up = await walk('ArrowUp', lines[1]);
  assert.equal(up.at(-1).at, starts[1], `↑ goes back the same way: ${JSON.stringify(up)}`);
  assert.ok(rising(up, top, -1), JSON.stringify(up));
  await page.context().close();
});

test('a caret move ends a clicked span\'s selection, so Delete then removes nothing', async () => {
  const page = await openApp(app.browser, app.url, { viewport: { width: 1440, height: 900 } });
  await page.getByRole('tab', { name: /Suggested/ }).click();
  await page.getByRole('button', { name: 'Accept all suggestions' }).click();
  // The fixes of the text stay (they have their own button).
  await page.waitForFunction((doc) => !document.querySelector(`${doc} [data-suggestion-id^="s-"]`), DOC);
  const count = () => page.locator(`${DOC} [data-span-id]`).count();
  const before = await count();
  await page.click(`${DOC} [data-span-id]`);
  await page.waitForSelector(`${DOC} mark.selected`);
  await page.keyboard.press('ArrowDown');
  await page.waitForSelector(`${DOC} mark.selected`, { state: 'detached' });
  await page.keyboard.press('Delete');
  await page.keyboard.press('ArrowDown');
  assert.equal(await count(), before);
  await page.context().close();
});

test('the first Tab reaches a skip link that puts the keyboard in the article; the file input has a name', async () => {
  const page = await openApp(app.browser, app.url);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the article');
  assert.ok(await page.locator('.skip-link').isVisible(), 'visible while focused');
  await page.keyboard.press('Enter');
  await page.waitForFunction((doc) => document.activeElement === document.querySelector(doc), DOC);
  // The arrows now move the caret in the article.
  await press(page, 'ArrowRight');
  assert.equal(await caret(page), 0);
  assert.equal(await page.getAttribute('[data-testid="open-file"]', 'aria-label'), 'Open files');
  await page.context().close();
});
