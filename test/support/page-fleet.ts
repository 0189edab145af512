/**
 * A fleet of in-memory agents for the page's tests, the screenshot generator and the bench: the
 * sample network's five routers, each a real HTTP status API on 127.0.0.1 (api/server.ts with the
 * agent's local routes), answering like a running agent: health of every peering, devices from a
 * realistic dnsmasq lease file (the sample's static leases plus dynamic s3, s4, s6, s7, as in the
 * lab), link round trips, forwards with probed backends, a few reconciles. `resolve` maps the
 * routers' overlay loopbacks to those ports, so the page's real collection code asks them.
 * `down(r)` stops a router the way the lab does: its API goes away and its peers see its links
 * fail (BFD down, OSPF gone, no ping reply).
 */
import type { Server } from 'node:http';
import { addressPlanOf } from '../../model/address-plan.js';
import type { Topology } from '../../model/model.js';
import { slice, sliceIndex } from '../../model/slice.js';
import type { AgentAddress } from '../../reconciler/api/client.js';
import { combineRoutes, type Routes } from '../../reconciler/api/routes.js';
import { closeServer, serveStatusApi } from '../../reconciler/api/server.js';
import type { AgentControl, AgentStatus } from '../../reconciler/api/types.js';
import { localRoutes } from '../../reconciler/agent/local/routes.js';
import type { ForwardsAnswer, LeasesAnswer, LinksAnswer, LocalInfo } from '../../reconciler/agent/local/types.js';
import { routerDevices } from '../../reconciler/devices/devices.js';
import { parseLeases } from '../../reconciler/devices/leases.js';
import type { DlanEvent } from '../../reconciler/events/journal.js';
import type { AppliedTopology } from '../../reconciler/agent/applied-topology.js';
import type { PeerHealth } from '../../reconciler/health/types.js';
import { makeLogger } from '../../reconciler/log.js';
import { pageRoutes, type PageOptions } from '../../page/routes.js';
import { sampleTopology } from './sample.js';

export const FLEET_NOW = 1767258000; // 2026-01-01T09:00:00Z
export const FLEET_COMMIT = '4be1c0de5a1f7d2e9c3b8a6f0e1d2c3b4a5f6e7d';
const iso = (unix: number) => new Date(unix * 1000).toISOString();

/** The lab's dynamic servers: name → router (lab.yaml), with MACs like the lab's. */
const DYNAMIC: Record<string, { router: string; mac: string; v4: string; v6: string; renewedAgo: number }> = {
  s3: { router: 'r1', mac: '02:00:00:00:01:03', v4: '10.1.0.142', v6: 'fd00:1::1f3a', renewedAgo: 1260 },
  s4: { router: 'r2', mac: '02:00:00:00:02:04', v4: '10.2.0.117', v6: 'fd00:2::1c07', renewedAgo: 300 },
  s6: { router: 'r3', mac: '02:00:00:00:03:06', v4: '10.3.0.155', v6: 'fd00:3::10e2', renewedAgo: 7200 },
  s7: { router: 'r3', mac: '02:00:00:00:03:07', v4: '10.3.0.131', v6: 'fd00:3::1b44', renewedAgo: 45 },
};
const LEASE_S = 43200;

/** dnsmasq's lease file of one router, as dnsmasq writes it. */
export function leaseFileOf(t: Topology, router: string, now = FLEET_NOW): string {
  const r = t.routers.find((x) => x.name === router)!;
  const v4: string[] = [];
  const v6: string[] = [];
  for (const h of r.lan?.hosts ?? []) {
    v4.push(`${now + LEASE_S - 900} ${h.mac} ${h.ipv4} ${h.name} 01:${h.mac}`);
  }
  for (const [name, d] of Object.entries(DYNAMIC).filter(([, d]) => d.router === router)) {
    v4.push(`${now + LEASE_S - d.renewedAgo} ${d.mac} ${d.v4} ${name} 01:${d.mac}`);
    v6.push(`${now + LEASE_S - d.renewedAgo} 1${d.mac.slice(-2)} ${d.v6} ${name} 00:01:00:01:2f:00:00:00:${d.mac}`);
  }
  return [...v4, 'duid 00:01:00:01:2f:00:00:00:02:00:00:00:00:01', ...v6, ''].join('\n');
}

const rttOf = (a: number, b: number) => Math.round((0.35 + ((a * 7 + b * 3) % 11) * 1.9) * 100) / 100;

interface RouterSim {
  readonly name: string;
  readonly id: number;
  status: AgentStatus;
  links: LinksAnswer;
  readonly leases: LeasesAnswer;
  readonly forwards: ForwardsAnswer;
  readonly events: DlanEvent[];
  server?: Server;
  port?: number;
}

export interface FakeFleet {
  readonly topology: Topology;
  readonly applied: AppliedTopology;
  /** Overlay loopback → the router's port on 127.0.0.1. */
  resolve(a: AgentAddress): AgentAddress;
  /** The port of a router's status API (with the page on it). */
  port(router: string): number;
  down(router: string): Promise<void>;
  close(): Promise<void>;
}

function peerHealth(name: string, up: boolean): PeerHealth {
  return up
    ? { name, handshakeAgeS: 23, rxBytes: 81_234_112, txBytes: 64_001_998, wireguard: 'up', ospf: 'Full', ospf6: 'Full', bfd: 'up', up: true }
    : { name, handshakeAgeS: 23, wireguard: 'up', ospf: 'absent', ospf6: 'absent', bfd: 'down', up: false };
}

function statusOf(name: string, peers: readonly PeerHealth[], now: number): AgentStatus {
  const up = peers.filter((p) => p.up).length;
  return {
    router: name,
    state: {
      version: 1, router: name,
      applied: { commit: FLEET_COMMIT, at: now - 1260 },
      lastAttempt: { commit: FLEET_COMMIT, outcome: 'success', at: now - 2, description: `applied ${FLEET_COMMIT.slice(0, 7)}: ${up}/${peers.length} peers up` },
      health: {
        status: up === peers.length ? 'healthy' : up === 0 ? 'down' : 'degraded', at: now - 2,
        commit: { expected: FLEET_COMMIT, applied: FLEET_COMMIT, ok: true },
        daemons: [{ name: 'dnsmasq', running: true }, { name: 'frr', running: true }, { name: 'nginx', running: true }],
        peers, peersUp: up, problems: peers.filter((p) => !p.up).map((p) => `${p.name}: BFD ${p.bfd}, OSPF ${p.ospf}`),
      },
    },
    agent: { pid: 4242, startedAt: iso(now - 3 * 86400 - 5400), version: '0.1.0' },
    now,
  };
}

/** Starts the five agents; r1 serves the page (its options can be adjusted with `page`). */
export async function fakeFleet(o: { now?: number; page?: Partial<PageOptions>; pageOn?: readonly string[] } = {}): Promise<FakeFleet> {
  const now = o.now ?? FLEET_NOW;
  const t = await sampleTopology();
  const index = sliceIndex(t);
  const plan = addressPlanOf(t.network);
  const applied: AppliedTopology = { commit: FLEET_COMMIT, topology: t };
  const log = makeLogger({ format: 'json', write: () => {}, now: () => new Date(now * 1000) });
  const sims = new Map<string, RouterSim>();
  for (const r of t.routers) {
    const s = slice(t, r.name, index);
    const parsed = parseLeases(leaseFileOf(t, r.name, now), '/var/lib/misc/dnsmasq.leases');
    const lan = s.router.lan;
    const devices = lan ? routerDevices({ router: r.name, ...(r.site && { site: r.site }), domain: s.router.domain, hosts: lan.hosts, leaseSeconds: LEASE_S, leases: parsed.leases, neighbours: [], now }) : [];
    const events: DlanEvent[] = [
      { time: iso(now - 1262), router: r.name, kind: 'reconcile', outcome: 'success', commit: FLEET_COMMIT, reason: 'schedule', durationMs: 1840 + r.id * 37, changes: ['write /etc/dnsmasq.d/dlan.conf', 'restart dnsmasq'] },
      { time: iso(now - 1262 - 3600 * r.id), router: r.name, kind: 'reconcile', outcome: r.id === 3 ? 'failure' : 'success', commit: '9e7a41b2c3d4e5f60718293a4b5c6d7e8f901234', reason: 'schedule', ...(r.id === 3 && { code: 'CheckFailed', message: 'nginx -t: unknown directive "proxy_protocoll" in /etc/dlan/nginx.conf:14' }), durationMs: 2100 },
    ];
    sims.set(r.name, {
      name: r.name, id: r.id,
      status: statusOf(r.name, s.peers.map((p) => peerHealth(p.name, true)), now),
      links: { router: r.name, now, links: s.peers.map((p) => ({ peer: p.name, address: p.link.remote4, rttMs: rttOf(Math.min(r.id, p.id), Math.max(r.id, p.id)) })) },
      leases: { router: r.name, now, devices, problems: [] },
      forwards: {
        router: r.name, now, probe: 'tcp-connect from the router',
        forwards: s.forwards.map((f) => ({
          service: f.service, port: f.port, protocol: f.protocol, to: f.to, proxyProtocol: f.proxyProtocol,
          backends: f.backends.map((b) => (f.protocol === 'udp'
            ? { ...b, port: f.to, health: 'unknown' as const, error: 'UDP: nothing to connect to' }
            : b.name === 's5' && f.service === 'ssh' ? { ...b, port: f.to, health: 'down' as const, error: 'ECONNREFUSED' }
              : { ...b, port: f.to, health: 'up' as const, ms: rttOf(r.id, 2) })),
        })),
      },
      events,
    });
  }
  const fleet: FakeFleet = {
    topology: t, applied,
    resolve(a) {
      if ('socketPath' in a) return a;
      const r = t.routers.find((x) => plan.loopback4(x.id) === a.host || plan.loopback6(x.id) === a.host);
      const sim = r && sims.get(r.name);
      // An address of no router: a port nothing listens on (refused at once, like a dead host's RST).
      return { host: '127.0.0.1', port: sim?.port ?? 1 };
    },
    port: (router) => sims.get(router)!.port!,
    async down(router) {
      const gone = sims.get(router)!;
      if (gone.server) await closeServer(gone.server);
      delete gone.server;
      gone.port = 1;
      for (const sim of sims.values()) {
        if (sim === gone) continue;
        const peers = sim.status.state!.health!.peers;
        if (!peers.some((p) => p.name === router)) continue;
        sim.status = statusOf(sim.name, peers.map((p) => (p.name === router ? peerHealth(p.name, false) : p)), now);
        sim.links = { ...sim.links, links: sim.links.links.map((l) => (l.peer === router ? { peer: l.peer, address: l.address, error: 'no reply within 1 s' } : l)) };
      }
    },
    async close() {
      for (const sim of sims.values()) if (sim.server) await closeServer(sim.server);
    },
  };
  for (const sim of sims.values()) {
    const control: AgentControl = {
      status: async () => sim.status,
      reconcileNow: async () => ({ type: 'result', ok: true, outcome: 'noop', description: 'nothing to do' }),
      nudge: () => {},
      suspend: async (reason) => ({ reason, since: iso(now) }),
      resume: async () => {},
      events: async (f) => sim.events.slice(-(f.limit ?? 100)),
      followEvents: () => () => {},
      metrics: async () => '',
    };
    const info: LocalInfo = { leases: async () => sim.leases, links: async () => sim.links, forwards: async () => sim.forwards };
    const page: Routes | undefined = (o.pageOn ?? ['r1']).includes(sim.name)
      ? pageRoutes({
        router: sim.name, applied: async () => applied, repo: { url: 'https://git.example.net/home/network.git', branch: 'main' },
        forge: { ref: { forge: 'gitea', url: 'https://git.example.net', repo: 'home/network' } },
        log, now: () => new Date(now * 1000), resolve: (a) => fleet.resolve(a), ttlMs: 200, streamEveryMs: 250, timeoutMs: 2000, ...o.page,
      })
      : undefined;
    const [server] = await serveStatusApi(control, ['127.0.0.1'], 0, log, combineRoutes(localRoutes(info), page));
    sim.server = server!;
    sim.port = (server!.address() as { port: number }).port;
  }
  return fleet;
}
