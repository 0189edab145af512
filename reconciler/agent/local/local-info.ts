/**
 * The agent's LocalInfo over the router itself: the slice of the applied commit, dnsmasq's lease
 * file and the LAN's neighbour table (through the Host, so a test or the lab can point it at a
 * root dir or a namespace), pings of the links' far ends and TCP connects to the backends.
 * Each answer is cached for `ttlMs` (default 3 s) with one computation in flight, so the page's
 * viewers on every router cost this router one probe round per period at most.
 */
import type { RouterSlice } from '../../../model/slice.js';
import { routerDevices, type Neighbour } from '../../devices/devices.js';
import { leaseSeconds, parseLeases } from '../../devices/leases.js';
import type { Host } from '../../host.js';
import { cached } from '../../probe/cache.js';
import { pingRtt } from '../../probe/ping.js';
import { boundedMap, tcpConnect } from '../../probe/tcp.js';
import type { BackendProbe, ForwardsAnswer, LeasesAnswer, LinksAnswer, LocalInfo } from './types.js';

export interface LocalInfoDeps {
  readonly router: string;
  readonly host: Host;
  /** dnsmasq's lease file (renderers/options.ts dhcpLeaseFile), a logical path under the Host's root. */
  readonly leaseFile: string;
  /** The router's slice of the applied commit; undefined before the first apply. */
  readonly slice: () => Promise<RouterSlice | undefined>;
  readonly now: () => Date;
  readonly ttlMs?: number;
  /** Bounds of a backend probe round. */
  readonly connectTimeoutMs?: number;
  readonly maxBackends?: number;
}

const MAX_CONCURRENT_PROBES = 8;

/** `ip -j neigh show dev IF` → neighbours with a MAC (incomplete and failed entries have none). */
export function parseNeighbours(json: string): Neighbour[] {
  const rows = JSON.parse(json || '[]') as { dst?: string; lladdr?: string; state?: string[] }[];
  return rows.filter((r) => r.dst && r.lladdr && !(r.state ?? []).some((s) => s === 'FAILED' || s === 'INCOMPLETE'))
    .map((r) => ({ address: r.dst!, mac: r.lladdr!.toLowerCase() }));
}

export function localInfo(d: LocalInfoDeps): LocalInfo {
  const ttl = d.ttlMs ?? 3000;
  const unix = () => Math.floor(d.now().getTime() / 1000);

  const leases = cached(async (): Promise<LeasesAnswer> => {
    const s = await d.slice();
    const lan = s?.router.lan;
    if (!s || !lan) return { router: d.router, now: unix(), devices: [], problems: s ? [] : ['nothing applied yet'] };
    const problems: string[] = [];
    const text = await d.host.readFile(d.leaseFile);
    const parsed = parseLeases(text ?? '', d.leaseFile);
    problems.push(...parsed.problems);
    let neighbours: Neighbour[] = [];
    const r = await d.host.run('ip', ['-j', 'neigh', 'show', 'dev', lan.interface], { timeoutMs: 5000 });
    if (r.code === 0) neighbours = parseNeighbours(r.stdout);
    else problems.push(`ip neigh show dev ${lan.interface}: ${r.stderr.trim() || `exit ${r.code}`}`);
    const devices = routerDevices({
      router: d.router, ...(s.router.site !== undefined && { site: s.router.site }), domain: s.router.domain,
      hosts: lan.hosts, leaseSeconds: leaseSeconds(lan.dhcp.lease), leases: parsed.leases, neighbours, now: unix(),
    });
    return { router: d.router, now: unix(), devices, problems };
  }, ttl);

  const links = cached(async (): Promise<LinksAnswer> => {
    const s = await d.slice();
    const peers = s?.peers ?? [];
    const rtts = await Promise.all(peers.map(async (p) => ({ peer: p.name, address: p.link.remote4, ...(await pingRtt(d.host, p.link.remote4)) })));
    return { router: d.router, now: unix(), links: rtts };
  }, ttl);

  const forwards = cached(async (): Promise<ForwardsAnswer> => {
    const s = await d.slice();
    const fw = s?.forwards ?? [];
    // One probe per distinct backend address and port, however many forwards share it.
    const targets = [...new Map(fw.filter((f) => f.protocol === 'tcp').flatMap((f) => f.backends.map((b) => [`${b.address}|${f.to}`, { address: b.address, port: f.to }] as const))).values()]
      .slice(0, d.maxBackends ?? 64);
    const results = await boundedMap(targets, MAX_CONCURRENT_PROBES, (t) => tcpConnect(t.address, t.port, d.connectTimeoutMs ?? 1000));
    const found = new Map(targets.map((t, i) => [`${t.address}|${t.port}`, results[i]!]));
    return {
      router: d.router, now: unix(), probe: 'tcp-connect from the router',
      forwards: fw.map((f) => ({
        service: f.service, port: f.port, protocol: f.protocol, to: f.to, proxyProtocol: f.proxyProtocol,
        backends: f.backends.map((b): BackendProbe => {
          const base = { name: b.name, address: b.address, port: f.to };
          if (f.protocol === 'udp') return { ...base, health: 'unknown', error: 'UDP: nothing to connect to' };
          const r = found.get(`${b.address}|${f.to}`);
          if (!r) return { ...base, health: 'unknown', error: 'not probed (too many backends)' };
          return r.ok ? { ...base, health: 'up', ...(r.ms !== undefined && { ms: r.ms }) } : { ...base, health: 'down', ...(r.error && { error: r.error }) };
        }),
      })),
    };
  }, ttl);

  return { leases: () => leases.get(), links: () => links.get(), forwards: () => forwards.get() };
}
