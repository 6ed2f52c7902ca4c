// Browser test of find and replace (issue 16): "Refa" tagged as a place and replaced by
// "Rafah" keeps its label over the new word; the export carries the corrected text with
// offsets into it, the source text and the edit; one undo takes it back; a reload keeps it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, ROOT, DOC, spans, exportJson, tagText, cpIndexOf, useBrowser, checkCorrectionKept } from './harness.mjs';

const SAMPLE = readFileSync(join(ROOT, 'samples', 'blinken-cairo-gaza.txt'), 'utf8');
const app = useBrowser();

test('Replace all corrects the text, the span follows, and the provenance is exported and kept', async () => {
  const page = await openApp(app.browser, app.url);
  await tagText(page, SAMPLE, 'Refa', '3');
  await page.getByRole('button', { name: 'Find…' }).click();
  await page.waitForSelector('[data-testid="replace-dialog"]');
  await page.getByLabel('Find', { exact: true }).fill('Refa');
  await page.getByLabel('Replace with').fill('Rafah');
  await page.waitForFunction(() => document.querySelector('[data-testid="replace-count"]').textContent === '1 match');
  await page.getByRole('button', { name: 'Replace all' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="replace-count"]').textContent === '0 matches');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="replace-dialog"]', { state: 'detached' });
  const corrected = SAMPLE.replace('Refa', 'Rafah');
  assert.equal(await page.textContent(DOC), corrected);
  // Where "Refa" was (the sample has "Rafah" elsewhere too).
  const at = cpIndexOf(SAMPLE, 'Refa');
  assert.deepEqual((await spans(page)).map((s) => [s.label, s.text]), [['GPE', 'Rafah']]);
  const { json } = await exportJson(page);
  assert.equal(json.version, 3);
  assert.equal(json.document.text, corrected);
  assert.equal(json.document.source_text, SAMPLE);
  // Only what differs is edited: "efa" becomes "afah" (the shared "R" is left alone).
  assert.deepEqual(json.document.edits, [{ start: at + 1, end: at + 4, text: 'afah' }]);
  assert.deepEqual(json.annotations.map((a) => [a.label, a.start, a.end, a.text]), [['GPE', at, at + 5, 'Rafah']]);
  // A reload keeps the corrected text and its edits.
  await checkCorrectionKept(page, corrected, json);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('find and replace splits the glued "blinkenarrived": the span over "anthony blinken" stays, "arrived" outside', async () => {
  const page = await openApp(app.browser, app.url);
  const at = await tagText(page, SAMPLE, 'anthony blinken', '1');
  await page.keyboard.press('Control+h');
  await page.waitForSelector('[data-testid="replace-dialog"]');
  await page.getByLabel('Find', { exact: true }).fill('blinkenarrived');
  await page.getByLabel('Replace with').fill('blinken arrived');
  await page.waitForFunction(() => document.querySelector('[data-testid="replace-count"]').textContent === '1 match');
  await page.getByRole('button', { name: 'Replace all' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="replace-count"]').textContent === '0 matches');
  await page.keyboard.press('Escape');
  const corrected = SAMPLE.replace('blinkenarrived', 'blinken arrived');
  assert.equal(await page.textContent(DOC), corrected);
  const { json } = await exportJson(page);
  const end = at + 'anthony blinken'.length;
  // Only the space is inserted.
  assert.deepEqual(json.document.edits, [{ start: end, end, text: ' ' }]);
  assert.deepEqual(json.annotations.map((a) => [a.label, a.start, a.end, a.text]), [['PERSON', at, end, 'anthony blinken']]);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('one undo takes a Replace all back, every match at once', async () => {
  const page = await openApp(app.browser, app.url);
  await page.focus(DOC);
  await page.keyboard.press('Control+h');
  await page.waitForSelector('[data-testid="replace-dialog"]');
  await page.getByLabel('Find', { exact: true }).fill('Blinken');
  await page.getByLabel('Replace with').fill('BLINKEN');
  await page.getByLabel('Match case').check();
  const n = SAMPLE.split('Blinken').length - 1;
  await page.waitForFunction((n) => document.querySelector('[data-testid="replace-count"]').textContent === `${n} matches`, n);
  await page.getByRole('button', { name: 'Replace all' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="replace-count"]').textContent === '0 matches');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="replace-dialog"]', { state: 'detached' });
  assert.equal(await page.textContent(DOC), SAMPLE.replaceAll('Blinken', 'BLINKEN'));
  await page.focus(DOC);
  await page.keyboard.press('Control+z');
  await page.waitForFunction(([doc, text]) => document.querySelector(doc).textContent === text, [DOC, SAMPLE]);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
