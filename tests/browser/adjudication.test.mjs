// Browser test of adjudication (issue 15): two annotators' files of the sample article opened
// together, every disagreement settled by taking one annotator's side with its key, and gold
// exported as an ordinary Spanwise file by "gold" holding that annotator's spans plus the
// agreed ones; gold is a version kept across a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, ready, ROOT, DOC, exportJson, cpIndexOf, useBrowser, saved } from './harness.mjs';

const SAMPLE = readFileSync(join(ROOT, 'samples', 'blinken-cairo-gaza.txt'), 'utf8');
const app = useBrowser();

const span = (id, label, needle) => {
  const start = cpIndexOf(SAMPLE, needle);
  return { id, kind: 'entity', label, start, end: start + Array.from(needle).length, text: needle };
};
const spanwiseFile = (name, json) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });
const progress = (page) => page.textContent('[data-testid="adjudication-progress"]');

test('adjudicating every disagreement by one annotator\'s side makes gold their spans plus the agreed ones', async () => {
  const page = await openApp(app.browser, app.url);
  const { json: base } = await exportJson(page);
  // Agreed: Blinken, Cairo. Ana and Ben differ on Kamel's label, on Gaza (Ana only) and on
  // Rafah (Ben only).
  const ana = { ...base, annotator: 'Ana', annotations: [
    span('a1', 'PERSON', 'Antony Blinken'), span('a2', 'GPE', 'Cairo'), span('a3', 'PERSON', 'Abbas Kamel'), span('a4', 'GPE', 'Gaza'),
  ] };
  const ben = { ...base, annotator: 'Ben', annotations: [
    span('b1', 'PERSON', 'Antony Blinken'), span('b2', 'GPE', 'Cairo'), span('b3', 'ORG', 'Abbas Kamel'), span('b4', 'GPE', 'Rafah'),
  ] };
  await page.setInputFiles('[data-testid="open-file"]', [spanwiseFile('ana.json', ana), spanwiseFile('ben.json', ben)]);
  await page.waitForFunction(() => document.querySelector('[data-testid="status"]').textContent.startsWith('Opened ana.json'));
  await page.getByRole('tab', { name: /Documents \(1\)/ }).click();
  await page.getByRole('button', { name: 'Adjudicate' }).click();
  await page.waitForSelector('[data-testid="adjudication"]');
  assert.equal(await progress(page), 'Disagreement 1 of 3 · 0 settled');
  assert.deepEqual(await page.$$eval('.adjudication-option', (rows) => rows.map((r) => [r.dataset.annotator, r.querySelector('.adjudication-items').textContent])),
    [['Ana', 'GPE “Gaza”'], ['Ben', 'nothing here']], 'the first in text order');
  // Gold is shown, made of what they agree on.
  const shown = () => page.$$eval(`${DOC} [data-span-id]`, (els) => [...new Set(els.map((e) => `${e.dataset.label}:${e.textContent}`))]);
  assert.deepEqual(await shown(), ['PERSON:Antony Blinken', 'GPE:Cairo']);
  // Ana's side throughout, by her key.
  await page.focus(DOC);
  for (const settled of [1, 2, 3]) {
    await page.keyboard.press('1');
    await page.waitForFunction((n) => document.querySelector('[data-testid="adjudication-progress"]').textContent.endsWith(`· ${n} settled`), settled);
  }
  const { json } = await exportJson(page);
  assert.equal(json.annotator, 'gold');
  assert.equal('versions' in json, false);
  const texts = (file) => file.annotations.map((a) => [a.label, a.start, a.end, a.text]).sort((a, b) => a[1] - b[1]);
  assert.deepEqual(texts(json), texts(ana), 'gold is Ana\'s spans (the agreed ones among them)');
  // Esc ends the mode; gold is a version, kept across a reload.
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="adjudication"]', { state: 'detached' });
  await saved(page);
  await page.reload();
  await ready(page);
  await page.getByRole('tab', { name: /Documents \(1\)/ }).click();
  assert.deepEqual(await page.$$eval('[data-testid="versions"] li', (rows) => rows.map((li) => li.dataset.annotator)), ['Ana', 'Ben', 'gold']);
  // Started again, what gold holds stays settled.
  await page.getByRole('button', { name: 'Adjudicate' }).click();
  await page.waitForSelector('[data-testid="adjudication"]');
  assert.match(await progress(page), /· 3 settled$/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
