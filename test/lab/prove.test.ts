import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AddressPlan } from '../../model/address-plan.js';
import { parsePrefix } from '../../model/ip.js';
import { NetworkModel } from '../../model/network/index.js';
import { canonicalPrefix, type FibEntry, legs, type Measurement, parseOspfRoutes } from '../../lab/measure.js';
import { prove, renderProof } from '../../lab/prove.js';
import { quietSeconds } from '../../lab/stability.js';
import { sampleTopology } from '../support/sample.js';

/** What a lab that behaves exactly like the model would measure (no pings or paths: routes only). */
function perfectFib(m: NetworkModel): FibEntry[] {
  const t = m.topology;
  const plan = new AddressPlan(parsePrefix(t.network.overlay.ipv4)!, parsePrefix(t.network.overlay.ipv6)!);
  const out: FibEntry[] = [];
  for (const x of t.routers) for (const b of t.routers) for (const f of [4, 6] as const) {
    if (x === b) continue;
    const r = m.route(f, x.name, b.name, 100);
    if (!r.reachable) continue;
    const nexthops = [...new Set(r.paths.map((p) => p[1]!))].sort();
    out.push({ router: x.name, family: f, prefix: canonicalPrefix(f === 4 ? plan.loopback4(b.id) : plan.loopback6(b.id), f), nexthops });
    const lan = m.lan(b.name, f);
    if (lan) out.push({ router: x.name, family: f, prefix: canonicalPrefix(lan.prefix, f), nexthops });
  }
  return out;
}

const p = suite('prove');
p('a lab that routes as the model says agrees; one wrong next hop, a lost ping and a path off the model are each reported', async () => {
  const m = new NetworkModel(await sampleTopology());
  const fib = perfectFib(m);
  const good: Measurement = {
    fib,
    pings: [{ family: 4, from: 's1', fromRouter: 'r1', to: 's2', toRouter: 'r2', kind: 'lan', ok: true }],
    paths: [{ from: 's1', fromRouter: 'r1', to: 's2', toRouter: 'r2', out: ['r1', 'r5', 'r2'], back: ['r2', 'r4', 'r1'] }],
  };
  const ok = prove(m, good);
  assert.equal(ok.disagreements, []);
  assert.is(ok.checked.routes, fib.length, 'every route the model expects was looked for');
  assert.match(renderProof(ok, 'sample'), 'the lab agrees with the model');

  const r1ToR2 = fib.find((e) => e.router === 'r1' && e.family === 6 && e.prefix === 'fd00:2::/64')!;
  const bad: Measurement = {
    fib: fib.map((e) => (e === r1ToR2 ? { ...e, nexthops: ['r4'] } : e)),
    pings: [{ family: 6, from: 's1', fromRouter: 'r1', to: 'r4', toRouter: 'r4', kind: 'router', ok: false }],
    paths: [{ from: 's1', fromRouter: 'r1', to: 's2', toRouter: 'r2', out: ['r1', 'r3', 'r2'] }],
  };
  const d = prove(m, bad).disagreements;
  assert.equal(d.map((x) => `${x.check} ${x.family} ${x.at} → ${x.to}: ${x.model} / ${x.measured}`), [
    'route 6 r1 → r2 fd00:2::/64: next hops r4, r5 / next hops r4',
    'ping 6 s1 → r4: reachable / no answer',
    'path 4 r1 → r2: r1 r4 r2 | r1 r5 r2 / r1 r3 r2',
  ]);
});

const parse = suite('parseOspfRoutes, legs');
parse('ECMP and single routes of ip -j route, links named by peer', () => {
  const json = JSON.stringify([
    { dst: '10.2.0.0/24', protocol: 'ospf', metric: 20, nexthops: [{ gateway: '10.255.128.1', dev: 'dl4', weight: 1 }, { gateway: '10.255.128.9', dev: 'dl5', weight: 1 }] },
    { dst: '10.255.0.4', gateway: '10.255.128.1', dev: 'dl4', protocol: 'ospf', metric: 10 },
  ]);
  assert.equal(parseOspfRoutes('r1', 4, json, (id) => `r${id}`), [
    { router: 'r1', family: 4, prefix: '10.2.0.0/24', nexthops: ['r4', 'r5'] },
    { router: 'r1', family: 4, prefix: '10.255.0.4/32', nexthops: ['r4'] },
  ]);
  assert.equal(parseOspfRoutes('r1', 6, '', () => undefined), []);
  assert.is(canonicalPrefix('fd64:6c61:6e::4', 6), 'fd64:6c61:6e::4/128');
});
parse('a recorded route splits at the destination, and a route cut short has no back leg', () => {
  const routers = new Set(['r1', 'r2', 'r4']);
  assert.equal(legs(['s1', 'r1', 'r4', 'r2', 's2', 'r2', 'r4', 'r1', 's1'], 's1', 's2', routers), { out: ['r1', 'r4', 'r2'], back: ['r2', 'r4', 'r1'] });
  assert.equal(legs(['s1', 'r1', 'r4', 'r2', 's2', 'r2', 'r4', 'r1'], 's1', 's2', routers), { out: ['r1', 'r4', 'r2'] });
  assert.equal(legs(['s1', 'r1'], 's1', 's2', routers), {});
});
parse('quietSeconds: the shortest BFD uptime of the lab, 0 when a session is not up', () => {
  const up = (s: number) => ({ peer: 'fe80::1', status: 'up', uptime: s });
  assert.is(quietSeconds([JSON.stringify([up(40), up(12)]), JSON.stringify([up(30)])]), 12);
  assert.is(quietSeconds([JSON.stringify([up(40), { peer: 'x', status: 'down', downtime: 3 }])]), 0);
  assert.is(quietSeconds(['', '[]']), Infinity, 'no session: nothing went down');
});
p.run();
parse.run();
