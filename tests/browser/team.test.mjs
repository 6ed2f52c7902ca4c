// Browser tests for team annotation's foundation (issue 15): the annotator name, kept across
// reloads and written into exports, and annotators' Spanwise files of one article stacked as
// versions of one document (listed, shown, renamed, kept across reloads); a file with the
// article's title but another text is refused with the first differing character.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, ready, ROOT, DOC, spans, exportJson, tagText, cpIndexOf, useBrowser, saved } from './harness.mjs';

const SAMPLE = readFileSync(join(ROOT, 'samples', 'blinken-cairo-gaza.txt'), 'utf8');
const app = useBrowser();

/** The status line's message (without its dismiss button); refusals are `data-testid="error"`. */
const status = (page) => page.textContent('.status > span');

/** Resolves once the settings store holds `value` under `key`: the page reads it, and reads it
 * again a frame later until it does (at most 600 frames). */
async function settingStored(page, key, value) {
  const stored = await page.evaluate(([key, value]) => new Promise((resolve) => {
    let frames = 0;
    const read = () => {
      const open = indexedDB.open('spanwise');
      open.onsuccess = () => {
        const db = open.result;
        const get = db.transaction('settings', 'readonly').objectStore('settings').get(key);
        get.onsuccess = () => {
          db.close();
          if (get.result === value || ++frames > 600) resolve(get.result);
          else requestAnimationFrame(read);
        };
      };
    };
    read();
  }), [key, value]);
  assert.equal(stored, value);
}

/** The versions list: [annotator, span count, shown] per row. */
const versions = (page) => page.$$eval('[data-testid="versions"] li', (rows) => rows.map((li) => [
  li.dataset.annotator, Number(li.dataset.spans), li.querySelector('button').getAttribute('aria-pressed') === 'true',
]));

/** A span of the sample article as a Spanwise file writes it. */
const span = (id, label, needle) => {
  const start = cpIndexOf(SAMPLE, needle);
  return { id, kind: 'entity', label, start, end: start + Array.from(needle).length, text: needle };
};

const spanwiseFile = (name, json) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });

test('the annotator name is kept across a reload and every export carries it', async () => {
  const page = await openApp(app.browser, app.url);
  await page.getByRole('tab', { name: /Documents/ }).click();
  const { json: before } = await exportJson(page);
  assert.equal('annotator' in before, false, 'no name set: the export names nobody');

  await page.fill('[data-testid="annotator-name"]', '  Ana Lima ');
  await page.press('[data-testid="annotator-name"]', 'Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="status"]').textContent.includes('Annotator name set'));
  assert.equal(await status(page), 'Annotator name set to “Ana Lima”: your exports carry it');
  await settingStored(page, 'annotator', 'Ana Lima');
  await tagText(page, SAMPLE, 'Abbas Kamel', '1');
  await saved(page);

  await page.reload();
  await ready(page);
  await page.getByRole('tab', { name: /Documents/ }).click();
  assert.equal(await page.inputValue('[data-testid="annotator-name"]'), 'Ana Lima');
  const { json } = await exportJson(page);
  assert.equal(json.annotator, 'Ana Lima');
  assert.deepEqual(json.annotations.map((a) => [a.label, a.text]), [['PERSON', 'Abbas Kamel']]);
  assert.equal('versions' in json, false);
  // The workspace file carries it on each document.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export workspace' }).click(),
  ]);
  const workspace = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(workspace.documents.map((d) => d.file.annotator), ['Ana Lima']);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('two Spanwise files of the sample article open as two versions of one document, shown, renamed and kept', async () => {
  const page = await openApp(app.browser, app.url);
  const { json: base } = await exportJson(page);
  const kamel = { ...base, annotations: [span('a1', 'PERSON', 'Abbas Kamel')] };
  const rafah = { ...base, annotations: [span('a1', 'GPE', 'Rafah'), span('a2', 'PERSON', 'Antony Blinken')] };
  await page.setInputFiles('[data-testid="open-file"]', [spanwiseFile('kamel.spanwise.json', kamel), spanwiseFile('rafah.spanwise.json', rafah)]);
  await page.waitForFunction(() => document.querySelector('[data-testid="status"]').textContent.startsWith('Opened kamel'));
  assert.equal(await status(page), 'Opened kamel.spanwise.json, rafah.spanwise.json as annotator versions: “Blinken in Cairo (sample)” by annotator 1, “Blinken in Cairo (sample)” by annotator 2 (the open document has 2 versions)');
  await page.getByRole('tab', { name: /Documents \(1\)/ }).click();
  assert.deepEqual(await versions(page), [['annotator 1', 1, false], ['annotator 2', 2, true]]);
  assert.deepEqual((await spans(page)).map((s) => [s.label, s.text]), [['PERSON', 'Antony Blinken'], ['GPE', 'Rafah']]);

  // Show the first version, edit it, rename it.
  await page.click('[data-testid="versions"] li[data-version-index="0"] button');
  await page.waitForFunction((doc) => document.querySelectorAll(`${doc} [data-span-id]`).length === 1, DOC);
  assert.deepEqual((await spans(page)).map((s) => [s.label, s.text]), [['PERSON', 'Abbas Kamel']]);
  await tagText(page, SAMPLE, 'Gaza', '3');
  const rename = page.getByRole('textbox', { name: 'Rename the version of annotator 1' });
  await rename.fill('Ben');
  await rename.press('Enter');
  await page.waitForSelector('[data-testid="versions"] li[data-annotator="Ben"]');
  assert.deepEqual(await versions(page), [['Ben', 2, true], ['annotator 2', 2, false]]);
  const { json } = await exportJson(page);
  assert.equal(json.annotator, 'Ben');
  assert.deepEqual(json.annotations.map((a) => [a.label, a.text]), [['GPE', 'Gaza'], ['PERSON', 'Abbas Kamel']]);
  assert.equal('versions' in json, false, 'a single document exports the version shown alone');

  // Both versions survive a reload, with the one shown.
  await saved(page);
  await page.reload();
  await ready(page);
  await page.getByRole('tab', { name: /Documents \(1\)/ }).click();
  assert.deepEqual(await versions(page), [['Ben', 2, true], ['annotator 2', 2, false]]);
  assert.deepEqual((await spans(page)).map((s) => s.text), ['Gaza', 'Abbas Kamel']);
  // The workspace file keeps them.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export workspace' }).click(),
  ]);
  const workspace = JSON.parse(readFileSync(await download.path(), 'utf8'));
  const file = workspace.documents[0].file;
  assert.equal(file.annotator, 'Ben');
  assert.deepEqual(file.versions.map((v) => [v.annotator, v.shown ?? false, (v.annotations ?? []).map((a) => a.text)]),
    [['Ben', true, []], ['annotator 2', false, ['Antony Blinken', 'Rafah']]]);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a file with the article\'s title but another text is refused with the first differing character', async () => {
  const page = await openApp(app.browser, app.url);
  const { json: base } = await exportJson(page);
  const at = cpIndexOf(SAMPLE, 'Cairo');
  const chars = Array.from(SAMPLE);
  chars[at] = 'K';
  const changed = chars.join('');
  const other = { ...base, annotator: 'Cy', document: { ...base.document, text: changed }, annotations: [] };
  await page.setInputFiles('[data-testid="open-file"]', [spanwiseFile('cy.spanwise.json', other)]);
  await page.waitForSelector('[data-testid="error"]');
  assert.equal(await status(page), `Not opened: “${base.document.title}” is not a version of the document “${base.document.title}”: its text differs from the document's at character ${at} (counted in code points from 0). Your work on screen is unchanged.`);
  await page.getByRole('tab', { name: /Documents \(1\)/ }).click();
  assert.deepEqual(await versions(page), [['', 0, true]]);
  assert.equal(await page.textContent(DOC), SAMPLE);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
