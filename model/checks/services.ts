/**
 * Services: backends that exist and have an address, forwards that do not collide with each
 * other nor with a port something dlan runs on that router already listens on
 * (model/reserved.ts: its own WireGuard port, not another router's; VXLAN; DNS; DHCP; BFD),
 * PROXY protocol only on TCP.
 */
import { parseAddress } from '../ip.js';
import type { RouterDef } from '../model.js';
import { reservedPorts } from '../reserved.js';
import { didYouMean } from '../suggest.js';
import type { Related } from '../diagnostic.js';
import type { Check, CheckContext } from './context.js';

type Host = { readonly ipv4?: string; readonly ipv6?: string; readonly router: RouterDef; readonly index: number };

/** Where a reserved port comes from, when a file says so: the WireGuard port is an endpoint's. */
function reservedAt(ctx: CheckContext, r: RouterDef, by: string): Related[] {
  if (by !== 'WireGuard') return [];
  const field = r.siteEndpoint !== undefined ? 'siteEndpoint' : r.endpoint !== undefined ? 'endpoint' : undefined;
  return [field ? ctx.report.place(r.file, [field], `router ${r.name}'s WireGuard port`) : ctx.report.place(ctx.networkFile, ['wireguard', 'port'], 'the WireGuard port (network.yaml)')];
}

export const checkServices: Check = (ctx) => {
  const { topology, report } = ctx;
  const routers = new Map(topology.routers.map((r) => [r.name, r]));
  const hosts = new Map<string, Host>();
  for (const r of topology.routers) (r.lan?.hosts ?? []).forEach((h, index) => { if (!hosts.has(h.name)) hosts.set(h.name, { ...h, router: r, index }); });
  /** router/protocol/port → who holds it, and where that is written. */
  const taken = new Map<string, { by: string; related: () => Related[] }>();
  for (const r of topology.routers) {
    for (const p of reservedPorts(r, topology.network)) {
      const key = `${r.name}/${p.protocol}/${p.port}`;
      if (!taken.has(key)) taken.set(key, { by: p.by, related: () => reservedAt(ctx, r, p.by) });
    }
  }

  for (const s of topology.services) {
    s.backends.forEach((b, i) => {
      if (parseAddress(b) !== undefined) return;
      const h = hosts.get(b);
      if (!h) {
        report.error('UnknownBackend', s.file, ['backends', i], `${b} is neither an IP address nor a host in any router's lan.hosts${didYouMean(b, hosts.keys())}`);
      } else if (h.ipv4 === undefined && h.ipv6 === undefined) {
        report.error('BackendWithoutAddress', s.file, ['backends', i],
          `host ${b} has no fixed address, so nginx has nothing to forward to; give it ipv4 (or ipv6) in routers/${h.router.name}`,
          false, [report.place(h.router.file, ['lan', 'hosts', h.index], `host ${b}`)]);
      }
    });
    s.forwards.forEach((f, i) => {
      const protocol = f.protocol ?? 'tcp';
      if (f.proxyProtocol && protocol === 'udp') {
        report.error('ProxyProtocolOnUdp', s.file, ['forwards', i, 'proxyProtocol'],
          'PROXY protocol is for TCP forwards only: on UDP nginx prepends a text header to the first datagram of a session, which breaks the backend');
      }
    });
    s.exposeOn.forEach((name, i) => {
      const r = routers.get(name);
      if (!r) {
        report.error('UnknownRouter', s.file, ['exposeOn', i], `names unknown router ${name}${didYouMean(name, routers.keys())}`);
        return;
      }
      if (!r.endpoint) {
        report.warning('ExposedBehindNat', s.file, ['exposeOn', i],
          `router ${name} has no public endpoint; the forward only works if its upstream router forwards these ports to it`);
      }
      s.forwards.forEach((f, j) => {
        const protocol = f.protocol ?? 'tcp';
        const key = `${name}/${protocol}/${f.port}`;
        const first = taken.get(key);
        if (first) {
          report.error('DuplicateForward', s.file, ['forwards', j, 'port'], `${protocol} port ${f.port} on router ${name} is already used by ${first.by}`, false, first.related());
        } else {
          const at = report.place(s.file, ['forwards', j, 'port'], `service ${s.name} forwards it`);
          taken.set(key, { by: `service ${s.name}`, related: () => [at] });
        }
      });
    });
  }
};
