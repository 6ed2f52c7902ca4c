// Browser tests of the correction mode (issue 16): "Correct text" makes the article editable;
// typing, Backspace, typing over a selection, an input method's composition and right-to-left
// text all change the model's text, the annotations follow, and the export and a reload keep
// the corrected text with its provenance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, openFile, ROOT, DOC, spans, exportJson, tagText, cpIndexOf, useBrowser, selectText, checkCorrectionKept } from './harness.mjs';

const SAMPLE = readFileSync(join(ROOT, 'samples', 'blinken-cairo-gaza.txt'), 'utf8');
const app = useBrowser();

const CORRECT = '[data-testid="correct-text"]';

async function startCorrecting(page) {
  await page.click(CORRECT);
  await page.waitForSelector(`${DOC}[contenteditable="true"]`);
  assert.equal(await page.getAttribute(CORRECT, 'aria-pressed'), 'true');
}

/** Waits until the article's text is `text`; on a timeout, says what it is instead. */
const textIs = (page, text) => page.waitForFunction(([doc, text]) => document.querySelector(doc).textContent === text, [DOC, text], { timeout: 10_000 })
  .catch(async (e) => {
    const actual = await page.textContent(DOC);
    let i = 0;
    while (i < actual.length && actual[i] === text[i]) i += 1;
    const around = (t) => JSON.stringify(t.slice(Math.max(0, i - 30), i + 30));
    throw new Error(`the article's text differs at ${i}: ${around(actual)}, not ${around(text)} (${e.message.split('\n')[0]})`);
  });

/** Waits until the DOM caret is at code point `at` of the article's text. */
const caretIs = (page, at) => page.waitForFunction(([doc, at]) => {
  const s = getSelection();
  if (!s.focusNode) return false;
  const range = document.createRange();
  range.setStart(document.querySelector(doc), 0);
  range.setEnd(s.focusNode, s.focusOffset);
  return Array.from(range.toString()).length === at;
}, [DOC, at]);

test('a space typed after "blinken" splits the glued word; the span stays, the export and a reload keep the correction', async () => {
  const page = await openApp(app.browser, app.url);
  const at = await tagText(page, SAMPLE, 'anthony blinken', '1');
  const end = at + 'anthony blinken'.length;
  await startCorrecting(page);
  // A real click at the left edge of the "a" of "arrived" puts the browser's caret before it.
  const point = await page.evaluate(([doc, u16]) => {
    const container = document.querySelector(doc);
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    let seen = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (u16 < seen + node.length) {
        const range = document.createRange();
        range.setStart(node, u16 - seen);
        range.setEnd(node, u16 - seen + 1);
        node.parentElement.scrollIntoView({ block: 'center' });
        const r = range.getClientRects()[0];
        return { x: r.left + r.width * 0.2, y: r.top + r.height / 2 };
      }
      seen += node.length;
    }
    throw new Error('past the end');
  }, [DOC, SAMPLE.slice(0, SAMPLE.indexOf('blinkenarrived') + 'blinken'.length).length]);
  await page.mouse.click(point.x, point.y);
  await caretIs(page, end);
  await page.keyboard.type(' ');
  const corrected = SAMPLE.replace('blinkenarrived', 'blinken arrived');
  await textIs(page, corrected);
  // The caret is after the space.
  await caretIs(page, end + 1);
  assert.deepEqual((await spans(page)).map((s) => [s.label, s.text]), [['PERSON', 'anthony blinken']]);
  // A label key types while correcting: "1" goes into the text, no span is made; Backspace
  // takes it back out.
  await page.keyboard.press('1');
  await textIs(page, corrected.replace('blinken arrived', 'blinken 1arrived'));
  assert.equal((await spans(page)).length, 1);
  await page.keyboard.press('Backspace');
  await textIs(page, corrected);
  // Esc leaves the mode: the article is read-only again.
  await page.keyboard.press('Escape');
  await page.waitForSelector(`${DOC}:not([contenteditable])`);
  assert.equal(await page.getAttribute(CORRECT, 'aria-pressed'), 'false');
  const { json } = await exportJson(page);
  assert.equal(json.version, 3);
  assert.equal(json.document.text, corrected);
  assert.equal(json.document.source_text, SAMPLE);
  // The keys typed one after another are one edit: the "1" and its Backspace cancel out.
  assert.deepEqual(json.document.edits, [{ start: end, end, text: ' ' }]);
  assert.deepEqual(json.annotations.map((a) => [a.label, a.start, a.end, a.text]), [['PERSON', at, end, 'anthony blinken']]);
  await checkCorrectionKept(page, corrected, json);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('"Refa" typed over as "Rafah" keeps its label; Ctrl+Z while correcting takes the edit back', async () => {
  const page = await openApp(app.browser, app.url);
  const at = await tagText(page, SAMPLE, 'Refa', '3');
  await page.keyboard.press('F2');
  await page.waitForSelector(`${DOC}[contenteditable="true"]`);
  await selectText(page, at, at + 4);
  await page.keyboard.type('Rafah');
  const corrected = SAMPLE.replace('Refa', 'Rafah');
  await textIs(page, corrected);
  assert.deepEqual((await spans(page)).map((s) => [s.label, s.text]), [['GPE', 'Rafah']]);
  // The keys typed one after another are one step: one undo takes the word back.
  await page.keyboard.press('Control+z');
  await textIs(page, SAMPLE);
  assert.deepEqual((await spans(page)).map((s) => [s.label, s.text]), [['GPE', 'Refa']]);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Backspace deletes an emoji and a flag whole; an input method composition is typed once; a paste inserts plain text', async () => {
  const page = await openApp(app.browser, app.url);
  const text = 'Flag 🇪🇬 and family 👨‍👩‍👧 here.\n';
  await openFile(page, 'emoji.txt', 'text/plain', text);
  await textIs(page, text);
  await startCorrecting(page);
  const family = cpIndexOf(text, '👨‍👩‍👧') + Array.from('👨‍👩‍👧').length;
  await selectText(page, family);
  await page.keyboard.press('Backspace');
  await textIs(page, 'Flag 🇪🇬 and family  here.\n');
  // The caret is put back after the edit is drawn: wait for it before moving it.
  const after = Array.from('Flag 🇪🇬 and family ').length;
  await caretIs(page, after);
  await selectText(page, cpIndexOf(text, ' and'));
  await page.keyboard.press('Backspace');
  await textIs(page, 'Flag  and family  here.\n');
  await caretIs(page, 'Flag '.length);
  // A composition (an input method or a dead key) after "here": the browser writes it as it
  // goes, and the model's text, drawn afresh, has it once.
  await selectText(page, cpIndexOf('Flag  and family  here.\n', '.'));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: '~', selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.imeSetComposition', { text: 'ã', selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.insertText', { text: 'ã' });
  await textIs(page, 'Flag  and family  hereã.\n');
  // A paste inserts its plain text (the browser's request carries it; its line breaks are \n).
  await selectText(page, 0, 4);
  await page.evaluate((doc) => {
    const data = new DataTransfer();
    data.setData('text/plain', 'Pasted\r\nline');
    data.setData('text/html', '<b>not this</b>');
    document.querySelector(doc).dispatchEvent(new InputEvent('beforeinput', {
      inputType: 'insertFromPaste', dataTransfer: data, bubbles: true, cancelable: true,
    }));
  }, DOC);
  await textIs(page, 'Pasted\nline  and family  hereã.\n');
  const { json } = await exportJson(page);
  assert.equal(json.document.text, 'Pasted\nline  and family  hereã.\n');
  assert.equal(json.document.source_text, text);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an Arabic word is corrected in its right-to-left paragraph and its span follows', async () => {
  const page = await openApp(app.browser, app.url);
  const text = 'وصل وزير الخارجيه إلى القاهرة\n';
  await openFile(page, 'arabic.txt', 'text/plain', text);
  await textIs(page, text);
  // Tagged from a selection made by a script (the mouse in right-to-left text is rtl.test.mjs's).
  const at = cpIndexOf(text, 'وزير الخارجيه');
  await selectText(page, at, at + Array.from('وزير الخارجيه').length);
  await page.waitForFunction(() => document.querySelector('[data-testid="selection-hint"]').textContent.includes('وزير'));
  await page.keyboard.press('1');
  await page.waitForSelector(`${DOC} [data-span-id]`);
  await startCorrecting(page);
  // The last letter of the word, typed over: ه becomes ة.
  const last = at + Array.from('وزير الخارجيه').length;
  await selectText(page, last - 1, last);
  await page.keyboard.insertText('ة');
  const corrected = 'وصل وزير الخارجية إلى القاهرة\n';
  await textIs(page, corrected);
  assert.deepEqual((await spans(page)).map((s) => [s.label, s.text]), [['PERSON', 'وزير الخارجية']]);
  // Backspace after the word's first letter (a caret in right-to-left text) takes just that.
  await selectText(page, 1);
  await page.keyboard.press('Backspace');
  await textIs(page, corrected.slice(1));
  const { json } = await exportJson(page);
  assert.deepEqual(json.annotations.map((a) => [a.start, a.end, a.text]), [[at - 1, last - 1, 'وزير الخارجية']]);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a suggested fix inserts the lost space; "Fix all glued words" fixes the rest in one undoable step', async () => {
  const page = await openApp(app.browser, app.url);
  await page.getByRole('tab', { name: /Suggested/ }).click();
  await page.waitForSelector('[data-testid="fix-all"][data-fixes="6"]');
  // Drawn over the glued word, like the other suggestions.
  // (cut where it crosses the name's own suggestion: its pieces joined)
  const drawn = await page.$$eval(`${DOC} [data-suggestion-id="fix-145"]`, (marks) => marks
    .filter((m) => !m.parentElement.closest('[data-suggestion-id="fix-145"]'))
    .map((m) => m.textContent).join(''));
  assert.equal(drawn, 'blinkenarrived');
  await page.click('[data-kind="fix"]:has([data-list-suggestion-id="fix-145"]) button.accept');
  const one = SAMPLE.replace('blinkenarrived', 'blinken arrived');
  await textIs(page, one);
  await page.waitForSelector('[data-testid="fix-all"][data-fixes="5"]');
  await page.click('[data-testid="fix-all"]');
  const all = [['cairois', 'cairo is'], ['ArabWhere', 'Arab Where'], ['ShoukryAccording', 'Shoukry According'], ['QatarA', 'Qatar A'], ['netanyahuhas', 'netanyahu has']]
    .reduce((text, [from, to]) => text.replace(from, to), one);
  await textIs(page, all);
  assert.match(await page.textContent('[data-testid="status"]'), /Fixed 5 glued word/);
  const { json } = await exportJson(page);
  assert.equal(json.document.text, all);
  assert.equal(json.document.source_text, SAMPLE);
  assert.equal(json.document.edits.length, 6);
  assert.ok(json.document.edits.every((e) => e.start === e.end && e.text === ' '));
  // One undo takes the five back, the first fix stays.
  await page.focus(DOC);
  await page.keyboard.press('Control+z');
  await textIs(page, one);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
