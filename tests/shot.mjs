import { launch, serve, openApp } from './browser/harness.mjs';
const server = await serve(); const browser = await launch();
const page = await openApp(browser, server.url, { viewport: { width: 1440, height: 900 } });
await page.screenshot({ path: '/tmp/shot.png' });
const info = await page.evaluate(() => {
  const tb = document.querySelector('.toolbar').getBoundingClientRect();
  const tabs = document.querySelector('.tabs'); 
  return { toolbarHeight: tb.height, tabsScroll: tabs.scrollWidth, tabsClient: tabs.clientWidth,
    tabs: [...tabs.querySelectorAll('[role=tab]')].map(t => { const r = t.getBoundingClientRect(); return [t.textContent, Math.round(r.left), Math.round(r.right)]; }),
    side: Math.round(document.querySelector('.side').getBoundingClientRect().right) };
});
console.log(JSON.stringify(info));
await browser.close(); await server.close();
