/** The routes an agent adds, assembled from agent.yaml, before its first apply: they answer and say why they have nothing. */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { agentReadOnlyRoutes } from '../../page/agent-routes.js';
import { call } from '../../reconciler/api/client.js';
import { closeServer, serveStatusApi } from '../../reconciler/api/server.js';
import type { AgentControl } from '../../reconciler/api/types.js';
import type { AgentConfig } from '../../reconciler/agent-config.js';
import { localHost } from '../../reconciler/host.js';
import { makeLogger } from '../../reconciler/log.js';

const routes = suite('agentReadOnlyRoutes');
let dir = '';
let server: Server | undefined;
routes.before.each(async () => { dir = await mkdtemp(join(tmpdir(), 'dlan-ar-')); });
routes.after.each(async () => { if (server) await closeServer(server); await rm(dir, { recursive: true, force: true }); });

routes('before the first apply: /v1/leases says nothing is applied, the page is 503 NotReady, naming the router', async () => {
  const config = { router: 'r1', stateDir: dir, repo: { url: 'https://example.net/net.git', branch: 'main' } } as unknown as AgentConfig;
  const log = makeLogger({ format: 'json', write: () => {}, now: () => new Date(0) });
  const r = agentReadOnlyRoutes({ config, host: localHost({ rootDir: dir }), log });
  const control = { status: async () => ({ router: 'r1', agent: { pid: 1, startedAt: '', version: '' }, now: 0 }) } as unknown as AgentControl;
  [server] = await serveStatusApi(control, ['127.0.0.1'], 0, log, r.routes);
  const a = { host: '127.0.0.1', port: (server!.address() as { port: number }).port };
  assert.equal(JSON.parse(await call(a, 'GET', '/v1/leases')).problems, ['nothing applied yet']);
  try {
    await call(a, 'GET', '/api/page');
    assert.unreachable();
  } catch (e) {
    assert.is((e as { data: { status: number } }).data.status, 503);
    assert.match((e as Error).message, 'r1 has not applied a commit yet');
  }
  assert.is(await r.applied(), undefined);
});
routes.run();
