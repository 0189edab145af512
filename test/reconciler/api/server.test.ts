import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call, events, getStatus, nudge, reconcileNow, resume, suspend } from '../../../reconciler/api/client.js';
import { closeServer, serveControlSocket, serveStatusApi } from '../../../reconciler/api/server.js';
import type { AgentControl, ReconcileLine, Suspension } from '../../../reconciler/api/types.js';
import type { DlanEvent } from '../../../reconciler/events/journal.js';
import { makeLogger } from '../../../reconciler/log.js';

/** A real, in-memory agent surface: it records what it was asked and answers like the agent. */
function memoryAgent() {
  const asked: string[] = [];
  let suspended: Suspension | undefined;
  const followers = new Set<(e: DlanEvent) => void>();
  const journal: DlanEvent[] = [{ time: '2026-01-01T00:00:00.000Z', router: 'r1', kind: 'reconcile', outcome: 'success', commit: 'c1' }];
  const control: AgentControl = {
    async status() { return { router: 'r1', ...(suspended && { suspended }), agent: { pid: 1, startedAt: 'x', version: '0' }, now: 1 }; },
    async reconcileNow(reason, progress) {
      asked.push(`reconcile:${reason}`);
      progress({ type: 'progress', event: 'fetched', fields: { commit: 'c2' } });
      const e: DlanEvent = { time: '2026-01-01T00:01:00.000Z', router: 'r1', kind: 'reconcile', outcome: 'success', commit: 'c2' };
      journal.push(e);
      for (const f of followers) f(e);
      return { type: 'result', ok: true, outcome: 'success', commit: 'c2', description: 'applied c2' };
    },
    nudge(reason) { asked.push(`nudge:${reason}`); },
    async suspend(reason) { suspended = { reason, since: 'now' }; return suspended; },
    async resume() { suspended = undefined; },
    async events(f) { return journal.filter((e) => !f.since || Date.parse(e.time) >= f.since.getTime()); },
    followEvents(on) { followers.add(on); return () => followers.delete(on); },
    async metrics() { return '# HELP dlan_suspended x\n# TYPE dlan_suspended gauge\ndlan_suspended 0\n'; },
  };
  return { control, asked };
}

const log = makeLogger({ format: 'json', write: () => {}, now: () => new Date(0) });
const api = suite('agent API: control socket and status API');
let dir = '';
let servers: Server[] = [];
api.before.each(async () => { dir = await mkdtemp(join(tmpdir(), 'dlan-api-')); servers = []; });
api.after.each(async () => { for (const s of servers) await closeServer(s); await rm(dir, { recursive: true, force: true }); });

api('the control socket is root-only and does everything: status, suspend, resume, reconcile with progress', async () => {
  const { control, asked } = memoryAgent();
  const path = join(dir, 'agent.sock');
  servers.push(await serveControlSocket(control, path, log));
  assert.is((await stat(path)).mode & 0o777, 0o600);
  const a = { socketPath: path };
  assert.is((await getStatus(a)).router, 'r1');
  assert.equal(await suspend(a, 'moving the box'), { reason: 'moving the box', since: 'now' });
  assert.is((await getStatus(a)).suspended?.reason, 'moving the box');
  await resume(a);
  assert.is((await getStatus(a)).suspended, undefined);
  const progress: ReconcileLine[] = [];
  const result = await reconcileNow(a, (l) => progress.push(l));
  assert.equal(progress, [{ type: 'progress', event: 'fetched', fields: { commit: 'c2' } }]);
  assert.is(result.commit, 'c2');
  assert.equal(asked, ['reconcile:reconcile-now']);
});

api('a stale socket file from a killed agent is replaced', async () => {
  const path = join(dir, 'agent.sock');
  servers.push(await serveControlSocket(memoryAgent().control, path, log));
  await closeServer(servers.pop()!);
  servers.push(await serveControlSocket(memoryAgent().control, path, log));
  assert.is((await getStatus({ socketPath: path })).router, 'r1');
});

api('the status API is read-only but takes a content-free nudge', async () => {
  const { control, asked } = memoryAgent();
  servers.push(...(await serveStatusApi(control, ['127.0.0.1'], 0, log)));
  const port = (servers[0]!.address() as { port: number }).port;
  const a = { host: '127.0.0.1', port };
  assert.is((await getStatus(a)).router, 'r1');
  assert.match(await call(a, 'GET', '/metrics'), 'dlan_suspended 0');
  for (const path of ['/v1/suspend', '/v1/resume', '/v1/reconcile']) {
    try {
      await call(a, 'POST', path, { body: { reason: 'x' } });
      assert.unreachable(path);
    } catch (e) {
      assert.is((e as { code: string }).code, 'AgentRefused', path);
      assert.is((e as { data: { status: number } }).data.status, 403, path);
    }
  }
  await nudge(a);
  assert.equal(asked, ['nudge:nudge']);
});

api('events: a filtered list, or a stream that follows new events', async () => {
  const { control } = memoryAgent();
  const path = join(dir, 'agent.sock');
  servers.push(await serveControlSocket(control, path, log));
  const a = { socketPath: path };
  assert.equal((await events(a, {})).map((e) => e.commit), ['c1']);
  assert.equal((await events(a, { since: '2026-01-01T00:00:30Z' })), []);
  const seen: string[] = [];
  const following = events(a, { follow: true }, (e) => seen.push(e.commit!));
  while (seen.length < 1) await new Promise((r) => setTimeout(r, 20));
  await reconcileNow(a, () => {});
  while (seen.length < 2) await new Promise((r) => setTimeout(r, 20));
  assert.equal(seen, ['c1', 'c2']);
  await closeServer(servers.pop()!);
  await following.catch(() => undefined); // the stream ends when the server closes: that is the point here
});

api('bad input is a 400 naming the problem, unknown routes 404', async () => {
  const path = join(dir, 'agent.sock');
  servers.push(await serveControlSocket(memoryAgent().control, path, log));
  const a = { socketPath: path };
  for (const [method, route, status] of [['GET', '/v1/events?since=yesterday', 400], ['GET', '/nope', 404]] as const) {
    try {
      await call(a, method, route);
      assert.unreachable(route);
    } catch (e) {
      assert.is((e as { data: { status: number } }).data.status, status, route);
    }
  }
});

api('an agent that does not answer is AgentUnreachable naming the address', async () => {
  try {
    await getStatus({ socketPath: join(dir, 'none.sock') });
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code: string }).code, 'AgentUnreachable');
    assert.match((e as Error).message, 'none.sock');
  }
});
api.run();
