// Browser tests for exporting the whole workspace in a format other than Spanwise's own: the
// "Export workspace as" menu streams every document into one file (doccano JSONL, Label Studio
// JSON, CoNLL), and the file opens again as those documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, ROOT, DOC, cpIndexOf, openFile, spans, tagText, useBrowser } from './harness.mjs';

const SAMPLE = readFileSync(join(ROOT, 'samples', 'blinken-cairo-gaza.txt'), 'utf8');
const SECOND = 'Doha confirms the talks.';
const THIRD = 'Nothing is tagged in this one.';
const app = useBrowser();

const status = (page) => page.textContent('[data-testid="status"]');
/** Waits for the status line to start with `start`. */
const statusStarting = (page, start) => page.waitForFunction((s) => document.querySelector('[data-testid="status"]')?.textContent.startsWith(s), start);

/** A workspace of three documents: the sample with one PERSON, a second with one GPE, a third
 * with none. */
async function threeDocuments(page) {
  await tagText(page, SAMPLE, 'Antony Blinken', '1');
  await openFile(page, 'second.txt', 'text/plain', SECOND);
  await page.waitForFunction(([doc, t]) => document.querySelector(doc).textContent === t, [DOC, SECOND]);
  await tagText(page, SECOND, 'Doha', '3');
  await openFile(page, 'third.txt', 'text/plain', THIRD);
  await page.waitForFunction(([doc, t]) => document.querySelector(doc).textContent === t, [DOC, THIRD]);
}

/** Chooses `key` in the "Export workspace as" menu; resolves to the downloaded file. */
async function exportAs(page, key) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.selectOption('[data-testid="export-workspace-format"]', key),
  ]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

test('the workspace exports as doccano JSONL, a line per document, and opens again as those documents', async () => {
  const page = await openApp(app.browser, app.url);
  await threeDocuments(page);
  assert.deepEqual(
    await page.$$eval('[data-testid="export-workspace-format"] option', (os) => os.map((o) => [o.value, o.textContent])),
    [['', 'Export workspace as…'], ['spanwise', 'Spanwise workspace'], ['doccano', 'doccano JSONL'], ['labelstudio', 'Label Studio JSON'], ['conll', 'CoNLL / IOB2']],
  );
  const { name, text } = await exportAs(page, 'doccano');
  assert.equal(name, 'spanwise-workspace.jsonl');
  await statusStarting(page, 'Downloaded');
  assert.equal(await status(page), 'Downloaded spanwise-workspace.jsonl (3 documents)×');
  assert.equal(await page.$('[data-testid="export-progress"]'), null);
  // The menu is back at its title, so the same format can be chosen again.
  assert.equal(await page.inputValue('[data-testid="export-workspace-format"]'), '');
  const lines = text.split('\n');
  assert.equal(lines.pop(), '', 'every line ends with a line break');
  const start = cpIndexOf(SAMPLE, 'Antony Blinken');
  assert.deepEqual(lines.map((l) => JSON.parse(l)).map((r) => [r.text, r.entities.map((e) => [e.label, e.start_offset, e.end_offset]), r.relations]), [
    [SAMPLE, [['PERSON', start, start + 14]], []],
    [SECOND, [['GPE', 0, 4]], []],
    [THIRD, [], []],
  ]);

  // Opened in a fresh page, the file gives the same three documents (the first, the sample's
  // text, takes the sample's place: a document's id is its text's).
  const fresh = await openApp(app.browser, app.url);
  await openFile(fresh, name, 'application/jsonl', text);
  await statusStarting(fresh, 'Opened');
  assert.equal(await status(fresh), 'Opened spanwise-workspace.jsonl as doccano JSONL (3 documents, 2 annotations; offsets counted in code points)×');
  await fresh.waitForSelector('[role="tab"]:text("Documents (3)")');
  await fresh.waitForSelector(`${DOC} [data-span-id]`);
  assert.equal(await fresh.textContent('[data-testid="doc-title"]'), 'spanwise-workspace #1');
  assert.ok((await fresh.textContent(DOC)).startsWith(SAMPLE.slice(0, 60)));
  assert.deepEqual((await spans(fresh)).map((s) => [s.label, s.text]), [['PERSON', 'Antony Blinken']]);
  assert.deepEqual(page.problems, []);
  assert.deepEqual(fresh.problems, []);
  await fresh.context().close();
  await page.context().close();
});

test('the workspace exports as Label Studio JSON, a task per document, and as CoNLL, a -DOCSTART- per document', async () => {
  const page = await openApp(app.browser, app.url);
  await threeDocuments(page);
  const studio = await exportAs(page, 'labelstudio');
  assert.equal(studio.name, 'spanwise-workspace.labelstudio.json');
  const tasks = JSON.parse(studio.text);
  assert.deepEqual(tasks.map((t) => [t.id, t.data.title, t.data.text, t.annotations[0].result.map((r) => [r.value.labels, r.value.text])]), [
    [1, 'Blinken in Cairo (sample)', SAMPLE, [[['PERSON'], 'Antony Blinken']]],
    [2, 'second', SECOND, [[['GPE'], 'Doha']]],
    [3, 'third', THIRD, []],
  ]);
  await statusStarting(page, 'Downloaded spanwise-workspace.labelstudio.json');
  const conll = await exportAs(page, 'conll');
  assert.equal(conll.name, 'spanwise-workspace.conll');
  assert.equal(conll.text.split('\n').filter((l) => l.startsWith('-DOCSTART-')).length, 3);
  assert.ok(conll.text.includes('-DOCSTART-\tO\n\nDoha\tB-GPE\nconfirms\tO\n'), conll.text.slice(0, 200));
  assert.ok(conll.text.includes('Antony\tB-PERSON\nBlinken\tI-PERSON\n'));
  await statusStarting(page, 'Downloaded spanwise-workspace.conll');
  assert.equal(await status(page), 'Downloaded spanwise-workspace.conll (3 documents)×');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
