import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { describeAddress } from '../../../../reconciler/api/client.js';
import { listenerSet } from '../../../../reconciler/agent/local/listener-set.js';
import type { Listener } from '../../../../reconciler/agent/local/listeners.js';
import { makeLogger } from '../../../../reconciler/log.js';
import { waitFor } from '../../../../lab/wait.js';

/** Real sockets on the loopback; `missing` hosts fail like an address that is not there yet. */
function harness() {
  const lines: Record<string, unknown>[] = [];
  const log = makeLogger({ format: 'json', write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>), now: () => new Date(0) });
  const missing = new Set<string>();
  const binds: string[] = [];
  const closed: string[] = [];
  const set = listenerSet({
    log, retryMs: 20, maxRetryMs: 80,
    bind: (l) => new Promise<Server>((ok, fail) => {
      binds.push(describeAddress(l));
      if (missing.has(l.host)) return fail(Object.assign(new Error(`listen EADDRNOTAVAIL: address not available ${l.host}`), { code: 'EADDRNOTAVAIL' }));
      const s = createServer((_q, r) => r.end('ok'));
      s.once('error', fail);
      s.listen(l.port, l.host, () => ok(s));
    }),
    close: (s) => new Promise<void>((ok) => { closed.push(String((s.address() as AddressInfo).port)); s.close(() => ok()); }),
  });
  return { set, lines, missing, binds, closed };
}

const l = (host: string, port: number, role: Listener['role'] = 'overlay'): Listener => ({ host, port, role });
const get = async (port: number) => (await fetch(`http://127.0.0.1:${port}/`)).text();

const t = suite('listener set');

t('a run that wants the same listeners binds nothing again: the API never drops', async () => {
  const h = harness();
  const free = await freePorts(2);
  await h.set.sync([l('127.0.0.1', free[0]!), l('127.0.0.1', free[1]!)]);
  await h.set.sync([l('127.0.0.1', free[0]!), l('127.0.0.1', free[1]!)]);
  assert.is(h.binds.length, 2);
  assert.equal(h.closed, []);
  assert.is(await get(free[0]!), 'ok');
  // One no longer wanted is closed; the other stays as it was.
  await h.set.sync([l('127.0.0.1', free[1]!)]);
  assert.equal(h.closed, [String(free[0])]);
  assert.equal(h.set.listening(), [`127.0.0.1:${free[1]}`]);
  await h.set.close();
});

t('one that fails is logged and retried on its own until it binds; the others keep serving', async () => {
  const h = harness();
  const free = await freePorts(1);
  h.missing.add('::1');
  await h.set.sync([l('127.0.0.1', free[0]!), l('::1', free[0]!, 'lan')]);
  assert.equal(h.set.listening(), [`127.0.0.1:${free[0]}`]);
  const refused = h.lines.filter((x) => x.event === 'status-api-unavailable');
  assert.is(refused.length, 1);
  assert.equal([refused[0]!.listen, refused[0]!.role], [`[::1]:${free[0]}`, 'lan']);
  await waitFor('a few retries', () => h.binds.filter((b) => b === `[::1]:${free[0]}`).length >= 3, { timeoutMs: 10_000 });
  // The address appears (DAD done): the next retry binds it, without touching the first one.
  h.missing.delete('::1');
  await waitFor('[::1] bound', () => h.set.listening().length === 2, { timeoutMs: 10_000 });
  assert.equal(h.closed, []);
  assert.is(h.binds.filter((b) => b.startsWith('127.0.0.1')).length, 1);
  const retries = h.lines.filter((x) => x.event === 'status-api-unavailable').map((x) => x.retryInMs as number);
  assert.equal(retries.slice(0, 4), [20, 40, 80, 80].slice(0, Math.min(4, retries.length)), 'the delay doubles up to its cap');
  await h.set.close();
});

t('close stops the retries', async () => {
  const h = harness();
  const free = await freePorts(1);
  h.missing.add('127.0.0.1');
  await h.set.sync([l('127.0.0.1', free[0]!)]);
  await h.set.close();
  const n = h.binds.length;
  await new Promise((r) => setTimeout(r, 200));
  assert.is(h.binds.length, n);
});

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<Server>((ok) => { const s = createServer(); s.listen(0, '127.0.0.1', () => ok(s)); })));
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))));
  return ports;
}

t.run();
