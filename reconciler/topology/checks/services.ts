/** Services: backends that exist, forwards that do not collide, PROXY protocol only on TCP. */
import { parseAddress } from '../ip.js';
import type { Check } from './context.js';

export const checkServices: Check = ({ topology, report }) => {
  const routers = new Map(topology.routers.map((r) => [r.name, r]));
  const hosts = new Set(topology.routers.flatMap((r) => (r.lan?.hosts ?? []).map((h) => h.name)));
  /** router/protocol/port → where it was first used. */
  const taken = new Map<string, string>();
  for (const r of topology.routers) taken.set(`${r.name}/udp/${topology.network.wireguard.port}`, 'WireGuard');

  for (const s of topology.services) {
    s.backends.forEach((b, i) => {
      if (parseAddress(b) === undefined && !hosts.has(b)) {
        report.error('UnknownBackend', s.file, ['backends', i], `${b} is neither an IP address nor a host in any router's lan.hosts`);
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
        report.error('UnknownRouter', s.file, ['exposeOn', i], `names unknown router ${name}`);
        return;
      }
      if (!r.endpoint) {
        report.warning('ExposedBehindNat', s.file, ['exposeOn', i],
          `router ${name} has no public endpoint; the forward only works if its upstream router forwards these ports to it`);
      }
      s.forwards.forEach((f, j) => {
        const key = `${name}/${f.protocol ?? 'tcp'}/${f.port}`;
        const first = taken.get(key);
        if (first) {
          report.error('DuplicateForward', s.file, ['forwards', j, 'port'], `${f.protocol ?? 'tcp'} port ${f.port} on router ${name} is already used by ${first}`);
        } else taken.set(key, `service ${s.name}`);
      });
    });
  }
};
