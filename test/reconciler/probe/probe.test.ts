import { createServer } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cached } from '../../../reconciler/probe/cache.js';
import { parsePingRtt } from '../../../reconciler/probe/ping.js';
import { boundedMap, tcpConnect } from '../../../reconciler/probe/tcp.js';

const probe = suite('probes: ping parsing, TCP connect, cache, bounded map');
probe('ping\'s summary line gives the average round trip; no reply gives none', () => {
  assert.is(parsePingRtt('--- 10.255.128.1 ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 0ms\nrtt min/avg/max/mdev = 0.045/0.051/0.060/0.004 ms\n'), 0.051);
  assert.is(parsePingRtt('1 packets transmitted, 0 received, 100% packet loss, time 0ms\n'), undefined);
});
probe('a TCP connect finds a listener up and a closed port down with its reason', async () => {
  const server = createServer((s) => s.destroy());
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  const up = await tcpConnect('127.0.0.1', port, 2000);
  assert.is(up.ok, true);
  assert.type(up.ms, 'number');
  await new Promise<void>((ok) => server.close(() => ok()));
  assert.equal(await tcpConnect('127.0.0.1', port, 2000), { ok: false, error: 'ECONNREFUSED' });
});
probe('cached: one computation for callers within the period, a new one after, none kept on failure', async () => {
  let now = 0;
  let calls = 0;
  const c = cached(async () => ++calls, 1000, () => now);
  assert.equal(await Promise.all([c.get(), c.get(), c.get()]), [1, 1, 1]);
  now = 999;
  assert.is(await c.get(), 1);
  now = 1000;
  assert.is(await c.get(), 2);
  let fail = true;
  const f = cached(async () => { if (fail) throw new Error('down'); return 'up'; }, 1000, () => now);
  try { await f.get(); assert.unreachable(); } catch (e) { assert.is((e as Error).message, 'down'); }
  fail = false;
  assert.is(await f.get(), 'up');
});
probe('boundedMap keeps order and never runs more than the limit at once', async () => {
  let running = 0;
  let peak = 0;
  const out = await boundedMap([5, 1, 4, 2, 3], 2, async (n) => {
    running += 1; peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, n));
    running -= 1;
    return n * 10;
  });
  assert.equal(out, [50, 10, 40, 20, 30]);
  assert.is(peak, 2);
});
probe.run();
