import { serve, launch, openApp } from './browser/harness.mjs';
const server = await serve(); const browser = await launch();
const page = await openApp(browser, server.url, { viewport: { width: 1440, height: 900 } });
await page.getByRole('tab', { name: /Suggested/ }).click(); await page.getByRole('button', { name: 'Accept all suggestions' }).click(); await page.waitForSelector('[data-span-id]'); await page.getByRole('button', { name: 'Labels…' }).click();
await page.waitForSelector('[data-testid="schema-editor"]');
console.log(await page.evaluate(() => [...document.querySelectorAll('[data-testid="schema-editor"] select')].map(s => s.value + ' / ' + s.options[s.selectedIndex]?.text)));
console.log(await page.evaluate(() => document.activeElement.outerHTML.slice(0,100)));
await browser.close(); await server.close();
