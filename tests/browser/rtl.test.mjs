// Right-to-left and mixed text in the built app: each paragraph takes the direction of its first
// strong character (dir="auto"), a mouse or keyboard selection tags exactly the characters
// selected, and every offset is a code point in logical order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, ready, cpIndexOf, DOC, exportJson, openFile, useBrowser } from './harness.mjs';

// The sample article's news, in Arabic (its opening and the Egypt meeting), with a diacritic
// (shadda in المتحدّث) that is a code point of its own; a mixed Arabic/English paragraph with
// digits; and a Hebrew sentence.
const ARABIC = 'وصل وزير الخارجية الأمريكي أنتوني بلينكن إلى القاهرة يوم الخميس، في المحطة الثانية من جولته في الشرق الأوسط، لبحث جهود التوصل إلى وقف لإطلاق النار في قطاع غزة. والتقى بلينكن الرئيس المصري عبد الفتاح السيسي ووزير الخارجية سامح شكري، وقال المتحدّث باسم الخارجية إن المحادثات تناولت إطلاق سراح الرهائن.';
const MIXED = 'وقال Matthew Miller، المتحدث باسم State Department، إن بلينكن سيزور Tel Aviv يوم 9 يناير 2024.';
const HEBREW = 'מזכיר המדינה האמריקאי אנתוני בלינקן הגיע לקהיר ביום חמישי.';
const TEXT = `${ARABIC}\n\n${MIXED}\n\n${HEBREW}\n`;
const cpLength = (s) => Array.from(s).length;

const app = useBrowser();

async function openArticle() {
  const page = await openApp(app.browser, app.url);
  await openFile(page, 'akhbar.txt', 'text/plain', TEXT);
  await page.waitForFunction(([doc, text]) => document.querySelector(doc)?.textContent === text, [DOC, TEXT]);
  await ready(page);
  return page;
}

/** Drags the mouse over `needle` (a run in one direction): from its first character's leading
 * edge to its last character's trailing edge — the right edges in right-to-left text. */
async function drag(page, needle, rtl) {
  const start = cpIndexOf(TEXT, needle);
  const points = await page.evaluate(([doc, start, end, rtl]) => {
    const container = document.querySelector(doc);
    const cps = Array.from(container.textContent);
    const u16 = (cp) => cps.slice(0, cp).join('').length;
    const rectOf = (offset) => {
      const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (offset < seen + node.length) {
          const range = document.createRange();
          range.setStart(node, offset - seen);
          range.setEnd(node, offset - seen + 1);
          return range.getClientRects()[0];
        }
        seen += node.length;
      }
      throw new Error(`offset ${offset} past the end`);
    };
    const a = rectOf(u16(start));
    const b = rectOf(u16(end) - 1);
    return rtl
      ? { x1: a.right - 0.5, y1: a.top + a.height / 2, x2: b.left + 0.5, y2: b.top + b.height / 2 }
      : { x1: a.left + 0.5, y1: a.top + a.height / 2, x2: b.right - 0.5, y2: b.top + b.height / 2 };
  }, [DOC, start, start + cpLength(needle), rtl]);
  await page.mouse.move(points.x1, points.y1);
  await page.mouse.down();
  await page.mouse.move((points.x1 + points.x2) / 2, (points.y1 + points.y2) / 2, { steps: 4 });
  await page.mouse.move(points.x2, points.y2, { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction((n) => document.querySelector('[data-testid="selection-hint"]').textContent.includes(n), needle);
}

test('Arabic, mixed and Hebrew paragraphs take their own direction', async () => {
  const page = await openArticle();
  const directions = await page.$$eval(`${DOC} [data-para]`, (ps) => ps.map((p) => [p.getAttribute('dir'), getComputedStyle(p).direction]));
  assert.deepEqual(directions, [['auto', 'rtl'], ['auto', 'rtl'], ['auto', 'rtl']]);
  await page.context().close();
});

test('a mouse selection in Arabic and in an English run inside Arabic tags exactly those characters, in code points', async () => {
  const page = await openArticle();
  // Right to left: a name, and a word with a shadda (one more code point than letters).
  for (const [needle, key] of [['أنتوني بلينكن', '1'], ['المتحدّث', '7']]) {
    await drag(page, needle, true);
    await page.keyboard.press(key);
    await page.waitForFunction(([doc, n]) => [...document.querySelectorAll(`${doc} [data-span-id]`)].some((m) => m.textContent === n), [DOC, needle]);
  }
  // Left to right inside a right-to-left paragraph.
  await drag(page, 'Matthew Miller', false);
  await page.keyboard.press('1');
  await drag(page, 'State Department', false);
  await page.keyboard.press('2');
  // Hebrew.
  await drag(page, 'אנתוני בלינקן', true);
  await page.keyboard.press('1');
  await page.waitForFunction((doc) => new Set([...document.querySelectorAll(`${doc} [data-span-id]`)].map((m) => m.dataset.spanId)).size === 5, DOC);
  const { json } = await exportJson(page);
  const at = (s) => cpIndexOf(TEXT, s);
  assert.deepEqual(json.annotations.map((a) => [a.label, a.start, a.end, a.text]), [
    ['PERSON', 27, 40, 'أنتوني بلينكن'],
    ['MISC', at('المتحدّث'), at('المتحدّث') + 8, 'المتحدّث'],
    ['PERSON', at('Matthew Miller'), at('Matthew Miller') + 14, 'Matthew Miller'],
    ['ORG', at('State Department'), at('State Department') + 16, 'State Department'],
    ['PERSON', at('אנתוני בלינקן'), at('אנתוני בלינקן') + 13, 'אנתוני בלינקן'],
  ]);
  // The offsets are code points, as Python counts them: checked against literal numbers.
  assert.equal(at('المتحدّث'), 237);
  assert.equal(at('Matthew Miller'), 306);
  assert.equal(at('אנתוני בלינקן'), 419);
  await page.context().close();
});

test('the keyboard caret moves visually in right-to-left text while offsets stay logical', async () => {
  const page = await openArticle();
  await page.focus(DOC);
  const caret = async () => Number(/Caret at (\d+)/.exec(await page.textContent('[data-testid="selection-hint"]'))?.[1]);
  const press = async (key) => {
    const before = await page.textContent('[data-testid="selection-hint"]');
    await page.keyboard.press(key);
    await page.waitForFunction((b) => document.querySelector('[data-testid="selection-hint"]').textContent !== b, before);
  };
  await press('ArrowRight');
  assert.equal(await caret(), 0, 'the caret starts at the paragraph start (its right edge)');
  // In an Arabic paragraph the left arrow goes forward in the text.
  for (let i = 0; i < 4; i++) await press('ArrowLeft');
  assert.equal(await caret(), 4);
  await press('ArrowRight');
  assert.equal(await caret(), 3);
  await press('ArrowRight');
  await press('ArrowRight');
  await press('ArrowRight');
  assert.equal(await caret(), 0);
  // Two words to the left selected with Ctrl+Shift+←, tagged with a key.
  await press('Control+Shift+ArrowLeft');
  await press('Control+Shift+ArrowLeft');
  await page.keyboard.press('6');
  await page.waitForSelector(`${DOC} [data-span-id="a1"]`);
  const { json } = await exportJson(page);
  assert.deepEqual(json.annotations.map((a) => [a.label, a.start, a.end, a.text]), [['EVENT', 0, 8, 'وصل وزير']]);
  await page.context().close();
});
