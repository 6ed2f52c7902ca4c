// The statistics panel (its numbers against the exported JSON) and the light/dark theme.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, ready, ROOT, DOC, exportJson, openFile, tagText, cpIndexOf, useBrowser } from './harness.mjs';

const SAMPLE = readFileSync(join(ROOT, 'samples', 'blinken-cairo-gaza.txt'), 'utf8');
const app = useBrowser();

/** `data-label` → `data-count` of a chart's bars (those matching `extra`). */
async function bars(page, chart, extra = '') {
  return page.$$eval(`[data-chart="${chart}"] [data-count]${extra}`, (els) => Object.fromEntries(els.map((e) => [e.dataset.label, Number(e.dataset.count)])));
}

const countBy = (xs, key) => xs.reduce((m, x) => ({ ...m, [key(x)]: (m[key(x)] ?? 0) + 1 }), {});

test('the statistics panel shows the numbers of the exported JSON, and each chart downloads as SVG', async () => {
  const page = await openApp(app.browser, app.url);
  await tagText(page, SAMPLE, 'Antony Blinken', '1');
  await tagText(page, SAMPLE, 'Blinken', '1', cpIndexOf(SAMPLE, 'According to the network'));
  await tagText(page, SAMPLE, 'Sameh Shoukry', '1', cpIndexOf(SAMPLE, 'Blinken meets'));
  await tagText(page, SAMPLE, 'Cairo', '3');
  await tagText(page, SAMPLE, 'State Department', '2');
  await tagText(page, SAMPLE, '“ongoing efforts to protect Palestinian civilians and humanitarian workers in Gaza”', 'c');
  await page.selectOption('[data-testid="claim-verdict"]', 'mostly-true');
  await tagText(page, SAMPLE, '“ensuring an immediate ceasefire including the release of hostages”', 'c');
  const { json } = await exportJson(page);

  await page.getByRole('button', { name: 'Statistics' }).click();
  await page.waitForSelector('[data-testid="statistics"] [data-chart="progress"]');
  const entities = json.annotations.filter((a) => a.kind === 'entity');
  const claims = json.annotations.filter((a) => a.kind === 'claim');
  const labels = json.schema.labels.map((l) => l.name);
  // Spans per label: every schema label (zeros too), then claims and cues.
  const perLabel = countBy(entities, (a) => a.label);
  assert.deepEqual(await bars(page, 'labels', '[data-kind="entity"]'), Object.fromEntries(labels.map((l) => [l, perLabel[l] ?? 0])));
  assert.deepEqual(await bars(page, 'labels', ':not([data-kind="entity"])'), { CLAIM: claims.length, CUE: 0 });
  assert.deepEqual(perLabel, { PERSON: 3, GPE: 1, ORG: 1 });
  // Claims by verdict and by check-worthiness.
  const verdicts = await bars(page, 'claims-verdict');
  assert.deepEqual(Object.fromEntries(Object.entries(verdicts).filter(([, n]) => n > 0)), countBy(claims, (a) => a.attributes.verdict));
  assert.equal(verdicts['mostly-true'], 1);
  const worthiness = await bars(page, 'claims-worthiness');
  assert.deepEqual(Object.fromEntries(Object.entries(worthiness).filter(([, n]) => n > 0)), countBy(claims, (a) => a.attributes.check_worthiness));
  // Coverage: non-whitespace code points under at least one span.
  const text = Array.from(json.document.text);
  const covered = new Set();
  for (const a of json.annotations) for (let i = a.start; i < a.end; i++) if (/\S/u.test(text[i])) covered.add(i);
  const coverage = await bars(page, 'coverage');
  assert.deepEqual(coverage, { tagged: covered.size, 'non-whitespace': text.filter((c) => /\S/u.test(c)).length });
  // Top entities: mentions of the same label and text count together.
  const mentions = countBy(entities, (a) => a.text);
  assert.deepEqual(await bars(page, 'entities'), mentions);
  // The workspace's progress: this document's spans and claims, one checked.
  const progress = await bars(page, 'progress');
  assert.deepEqual(progress, { 'entity-spans': entities.length, claims: claims.length, 'checked-claims': 1 });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download SVG: Spans per label' }).click(),
  ]);
  // Named after the document's title, not its internal id.
  assert.equal(download.suggestedFilename(), 'Blinken-in-Cairo-sample.labels.svg');
  const svg = readFileSync(await download.path(), 'utf8');
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), svg.slice(0, 80));
  assert.ok(svg.includes('data-label="PERSON" data-count="3"'));
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="statistics"]', { state: 'detached' });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the theme follows the system, and the toggle overrides it across visits', async () => {
  const page = await openApp(app.browser, app.url);
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
  const toggle = page.locator('[data-testid="theme-toggle"]');
  await page.emulateMedia({ colorScheme: 'light' });
  assert.equal(await toggle.textContent(), 'Theme: system');
  assert.equal(await background(), '#fbfaf7');
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await background(), '#17181b');
  // system → light → dark → system.
  await toggle.click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  assert.equal(await background(), '#fbfaf7', 'light chosen on a dark system');
  assert.equal(await page.evaluate(() => localStorage.getItem('spanwise.theme')), 'light');
  await toggle.click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  assert.equal(await background(), '#17181b', 'dark chosen on a light system');
  await page.reload();
  await ready(page);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'the choice survives a reload');
  assert.equal(await toggle.textContent(), 'Theme: dark');
  await toggle.click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === undefined);
  assert.equal(await page.evaluate(() => localStorage.getItem('spanwise.theme')), null);
  assert.equal(await background(), '#fbfaf7');
  await page.context().close();
});

test('at phone width (360 px) nothing is out of reach: no sideways page, toolbar and labels wrap, dialogs fit', async () => {
  for (const width of [360, 390]) {
    const page = await openApp(app.browser, app.url, { viewport: { width, height: 780 } });
    const outside = () => page.evaluate(() => [...document.querySelectorAll('button, select, input:not(.visually-hidden), [data-para], .label, [role="tab"]')]
      .filter((e) => e.getClientRects().length && (e.getBoundingClientRect().right > innerWidth + 0.5 || e.getBoundingClientRect().left < -0.5))
      .map((e) => `${e.tagName} ${(e.getAttribute('aria-label') || e.textContent).slice(0, 30)}`));
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width, 'the page is not wider than the screen');
    assert.deepEqual(await outside(), [], `at ${width} px`);
    for (const name of ['Labels…', 'Export workspace', 'Statistics']) {
      assert.ok(await page.getByRole('button', { name }).isVisible(), name);
    }
    assert.equal(await page.locator('.label-buttons button:visible').count(), await page.locator('.label-buttons button').count());
    // The lists are under the article, a scroll away.
    await page.getByRole('tab', { name: /Documents/ }).scrollIntoViewIfNeeded();
    await page.getByRole('tab', { name: /Documents/ }).click();
    await page.getByRole('button', { name: 'Labels…' }).click();
    await page.waitForSelector('[data-testid="schema-editor"]');
    const dialog = await page.$eval('[data-testid="schema-editor"]', (d) => { const r = d.getBoundingClientRect(); return { left: r.left, right: r.right }; });
    assert.ok(dialog.left >= 0 && dialog.right <= width, JSON.stringify(dialog));
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="schema-editor"]', { state: 'detached' });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test('a selected claim is framed once around its pieces, and a span across a paragraph break draws nothing on the blank line', async () => {
  const page = await openApp(app.browser, app.url);
  const text = 'Blinken said the talks in Cairo were useful.\n\nShoukry agreed.';
  const claimEnd = text.indexOf('Shoukry') + 'Shoukry agreed'.length;
  const file = {
    format: 'spanwise', version: 2, document: { id: 'frame', title: 'Frame', text },
    annotations: [
      { id: 'a1', kind: 'entity', label: 'PERSON', start: 0, end: 7, text: 'Blinken' },
      { id: 'c1', kind: 'claim', label: 'CLAIM', start: 13, end: claimEnd, text: text.slice(13, claimEnd),
        attributes: { speaker: 'author', quote_type: 'indirect', check_worthiness: 'check-worthy', verdict: 'unverified', note: '' } },
      { id: 'a2', kind: 'entity', label: 'GPE', start: 26, end: 31, text: 'Cairo' },
      { id: 'a3', kind: 'entity', label: 'PERSON', start: 46, end: 53, text: 'Shoukry' },
    ],
  };
  await openFile(page, 'frame.json', 'application/json', JSON.stringify(file));
  await page.waitForFunction((doc) => document.querySelector(doc).textContent.startsWith('Blinken said'), DOC);
  await page.click(`${DOC} [data-span-id="c1"]`);
  await page.waitForSelector(`${DOC} mark.selected`);
  const pieces = await page.$$eval(`${DOC} mark[data-span-id="c1"]`, (marks) => marks.map((m) => {
    const style = getComputedStyle(m);
    return { text: m.firstChild.nodeType === 3 ? m.firstChild.data : m.textContent, outline: style.outlineStyle, left: /-2px 0px 0px 0px/.test(style.boxShadow), right: /[^-]2px 0px 0px 0px/.test(style.boxShadow), bar: style.borderBottomStyle, bg: style.backgroundColor };
  }));
  assert.ok(pieces.length >= 4, JSON.stringify(pieces));
  assert.deepEqual(pieces.map((p) => p.outline), pieces.map(() => 'none'), 'no piece has a frame of its own');
  assert.deepEqual(pieces.map((p) => p.left), pieces.map((_, i) => i === 0), 'the left edge only on the first piece');
  assert.deepEqual(pieces.map((p) => p.right), pieces.map((_, i) => i === pieces.length - 1), 'the right edge only on the last');
  const blank = pieces.filter((p) => /^\n+$/.test(p.text));
  assert.equal(blank.length, 1, JSON.stringify(pieces));
  assert.deepEqual([blank[0].bar, blank[0].bg], ['none', 'rgba(0, 0, 0, 0)'], 'nothing drawn on the blank line');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
