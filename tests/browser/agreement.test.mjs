// Browser tests of the agreement panel (issue 15): two annotators' Spanwise files of the sample
// article, made here with spans that differ in known ways, are opened together; the panel's
// numbers, the downloaded report and the chart are checked against agreement computed in this
// file from the two files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, ROOT, exportJson, cpIndexOf, useBrowser } from './harness.mjs';

const SAMPLE = readFileSync(join(ROOT, 'samples', 'blinken-cairo-gaza.txt'), 'utf8');
const app = useBrowser();

/** A span of the sample article as a Spanwise file writes it (`after`: the needle's offset
 * inside `within`, for a span inside another). */
const span = (id, label, needle, within = needle) => {
  const start = cpIndexOf(SAMPLE, within) + cpIndexOf(within, needle);
  return { id, kind: 'entity', label, start, end: start + Array.from(needle).length, text: needle };
};

// Ana and Ben agree on Cairo; Ben tags Blinken inside Ana's Antony Blinken (an overlap), calls
// Abbas Kamel an ORG (same boundaries, another label), and tags Rafah where Ana tagged Gaza.
const ANA = [span('a1', 'PERSON', 'Antony Blinken'), span('a2', 'PERSON', 'Abbas Kamel'),
  span('a3', 'GPE', 'Cairo'), span('a4', 'GPE', 'Gaza')];
const BEN = [span('a1', 'PERSON', 'Blinken', 'Antony Blinken'), span('a2', 'ORG', 'Abbas Kamel'),
  span('a3', 'GPE', 'Cairo'), span('a4', 'GPE', 'Rafah')];

/** Greedy one-to-one matching of a's and b's spans: candidate pairs that `fits`, best `score`
 * first. Returns the matched pairs [i, j]. */
function match(a, b, fits, score) {
  const candidates = [];
  a.forEach((x, i) => b.forEach((y, j) => { if (fits(x, y)) candidates.push([score(x, y), i, j]); }));
  candidates.sort((p, q) => q[0] - p[0] || p[1] - q[1] || p[2] - q[2]);
  const [usedA, usedB, pairs] = [new Set(), new Set(), []];
  for (const [, i, j] of candidates) {
    if (usedA.has(i) || usedB.has(j)) continue;
    usedA.add(i); usedB.add(j); pairs.push([i, j]);
  }
  return pairs;
}

const ratio = (n, d) => (d > 0 ? n / d : null);

/** { micro: {a, b, matched, precision, recall, f1}, labels: {LABEL: {a, b, matched, f1}} } of
 * one measure; a matched pair counts for a's label (the reference) on both sides. */
function measure(a, b, fits, score) {
  const pairs = match(a, b, fits, score);
  const labels = {};
  const at = (label) => (labels[label] ??= { a: 0, b: 0, matched: 0 });
  const matchedB = new Map(pairs.map(([i, j]) => [j, i]));
  a.forEach((x) => { at(x.label).a += 1; });
  b.forEach((y, j) => { at(matchedB.has(j) ? a[matchedB.get(j)].label : y.label).b += 1; });
  pairs.forEach(([i]) => { at(a[i].label).matched += 1; });
  for (const l of Object.values(labels)) l.f1 = ratio(2 * l.matched, l.a + l.b);
  const n = pairs.length;
  const micro = { a: a.length, b: b.length, matched: n, precision: ratio(n, b.length), recall: ratio(n, a.length), f1: ratio(2 * n, a.length + b.length) };
  return { micro, labels };
}

const overlapOf = (x, y) => Math.min(x.end, y.end) - Math.max(x.start, y.start);
const EXPECTED = {
  exact: measure(ANA, BEN, (x, y) => x.start === y.start && x.end === y.end && x.label === y.label, () => 0),
  overlap: measure(ANA, BEN, (x, y) => x.label === y.label && overlapOf(x, y) > 0, overlapOf),
  boundary: measure(ANA, BEN, (x, y) => x.start === y.start && x.end === y.end, (x, y) => (x.label === y.label ? 1 : 0)),
};

const spanwiseFile = (name, json) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });

/** Opens the sample, then Ana's and Ben's files of it together (two versions of one document). */
async function openBoth() {
  const page = await openApp(app.browser, app.url);
  const { json: base } = await exportJson(page);
  await page.setInputFiles('[data-testid="open-file"]', [
    spanwiseFile('ana.spanwise.json', { ...base, annotator: 'Ana', annotations: ANA }),
    spanwiseFile('ben.spanwise.json', { ...base, annotator: 'Ben', annotations: BEN }),
  ]);
  await page.waitForFunction(() => document.querySelector('[data-testid="status"]').textContent.startsWith('Opened ana'));
  return { page, base };
}

/** Every number cell of a row: { measure: [shown, data-value] }. */
const cells = (page, row) => page.$eval(row, (tr) => Object.fromEntries(
  [...tr.querySelectorAll('[data-measure]')].map((td) => [td.dataset.measure, [td.textContent, td.dataset.value]])));

/** A fraction as the panel shows it: three decimals, or "—" with nothing to count. */
const shown = (x) => (x === null ? '—' : x.toFixed(3));

test('the agreement panel shows the pair\'s numbers as computed from the two files, and its report downloads', async () => {
  const { page, base } = await openBoth();
  await page.getByRole('button', { name: 'Agreement', exact: true }).click();
  await page.waitForSelector('[data-testid="agreement-report"]');
  assert.equal(await page.evaluate(() => document.activeElement.closest('[data-testid="agreement"]') !== null), true, 'focus is in the panel');

  const pair = await cells(page, '[data-testid="agreement-pairs"] tr[data-pair="Ana|Ben"]');
  for (const [name, { micro }] of Object.entries(EXPECTED)) {
    for (const field of ['precision', 'recall', 'f1']) {
      const [text, value] = pair[`${name}-${field}`];
      assert.equal(Number(value), micro[field], `${name} ${field}`);
      assert.equal(text, shown(micro[field]), `${name} ${field} as shown`);
    }
  }
  // No claims: nothing to count is "—", never NaN.
  assert.deepEqual(pair['claims-matched'], ['0', '0']);
  for (const kappa of ['speaker-agreement', 'verdict-kappa', 'check-worthiness-kappa', 'quote-type-kappa']) {
    assert.deepEqual(pair[kappa], ['—', ''], kappa);
  }
  assert.equal(await page.$('[data-testid="agreement-pairs"] tr[data-pair="mean"]'), null, 'no mean for two annotators');
  assert.equal(await page.$('[data-testid="agreement-alpha"]'), null, 'αu needs three annotators');

  // Per label, with the counts.
  const labels = await page.$$eval('[data-testid="agreement-labels"] tr[data-pair="Ana|Ben"]', (rows) => rows.map((r) => r.dataset.label));
  assert.deepEqual(labels, ['', 'GPE', 'ORG', 'PERSON']);
  for (const label of labels) {
    const row = await cells(page, `[data-testid="agreement-labels"] tr[data-pair="Ana|Ben"][data-label="${label}"]`);
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const counts = label === '' ? expected.micro : expected.labels[label] ?? { a: 0, b: 0, matched: 0, f1: null };
      for (const field of ['a', 'b', 'matched']) assert.equal(Number(row[`${name}-${field}`][1]), counts[field], `${label} ${name} ${field}`);
      assert.equal(row[`${name}-f1`][1], counts.f1 === null ? '' : String(counts.f1), `${label} ${name} f1`);
    }
  }
  // The confusion table: Abbas Kamel, PERSON for Ana and ORG for Ben.
  const confusion = await page.$$eval('[data-testid="agreement-confusion"] tbody tr', (rows) => rows.map((r) => [r.dataset.pair, r.dataset.aLabel, r.dataset.bLabel, r.querySelector('[data-measure]').textContent]));
  assert.deepEqual(confusion, [['Ana|Ben', 'PERSON', 'ORG', '1']]);

  // The JSON report: its fixed names and the same numbers.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download report (JSON)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'Blinken-in-Cairo-sample.agreement.json');
  const report = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(report.format, 'spanwise-agreement');
  assert.equal(report.version, 1);
  assert.deepEqual(report.annotators, ['Ana', 'Ben']);
  assert.deepEqual(report.documents, [{ id: base.document.id, title: base.document.title }]);
  assert.equal(report.pairs.length, 1);
  const [p] = report.pairs;
  assert.deepEqual([p.a, p.b], ['Ana', 'Ben']);
  for (const [name, expected] of Object.entries(EXPECTED)) {
    const { a, b, matched, precision, recall, f1 } = p[name];
    assert.deepEqual({ a, b, matched, precision, recall, f1 }, expected.micro, name);
    const got = Object.fromEntries(Object.entries(p[name].labels).map(([l, c]) => [l, { a: c.a, b: c.b, matched: c.matched, f1: c.f1 }]));
    assert.deepEqual(got, expected.labels, `${name} labels`);
  }
  assert.deepEqual(p.claims, { matched: 0, speaker_agreement: null, verdict_kappa: null, check_worthiness_kappa: null, quote_type_kappa: null });

  // The CSV report.
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download report (CSV)' }).click(),
  ]);
  assert.equal(csv.suggestedFilename(), 'Blinken-in-Cairo-sample.agreement.csv');
  const lines = readFileSync(await csv.path(), 'utf8').split('\r\n');
  assert.equal(lines[0], 'a,b,measure,label,a_count,b_count,matched,precision,recall,f1,value');
  const e = EXPECTED.exact.micro;
  assert.equal(lines[1], `Ana,Ben,exact,,${e.a},${e.b},${e.matched},${e.precision},${e.recall},${e.f1},`);

  // The chart: one bar per measure and label with its F1, downloaded as SVG.
  const [svgDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="chart-agreement-f1"] button'),
  ]);
  assert.equal(svgDownload.suggestedFilename(), 'Blinken-in-Cairo-sample.agreement-f1.svg');
  const svg = readFileSync(await svgDownload.path(), 'utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* data-chart="agreement-f1"/);
  const bars = [...svg.matchAll(/data-label="([^"]+)" data-count="\d+" data-measure="(\w+)" data-f1="([^"]*)"/g)].map((m) => [m[2], m[1], m[3]]);
  const expectedBars = Object.entries(EXPECTED).flatMap(([name, { labels: ls }]) => Object.keys(ls).sort().map((l) => [name, l, String(ls[l].f1)]));
  assert.deepEqual(bars, expectedBars);
  assert.equal(await page.$eval('[data-testid="chart-agreement-f1"] svg', (s) => s.dataset.chart), 'agreement-f1');

  // Over the whole workspace: the same pair (one document), under the workspace's name.
  await page.getByRole('radio', { name: 'Whole workspace' }).check();
  await page.waitForSelector('[data-testid="agreement-report"]');
  const whole = await cells(page, '[data-testid="agreement-pairs"] tr[data-pair="Ana|Ben"]');
  assert.equal(Number(whole['overlap-f1'][1]), EXPECTED.overlap.micro.f1);
  const [workspaceReport] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download report (JSON)' }).click(),
  ]);
  assert.equal(workspaceReport.suggestedFilename(), 'spanwise-workspace.agreement.json');

  // Esc closes it and gives the keyboard back to the article.
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="agreement"]', { state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'article');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('with one annotator the panel says what agreement needs, and shows no table', async () => {
  const page = await openApp(app.browser, app.url);
  await page.getByRole('button', { name: 'Agreement', exact: true }).click();
  await page.waitForSelector('[data-testid="agreement-message"]');
  assert.equal(await page.textContent('[data-testid="agreement-message"]'),
    'Agreement needs two or more annotators\' versions of a document — open their Spanwise files together');
  assert.equal(await page.$('[data-testid="agreement-pairs"]'), null);
  assert.equal(await page.$('[data-testid="agreement"] button:text("Download report (JSON)")'), null);
  await page.getByRole('button', { name: 'Close' }).click();
  await page.waitForSelector('[data-testid="agreement"]', { state: 'detached' });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
