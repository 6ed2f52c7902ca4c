// Benchmark of the suggestions that learn (issue 18) in the built app (dist/), in headless
// Chromium:
//
//   node tests/bench/learn.mjs [--reps N] [--docs 50]
//
// Each repetition uses a fresh browser context. It opens, as one doccano JSONL file, D
// annotated news documents: the hand-made gold files of tests/gold (7 articles, 0.9–5 KB),
// taken in turn until there are D, each copy made a document of its own by a first line
// "Story k." (their spans shifted to follow). Then, in the Suggested tab, "Train model" is
// pressed and timed by the app itself (performance.now() from the press to the model's
// adoption, and the longest step: the `train-timing` hooks); then the sample article (3.5 KB) is
// opened and "Suggest again" pressed: the rules and the model, timed by the app (`suggest-timing`);
// then the same after "Reset model": the rules alone. It prints medians as a Markdown table.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, median, ROOT } from '../browser/harness.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.lastIndexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const reps = Number(opt('reps', 3));
const nDocs = Number(opt('docs', 50));

const GOLD = join(ROOT, 'tests', 'gold');
const gold = readdirSync(GOLD).filter((f) => f.endsWith('.spanwise.json')).sort()
  .map((f) => JSON.parse(readFileSync(join(GOLD, f), 'utf8')));
const lines = [];
for (let k = 0; k < nDocs; k++) {
  const g = gold[k % gold.length];
  const prefix = `Story ${k + 1}.\n`;
  const shift = Array.from(prefix).length;
  lines.push(JSON.stringify({
    text: prefix + g.document.text,
    label: g.annotations.filter((a) => a.kind === 'entity').map((a) => [a.start + shift, a.end + shift, a.label]),
  }));
}
const jsonl = lines.join('\n') + '\n';
const words = lines.reduce((n, l) => n + JSON.parse(l).text.split(/\s+/).length, 0);

const STATUS = '[data-testid="status"], [data-testid="error"]';
const waitForStatus = (page, pattern) => page.waitForFunction(([p, sel]) => new RegExp(p).test(document.querySelector(sel)?.textContent ?? ''), [pattern.source, STATUS], { timeout: 120_000 });
const dataset = (page, id) => page.$eval(`[data-testid="${id}"]`, (p) => ({ total: Number(p.dataset.totalMs), longest: Number(p.dataset.longestMs) }));

// An article's suggestions are computed in the click's own task and drawn in its render: read
// after the next frame.
async function suggestTiming(page) {
  await page.getByRole('button', { name: 'Suggest again' }).click();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0))));
  await page.waitForSelector('.app[data-suggestions="ready"]');
  return dataset(page, 'suggest-timing');
}

const server = await serve();
const browser = await launch();
const runs = [];
try {
  for (let rep = 0; rep < reps; rep++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('.app[data-suggestions="ready"]');
    await page.setInputFiles('[data-testid="open-file"]', { name: 'desk.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(jsonl) });
    await waitForStatus(page, new RegExp(`${nDocs} documents`));
    await page.getByRole('tab', { name: /Suggested/ }).click();
    // An import starts training on its own: wait for it, then time a press of "Train model".
    await page.waitForSelector(`[data-testid="model"][data-documents="${nDocs}"]`, { timeout: 120_000 });
    await page.getByRole('button', { name: 'Train model' }).click();
    await waitForStatus(page, new RegExp(`The model learnt from ${nDocs} document`));
    const train = await dataset(page, 'train-timing');
    // The sample article is the workspace's first document.
    await page.getByRole('tab', { name: /Documents/ }).click();
    await page.click('[data-document-index="0"]');
    await page.getByRole('tab', { name: /Suggested/ }).click();
    const both = await suggestTiming(page);
    const fromModel = await page.$$eval('li.suggestion-row', (lis) => lis.filter((li) => li.dataset.source !== 'rules').length);
    await page.getByRole('button', { name: 'Reset model' }).click();
    await page.waitForSelector('[data-testid="model"][data-documents="0"]');
    const rules = await suggestTiming(page);
    runs.push({ train, both, rules, fromModel });
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const med = (f) => median(runs.map(f)).toFixed(1);
console.log(`\nLearning suggestions: ${nDocs} documents (${words.toLocaleString('en')} words) from tests/gold, ${reps} run(s)\n`);
console.log('| measure | median (ms) | longest step (ms) | target |');
console.log('|---|---|---|---|');
console.log(`| train the model on ${nDocs} documents | ${med((r) => r.train.total)} | ${med((r) => r.train.longest)} | ≤ 2,000, no step ≥ 50 |`);
console.log(`| suggestions for the 3.5 KB sample, rules and model | ${med((r) => r.both.total)} | | ≤ 50 |`);
console.log(`| the same, rules alone | ${med((r) => r.rules.total)} | | |`);
console.log(`\nSuggestions on the sample the model proposed or confirmed (median; the sample is one of the gold files it learnt from): ${median(runs.map((r) => r.fromModel))}`);
