// Browser tests for the interchange formats: real files from tests/corpus open in the app
// with the spans the files state, problems are listed with line numbers, and every export
// downloads under a name that says its format and opens again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, ready, ROOT, DOC, spans, tagText, useBrowser } from './harness.mjs';

const CORPUS = join(ROOT, 'tests', 'corpus');
const SAMPLE = readFileSync(join(ROOT, 'samples', 'blinken-cairo-gaza.txt'), 'utf8');
const app = useBrowser();

const status = (page) => page.textContent('[data-testid="status"]');
const openPaths = (page, ...files) => page.setInputFiles('[data-testid="open-file"]', files.map((f) => join(CORPUS, f)));
const waitForStatus = (page, pattern) =>
  page.waitForFunction((p) => new RegExp(p).test(document.querySelector('[data-testid="status"]')?.textContent ?? ''), pattern.source);

test('a brat .txt and .ann chosen together open with the spans the .ann states', async () => {
  const page = await openApp(app.browser, app.url);
  await openPaths(page, 'brat/news/040-text_span_annotation.txt', 'brat/news/040-text_span_annotation.ann');
  await waitForStatus(page, /as brat standoff/);
  const ann = readFileSync(join(CORPUS, 'brat/news/040-text_span_annotation.ann'), 'utf8');
  const expected = ann.trim().split('\n').filter((l) => l.startsWith('T')).map((l) => {
    const [, type, text] = l.split('\t');
    return [type.split(' ')[0], text];
  });
  assert.deepEqual((await spans(page)).map((s) => [s.label, s.text]), expected);
  assert.equal(await page.textContent(DOC), readFileSync(join(CORPUS, 'brat/news/040-text_span_annotation.txt'), 'utf8'));
  // An .ann alone is refused with the reason.
  await openPaths(page, 'brat/news/040-text_span_annotation.ann');
  await page.waitForSelector('[data-testid="error"]');
  assert.match(await page.textContent('[data-testid="error"]'), /needs its \.txt/);
  await page.context().close();
});

test('a multi-document doccano file opens every document into the workspace', async () => {
  const page = await openApp(app.browser, app.url);
  await openPaths(page, 'doccano/export-sequence_labeling.jsonl');
  await waitForStatus(page, /as doccano JSONL \(3 documents, 4 annotations; offsets counted in code points\)/);
  await page.getByRole('tab', { name: /Documents \(4\)/ }).click();
  const lines = readFileSync(join(CORPUS, 'doccano/export-sequence_labeling.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  for (const [i, record] of lines.entries()) {
    await page.click(`[data-document-index="${i + 1}"]`);
    await page.waitForFunction(([doc, text]) => document.querySelector(doc).textContent === text, [DOC, record.text]);
    assert.deepEqual(
      (await spans(page)).map((s) => [s.label, s.text]),
      record.label.map(([start, end, label]) => [label, record.text.slice(start, end)]),
    );
  }
  await page.context().close();
});

test('Label Studio, CoNLL and W3C files open; problems are listed with their lines', async () => {
  const page = await openApp(app.browser, app.url);
  await openPaths(page, 'labelstudio/named_entity-annotation-1.json');
  await waitForStatus(page, /as Label Studio JSON/);
  const ls = JSON.parse(readFileSync(join(CORPUS, 'labelstudio/named_entity-annotation-1.json'), 'utf8'));
  const results = ls.annotations[0].result.filter((r) => r.type === 'labels');
  assert.deepEqual(
    (await spans(page)).map((s) => s.text).sort(),
    results.map((r) => r.value.text).sort(),
  );

  await openPaths(page, 'spacy/ner-token-per-line-conll2003.iob');
  await waitForStatus(page, /as CoNLL\/IOB/);
  const first = await spans(page);
  assert.deepEqual(first.slice(0, 3).map((s) => [s.label, s.text]), [['PERSON', 'Sebastian Thrun'], ['ORG', 'Google'], ['DATE', '2007']]);

  await openPaths(page, 'doccano/invalid.conll');
  await page.waitForSelector('[data-testid="diagnostics"]');
  assert.match(await page.textContent('[data-testid="diagnostics"]'), /line 1.*"SOCCERO"/);
  await page.getByRole('button', { name: 'Close the diagnostics' }).click();

  // Recogito's W3C file carries no text: it is read against the open document. It annotates
  // another page, so none of its quotes is there: it is refused with the reasons, and the open
  // document stays as it was.
  const before = { text: await page.textContent(DOC), spans: await spans(page) };
  await openPaths(page, 'w3c/text-annotator-annotations.w3c.json');
  await page.waitForFunction((p) => new RegExp(p).test(document.querySelector('[data-testid="error"]')?.textContent ?? ''), /^Not opened: text-annotator-annotations\.w3c\.json: none of its 5 annotation\(s\) fits the open document's text, so nothing was opened: annotation 1 \(9b6aa528-660a-4551-8265-66f45c61acab\): the quote "death in battle or by shipwreck" is not in the text;/.source);
  assert.deepEqual({ text: await page.textContent(DOC), spans: await spans(page) }, before);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('several brat pairs chosen at once open as one document each', async () => {
  const page = await openApp(app.browser, app.url);
  const stems = ['esp.train-doc-100', 'esp.train-doc-46', 'esp.train-doc-1400'];
  await openPaths(page, ...stems.flatMap((s) => [`brat/conll2002-esp/${s}.ann`, `brat/conll2002-esp/${s}.txt`]));
  await waitForStatus(page, /as brat standoff \(3 documents, 223 annotations; offsets counted in code points\)/);
  // The first pair chosen is open, with the spans its .ann states (the article may be drawn a
  // task after the status line).
  const first = readFileSync(join(CORPUS, 'brat/conll2002-esp/esp.train-doc-100.txt'), 'utf8');
  await page.waitForFunction(([doc, text]) => document.querySelector(doc).textContent === text, [DOC, first]);
  assert.equal((await spans(page)).length, 75);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('every export format downloads under its own name and opens again', async () => {
  const page = await openApp(app.browser, app.url);
  await tagText(page, SAMPLE, 'Antony Blinken', '1');
  await tagText(page, SAMPLE, 'Sameh Shoukry', '1');
  await tagText(page, SAMPLE, 'Egyptian', '7');
  const expected = [['PERSON', 'Antony Blinken'], ['MISC', 'Egyptian'], ['PERSON', 'Sameh Shoukry']];
  const formats = {
    spanwise: ['Blinken-in-Cairo-sample.spanwise.json'],
    w3c: ['Blinken-in-Cairo-sample.w3c.jsonld'],
    brat: ['Blinken-in-Cairo-sample.txt', 'Blinken-in-Cairo-sample.ann'],
    doccano: ['Blinken-in-Cairo-sample.doccano.jsonl'],
    labelstudio: ['Blinken-in-Cairo-sample.labelstudio.json'],
    conll: ['Blinken-in-Cairo-sample.conll'],
  };
  for (const [format, names] of Object.entries(formats)) {
    const collected = new Promise((resolve) => {
      const downloads = [];
      const on = (d) => {
        downloads.push(d);
        if (downloads.length === names.length) {
          page.off('download', on);
          resolve(downloads);
        }
      };
      page.on('download', on);
    });
    await page.selectOption('[data-testid="export-format"]', format);
    const downloads = await collected;
    assert.deepEqual(downloads.map((d) => d.suggestedFilename()), names, format);
    // The menu is back at its prompt, so the same format can be chosen again.
    assert.equal(await page.inputValue('[data-testid="export-format"]'), '', format);
    const files = await Promise.all(downloads.map(async (d) => ({ name: d.suggestedFilename(), mimeType: 'text/plain', buffer: readFileSync(await d.path()) })));
    // Opened in a fresh page (a new workspace), the spans are back.
    const fresh = await openApp(app.browser, app.url);
    await fresh.setInputFiles('[data-testid="open-file"]', files);
    await fresh.waitForFunction(() => /^Opened/.test(document.querySelector('[data-testid="status"]')?.textContent ?? ''));
    // The article may be drawn a task after the status line.
    await fresh.waitForFunction(([doc, n]) => new Set([...document.querySelectorAll(`${doc} [data-span-id]`)].map((m) => m.dataset.spanId)).size === n, [DOC, expected.length]);
    const got = (await spans(fresh)).map((s) => [s.label, s.text]);
    assert.deepEqual(got, expected, format);
    await fresh.context().close();
  }
  await page.context().close();
});
