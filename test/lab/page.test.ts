/**
 * The sample network in a lab with `dlan agent` in every router; headless Chromium runs inside
 * server s3's network namespace (nsenter; the browser keeps the host's files):
 *  - s3 resolves dlan.lan, with its own resolver (r1's dnsmasq), to r1's LAN address;
 *  - the page at http://dlan.lan/ lists all seven servers with their names and addresses (as
 *    DHCP gave them), static leases marked; the forwards table lists the sample's forwards;
 *  - stopping r5 (every process in its namespace) turns its four links red, on the map and in the
 *    links table, within seconds (printed);
 *  - the internet host reaches neither the status API nor the page on the public routers.
 * Screenshots of each view go to dist/test-output/page-lab/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import type { ServerAddresses } from '../../lab/dhcp.js';
import { enterArgs, execInNode, nodeOf, type Lab } from '../../lab/node.js';
import { labPaths } from '../../lab/paths.js';
import { run } from '../../lab/run.js';
import { labUp } from '../../lab/up.js';
import { EDGE_COLOURS } from '../../graph/svg.js';
import { type Browser, launchBrowser } from '../support/browser.js';
import { fromRoot, sampleRepo } from '../support/paths.js';

const prefix = `dlp${process.pid}`;
const paths = labPaths(prefix);
const OUT = fromRoot('dist', 'test-output', 'page-lab');
const WAIT = { timeout: 60_000 };
const count = (selector: string, op: string) => `document.querySelectorAll(${JSON.stringify(selector)}).length ${op}`;

process.on('exit', () => {
  if (existsSync(paths.dir)) execFileSync(process.execPath, [fromRoot('dist', 'cli', 'dlan.js'), 'lab', 'down', '--prefix', prefix], { stdio: 'inherit' });
});

const ctx = {} as { lab: Lab; servers: Map<string, ServerAddresses>; browser: Browser; page: Page; r1Lan: string };

const lab = suite('lab: the home page, from server s3');
lab.before(async () => {
  mkdirSync(OUT, { recursive: true });
  const up = await labUp({ topology: sampleRepo, prefix, agents: { interval: '2s', jitter: '1s' }, progress: (l) => { if (!l.startsWith(' ')) console.log(`  lab up: ${l}`); } });
  ctx.lab = up.lab;
  ctx.servers = new Map(up.servers!.map((s) => [s.node, s]));
  // s3's own resolver (its resolv.conf, in its mount namespace) asks r1's dnsmasq.
  ctx.r1Lan = (await execInNode(ctx.lab, 's3', ['dig', '+short', 'dlan.lan', 'A'])).stdout.trim();
  // In s3's network namespace, with the host's files (the profile dir); the host's resolv.conf is
  // not s3's, so dlan.lan is mapped to what s3's own resolver said (checked below) and the Host
  // header stays dlan.lan.
  ctx.browser = await launchBrowser({ wrap: ['nsenter', ...enterArgs(ctx.lab, 's3', { mounts: false })], args: [`--host-resolver-rules=MAP dlan.lan ${ctx.r1Lan}`] });
  ctx.page = await ctx.browser.context.newPage();
  ctx.page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
});
lab.after(async () => {
  await ctx.browser?.close();
  await run(process.execPath, [fromRoot('dist', 'cli', 'dlan.js'), 'lab', 'down', '--prefix', prefix], { check: false });
});

lab('s3 resolves dlan.lan to its router\'s LAN address', () => {
  assert.is(ctx.r1Lan, '10.1.0.1');
});

lab('devices: all seven servers with names and addresses, static leases marked', async () => {
  await ctx.page.goto('http://dlan.lan/#devices', WAIT);
  await ctx.page.waitForFunction(count('#devices-table tbody tr[data-router]', '>= 7'), undefined, WAIT);
  const rows = await ctx.page.evaluate(`[...document.querySelectorAll('#devices-table tbody tr')].map((r) => [r.dataset.static, ...[...r.children].map((c) => c.innerText.trim())])`) as string[][];
  const byName = new Map(rows.map((r) => [r[1], r]));
  for (const [name, s] of ctx.servers) {
    const row = byName.get(name);
    assert.ok(row, `${name} listed`);
    assert.match(row![2]!, s.ipv4[0]!, `${name}: ${s.ipv4[0]}`);
    assert.is(row![0], String(['s1', 's2', 's5'].includes(name)), `${name} static?`);
  }
  await ctx.page.screenshot({ path: `${OUT}/devices.png`, fullPage: true });
});

lab('the same API on the overlay loopback: the fleet rows of all five routers', async () => {
  const other = await ctx.browser.context.newPage();
  const answer = await other.goto('http://10.255.0.1:9477/api/fleet', WAIT);
  const rows = await answer!.json() as { router: string; source: string }[];
  await other.close();
  assert.equal(rows.map((r) => [r.router, r.source]), [['r1', 'agent'], ['r2', 'agent'], ['r3', 'agent'], ['r4', 'agent'], ['r5', 'agent']]);
});

lab('forwards: the sample\'s forwards with their backends', async () => {
  await ctx.page.goto(`http://dlan.lan/#forwards`, WAIT);
  await ctx.page.waitForFunction(count('#forwards-table tbody tr[data-service]', '>= 7'), undefined, WAIT);
  const text = await ctx.page.innerText('#forwards-table tbody');
  for (const s of ['r4:80/tcp', 'r4:443/tcp', 'r4:27015/udp', 'r5:80/tcp', 'r5:443/tcp', 'r5:2222/tcp']) assert.match(text, s);
  await ctx.page.screenshot({ path: `${OUT}/forwards.png`, fullPage: true });
  for (const v of ['routers', 'history']) {
    await ctx.page.goto(`http://dlan.lan/#${v}`, WAIT);
    await ctx.page.waitForFunction(count(`#${v}-table tbody tr[data-router]`, '> 0'), undefined, WAIT);
    await ctx.page.screenshot({ path: `${OUT}/${v}.png`, fullPage: true });
  }
});

lab('the internet host reaches neither the status API nor the page', async () => {
  for (const host of ['203.0.113.4', '198.51.100.5']) {
    const get = (port: number) => execInNode(ctx.lab, 'client', ['sh', '-c', `printf 'GET /api/page HTTP/1.0\\r\\nHost: dlan.lan\\r\\n\\r\\n' | socat -t3 -T3 - TCP:${host}:${port},connect-timeout=2`], { check: false });
    const api = await get(9477);
    assert.not.ok(api.code === 0 && api.stdout.includes('HTTP/'), `${host}:9477 answered the internet`);
    // Port 80 there is the web forward (to s1), never the page.
    const web = await get(80);
    assert.not.match(web.stdout, '"servedBy"', `${host}:80 served the page`);
  }
});

lab('stopping r5 turns its links red within seconds', async () => {
  await ctx.page.goto(`http://dlan.lan/#map`, WAIT);
  await ctx.page.waitForFunction(count('#links-table tbody tr[data-state="full"]', '=== 8'), undefined, WAIT);
  const src = await ctx.page.getAttribute('#map-img', 'src');
  await ctx.page.screenshot({ path: `${OUT}/map.png`, fullPage: true });
  const netns = nodeOf(ctx.lab, 'r5').netns;
  const pids = (await run('ip', ['netns', 'pids', netns])).stdout.split(/\s+/).filter(Boolean).map(Number);
  const t0 = performance.now();
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e; // a command the agent ran, ended meanwhile
    }
  }
  await ctx.page.waitForFunction(count('#links-table tbody tr[data-state="down"]', '=== 4'), undefined, WAIT);
  console.log(`  r5 stopped → its links red on the page: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  assert.equal(await ctx.page.evaluate(`[...document.querySelectorAll('#links-table tr[data-state="down"]')].map((r) => r.dataset.link)`), ['r1-r5', 'r2-r5', 'r3-r5', 'r4-r5']);
  await ctx.page.waitForFunction(`document.getElementById('map-img').getAttribute('src') !== ${JSON.stringify(src)}`, undefined, WAIT);
  const svg = await ctx.page.evaluate(`fetch(document.getElementById('map-img').getAttribute('src')).then((r) => r.text())`) as string;
  assert.is(svg.split(`stroke="${EDGE_COLOURS.down}"`).length - 1, 4 + 1, 'four red links and the legend\'s sample');
  await ctx.page.screenshot({ path: `${OUT}/map-r5-down.png`, fullPage: true });
});
lab.run();
