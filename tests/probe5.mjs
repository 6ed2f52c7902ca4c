import { serve, launch, openApp } from './browser/harness.mjs';
const server = await serve(); const browser = await launch();
const w = Number(process.argv[2] || 390);
const page = await openApp(browser, server.url, { viewport: { width: w, height: 844 } });
console.log(await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, bw: document.body.scrollWidth, wide: [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1).slice(0, 12).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)) })));
await page.screenshot({ path: `/tmp/probe/phone-${w}.png` });
await browser.close(); await server.close();
