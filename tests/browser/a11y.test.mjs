// Accessibility audits with axe-core (WCAG 2.0–2.2 A and AA rules) of every screen, in the light
// and the dark theme: no serious or critical violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { openApp, ROOT, tagText, useBrowser, exportJson } from './harness.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SAMPLE = readFileSync(join(ROOT, 'samples', 'blinken-cairo-gaza.txt'), 'utf8');
const app = useBrowser();

/** Runs axe-core on the page; resolves to the serious and critical violations, described. */
async function audit(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' ' + (n.failureSummary ?? '').replace(/\s+/g, ' ')).join(' | ')}`);
  });
  return violations;
}

/** The screens to audit: how to reach each from the page as opened. */
const SCREENS = [
  ['the article with spans, a claim and suggestions', async () => {}],
  ['the selected claim and its panel', async (page) => {
    await page.locator('[data-span-id][data-kind="claim"]').first().click();
    await page.waitForSelector('[data-testid="claim-panel"]');
  }],
  ['the selected mention and its entity box', async (page) => {
    await page.locator('[data-span-id][data-label="PERSON"]').first().click();
    await page.waitForSelector('.entity-box');
  }],
  ['the suggestions tab', async (page) => {
    await page.getByRole('tab', { name: /Suggested/ }).click();
    await page.waitForSelector('[data-testid="suggestions"]');
  }],
  ['the claims and entities tabs', async (page) => {
    await page.getByRole('tab', { name: /Claims/ }).click();
    await page.getByRole('tab', { name: /Entities/ }).click();
  }],
  ['the documents tab', async (page) => {
    await page.getByRole('tab', { name: /Documents/ }).click();
    await page.waitForSelector('[data-testid="document-list"]');
  }],
  ['the label editor', async (page) => {
    await page.getByRole('button', { name: 'Labels…' }).click();
    await page.waitForSelector('[data-testid="schema-editor"]');
  }],
  ['the new-document dialog', async (page) => {
    await page.getByRole('button', { name: 'New' }).click();
    await page.waitForSelector('[role="dialog"]');
  }],
  ['the statistics panel', async (page) => {
    await page.getByRole('button', { name: 'Statistics' }).click();
    await page.waitForSelector('[data-testid="statistics"] [data-chart="progress"]');
  }],
  ['the agreement panel with a report', async (page) => {
    // Two annotators' files of the article: one with every span, one with the first only.
    const { json } = await exportJson(page);
    const file = (name, annotations) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...json, annotator: name, annotations })) });
    await page.setInputFiles('[data-testid="open-file"]', [file('Ana', json.annotations), file('Ben', json.annotations.slice(0, 1))]);
    await page.waitForFunction(() => document.querySelector('[data-testid="status"]').textContent.startsWith('Opened Ana'));
    await page.getByRole('button', { name: 'Agreement', exact: true }).click();
    await page.waitForSelector('[data-testid="agreement-report"] [data-chart="agreement-f1"]');
  }],
  ['the adjudication bar', async (page) => {
    const { json } = await exportJson(page);
    const file = (name, annotations) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...json, annotator: name, annotations })) });
    await page.setInputFiles('[data-testid="open-file"]', [file('Ana', json.annotations), file('Ben', json.annotations.slice(0, 1))]);
    await page.waitForFunction(() => document.querySelector('[data-testid="status"]').textContent.startsWith('Opened Ana'));
    await page.getByRole('tab', { name: /Documents/ }).click();
    await page.getByRole('button', { name: 'Adjudicate' }).click();
    await page.waitForSelector('[data-testid="adjudication"] .adjudication-option');
  }],
  ['the find-and-replace dialog', async (page) => {
    await page.getByRole('button', { name: 'Find…' }).click();
    await page.getByLabel('Find', { exact: true }).fill('Blinken');
    await page.waitForFunction(() => document.querySelector('[data-testid="replace-count"]').textContent.endsWith('matches'));
  }],
  ['the article in the correction mode', async (page) => {
    await page.getByRole('button', { name: 'Correct text' }).click();
    await page.waitForSelector('[data-testid="document"][contenteditable="true"]');
  }],
  ['the shortcut list', async (page) => {
    await page.keyboard.press('?');
    await page.waitForSelector('[data-testid="shortcuts"]');
  }],
];

for (const scheme of ['light', 'dark']) {
  test(`axe-core finds no serious or critical violation on any screen (${scheme} theme)`, async () => {
    const found = [];
    for (const [screen, reach] of SCREENS) {
      const page = await openApp(app.browser, app.url);
      await page.emulateMedia({ colorScheme: scheme });
      await tagText(page, SAMPLE, 'Antony Blinken', '1');
      await tagText(page, SAMPLE, '“ongoing efforts to protect Palestinian civilians and humanitarian workers in Gaza”', 'c');
      await page.keyboard.press('Escape');
      await reach(page);
      for (const v of await audit(page)) found.push(`${screen}: ${v}`);
      await page.context().close();
    }
    assert.deepEqual(found, []);
  });
}
