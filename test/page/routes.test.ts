/** The page's routes over real HTTP on 127.0.0.1, against the fake fleet's five in-memory agents. */
import { request } from 'node:http';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { getStatus } from '../../reconciler/api/client.js';
import { collectFleet } from '../../reconciler/fleet/collect.js';
import type { PageData } from '../../page/types.js';
import { EDGE_COLOURS } from '../../graph/svg.js';
import { type FakeFleet, fakeFleet } from '../support/page-fleet.js';

function get(port: number, path: string, host = 'dlan.lan'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => ok({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}
const json = async <T>(port: number, path: string): Promise<T> => {
  const r = await get(port, path);
  assert.is(r.status, 200, `${path}: ${r.body}`);
  return JSON.parse(r.body) as T;
};

const routes = suite('page routes (real HTTP, five in-memory agents)');
let fleet: FakeFleet;
routes.before.each(async () => { fleet = await fakeFleet(); });
routes.after.each(async () => { await fleet.close(); });

routes('GET /api/fleet is the same rows `dlan status --fleet --json` prints', async () => {
  const rows = await json<unknown[]>(fleet.port('r1'), '/api/fleet');
  const cli = await collectFleet({ topology: fleet.topology, ask: (a, ms) => getStatus(fleet.resolve(a), ms) });
  assert.equal(rows, JSON.parse(JSON.stringify(cli)));
  assert.is(rows.length, 5);
});

routes('devices: all seven servers with names and addresses, static leases marked, from every router', async () => {
  const d = await json<PageData>(fleet.port('r1'), '/api/page');
  const servers = d.devices.filter((x) => x.name?.startsWith('s')).map((x) => [x.name, x.router, x.static, x.ipv4[0]]);
  assert.equal(servers, [
    ['s1', 'r1', true, '10.1.0.10'], ['s3', 'r1', false, '10.1.0.142'], ['s2', 'r2', true, '10.2.0.10'], ['s4', 'r2', false, '10.2.0.117'],
    ['s5', 'r3', true, '10.3.0.10'], ['s6', 'r3', false, '10.3.0.155'], ['s7', 'r3', false, '10.3.0.131'],
  ]);
  const s3 = d.devices.find((x) => x.name === 's3')!;
  assert.equal([s3.mac, s3.ipv6, s3.dnsNames, s3.leaseAgeS, s3.site], ['02:00:00:00:01:03', ['fd00:1::1f3a'], ['s3.r1.lan'], 1260, 'home']);
  assert.equal(d.devices.find((x) => x.name === 's1')!.file, { path: 'routers/r1.yaml', view: `https://git.example.net/home/network/src/commit/${d.commit}/routers/r1.yaml`, edit: 'https://git.example.net/home/network/_edit/main/routers/r1.yaml' });
});

routes('forwards: every public router:port with its backends\' probed health, and how health is found', async () => {
  const f = await json<PageData['forwards']>(fleet.port('r1'), '/api/forwards');
  assert.equal(f.map((x) => `${x.router}:${x.port}/${x.protocol} ${x.service} → ${x.backends.map((b) => `${b.name}:${b.health}`).join(',')}`), [
    'r4:80/tcp web → s1:up', 'r4:443/tcp web → s1:up', 'r4:27015/udp game → s5:unknown',
    'r5:80/tcp web → s1:up', 'r5:443/tcp web → s1:up', 'r5:2222/tcp ssh → s2:up,s5:down',
  ]);
  assert.match((await json<PageData>(fleet.port('r1'), '/api/page')).probe, 'TCP connect');
});

routes('a router going down: its row says so, its links turn down, the map draws them red', async () => {
  const before = await json<PageData>(fleet.port('r1'), '/api/page');
  assert.ok(before.links.every((l) => l.state === 'full'));
  const redBefore = (await get(fleet.port('r1'), `/api/map.svg?v=${before.mapVersion}`)).body.split(`stroke="${EDGE_COLOURS.down}"`).length - 1;
  await fleet.down('r5');
  await new Promise((r) => setTimeout(r, 300)); // past the page's 200 ms cache
  const after = await json<PageData>(fleet.port('r1'), '/api/page');
  const r5 = after.links.filter((l) => l.a === 'r5' || l.b === 'r5');
  assert.equal(r5.map((l) => l.state), ['down', 'down', 'down', 'down']);
  assert.ok(after.links.filter((l) => l.a !== 'r5' && l.b !== 'r5').every((l) => l.state === 'full'));
  assert.is(after.rows.find((r) => r.router === 'r5')!.source, 'none');
  assert.is.not(after.mapVersion, before.mapVersion);
  const svg = (await get(fleet.port('r1'), `/api/map.svg?v=${after.mapVersion}`)).body;
  // Four links drawn red, plus the legend's red sample (present before too).
  assert.is(svg.split(`stroke="${EDGE_COLOURS.down}"`).length - 1, redBefore + 4);
  assert.equal(after.forwards.filter((x) => x.router === 'r5').map((x) => x.backends[0]!.error), ['r5 did not answer', 'r5 did not answer', 'r5 did not answer']);
});

routes('the stream sends the page at once and again when it changes', async () => {
  const events: PageData[] = [];
  const req = request({ host: '127.0.0.1', port: fleet.port('r1'), path: '/api/stream', headers: { host: '10.1.0.1' } }, (res) => {
    assert.match(String(res.headers['content-type']), 'text/event-stream');
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (d: string) => {
      buf += d;
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (block.startsWith('event: page\n')) events.push(JSON.parse(block.slice(block.indexOf('data: ') + 6)) as PageData);
      }
    });
  });
  req.end();
  try {
    const deadline = Date.now() + 10_000;
    while (events.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.is(events[0]?.rows.length, 5);
    await fleet.down('r2');
    while (events.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.is(events[1]?.rows.find((r) => r.router === 'r2')?.source, 'none');
  } finally {
    req.destroy();
  }
});

routes('the page, its script and style: no login, strict CSP, semantic skeleton; a foreign Host is refused', async () => {
  const html = await get(fleet.port('r1'), '/');
  assert.is(html.status, 200);
  assert.match(String(html.headers['content-security-policy']), "script-src 'self'");
  for (const s of ['<html lang="en">', '<meta name="viewport"', '<label for="device-search">', '<th scope="col">', '<caption>', 'src="/app.js"']) assert.match(html.body, s);
  assert.match((await get(fleet.port('r1'), '/app.js')).body, 'EventSource');
  assert.match(String((await get(fleet.port('r1'), '/app.css')).headers['content-type']), 'text/css');
  const foreign = await get(fleet.port('r1'), '/api/page', 'attacker.example');
  assert.is(foreign.status, 421);
  assert.is((await get(fleet.port('r1'), '/api/nothing')).status, 404);
});

routes('an agent answers its own leases, links and forwards on /v1 (what the page gathers)', async () => {
  const leases = await json<{ router: string; devices: { name?: string }[] }>(fleet.port('r3'), '/v1/leases');
  assert.equal(leases.devices.map((d) => d.name), ['s5', 's6', 's7']);
  assert.is((await json<{ links: unknown[] }>(fleet.port('r3'), '/v1/links')).links.length, 3);
  assert.equal((await json<{ forwards: unknown[] }>(fleet.port('r3'), '/v1/forwards')).forwards, []);
  // r3 serves no page: its listener has only the agent's routes.
  assert.is((await get(fleet.port('r3'), '/')).status, 404);
});
routes.run();
