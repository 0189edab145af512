/**
 * Synthetic topologies of any size, shaped like real ones: a few public hubs (one per 50
 * routers, at least two), the rest behind NAT in sites of up to three routers, each with a
 * dual-stack LAN and two static hosts, and a service for every tenth router exposed on two hubs.
 * Used by the benchmarks and by tests that need more than the sample.
 */
import type { SourceFile } from '../model/yaml-source.js';

/** A valid-looking, unique WireGuard public key per id (not a real key pair: nothing dials). */
export function fakeKey(id: number): string {
  const bytes = Buffer.alloc(32);
  bytes.writeUInt32BE(id, 0);
  bytes.writeUInt32BE(0x646c616e, 28);
  return bytes.toString('base64');
}

export function syntheticTopologyFiles(n: number): SourceFile[] {
  const hubs = Math.max(2, Math.ceil(n / 50));
  const files: SourceFile[] = [{
    path: 'network.yaml',
    text: `name: synthetic\ndomain: lan\noverlay:\n  ipv4: 10.0.0.0/8\n  ipv6: fd64:6c61:6e::/48\nsites:\n${
      Array.from({ length: Math.floor(n / 3) + 1 }, (_, s) => `  s${s}: { nat: true }\n`).join('')}`,
  }];
  for (let id = 1; id <= n; id++) {
    const hub = id <= hubs;
    const lan = hub ? '' : `lan:
  interface: eth1
  ipv4: 172.${16 + (id >> 8)}.${id & 255}.0/24
  ipv6: fd00:${id.toString(16)}::/64
  hosts:
    - { name: h${id}a, mac: "02:00:00:${hex(id >> 8)}:${hex(id & 255)}:0a", ipv4: 172.${16 + (id >> 8)}.${id & 255}.10 }
    - { name: h${id}b, mac: "02:00:00:${hex(id >> 8)}:${hex(id & 255)}:0b", ipv4: 172.${16 + (id >> 8)}.${id & 255}.11 }
`;
    const where = hub
      ? `endpoint: 203.0.${113 + 0}.${id % 250 + 1}:${51820 + id}\n`
      : `site: s${Math.floor(id / 3)}\nsiteEndpoint: 192.168.${id >> 8}.${id & 255}:51820\n`;
    files.push({ path: `routers/r${id}.yaml`, text: `id: ${id}\npublicKey: ${fakeKey(id)}\n${where}wan: { interface: eth0 }\n${lan}` });
  }
  for (let id = hubs + 1; id <= n; id += 10) {
    files.push({
      path: `services/svc${id}.yaml`,
      text: `backends: [h${id}a, h${id}b]\nforwards:\n  - { port: ${10000 + id}, proxyProtocol: true }\n  - { port: ${10000 + id}, protocol: udp }\nexposeOn: [r1, r2]\n`,
    });
  }
  return files;
}

const hex = (v: number): string => v.toString(16).padStart(2, '0');
