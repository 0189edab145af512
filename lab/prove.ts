/**
 * The network model against a running lab (lab/measure.ts): is the model right?
 * - Routes: on every router, for every other router's loopback and LAN, the kernel has an OSPF
 *   route exactly when the model says the destination is reachable, and its next hops are
 *   exactly the first hops of the model's equal-cost shortest paths. Equal next-hop sets at every
 *   router mean equal sets of paths: a path is a chain of next hops.
 * - Pings: a server reaches another LAN's server, and every other router's loopback, exactly
 *   when the model says so, in each family.
 * - Paths: the IPv4 path a ping took (record route), out and back, is one of the model's.
 * Pure: the report lists every disagreement; an empty list is the proof.
 */
import type { Family } from '../model/ip.js';
import { byName, familyName, type NetworkModel } from '../model/network/index.js';
import { AddressPlan } from '../model/address-plan.js';
import { parsePrefix } from '../model/ip.js';
import { canonicalPrefix, type Measurement } from './measure.js';

export interface Disagreement {
  readonly check: 'route' | 'ping' | 'path';
  readonly family: Family;
  readonly at: string;
  readonly to: string;
  readonly model: string;
  readonly measured: string;
}

export interface Proof {
  readonly checked: { readonly routes: number; readonly pings: number; readonly paths: number };
  readonly disagreements: readonly Disagreement[];
}

const hops = (m: NetworkModel, f: Family, from: string, to: string): string[] | undefined => {
  const r = m.route(f, from, to, Number.MAX_SAFE_INTEGER);
  return r.reachable ? [...new Set(r.paths.map((p) => p[1]!))].sort(byName) : undefined;
};

export function prove(m: NetworkModel, measured: Measurement): Proof {
  const t = m.topology;
  const plan = new AddressPlan(parsePrefix(t.network.overlay.ipv4)!, parsePrefix(t.network.overlay.ipv6)!);
  const out: Disagreement[] = [];
  const fib = new Map(measured.fib.map((e) => [`${e.router} ${e.family} ${e.prefix}`, e.nexthops]));
  let routes = 0;
  for (const x of t.routers) {
    for (const b of t.routers) {
      if (b.name === x.name) continue;
      for (const f of [4, 6] as const) {
        const want = hops(m, f, x.name, b.name);
        const lan = m.lan(b.name, f);
        const prefixes = [canonicalPrefix(f === 4 ? plan.loopback4(b.id) : plan.loopback6(b.id), f), ...(lan ? [canonicalPrefix(lan.prefix, f)] : [])];
        for (const prefix of prefixes) {
          routes++;
          const got = fib.get(`${x.name} ${f} ${prefix}`);
          const show = (h: readonly string[] | undefined) => (h ? `next hops ${h.join(', ')}` : 'no route');
          if (show(want) !== show(got)) out.push({ check: 'route', family: f, at: x.name, to: `${b.name} ${prefix}`, model: show(want), measured: show(got) });
        }
      }
    }
  }
  for (const p of measured.pings) {
    const want = m.reachable(p.family, p.fromRouter, p.toRouter) && (p.kind === 'router' || m.lan(p.toRouter, p.family) !== undefined);
    if (want !== p.ok) {
      out.push({ check: 'ping', family: p.family, at: p.from, to: p.to, model: want ? 'reachable' : 'unreachable', measured: p.ok ? 'answered' : 'no answer' });
    }
  }
  let paths = 0;
  for (const p of measured.paths) {
    for (const [leg, from, to] of [[p.out, p.fromRouter, p.toRouter], [p.back, p.toRouter, p.fromRouter]] as const) {
      if (!leg) continue;
      paths++;
      const r = m.route(4, from, to, Number.MAX_SAFE_INTEGER);
      if (!r.paths.some((q) => q.join(' ') === leg.join(' '))) {
        out.push({ check: 'path', family: 4, at: from, to, model: r.reachable ? r.paths.map((q) => q.join(' ')).join(' | ') : 'unreachable', measured: leg.join(' ') || '(none)' });
      }
    }
  }
  return { checked: { routes, pings: measured.pings.length, paths }, disagreements: out };
}

export function renderProof(p: Proof, title: string): string {
  const head = `${title}: ${p.checked.routes} routes, ${p.checked.pings} pings and ${p.checked.paths} recorded paths checked against the model`;
  if (p.disagreements.length === 0) return `${head}: the lab agrees with the model.\n`;
  return [`${head}: ${p.disagreements.length} disagreement(s):`,
    ...p.disagreements.map((d) => `  ${d.check} ${familyName(d.family)} ${d.at} → ${d.to}: model ${d.model}; lab ${d.measured}`), ''].join('\n');
}
