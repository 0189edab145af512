/**
 * The page in headless Chromium (Debian's package, through playwright-core) against five
 * in-memory agents serving realistic data: the device list, the forwards table, a router going
 * down turning its links red, the phone layout, keyboard access. Screenshots of every view go to
 * dist/test-output/page/ (look at them when a layout changes).
 */
import { mkdir } from 'node:fs/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { EDGE_COLOURS } from '../../graph/svg.js';
import { VIEWS } from '../../page/html.js';
import { type Browser, launchBrowser } from '../support/browser.js';
import { type FakeFleet, fakeFleet } from '../support/page-fleet.js';
import { fromRoot } from '../support/paths.js';

const OUT = fromRoot('dist', 'test-output', 'page');
const WAIT = { timeout: 30_000 };

/** In-page code is given as strings: this program is compiled without the DOM library. */
const rowTexts = (page: Page, table: string) => page.evaluate(`[...document.querySelectorAll('#${table} tbody tr')].map((r) => [...r.children].map((c) => c.innerText.trim()))`) as Promise<string[][]>;
const count = (selector: string, op: string) => `document.querySelectorAll(${JSON.stringify(selector)}).length ${op}`;
const imgLoaded = "document.getElementById('map-img').complete";

const ui = suite('the home page in headless Chromium');
let fleet: FakeFleet;
let browser: Browser;
let page: Page;
let base = '';
ui.before(async () => {
  await mkdir(OUT, { recursive: true });
  fleet = await fakeFleet();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  base = `http://127.0.0.1:${fleet.port('r1')}`;
});
ui.after(async () => {
  await browser?.close();
  await fleet?.close();
});

ui('devices: all seven servers, names, addresses, static leases marked; search filters', async () => {
  await page.goto(`${base}/#devices`);
  await page.waitForFunction(count('#devices-table tbody tr[data-router]', '>= 7'), undefined, WAIT);
  const rows = await rowTexts(page, 'devices-table');
  const byName = new Map(rows.map((r) => [r[0], r]));
  for (const [name, addr] of [['s1', '10.1.0.10'], ['s2', '10.2.0.10'], ['s3', '10.1.0.142'], ['s4', '10.2.0.117'], ['s5', '10.3.0.10'], ['s6', '10.3.0.155'], ['s7', '10.3.0.131']]) {
    assert.ok(byName.has(name), `${name} listed`);
    assert.match(byName.get(name)![1]!, addr!, `${name} address`);
  }
  assert.equal(await page.evaluate(`[...document.querySelectorAll('#devices-table tr[data-static="true"] th')].map((t) => t.textContent)`), ['s1', 's2', 's5']);
  assert.match(byName.get('s1')![5]!, 'static');
  await page.screenshot({ path: `${OUT}/devices.png`, fullPage: true });
  await page.fill('#device-search', 'r3 dynamic');
  assert.equal((await rowTexts(page, 'devices-table')).map((r) => r[0]), ['s6', 's7']);
  await page.fill('#device-search', '');
});

ui('forwards: each public router:port with its backends and their health, and how health is known', async () => {
  await page.goto(`${base}/#forwards`);
  await page.waitForFunction(count('#forwards-table tbody tr[data-service]', '>= 7'), undefined, WAIT);
  assert.ok(await page.isVisible('#forwards-table'));
  assert.not.ok(await page.isVisible('#devices-table'), 'one view at a time');
  const text = await page.innerText('#forwards-table tbody');
  for (const s of ['r4:80/tcp', 'r4:443/tcp', 'r4:27015/udp', 'r5:2222/tcp', 's1 (10.1.0.10:8080)', 's5 (10.3.0.10:22)', 'ECONNREFUSED', 'UDP: nothing to connect to']) assert.match(text, s);
  assert.match(await page.innerText('#probe-note'), 'nginx OSS');
  await page.screenshot({ path: `${OUT}/forwards.png`, fullPage: true });
});

ui('routers and history views render every router and the last reconciles', async () => {
  await page.goto(`${base}/#routers`);
  await page.waitForFunction(count('#routers-table tbody tr[data-router]', '=== 5'), undefined, WAIT);
  assert.equal((await rowTexts(page, 'routers-table')).map((r) => [r[0], r[4]]), [['r1', 'ready'], ['r2', 'ready'], ['r3', 'ready'], ['r4', 'ready'], ['r5', 'ready']]);
  await page.screenshot({ path: `${OUT}/routers.png`, fullPage: true });
  await page.goto(`${base}/#history`);
  await page.waitForFunction(count('#history-table tbody tr[data-router]', '=== 10'), undefined, WAIT);
  assert.match(await page.innerText('#history-table'), 'proxy_protocoll');
  await page.screenshot({ path: `${OUT}/history.png`, fullPage: true });
});

ui('a router going down turns its links red on the map and in the links table, live', async () => {
  await page.goto(`${base}/#map`);
  await page.waitForFunction(count('#links-table tbody tr[data-state="full"]', '=== 8'), undefined, WAIT);
  await page.waitForFunction(imgLoaded, undefined, WAIT);
  const srcBefore = await page.getAttribute('#map-img', 'src');
  await page.screenshot({ path: `${OUT}/map.png`, fullPage: true });
  await fleet.down('r5');
  // No reload: the stream brings the change.
  await page.waitForFunction(count('#links-table tbody tr[data-state="down"]', '=== 4'), undefined, WAIT);
  assert.equal(await page.evaluate(`[...document.querySelectorAll('#links-table tr[data-state="down"]')].map((r) => r.getAttribute('data-link'))`), ['r1-r5', 'r2-r5', 'r3-r5', 'r4-r5']);
  await page.waitForFunction(`document.getElementById('map-img').getAttribute('src') !== ${JSON.stringify(srcBefore)}`, undefined, WAIT);
  const svg = await page.evaluate(`fetch(document.getElementById('map-img').getAttribute('src')).then((r) => r.text())`) as string;
  assert.is(svg.split(`stroke="${EDGE_COLOURS.down}"`).length - 1, 4 + 1, 'four red links and the legend\'s sample');
  assert.match(await page.innerText('#summary'), '4 links down');
  await page.waitForFunction(imgLoaded, undefined, WAIT);
  await page.screenshot({ path: `${OUT}/map-r5-down.png`, fullPage: true });
});

ui('fits a phone: the page does not scroll sideways, the tables scroll inside their focusable regions', async () => {
  const phone = await browser.context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(`${base}/#devices`);
  await phone.waitForFunction(count('#devices-table tbody tr[data-router]', '>= 7'), undefined, WAIT);
  assert.ok(await phone.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1'), 'no sideways scroll of the page');
  await phone.screenshot({ path: `${OUT}/devices-phone.png`, fullPage: true });
  await phone.close();
});

ui('keyboard and labels: skip link first, every view reachable by Tab and Enter, inputs labelled, tables captioned', async () => {
  await page.goto(`${base}/`);
  await page.keyboard.press('Tab');
  assert.is(await page.evaluate('document.activeElement.textContent'), 'Skip to the content');
  for (const v of VIEWS) {
    await page.focus(`nav a[href="#${v.id}"]`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(`!document.getElementById(${JSON.stringify(v.id)}).hidden`, undefined, WAIT);
    assert.is(await page.getAttribute(`nav a[href="#${v.id}"]`, 'aria-current'), 'page');
  }
  assert.is(await page.evaluate("[...document.querySelectorAll('input')].filter((i) => !document.querySelector(`label[for=\"${i.id}\"]`)).length"), 0);
  assert.is(await page.evaluate("[...document.querySelectorAll('table')].filter((t) => !t.caption || !t.querySelector('th[scope]')).length"), 0);
  assert.ok(await page.evaluate("document.getElementById('map-img').getAttribute('alt').length > 20"));
});
ui.run();
