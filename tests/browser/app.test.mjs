// Browser tests of the built app (dist/) in headless Chromium: what a person does, checked in the
// DOM and in the downloaded files. Run by scripts/test.sh after a release build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, ready, dragSelect, cpIndexOf, ROOT, DOC, spans, exportJson, cpSlice, openFile, tagText, useBrowser } from './harness.mjs';

const SAMPLE = readFileSync(join(ROOT, 'samples', 'blinken-cairo-gaza.txt'), 'utf8');
const app = useBrowser();

const tagByDrag = (page, needle, key, from = 0) => tagText(page, SAMPLE, needle, key, from);

test('the sample article is shown on first start, exactly as its text', async () => {
  const page = await openApp(app.browser, app.url);
  assert.equal(await page.textContent(DOC), SAMPLE);
  assert.equal(await page.textContent('[data-testid="doc-title"]'), 'Blinken in Cairo (sample)');
  for (const label of ['PERSON', 'ORG', 'GPE', 'LOC', 'DATE', 'EVENT', 'MISC']) {
    assert.equal(await page.getByRole('button', { name: label, exact: true }).count(), 1, label);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a name glued to the next word is tagged by a mouse selection and exported in code points', async () => {
  const page = await openApp(app.browser, app.url);
  const start = await tagByDrag(page, 'anthony blinken', '1');
  assert.deepEqual(await spans(page), [{ id: 'a1', label: 'PERSON', text: 'anthony blinken' }]);
  // The label button works too, and keeps the selection made with the mouse.
  const cairo = cpIndexOf(SAMPLE, 'cairois');
  await dragSelect(page, cairo, cairo + 5);
  await page.getByRole('button', { name: 'GPE', exact: true }).click();
  await page.waitForSelector(`${DOC} [data-span-id="a2"]`);
  assert.deepEqual((await spans(page)).map((s) => [s.label, s.text]), [['PERSON', 'anthony blinken'], ['GPE', 'cairo']]);
  // Screen readers hear what was tagged.
  assert.equal(await page.textContent('[data-testid="announcer"]'), 'GPE: cairo');
  assert.equal(await page.getAttribute('[data-testid="announcer"]', 'aria-live'), 'polite');
  // The article text is untouched by the highlights.
  assert.equal(await page.textContent(DOC), SAMPLE);

  const { name, json } = await exportJson(page);
  assert.equal(name, 'Blinken-in-Cairo-sample.spanwise.json');
  assert.equal(json.format, 'spanwise');
  assert.equal(json.version, 2);
  assert.equal(json.document.text, SAMPLE);
  assert.deepEqual(json.annotations.map((a) => [a.id, a.kind, a.label, a.start, a.end, a.text]), [
    ['a1', 'entity', 'PERSON', start, start + 15, 'anthony blinken'],
    ['a2', 'entity', 'GPE', cairo, cairo + 5, 'cairo'],
  ]);
  for (const a of json.annotations) assert.equal(cpSlice(json.document.text, a.start, a.end), a.text);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('nested spans are all drawn and distinguishable', async () => {
  const page = await openApp(app.browser, app.url);
  await tagByDrag(page, 'Antony Blinken', '1');
  await tagByDrag(page, 'Secretary of State Antony Blinken', '7');
  assert.deepEqual((await spans(page)).map((s) => [s.id, s.label, s.text]), [
    ['a2', 'MISC', 'Secretary of State Antony Blinken'],
    ['a1', 'PERSON', 'Antony Blinken'],
  ]);
  const inner = await page.evaluate((doc) => {
    const m = document.querySelector(`${doc} [data-span-id="a1"]`);
    const outer = m.parentElement.closest('[data-span-id]');
    const style = (e) => getComputedStyle(e);
    return {
      parent: outer?.dataset.spanId,
      innerBorder: style(m).borderBottomColor,
      outerBorder: style(outer).borderBottomColor,
      innerPad: style(m).paddingBottom,
      outerPad: style(outer).paddingBottom,
    };
  }, DOC);
  assert.equal(inner.parent, 'a2');
  assert.notEqual(inner.innerBorder, inner.outerBorder);
  assert.notEqual(inner.innerPad, inner.outerPad);
  assert.equal(await page.textContent(DOC), SAMPLE);
  await page.context().close();
});

test('selecting text or showing a message never moves the article', async () => {
  const page = await openApp(app.browser, app.url);
  const top = () => page.evaluate((doc) => document.querySelector(doc).getBoundingClientRect().top, DOC);
  const before = await top();
  // A long selection makes a long hint; it must not wrap and push the article down mid-drag.
  await dragSelect(page, 0, cpIndexOf(SAMPLE, 'Sameh Shoukry') + 13);
  await page.waitForFunction(() => document.querySelector('[data-testid="selection-hint"]').textContent.startsWith('Selected 0–78'));
  assert.equal(await top(), before);
  await page.keyboard.press('Escape');
  await exportJson(page);
  await page.waitForSelector('[data-testid="status"] >> text=Downloaded');
  assert.equal(await top(), before);
  await page.context().close();
});

test('undo and redo with the keyboard', async () => {
  const page = await openApp(app.browser, app.url);
  await tagByDrag(page, 'Sameh Shoukry', '1');
  await tagByDrag(page, 'Abbas Kamel', '1');
  await page.keyboard.press('Control+z');
  await page.waitForFunction((doc) => !document.querySelector(`${doc} [data-span-id="a2"]`), DOC);
  assert.deepEqual((await spans(page)).map((s) => s.text), ['Sameh Shoukry']);
  await page.keyboard.press('Control+z');
  await page.waitForFunction((doc) => !document.querySelector(`${doc} [data-span-id]`), DOC);
  await page.keyboard.press('Control+Shift+z');
  await page.keyboard.press('Control+Shift+Z');
  await page.waitForSelector(`${DOC} [data-span-id="a2"]`);
  assert.deepEqual((await spans(page)).map((s) => s.text), ['Sameh Shoukry', 'Abbas Kamel']);
  assert.equal(await page.getByRole('button', { name: 'Redo' }).isDisabled(), true);
  await page.context().close();
});

test('click selects a span; its label changes; Delete removes it; the list scrolls to a span', async () => {
  const page = await openApp(app.browser, app.url);
  await tagByDrag(page, 'Abdel Fattah el-Sisi', '2');
  await page.keyboard.press('Escape');
  await page.click(`${DOC} [data-span-id="a1"]`);
  await page.waitForSelector(`${DOC} [data-span-id="a1"].selected`);
  await page.selectOption('[data-testid="selected-label"]', 'PERSON');
  await page.waitForSelector(`${DOC} [data-span-id="a1"][data-label="PERSON"]`);
  await page.keyboard.press('3');
  await page.waitForSelector(`${DOC} [data-span-id="a1"][data-label="GPE"]`);
  await page.keyboard.press('Delete');
  await page.waitForFunction((doc) => !document.querySelector(`${doc} [data-span-id]`), DOC);

  // A span far down the article, reached from the side panel.
  const last = SAMPLE.lastIndexOf('Blinken');
  await tagByDrag(page, 'Blinken', '1', Array.from(SAMPLE.slice(0, last)).length);
  await page.evaluate((doc) => { document.querySelector(doc).scrollTop = 0; }, DOC);
  const id = (await spans(page))[0].id;
  await page.click(`[data-list-span-id="${id}"]`);
  await page.waitForFunction(([doc, id]) => {
    const r = document.querySelector(`${doc} [data-span-id="${id}"]`).getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  }, [DOC, id]);
  await page.context().close();
});

test('Shift+arrows extend a selection that is then tagged with a number key', async () => {
  const page = await openApp(app.browser, app.url);
  const start = cpIndexOf(SAMPLE, 'Matthew Miller');
  // Put the caret before "Matthew" with a click, then extend by 14 characters.
  await dragSelect(page, start, start + 1);
  await page.evaluate(([doc, start]) => {
    const sel = getSelection();
    sel.collapseToStart();
  }, [DOC, start]);
  for (let i = 0; i < 14; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.waitForFunction(() => document.querySelector('[data-testid="selection-hint"]').textContent.includes('“Matthew Miller”'));
  await page.keyboard.press('1');
  await page.waitForSelector(`${DOC} [data-span-id="a1"]`);
  assert.deepEqual(await spans(page), [{ id: 'a1', label: 'PERSON', text: 'Matthew Miller' }]);
  await page.context().close();
});

test('a selection whose ends lie between paragraphs (as a triple click makes) tags exactly their text', async () => {
  const page = await openApp(app.browser, app.url);
  // Each case: the selection's ends as element boundaries, set in the page; the expected span is
  // the text between them without surrounding whitespace.
  const select = (which) => page.evaluate(([doc, which]) => {
    const container = document.querySelector(doc);
    const index = (node) => [...node.parentNode.childNodes].indexOf(node);
    const range = document.createRange();
    if (which === 'paragraph') {
      const p = container.querySelector('[data-para="2"]');
      range.setStart(p.parentNode, index(p));
      range.setEnd(p.parentNode, index(p) + 1);
    } else {
      // From the end of the first chunk of paragraphs to the end of the article.
      const chunk = container.firstElementChild;
      range.setStart(chunk, chunk.childNodes.length);
      range.setEnd(container, container.childNodes.length);
    }
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    return range.toString().trim();
  }, [DOC, which]);
  assert.ok(await page.locator(`${DOC} > *`).count() >= 2, 'the sample article spans several chunks');
  const paragraph = await select('paragraph');
  assert.ok(paragraph.startsWith('According to the network'), paragraph);
  await page.waitForFunction(() => document.querySelector('[data-testid="selection-hint"]').textContent.includes('According to the network'));
  await page.keyboard.press('7');
  await page.waitForSelector(`${DOC} [data-span-id="a1"]`);
  const rest = await select('rest');
  assert.ok(rest.length > 100 && SAMPLE.trimEnd().endsWith(rest), rest);
  await page.waitForFunction((r) => document.querySelector('[data-testid="selection-hint"]').textContent.includes(r.slice(0, 20)), rest);
  await page.keyboard.press('6');
  await page.waitForSelector(`${DOC} [data-span-id="a2"]`);
  const { json } = await exportJson(page);
  const found = json.annotations.map((a) => [a.label, a.text, a.start, a.end]);
  const at = (text) => cpIndexOf(SAMPLE, text);
  assert.deepEqual(found, [
    ['MISC', paragraph, at(paragraph), at(paragraph) + Array.from(paragraph).length],
    ['EVENT', rest, at(rest), at(rest) + Array.from(rest).length],
  ]);
  await page.context().close();
});

test('an exported file opens again with every annotation; a new pasted document starts empty', async () => {
  const page = await openApp(app.browser, app.url);
  await tagByDrag(page, 'Joe Biden', '1');
  await tagByDrag(page, 'Rafah', '3');
  const { json } = await exportJson(page);

  await page.getByRole('button', { name: 'New' }).click();
  await page.fill('input[name="title"]', 'Pasted 😀 note');
  await page.fill('[data-testid="new-text"]', 'Doha 🇶🇦 confirms talks.\nSecond line.');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForFunction((doc) => document.querySelector(doc).textContent.startsWith('Doha'), DOC);
  assert.equal(await page.textContent(DOC), 'Doha 🇶🇦 confirms talks.\nSecond line.');
  assert.deepEqual(await spans(page), []);
  await tagByDragIn(page, 'Doha 🇶🇦 confirms talks.\nSecond line.', 'confirms', '7');
  const second = await exportJson(page);
  assert.equal(second.name, 'Pasted-note.spanwise.json');
  assert.deepEqual(second.json.annotations.map((a) => [a.start, a.end, a.text]), [[8, 16, 'confirms']]);

  await openFile(page, 'mine.spanwise.json', 'application/json', JSON.stringify(json));
  await page.waitForFunction((doc) => document.querySelector(doc).textContent.startsWith('Secretary'), DOC);
  assert.equal(await page.textContent(DOC), SAMPLE);
  assert.deepEqual((await spans(page)).map((s) => [s.label, s.text]), [['GPE', 'Rafah'], ['PERSON', 'Joe Biden']]);
  assert.match(await page.textContent('[data-testid="status"]'), /Opened mine\.spanwise\.json as Spanwise JSON \(2 annotations\)/);
  const again = await exportJson(page);
  assert.deepEqual(again.json, json);
  // Both documents are in the workspace; each keeps its own undo history.
  await page.getByRole('tab', { name: /Documents \(2\)/ }).click();
  await page.click('[data-document-index="1"]');
  await page.waitForFunction((doc) => document.querySelector(doc).textContent.startsWith('Doha'), DOC);
  assert.deepEqual((await spans(page)).map((s) => s.text), ['confirms']);
  await page.keyboard.press('Control+z');
  await page.waitForFunction((doc) => !document.querySelector(`${doc} [data-span-id]`), DOC);
  await page.click('[data-document-index="0"]');
  await page.waitForFunction((doc) => document.querySelector(doc).textContent.startsWith('Secretary'), DOC);
  assert.equal((await spans(page)).length, 2);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

const tagByDragIn = (page, text, needle, key) => tagText(page, text, needle, key);

test('a bad file is refused with a reason and the work on screen is untouched', async () => {
  const page = await openApp(app.browser, app.url);
  await tagByDrag(page, 'Blinken', '1');
  const before = await page.innerHTML(DOC);
  const good = (await exportJson(page)).json;
  const wrongText = structuredClone(good);
  wrongText.annotations[0].text = 'Biden';
  const pastEnd = structuredClone(good);
  pastEnd.annotations[0].end = 999999;
  const cases = [
    ['broken.json', '{"format": "spanwise", "version": 1,', /not JSON: EOF while parsing/],
    ['other.json', '{"format": "label-studio"}', /not a Spanwise file/],
    ['future.json', JSON.stringify({ ...good, version: 9 }), /version 9 is newer than this app reads/],
    ['wrong.json', JSON.stringify(wrongText), /the text at \d+\.\.\d+ is "Blinken", but the file says "Biden"/],
    ['past.json', JSON.stringify(pastEnd), /end 999999 is past the end of the text \(3516 code points\)/],
    ['empty.txt', '', /the file is empty/],
  ];
  for (const [name, content, reason] of cases) {
    await openFile(page, name, 'application/json', content);
    await page.waitForFunction((n) => document.querySelector('[data-testid="error"]')?.textContent.includes(n), name);
    const message = await page.textContent('[data-testid="error"]');
    assert.match(message, reason, name);
    assert.match(message, /Your work on screen is unchanged/);
    assert.equal(await page.innerHTML(DOC), before, name);
  }
  assert.equal((await exportJson(page)).json.annotations.length, 1);
  await page.context().close();
});

test('markup in an article is shown as text and runs nothing', async () => {
  const page = await openApp(app.browser, app.url);
  const payload = 'Headline <img src=x onerror="window.__xss=1"> and <script>window.__xss=2</script>' +
    ' <b onmouseover=window.__xss=3>bold</b> &amp; <style>body{display:none}</style>';
  await openFile(page, 'payload.txt', 'text/plain', payload);
  await page.waitForFunction((doc) => document.querySelector(doc).textContent.startsWith('Headline'), DOC);
  assert.equal(await page.textContent(DOC), payload);
  assert.equal(await page.evaluate((doc) => document.querySelector(doc).querySelectorAll('img,script,b,style').length, DOC), 0);
  await tagByDragIn(page, payload, '<img src=x onerror="window.__xss=1">', '7');
  await page.hover(`${DOC} [data-span-id="a1"]`);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.isVisible(DOC), true);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a file dropped on the page opens', async () => {
  const page = await openApp(app.browser, app.url);
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add(new File(['Dropped article about Gaza.'], 'dropped.txt', { type: 'text/plain' }));
    const target = document.querySelector('[data-testid="document"]');
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction((doc) => document.querySelector(doc).textContent === 'Dropped article about Gaza.', DOC);
  assert.equal(await page.textContent('[data-testid="doc-title"]'), 'dropped');
  await page.context().close();
});

test('a claim gets its speaker, cue and verdict; mentions group into one entity; all of it exports', async () => {
  const page = await openApp(app.browser, app.url);
  // "Blinken" mentions: one in the first line and one later, tagged PERSON.
  const first = await tagByDrag(page, 'Antony Blinken', '1');
  const second = await tagByDrag(page, 'Blinken', '1', cpIndexOf(SAMPLE, 'Blinken will also'));
  const claimText = '“The differences are narrowing”';
  const claimStart = cpIndexOf(SAMPLE, claimText);
  await dragSelect(page, claimStart, claimStart + Array.from(claimText).length);
  await page.waitForFunction(() => document.querySelector('[data-testid="selection-hint"]').textContent.includes('differences'));
  await page.keyboard.press('c');
  await page.waitForSelector(`${DOC} [data-span-id="a3"][data-kind="claim"]`);
  await page.waitForSelector('[data-testid="claim-panel"]');
  assert.equal(await page.inputValue('[data-testid="claim-quote-type"]'), 'direct');
  assert.equal(await page.inputValue('[data-testid="claim-verdict"]'), 'unverified');

  // Speaker by clicking the name in the text; the two are then drawn as linked.
  await page.getByRole('button', { name: 'Pick in text' }).click();
  await page.click(`${DOC} [data-span-id="a1"]`);
  await page.waitForFunction(() => document.querySelector('[data-testid="claim-speaker"]').value === 'mention:a1');
  await page.waitForSelector(`${DOC} [data-span-id="a1"].linked`);
  // Alt+click on the later mention makes it the speaker in one action; choosing the same one
  // from the list changes nothing.
  await page.click(`${DOC} [data-span-id="a2"]`, { modifiers: ['Alt'] });
  await page.waitForFunction(() => document.querySelector('[data-testid="claim-speaker"]').value === 'mention:a2');
  await page.selectOption('[data-testid="claim-speaker"]', 'mention:a2');
  // The verdict with the keyboard.
  await page.focus('[data-testid="claim-verdict"]');
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.querySelector('[data-testid="claim-verdict"]').value === 'mostly-true');
  // The cue: select "said" before the quote, then set it.
  const said = cpIndexOf(SAMPLE, 'said', cpIndexOf(SAMPLE, 'In fact'));
  await dragSelect(page, said, said + 4);
  await page.waitForFunction(() => document.querySelector('[data-testid="selection-hint"]').textContent.includes('“said”'));
  await page.getByRole('button', { name: 'Set cue from selection' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="claim-cue"]').textContent === 'said');
  await page.fill('[data-testid="claim-note"]', 'Compare with the Qatari statement.');
  await page.locator('[data-testid="claim-note"]').blur();

  // Claims tab, filtered by verdict.
  await page.getByRole('tab', { name: /Claims/ }).click();
  await page.selectOption('[data-testid="filter-verdict"]', 'false');
  await page.waitForFunction(() => document.querySelector('[data-testid="claim-list"] .list-count').textContent === '0 of 1 claims');
  await page.selectOption('[data-testid="filter-verdict"]', 'mostly-true');
  await page.waitForFunction(() => document.querySelector('[data-testid="claim-list"] .list-count').textContent === '1 of 1 claims');
  assert.match(await page.textContent('[data-testid="claim-list"] li'), /Mostly true.*The differences are narrowing.*— Blinken/);

  // Group the two Blinken mentions: the suggestion (same surname) in one click.
  await page.click(`${DOC} [data-span-id="a1"]`);
  await page.click('[data-testid="group-same-name"]');
  await page.waitForSelector('[data-testid="entity-box"]');
  await page.fill('[data-testid="entity-wikidata"]', 'Blinken');
  await page.locator('[data-testid="entity-wikidata"]').press('Tab');
  await page.waitForSelector('[data-testid="error"]');
  assert.match(await page.textContent('[data-testid="error"]'), /not a Wikidata id/);
  await page.fill('[data-testid="entity-wikidata"]', 'Q7821917');
  await page.locator('[data-testid="entity-wikidata"]').press('Tab');
  await page.getByRole('tab', { name: /Entities/ }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="entity-list"] .wikidata')?.textContent === 'Q7821917');
  assert.equal(await page.textContent('[data-testid="mention-count"]'), '2 mentions');

  const { json } = await exportJson(page);
  const byId = Object.fromEntries(json.annotations.map((a) => [a.id, a]));
  assert.deepEqual([byId.a1.label, byId.a1.text, byId.a1.start], ['PERSON', 'Antony Blinken', first]);
  assert.deepEqual([byId.a2.text, byId.a2.start], ['Blinken', second]);
  assert.deepEqual(byId.a3, {
    id: 'a3', kind: 'claim', label: 'CLAIM', start: claimStart, end: claimStart + 31, text: claimText,
    attributes: { speaker: 'mention', quote_type: 'direct', check_worthiness: 'check-worthy', verdict: 'mostly-true', note: 'Compare with the Qatari statement.' },
  });
  assert.deepEqual([byId.a4.kind, byId.a4.label, byId.a4.text, byId.a4.start], ['cue', 'CUE', 'said', said]);
  assert.deepEqual(json.relations, [
    { id: 'r2', type: 'speaker', from: 'a3', to: 'a2' },
    { id: 'r3', type: 'cue', from: 'a3', to: 'a4' },
  ]);
  assert.deepEqual(json.entities, [{ id: 'e1', name: 'Antony Blinken', wikidata: 'Q7821917', mentions: ['a1', 'a2'] }]);
  for (const a of json.annotations) assert.equal(cpSlice(json.document.text, a.start, a.end), a.text);

  // Deleting the speaker takes its relation and its place in the entity; undo brings both back.
  await page.click(`${DOC} [data-span-id="a2"]`);
  await page.keyboard.press('Delete');
  await page.waitForFunction((doc) => !document.querySelector(`${doc} [data-span-id="a2"]`), DOC);
  const afterDelete = (await exportJson(page)).json;
  assert.deepEqual(afterDelete.relations, [{ id: 'r3', type: 'cue', from: 'a3', to: 'a4' }]);
  assert.deepEqual(afterDelete.entities[0].mentions, ['a1']);
  assert.equal(afterDelete.annotations.find((a) => a.id === 'a3').attributes.speaker, 'unattributed');
  await page.keyboard.press('Control+z');
  await page.waitForSelector(`${DOC} [data-span-id="a2"]`);
  assert.deepEqual((await exportJson(page)).json, json);

  // The file opens again unchanged.
  await openFile(page, 'claims.spanwise.json', 'application/json', JSON.stringify(json));
  await page.waitForSelector('[data-testid="status"] >> text=Opened claims.spanwise.json');
  assert.deepEqual((await exportJson(page)).json, json);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an armed label tags every selection on mouse release', async () => {
  const page = await openApp(app.browser, app.url);
  await page.getByRole('button', { name: 'GPE', exact: true }).click();
  assert.equal(await page.getAttribute('button[data-label="GPE"]', 'aria-pressed'), 'true');
  for (const place of ['Cairo', 'Doha', 'Rafah']) {
    const start = cpIndexOf(SAMPLE, place);
    const before = (await spans(page)).length;
    await dragSelect(page, start, start + place.length);
    await page.waitForFunction(([doc, n]) => new Set([...document.querySelectorAll(`${doc} [data-span-id]`)].map((m) => m.dataset.spanId)).size === n, [DOC, before + 1]);
  }
  assert.deepEqual((await spans(page)).map((s) => [s.label, s.text]).sort(), [['GPE', 'Cairo'], ['GPE', 'Doha'], ['GPE', 'Rafah']]);
  await page.keyboard.press('Escape');
  assert.equal(await page.getAttribute('button[data-label="GPE"]', 'aria-pressed'), 'false');
  const start = cpIndexOf(SAMPLE, 'Qatar');
  await dragSelect(page, start, start + 5);
  await page.waitForFunction(() => document.querySelector('[data-testid="selection-hint"]').textContent.includes('“Qatar”'));
  assert.equal((await spans(page)).length, 3, 'disarmed: a selection waits for a label');
  await page.context().close();
});

test('suggestions appear, Enter accepts one into the export, a rejected one stays rejected after reload', async () => {
  const page = await openApp(app.browser, app.url);
  await page.waitForSelector(`${DOC} [data-suggestion-id]`);
  // Suggested spans carry their own hook and a label, never data-span-id.
  const hooks = await page.evaluate((doc) => [...document.querySelectorAll(`${doc} [data-suggestion-id]`)].map((m) => [m.dataset.suggestionId, m.dataset.label, m.hasAttribute('data-span-id')]), DOC);
  assert.ok(hooks.length > 20, `${hooks.length} suggestions`);
  // Fixes of the text (a space where a known name is glued to the next word) are suggestions too.
  assert.ok(hooks.every(([id, label, span]) => (id.startsWith('s-') || (id.startsWith('fix-') && label === 'FIX')) && label && !span));
  const texts = await page.evaluate((doc) => Object.fromEntries([...document.querySelectorAll(`${doc} [data-suggestion-id]`)].map((m) => [m.textContent, m.dataset.label])), DOC);
  assert.equal(texts['Antony Blinken'], 'PERSON');
  assert.equal(texts['Egyptian'], 'MISC');
  assert.equal(await page.textContent(DOC), SAMPLE, 'suggestions do not change the text');

  // Click one, accept it with Enter: it becomes an annotation and is exported.
  await page.click(`${DOC} [data-suggestion-id][data-label="PERSON"]:text-is("Antony Blinken")`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`${DOC} [data-span-id][data-label="PERSON"]`);
  assert.deepEqual((await spans(page)).map((s) => [s.label, s.text]), [['PERSON', 'Antony Blinken']]);
  // Reject another with Backspace.
  const rejected = await page.getAttribute(`${DOC} [data-suggestion-id][data-label="MISC"]`, 'data-suggestion-id');
  await page.click(`${DOC} [data-suggestion-id="${rejected}"]`);
  await page.keyboard.press('Backspace');
  await page.waitForFunction(([doc, id]) => !document.querySelector(`${doc} [data-suggestion-id="${id}"]`), [DOC, rejected]);
  const { json } = await exportJson(page);
  assert.deepEqual(json.annotations.map((a) => a.text), ['Antony Blinken']);
  await page.waitForFunction(() => document.querySelector('[data-testid="save-state"]')?.textContent === 'Saved');
  await page.reload();
  await ready(page);
  await page.waitForSelector(`${DOC} [data-suggestion-id]`);
  assert.equal(await page.$(`${DOC} [data-suggestion-id="${rejected}"]`), null, 'still rejected after reload');
  // N moves to the next suggestion, Shift+N back.
  await page.keyboard.press('n');
  await page.waitForSelector(`${DOC} [data-suggestion-id].current`);
  const first = await page.getAttribute(`${DOC} [data-suggestion-id].current`, 'data-suggestion-id');
  await page.keyboard.press('n');
  await page.waitForFunction(([doc, id]) => document.querySelector(`${doc} [data-suggestion-id].current`)?.dataset.suggestionId !== id, [DOC, first]);
  await page.keyboard.press('Shift+N');
  await page.waitForFunction(([doc, id]) => document.querySelector(`${doc} [data-suggestion-id].current`)?.dataset.suggestionId === id, [DOC, first]);
  await page.keyboard.press('Escape');

  // "Accept all suggestions" is one undoable step; it takes names and claims, and leaves the fixes
  // of the text to "Fix all glued words".
  const before = (await spans(page)).length;
  await page.getByRole('tab', { name: /Suggested/ }).click();
  const visible = await page.evaluate((doc) => new Set([...document.querySelectorAll(`${doc} [data-suggestion-id^="s-"]`)].map((m) => m.dataset.suggestionId)).size, DOC);
  await page.getByRole('button', { name: 'Accept all suggestions' }).click();
  await page.waitForFunction((doc) => !document.querySelector(`${doc} [data-suggestion-id^="s-"]`), DOC);
  const after = (await spans(page)).length;
  assert.ok(after - before >= visible, `${after - before} accepted of ${visible}`);
  await page.keyboard.press('Control+z');
  await page.waitForFunction(([doc, n]) => new Set([...document.querySelectorAll(`${doc} [data-span-id]`)].map((m) => m.dataset.spanId)).size === n, [DOC, before]);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('search highlights matches and tags them all in one undoable step', async () => {
  const page = await openApp(app.browser, app.url);
  const nGaza = SAMPLE.match(/gaza/gi).length;
  await page.fill('[data-testid="search"]', 'gaza');
  await page.waitForFunction((n) => document.querySelector('[data-testid="search-count"]').textContent === `${n} match(es)`, nGaza);
  assert.equal(await page.evaluate((doc) => document.querySelectorAll(`${doc} [data-match]`).length >= 6, DOC), true);
  await page.check('[data-testid="search-case"]');
  await page.waitForFunction((n) => document.querySelector('[data-testid="search-count"]').textContent === `${n} match(es)`, (SAMPLE.match(/gaza/g) ?? []).length);
  await page.uncheck('[data-testid="search-case"]');
  await page.check('[data-testid="search-regex"]');
  await page.fill('[data-testid="search"]', 'Blinken(?=\\W)|Kamel');
  await page.waitForFunction(() => /match|valid/.test(document.querySelector('[data-testid="search-count"]').textContent));
  await page.fill('[data-testid="search"]', '(Hamas|Qatar)');
  await page.waitForFunction(() => /^[1-9]\d* match/.test(document.querySelector('[data-testid="search-count"]').textContent));
  const n = Number((await page.textContent('[data-testid="search-count"]')).split(' ')[0]);
  await page.selectOption('[data-testid="search-label"]', 'ORG');
  await page.getByRole('button', { name: 'Tag all matches' }).click();
  await page.waitForFunction(([doc, n]) => new Set([...document.querySelectorAll(`${doc} [data-span-id]`)].map((m) => m.dataset.spanId)).size === n, [DOC, n]);
  assert.ok((await spans(page)).every((s) => s.label === 'ORG' && /^(Hamas|Qatar)$/i.test(s.text)));
  await page.keyboard.press('Control+z');
  await page.waitForFunction((doc) => !document.querySelector(`${doc} [data-span-id]`), DOC);
  await page.fill('[data-testid="search"]', '(unclosed');
  await page.waitForFunction(() => /valid regular expression/.test(document.querySelector('[data-testid="search-count"]').textContent));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('what is being typed in a field survives a redraw for another reason', async () => {
  const page = await openApp(app.browser, app.url);
  await tagByDrag(page, 'Antony Blinken', '1');
  await tagByDrag(page, 'Blinken', '1', cpIndexOf(SAMPLE, 'According to the network'));
  await page.click(`${DOC} [data-span-id="a1"]`);
  await page.click('[data-testid="group-same-name"]');
  await page.waitForSelector('[data-testid="entity-wikidata"]');
  // Typed, not yet committed; meanwhile hovering a span redraws the whole app.
  await page.fill('[data-testid="entity-wikidata"]', 'Q7821917');
  const redraws = await page.evaluate((doc) => new Promise((resolve) => {
    let n = 0;
    const observer = new MutationObserver(() => { n += 1; });
    observer.observe(document.querySelector('.app'), { subtree: true, attributes: true, childList: true });
    document.querySelector(`${doc} [data-span-id="a2"]`).dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    requestAnimationFrame(() => requestAnimationFrame(() => { observer.disconnect(); resolve(n); }));
  }), DOC);
  assert.ok(redraws > 0, 'the hover redrew something');
  assert.equal(await page.inputValue('[data-testid="entity-wikidata"]'), 'Q7821917');
  await page.locator('[data-testid="entity-wikidata"]').press('Tab');
  const { json } = await exportJson(page);
  assert.deepEqual(json.entities.map((e) => e.wikidata), ['Q7821917']);
  await page.context().close();
});
