// Browser tests for the workspace and for never losing work: autosave across reloads, several
// documents with their own undo, a full or missing storage, hostile files, a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, ready, ROOT, DOC, spans, exportJson, openFile, tagText, useBrowser, storedRecords, saved } from './harness.mjs';

const SAMPLE = readFileSync(join(ROOT, 'samples', 'blinken-cairo-gaza.txt'), 'utf8');
const app = useBrowser();


test('tagged spans survive a reload, in every document of the workspace', async () => {
  const page = await openApp(app.browser, app.url);
  await tagText(page, SAMPLE, 'Abbas Kamel', '1');
  await openFile(page, 'second.txt', 'text/plain', 'Doha confirms the talks.');
  await page.waitForFunction((doc) => document.querySelector(doc).textContent.startsWith('Doha'), DOC);
  await tagText(page, 'Doha confirms the talks.', 'Doha', '3');
  await page.getByRole('tab', { name: /Documents/ }).click();
  await page.check('input[aria-label="Done: second"]');
  await saved(page);
  await page.reload();
  await ready(page);
  await page.waitForSelector(`${DOC} [data-span-id]`);
  assert.equal(await page.textContent(DOC), 'Doha confirms the talks.');
  assert.deepEqual((await spans(page)).map((s) => [s.label, s.text]), [['GPE', 'Doha']]);
  await page.getByRole('tab', { name: /Documents \(2\)/ }).click();
  assert.equal(await page.isChecked('input[aria-label="Done: second"]'), true);
  assert.match(await page.textContent('[data-document-index="0"]'), /Blinken in Cairo \(sample\)1 annotation/);
  await page.click('[data-document-index="0"]');
  await page.waitForFunction((doc) => document.querySelector(doc).textContent.startsWith('Secretary'), DOC);
  assert.deepEqual((await spans(page)).map((s) => s.text), ['Abbas Kamel']);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the database keeps each document\'s text once, its annotations and its list record apart', async () => {
  const page = await openApp(app.browser, app.url);
  await tagText(page, SAMPLE, 'Abbas Kamel', '1');
  await saved(page);
  const records = await storedRecords(page);
  const id = records.settings.current;
  assert.deepEqual(Object.keys(records.texts), [id]);
  assert.equal(records.texts[id], SAMPLE);
  assert.equal(records.docs[id].document.text, '');
  assert.deepEqual(records.docs[id].annotations.map((a) => [a.label, a.text]), [['PERSON', 'Abbas Kamel']]);
  assert.deepEqual(records.meta[id], { title: 'Blinken in Cairo (sample)', done: false, annotations: 1, labels: ['PERSON'], characters: Array.from(SAMPLE).length, entity_spans: 1, claims: 0, checked_claims: 0 });
  assert.deepEqual(JSON.parse(records.settings.order), [id]);
  // The Documents tab says how much is stored.
  await page.getByRole('tab', { name: /Documents/ }).click();
  assert.match(await page.textContent('[data-testid="storage-usage"]'), /^Storage: [\d.]+ (B|KB|MB) used of [\d.]+ (MB|GB|TB) available/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a workspace kept in localStorage by an earlier version moves to the database, and its keys go once the copy is read back', async () => {
  // Written as the version before the database wrote it: an index, one document with its text
  // apart, one stored whole, and one listed but never stored (the sample before its first save).
  const context = await app.browser.newContext();
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  await page.goto(`${app.url}no-such-page`);
  const file = (id, title, text, spans) => ({
    format: 'spanwise', version: 2, document: { id, title, text },
    annotations: spans.map(([start, end, label], i) => ({ id: `a${i + 1}`, kind: 'entity', label, start, end, text: text.slice(start, end) })),
  });
  await page.evaluate(([apart, whole]) => {
    localStorage.setItem('spanwise.index', JSON.stringify({ format: 'spanwise-workspace-index', version: 1, current: 'd2', documents: [
      { id: 'd1', title: 'Doha', done: true }, { id: 'd2', title: 'Cairo', done: false }, { id: 'sample', title: 'Sample', done: false }] }));
    const text = apart.document.text;
    apart.document.text = '';
    localStorage.setItem('spanwise.doc.d1', JSON.stringify(apart));
    localStorage.setItem('spanwise.text.d1', text);
    localStorage.setItem('spanwise.doc.d2', JSON.stringify(whole));
    localStorage.setItem('spanwise.theme', 'dark');
  }, [file('d1', 'Doha', 'Doha confirms the talks.', [[0, 4, 'GPE']]), file('d2', 'Cairo', 'Shoukry met Blinken in Cairo.', [[0, 7, 'PERSON'], [23, 28, 'GPE']])]);
  await page.goto(app.url);
  await ready(page);
  await page.waitForSelector(`${DOC} [data-span-id]`);
  assert.equal(await page.textContent(DOC), 'Shoukry met Blinken in Cairo.');
  assert.deepEqual((await spans(page)).map((s) => [s.label, s.text]), [['PERSON', 'Shoukry'], ['GPE', 'Cairo']]);
  // Nothing is reported missing: the never-stored sample simply is not there.
  assert.equal(await page.textContent('[data-testid="save-state"]'), 'Saved');
  await page.getByRole('tab', { name: /Documents \(2\)/ }).click();
  assert.equal(await page.isChecked('input[aria-label="Done: Doha"]'), true);
  const records = await storedRecords(page);
  assert.deepEqual(Object.keys(records.meta).sort(), ['d1', 'd2']);
  assert.equal(records.texts.d2, 'Shoukry met Blinken in Cairo.');
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).sort()), ['spanwise.theme']);
  // And it opens from the database from now on.
  await page.reload();
  await ready(page);
  await page.waitForSelector(`${DOC} [data-span-id]`);
  assert.equal(await page.textContent(DOC), 'Shoukry met Blinken in Cairo.');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a full storage is reported with a way out, nothing on screen is lost, and what was stored before stays listed', async () => {
  const page = await openApp(app.browser, app.url);
  await saved(page);
  // The browser's own quota for this page, set just above what is stored (before the page asks
  // for persistent storage, which the override does not cover): the next large write is
  // refused by the database itself.
  const origin = app.url.replace(/\/$/, '');
  const cdp = await page.context().newCDPSession(page);
  const { usage } = await cdp.send('Storage.getUsageAndQuota', { origin });
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 50_000 });
  await tagText(page, SAMPLE, 'Antony Blinken', '1');
  await saved(page);
  // Text that does not compress (Chromium compresses what the database stores).
  let long = 'Sameh Shoukry spoke. ';
  for (let x = 1, n = 1; long.length < 900_000; n++) { x = (x * 1103515245 + 12345) % 2147483648; long += n % 80 ? `${x.toString(36)} ` : '\n\n'; }
  await openFile(page, 'long.txt', 'text/plain', long);
  await page.waitForSelector('[data-testid="save-state"].failed');
  assert.match(await page.textContent('[data-testid="save-state"]'), /Not saved: the browser's storage for this page is full\. Export the workspace to keep your work\./);
  await tagText(page, long, 'Sameh Shoukry', '1');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="save-state"] button'),
  ]);
  assert.equal(download.suggestedFilename(), 'spanwise-workspace.json');
  const workspace = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(workspace.format, 'spanwise-workspace');
  assert.deepEqual(workspace.documents.map((d) => d.file.annotations.map((a) => a.text)), [['Antony Blinken'], ['Sameh Shoukry']]);
  // After a reload, what was stored before the refusal is there, whole; nothing is reported missing.
  await page.reload();
  await ready(page);
  await page.waitForSelector(`${DOC} [data-span-id]`);
  assert.deepEqual((await spans(page)).map((s) => s.text), ['Antony Blinken']);
  assert.equal(await page.textContent('[data-testid="save-state"]'), 'Saved');
  await page.waitForSelector('[role="tab"]:text("Documents (1)")');
  await page.context().close();
});

test('a workspace file is merged or replaces the workspace after showing what it will do', async () => {
  const page = await openApp(app.browser, app.url);
  await tagText(page, SAMPLE, 'Joe Biden', '1');
  await openFile(page, 'b.txt', 'text/plain', 'Second article.');
  await page.waitForFunction((doc) => document.querySelector(doc).textContent === 'Second article.', DOC);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export workspace' }).click(),
  ]);
  const file = readFileSync(await download.path(), 'utf8');
  const context = page.context();
  const fresh = await openApp(app.browser, app.url);
  await openFile(fresh, 'third.txt', 'text/plain', 'Third article.');
  await fresh.waitForFunction((doc) => document.querySelector(doc).textContent === 'Third article.', DOC);
  await openFile(fresh, 'team.json', 'application/json', file);
  await fresh.waitForSelector('[data-testid="import-dialog"]');
  // Documents by their titles, not their internal ids.
  assert.match(await fresh.textContent('[data-testid="import-dialog"]'), /adds 1 new \(b\) and replaces 1 with the same id \(Blinken in Cairo \(sample\)\)/);
  assert.match(await fresh.textContent('[data-testid="import-dialog"]'), /1 document\(s\) here would go \(third\)/);
  await fresh.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await fresh.textContent(DOC), 'Third article.');
  await openFile(fresh, 'team.json', 'application/json', file);
  await fresh.getByRole('button', { name: 'Merge' }).click();
  await fresh.getByRole('tab', { name: /Documents \(3\)/ }).click();
  assert.equal(await fresh.textContent(DOC), 'Second article.');
  await openFile(fresh, 'team.json', 'application/json', file);
  await fresh.getByRole('button', { name: 'Replace' }).click();
  await fresh.waitForSelector('[role="tab"] >> text=Documents (2)');
  await fresh.click('[data-document-index="0"]');
  await fresh.waitForFunction((doc) => document.querySelector(doc).textContent.startsWith('Secretary'), DOC);
  assert.deepEqual((await spans(fresh)).map((s) => s.text), ['Joe Biden']);
  await fresh.context().close();
  await context.close();
});

test('labels are added, renamed, recoloured and deleted, and a schema file is shared', async () => {
  const page = await openApp(app.browser, app.url);
  await tagText(page, SAMPLE, 'Reuters', '2');
  await tagText(page, SAMPLE, 'State Department', '2');
  await page.getByRole('button', { name: 'Labels…' }).click();
  await page.fill('[data-testid="new-label-name"]', 'NORP');
  await page.fill('input[aria-label="New label key"]', '8');
  await page.getByRole('button', { name: 'Add label' }).click();
  await page.waitForSelector('[data-schema-label="NORP"]');
  await page.fill('input[aria-label="Name of ORG"]', 'ORGANISATION');
  await page.locator('input[aria-label="Name of ORG"]').press('Tab');
  await page.waitForSelector(`${DOC} [data-span-id][data-label="ORGANISATION"]`);
  await page.selectOption('select[aria-label="What happens to the 2 spans of ORGANISATION"]', 'relabel:MISC');
  await page.getByRole('button', { name: 'Delete ORGANISATION' }).click();
  await page.waitForFunction((doc) => document.querySelectorAll(`${doc} [data-span-id][data-label="MISC"]`).length === 2, DOC);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export schema' }).click(),
  ]);
  const schema = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(schema.format, 'spanwise-schema');
  assert.deepEqual(schema.labels.map((l) => l.name), ['PERSON', 'GPE', 'LOC', 'DATE', 'EVENT', 'MISC', 'NORP']);
  await page.getByRole('button', { name: 'Close' }).click();
  // One undo takes back the deletion with its relabelling.
  await page.keyboard.press('Control+z');
  await page.waitForFunction((doc) => document.querySelectorAll(`${doc} [data-span-id][data-label="ORGANISATION"]`).length === 2, DOC);
  // The schema file applies to another document.
  await openFile(page, 'other.txt', 'text/plain', 'Hamas and Israel');
  await page.waitForFunction((doc) => document.querySelector(doc).textContent === 'Hamas and Israel', DOC);
  schema.labels[0].color = '#123456';
  await openFile(page, 'team.schema.json', 'application/json', JSON.stringify(schema));
  await page.waitForSelector('button[data-label="NORP"]');
  assert.equal(await page.getByRole('button', { name: 'ORG', exact: true }).count(), 0);
  assert.match(await page.getAttribute('button[data-label="PERSON"]', 'style'), /#123456/);
  // On a dark label colour the text turns white (contrast computed in Rust).
  assert.equal(await page.$eval('button[data-label="PERSON"]', (b) => getComputedStyle(b).color), 'rgb(255, 255, 255)');
  assert.equal(await page.$eval('button[data-label="GPE"]', (b) => getComputedStyle(b).color), 'rgb(0, 0, 0)');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('markup and scripts in text, labels and notes stay inert', async () => {
  const page = await openApp(app.browser, app.url);
  const payloads = [
    '<img src=x onerror="window.__xss=1">',
    '<script>window.__xss=2</script>',
    '"><svg onload="window.__xss=3">',
    "javascript:window.__xss=4",
    '<a href="javascript:window.__xss=5">x</a>',
    '{{constructor.constructor("window.__xss=6")()}}',
    '<style>*{display:none}</style>',
  ];
  const text = payloads.join('\n');
  const cps = Array.from(text);
  let at = 0;
  const annotations = payloads.map((p, i) => {
    const start = at;
    at += Array.from(p).length + 1;
    return { id: `a${i + 1}`, kind: 'entity', label: p.slice(0, 60), start, end: start + Array.from(p).length, text: p };
  });
  annotations.push({
    id: 'c1', kind: 'claim', label: 'CLAIM', start: 0, end: Array.from(payloads[0]).length, text: payloads[0],
    attributes: { speaker: 'author', quote_type: 'direct', check_worthiness: 'check-worthy', verdict: 'false', note: payloads[1] },
  });
  annotations.sort((a, b) => a.start - b.start || b.end - a.end || a.id.localeCompare(b.id));
  const file = {
    format: 'spanwise', version: 2, document: { id: 'xss', title: payloads[2], text },
    annotations, entities: [{ id: 'e1', name: payloads[0], mentions: ['a2'] }],
  };
  assert.equal(cps.length, Array.from(text).length);
  await openFile(page, 'xss.json', 'application/json', JSON.stringify(file));
  await page.waitForFunction((doc) => document.querySelector(doc).textContent.startsWith('<img'), DOC);
  assert.equal(await page.textContent(DOC), text);
  await page.click(`${DOC} [data-span-id="c1"]`);
  await page.waitForSelector('[data-testid="claim-panel"]');
  assert.equal(await page.inputValue('[data-testid="claim-note"]'), payloads[1]);
  for (const tab of [/Mentions/, /Claims/, /Entities/, /Documents/]) await page.getByRole('tab', { name: tab }).click();
  await page.getByRole('button', { name: 'Labels…' }).click();
  await page.getByRole('button', { name: 'Close' }).click();
  for (const m of await page.$$(`${DOC} mark`)) await m.hover();
  const found = await page.evaluate(() => ({
    xss: window.__xss,
    elements: document.querySelectorAll('body img, body script:not([src]), body svg, body style, body a[href^="javascript"]').length,
    visible: getComputedStyle(document.querySelector('[data-testid="document"]')).display,
  }));
  assert.deepEqual(found, { xss: undefined, elements: 0, visible: 'block' });
  // A colour that tries to smuggle CSS is refused with the file.
  const evil = { ...file, document: { ...file.document, id: 'evil' }, schema: { labels: [{ name: 'X', color: 'red;background:url(javascript:alert(1))' }] } };
  await openFile(page, 'evil.json', 'application/json', JSON.stringify(evil));
  await page.waitForSelector('[data-testid="error"]');
  assert.match(await page.textContent('[data-testid="error"]'), /is not of the form #rrggbb/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('files in other encodings decode; binary, empty and huge files are refused', async () => {
  const page = await openApp(app.browser, app.url);
  const open = (name, bytes) => page.setInputFiles('[data-testid="open-file"]', { name, mimeType: 'text/plain', buffer: bytes });
  await open('latin1.txt', Buffer.from('Caf\xe9 in S\xe3o Paulo \x93quoted\x94', 'latin1'));
  await page.waitForFunction((doc) => document.querySelector(doc).textContent.startsWith('Caf'), DOC);
  assert.equal(await page.textContent(DOC), 'Café in São Paulo “quoted”');
  assert.match(await page.textContent('[data-testid="status"]'), /decoded as Windows-1252 \(Latin-1\)/);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Doha 🇶🇦 talks', 'utf16le')]);
  await open('utf16.txt', utf16);
  await page.waitForFunction((doc) => document.querySelector(doc).textContent.startsWith('Doha'), DOC);
  assert.equal(await page.textContent(DOC), 'Doha 🇶🇦 talks');
  const before = await page.textContent(DOC);
  const refusals = [
    ['image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), /looks binary/],
    ['empty.txt', Buffer.alloc(0), /the file is empty/],
    ['huge.txt', Buffer.alloc(21 * 1024 * 1024, 'a'), /is 22\.0 MB; Spanwise opens files up to 20 MB/],
  ];
  for (const [name, bytes, reason] of refusals) {
    await open(name, bytes);
    await page.waitForFunction((n) => document.querySelector('[data-testid="error"]')?.textContent.includes(n), name);
    assert.match(await page.textContent('[data-testid="error"]'), reason);
    assert.equal(await page.textContent(DOC), before);
  }
  await page.context().close();
});

test('a crash keeps the saved workspace readable', async () => {
  const page = await openApp(app.browser, `${app.url}#debug-panic`);
  await tagText(page, SAMPLE, 'Matthew Miller', '1');
  await saved(page);
  page.problems.length = 0;
  await page.keyboard.press('Control+Alt+Shift+P');
  await page.waitForSelector('[data-testid="fatal-error"]');
  assert.match(await page.textContent('[data-testid="fatal-error"]'), /internal error[\s\S]*forced panic/);
  await page.goto(app.url);
  await ready(page);
  await page.waitForSelector(`${DOC} [data-span-id]`);
  assert.deepEqual((await spans(page)).map((s) => s.text), ['Matthew Miller']);
  await page.context().close();
});

test('Labels… takes the keyboard, deletes spans only as chosen, and keeps what a refused edit typed', async () => {
  const page = await openApp(app.browser, app.url, { viewport: { width: 1440, height: 900 } });
  await tagText(page, SAMPLE, 'Reuters', '2');
  await tagText(page, SAMPLE, 'State Department', '2');
  await page.getByRole('button', { name: 'Labels…' }).click();
  await page.waitForSelector('[data-testid="schema-editor"]');
  const focusedIn = () => page.evaluate(() => !!document.activeElement?.closest('[data-testid="schema-editor"]'));
  await page.waitForFunction(() => document.activeElement?.closest('[data-testid="schema-editor"]'));
  // Nothing is preselected that moves spans to a label nobody chose.
  const choice = 'select[aria-label="What happens to the 2 spans of ORG"]';
  assert.equal(await page.inputValue(choice), 'delete');
  assert.equal(await page.$eval(choice, (s) => s.options[s.selectedIndex].text), 'delete its 2 spans');
  // A refused Add keeps the typed name; a refused key change shows the label's own key again.
  await page.fill('[data-testid="new-label-name"]', 'NORP');
  await page.fill('input[aria-label="New label key"]', '1');
  await page.getByRole('button', { name: 'Add label' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="error"]')?.textContent.includes('key \'1\' is used by both'));
  assert.equal(await page.inputValue('[data-testid="new-label-name"]'), 'NORP');
  await page.fill('[aria-label="Key of GPE"]', '1');
  await page.press('[aria-label="Key of GPE"]', 'Tab');
  await page.waitForFunction(() => document.querySelector('[aria-label="Key of GPE"]').value === '3');
  // Names that differ only in case are refused.
  await page.fill('[data-testid="new-label-name"]', 'person');
  await page.fill('input[aria-label="New label key"]', '');
  await page.getByRole('button', { name: 'Add label' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="error"]')?.textContent.includes('A label named “PERSON” exists already'));
  assert.equal(await page.locator('[data-schema-label="person"]').count(), 0);
  // Deleting ORG deletes its spans, says how many, and the keyboard stays in the dialog.
  await page.getByRole('button', { name: 'Delete ORG' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent.includes('Deleted the label ORG and its 2 spans'));
  assert.equal(await page.locator(`${DOC} [data-span-id]`).count(), 0, 'no span was relabelled');
  assert.ok(await focusedIn(), 'focus stays in the dialog');
  // Esc closes it, from a field too, and the article has the keyboard again.
  await page.focus('[data-testid="new-label-name"]');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="schema-editor"]', { state: 'detached' });
  await page.waitForFunction((doc) => document.activeElement === document.querySelector(doc), DOC);
  // So does the New dialog's.
  await page.getByRole('button', { name: 'New' }).click();
  await page.waitForSelector('[data-testid="new-text"]');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="new-text"]', { state: 'detached' });
  await page.waitForFunction((doc) => document.activeElement === document.querySelector(doc), DOC);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
