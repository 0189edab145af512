/**
 * The process bench/page.ts measures: the agent's module graph and its status API on 127.0.0.1,
 * with (`page`) or without (`base`) the home page and the agent's local routes. The other
 * routers are the parent's fake fleet, reached through DLAN_BENCH_PORTS (loopback → port).
 * Commands on stdin: `mem` prints VmRSS and VmHWM in kB. Does nothing when imported.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

async function serve(mode: 'base' | 'page'): Promise<void> {
  // The running agent's modules, loaded in both modes so only the page's share differs.
  await import('../reconciler/agent/agent.js');
  await import('../reconciler/reconcile/index.js');
  const { serveStatusApi } = await import('../reconciler/api/server.js');
  const { makeLogger } = await import('../reconciler/log.js');
  const { loadTopology } = await import('../model/load.js');
  const { readTopologyDir } = await import('../reconciler/source/read-dir.js');
  const { fromPackage } = await import('../reconciler/package-root.js');
  const topology = loadTopology(await readTopologyDir(fromPackage('sample-repo'))).topology!;
  const log = makeLogger({ format: 'json', write: () => {}, now: () => new Date() });
  const now = Math.floor(Date.now() / 1000);
  const control = {
    status: async () => ({ router: 'r1', agent: { pid: process.pid, startedAt: new Date().toISOString(), version: 'bench' }, now: Math.floor(Date.now() / 1000) }),
    reconcileNow: async () => ({ type: 'result' as const, ok: true, outcome: 'noop', description: '' }),
    nudge: () => {}, suspend: async (reason: string) => ({ reason, since: '' }), resume: async () => {},
    events: async () => [], followEvents: () => () => {}, metrics: async () => '',
  };
  let routes;
  if (mode === 'page') {
    const { pageRoutes } = await import('../page/routes.js');
    const { localRoutes } = await import('../reconciler/agent/local/routes.js');
    const { combineRoutes } = await import('../reconciler/api/routes.js');
    const ports = JSON.parse(process.env.DLAN_BENCH_PORTS ?? '{}') as Record<string, number>;
    const empty = { router: 'r1', now };
    routes = combineRoutes(
      localRoutes({ leases: async () => ({ ...empty, devices: [], problems: [] }), links: async () => ({ ...empty, links: [] }), forwards: async () => ({ ...empty, probe: 'tcp-connect from the router', forwards: [] }) }),
      pageRoutes({
        router: 'r1', applied: async () => ({ commit: 'bench', topology }), repo: { url: 'https://example.net/net.git', branch: 'main' }, log,
        resolve: (a) => ('host' in a ? { host: '127.0.0.1', port: ports[a.host] ?? 1 } : a),
      }),
    );
  }
  const [server] = await serveStatusApi(control, ['127.0.0.1'], 0, log, routes);
  console.log((server!.address() as { port: number }).port);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line !== 'mem') continue;
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
    console.log(JSON.stringify({ rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') }));
  }
  process.exit(0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await serve(process.argv[2] === 'page' ? 'page' : 'base');
