// Browser test of the suggestions that learn (issue 18): documents annotated with names no rule
// knows are marked done, the model trains in the page (with progress) and then suggests those
// names in a new article, marked as the model's with a confidence; the order and the confidence
// filter; the model exported, reset, imported again, a newer model file refused; the model kept
// across a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openApp, ready, openFile, DOC, useBrowser } from './harness.mjs';

const app = useBrowser();

// Invented names: whatever is suggested for them was learnt.
const ANNOTATED = [
  ['Zorblat Quenn visited Vantor on Monday.', [['Zorblat Quenn', 'PERSON'], ['Vantor', 'GPE']]],
  ['Mirel Dast said the Krell Union would act. Talks in Osmir ended.', [['Mirel Dast', 'PERSON'], ['Krell Union', 'ORG'], ['Osmir', 'GPE']]],
  ['In Osmir, Zorblat Quenn met Mirel Dast.', [['Osmir', 'GPE'], ['Zorblat Quenn', 'PERSON'], ['Mirel Dast', 'PERSON']]],
  ['The Hadran Council left Vantor for Osmir.', [['Hadran Council', 'ORG'], ['Vantor', 'GPE'], ['Osmir', 'GPE']]],
];
const NEW = 'Zorblat Quenn arrived in Vantor.';

// Each document is its sentence 300 times, so that training takes several steps.
const REPEAT = 300;
const jsonl = ANNOTATED.map(([sentence, names]) => {
  const label = [];
  for (let i = 0; i < REPEAT; i++) {
    const at = i * (sentence.length + 1);
    for (const [name, l] of names) label.push([at + sentence.indexOf(name), at + sentence.indexOf(name) + name.length, l]);
  }
  return JSON.stringify({ text: Array(REPEAT).fill(sentence).join(' '), label });
}).join('\n') + '\n';

// The status line: a message ("status") or a refusal ("error").
const STATUS = '[data-testid="status"], [data-testid="error"]';
const status = (page) => page.textContent(STATUS);
const waitForStatus = (page, pattern) =>
  page.waitForFunction(([p, sel]) => new RegExp(p).test(document.querySelector(sel)?.textContent ?? ''), [pattern.source, STATUS]);
const rows = (page) => page.$$eval('[data-testid="suggestions"] li.suggestion-row', (lis) => lis.map((li) => ({
  text: li.querySelector('.ann-text').textContent,
  label: li.querySelector('.chip').textContent,
  source: li.dataset.source,
  confidence: Number(li.dataset.confidence),
})));
const waitForModel = (page, documents) =>
  page.waitForSelector(`[data-testid="model"][data-documents="${documents}"]`);

test('the model learns from documents marked done and suggests their names in a new article', async () => {
  const page = await openApp(app.browser, app.url);
  await openFile(page, 'desk.jsonl', 'application/jsonl', jsonl);
  await waitForStatus(page, /4 documents/);
  await page.getByRole('tab', { name: /Documents/ }).click();
  const boxes = page.getByRole('checkbox', { name: /^Done: desk/ });
  assert.equal(await boxes.count(), 4);
  for (let i = 0; i < 4; i++) await boxes.nth(i).check();
  // A new article, with names only the annotated documents have.
  await openFile(page, 'new.txt', 'text/plain', NEW);
  await page.waitForFunction(([doc, text]) => document.querySelector(doc)?.textContent === text, [DOC, NEW]);
  await page.getByRole('tab', { name: /Suggested/ }).click();
  await waitForModel(page, 4);
  assert.match(await page.textContent('[data-testid="model-status"]'), /learnt from 4 document\(s\)/);
  // "Train model" again, watching its progress bar (steps are short: a poll could miss it).
  await page.evaluate(() => {
    window.progress = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[role="progressbar"][aria-label="Training the model"]');
      if (bar) window.progress.push(Number(bar.getAttribute('aria-valuenow')));
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.getByRole('button', { name: 'Train model' }).click();
  await waitForStatus(page, /The model learnt from 4 document\(s\)/);
  const seen = await page.evaluate(() => [...new Set(window.progress)]);
  assert.ok(seen.length >= 2, `the progress bar moved: ${seen}`);
  const timing = await page.$eval('[data-testid="train-timing"]', (p) => ({ ...p.dataset }));
  assert.ok(Number(timing.longestMs) < 50, `a training step took ${timing.longestMs} ms`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="suggestions"] li.suggestion-row').length === 2);
  const suggested = await rows(page);
  assert.deepEqual(suggested.map((r) => [r.label, r.text, r.source]), [
    ['PERSON', 'Zorblat Quenn', 'model'],
    ['GPE', 'Vantor', 'model'],
  ]);
  for (const r of suggested) assert.ok(r.confidence > 0.5 && r.confidence <= 1, `${r.confidence}`);
  // Drawn over the text too.
  assert.equal(await page.locator(`${DOC} [data-suggestion-id]`).count(), 2);

  // Most confident first; a filter above the lower one leaves one, and "accept all" takes it.
  const [low, high] = suggested.map((r) => r.confidence).sort((a, b) => a - b);
  await page.selectOption('[data-testid="suggestion-order"]', 'confidence');
  await page.waitForFunction((h) => Number(document.querySelector('li.suggestion-row')?.dataset.confidence) === h, high);
  if (low < high) {
    await page.fill('[data-testid="min-confidence"]', String(Math.ceil(low * 100 + 0.5)));
    await page.dispatchEvent('[data-testid="min-confidence"]', 'change');
    await page.waitForFunction(() => document.querySelectorAll('li.suggestion-row').length === 1);
    assert.equal(await page.locator(`${DOC} [data-suggestion-id]`).count(), 1);
    await page.fill('[data-testid="min-confidence"]', '0');
    await page.dispatchEvent('[data-testid="min-confidence"]', 'change');
    await page.waitForFunction(() => document.querySelectorAll('li.suggestion-row').length === 2);
  }

  // Exported as a file.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export model' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'spanwise-model.json');
  const model = readFileSync(await download.path(), 'utf8');
  const header = JSON.parse(model);
  assert.equal(header.format, 'spanwise-tagger');
  assert.equal(header.version, 1);
  assert.deepEqual(header.trained_on.documents, 4);

  // Reset: the rules alone know none of these names.
  await page.getByRole('button', { name: 'Reset model' }).click();
  await waitForModel(page, 0);
  await page.waitForFunction(() => document.querySelectorAll('li.suggestion-row').length === 0);

  // A model from a newer version is refused with the reason; the exported one imports.
  const newer = model.replace('"version":1', '"version":2');
  await page.setInputFiles('[data-testid="import-model"]', { name: 'newer.json', mimeType: 'application/json', buffer: Buffer.from(newer) });
  await waitForStatus(page, /Model not imported from newer\.json: the model file has version 2/);
  await page.setInputFiles('[data-testid="import-model"]', { name: 'spanwise-model.json', mimeType: 'application/json', buffer: Buffer.from(model) });
  await waitForStatus(page, /Model imported from spanwise-model\.json/);
  await waitForModel(page, 4);
  await page.waitForFunction(() => document.querySelectorAll('li.suggestion-row').length === 2);

  // Kept with the workspace: after a reload it suggests at once.
  await page.reload();
  await ready(page);
  await page.getByRole('tab', { name: /Suggested/ }).click();
  await waitForModel(page, 4);
  await page.waitForFunction(() => [...document.querySelectorAll('li.suggestion-row')].some((li) => li.dataset.source === 'model'));
  assert.deepEqual(page.problems, []);
  assert.ok(!/could not/.test(await status(page) ?? ''));
  await page.context().close();
});
