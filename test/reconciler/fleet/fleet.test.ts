import type { Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { getStatus } from '../../../reconciler/api/client.js';
import { closeServer, serveStatusApi } from '../../../reconciler/api/server.js';
import type { AgentControl, AgentStatus } from '../../../reconciler/api/types.js';
import { agentAddresses, collectFleet } from '../../../reconciler/fleet/collect.js';
import { fleetRow, renderFleetTable } from '../../../reconciler/fleet/view.js';
import type { HealthSummary } from '../../../reconciler/health/types.js';
import { makeLogger } from '../../../reconciler/log.js';
import { githubReporter } from '../../../reconciler/report/index.js';
import { startForgeServer } from '../../support/forge-server.js';
import { sampleTopology } from '../../support/sample.js';

const C1 = 'c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1';
const health = (up: boolean): HealthSummary => ({
  status: up ? 'healthy' : 'degraded', at: 100, commit: { applied: C1, ok: true }, daemons: [], peersUp: up ? 2 : 1, problems: [],
  peers: [
    { name: 'r4', wireguard: 'up', ospf: 'Full', ospf6: 'Full', bfd: 'up', up: true },
    { name: 'r5', wireguard: up ? 'up' : 'stale', ospf: up ? 'Full' : 'absent', ospf6: up ? 'Full' : 'absent', bfd: up ? 'up' : 'down', up },
  ],
});
const status = (router: string, o: { up?: boolean; suspended?: string } = {}): AgentStatus => ({
  router, now: 400, agent: { pid: 1, startedAt: 'x', version: '0' },
  state: { version: 1, router, applied: { commit: C1, at: 100 }, lastAttempt: { commit: C1, outcome: 'success', at: 100, description: 'ok' }, health: health(o.up ?? true) },
  ...(o.suspended && { suspended: { reason: o.suspended, since: 'x' } }),
});

const view = suite('fleetRow and renderFleetTable');
view('an agent row: applied commit and age, ready, peers, OSPF and BFD counts', () => {
  assert.equal(fleetRow({ router: 'r1', status: status('r1') }), {
    router: 'r1', source: 'agent', applied: { commit: C1, ageS: 300 }, ready: true, peersUp: 2, peersExpected: 2, ospf: '4/4 Full', bfd: '2/2 up',
  });
  const r = fleetRow({ router: 'r2', status: status('r2', { up: false, suspended: 'cabling' }) });
  assert.is(r.ready, false);
  assert.is(r.suspended, 'cabling');
  assert.is(r.ospf, '2/4 Full');
});
view('the table says which rows came from the forge and why', () => {
  const text = renderFleetTable([
    fleetRow({ router: 'r1', status: status('r1') }),
    fleetRow({ router: 'r5', error: 'connect ECONNREFUSED', forge: { context: 'dlan/r5', state: 'success', description: 'applied' } }),
    fleetRow({ router: 'r6', error: 'timed out', forgeError: 'no forge configured' }),
  ]);
  assert.match(text, /^ROUTER\s+SOURCE\s+APPLIED\s+AGE\s+READY\s+SUSPENDED\s+PEERS\s+OSPF\s+BFD\s+MESSAGE$/m);
  assert.match(text, /^r1\s+agent\s+c1c1c1c\s+5m\s+True\s+False\s+2\/2\s+4\/4 Full\s+2\/2 up$/m);
  assert.match(text, /^r5\s+forge\s+-\s+-\s+\(success\)/m);
  assert.match(text, 'r5: from the forge (agent: connect ECONNREFUSED)');
  assert.match(text, 'r6: unknown (agent: timed out; forge: no forge configured)');
});
view.run();

const collect = suite('collectFleet');
collect('asks each router on its loopback addresses; routers that do not answer come from the forge', async () => {
  const topology = await sampleTopology();
  const log = makeLogger({ format: 'json', write: () => {}, now: () => new Date(0) });
  // r1..r4 answer through real status APIs on 127.0.0.1; r5 does not answer.
  const servers: Server[] = [];
  const local = new Map<string, number>();
  const addrs = agentAddresses(topology);
  for (const r of ['r1', 'r2', 'r3', 'r4']) {
    const control = { status: async () => status(r) } as unknown as AgentControl;
    const [s] = await serveStatusApi(control, ['127.0.0.1'], 0, log);
    servers.push(s!);
    local.set((addrs.get(r)![0] as { host: string }).host, (s!.address() as { port: number }).port);
  }
  const token = 'forge-token-xyz';
  const forge = await startForgeServer(token);
  const dir = await mkdtemp(join(tmpdir(), 'dlan-fleet-'));
  try {
    const tokenFile = join(dir, 'token');
    await writeFile(tokenFile, token);
    const target = { forge: 'github' as const, apiUrl: forge.url, owner: 'home', repo: 'net', tokenFile };
    await githubReporter(target).post({ sha: C1, context: 'dlan/r5', outcome: 'success', description: 'applied c1, 4/4 peers up' });
    const asked: string[] = [];
    const rows = await collectFleet({
      topology, forge: { target, ref: C1 }, timeoutMs: 2000,
      ask: (a, ms) => {
        const host = (a as { host: string }).host;
        asked.push(host);
        const port = local.get(host);
        return port ? getStatus({ host: '127.0.0.1', port }, ms) : Promise.reject(new Error(`connect ECONNREFUSED ${host}`));
      },
    });
    assert.equal(rows.map((r) => [r.router, r.source]), [['r1', 'agent'], ['r2', 'agent'], ['r3', 'agent'], ['r4', 'agent'], ['r5', 'forge']]);
    assert.is(rows[4]!.forgeState, 'success');
    assert.ok(asked.includes('10.255.0.5') && asked.includes('fd64:6c61:6e::5'), `r5 was asked on both families: ${asked}`);
    assert.not.ok(asked.includes('fd64:6c61:6e::1'), 'r1 answered on IPv4: IPv6 not asked');
  } finally {
    for (const s of servers) await closeServer(s);
    await forge.close();
    await rm(dir, { recursive: true, force: true });
  }
});
collect.run();
