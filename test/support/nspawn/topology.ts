/**
 * The topology repo of the system test, as a user would write it for the two routers of
 * physical.ts: r1 a public hub exposing a web service of s2 (behind r2, behind NAT) on its public
 * address; each router with a LAN, DHCP and a static lease for its server. Pure: public keys in,
 * files out.
 */
import { ROUTERS, SERVERS } from './physical.js';

/** The forward the hub exposes: public port → s2's port (80: where Debian's nginx default site listens). */
export const WEB = { port: 80, to: 8080 } as const;

/** Each router's LAN and its server's static addresses. */
export const LANS = {
  r1: { ipv4: '10.61.1.0/24', ipv6: 'fd00:61:1::/64', range: '10.61.1.100-10.61.1.199', server: { name: 's1', ipv4: '10.61.1.10', ipv6: 'fd00:61:1::10' } },
  r2: { ipv4: '10.61.2.0/24', ipv6: 'fd00:61:2::/64', range: '10.61.2.100-10.61.2.199', server: { name: 's2', ipv4: '10.61.2.10', ipv6: 'fd00:61:2::10' } },
} as const;

export function topologyFiles(publicKeys: Readonly<Record<keyof typeof ROUTERS, string>>): Record<string, string> {
  const router = (name: keyof typeof ROUTERS, head: string[]) => {
    const l = LANS[name];
    const mac = SERVERS[l.server.name].mac;
    return [
      `id: ${ROUTERS[name].id}`,
      ...head,
      `publicKey: ${publicKeys[name]}`,
      'wan: { interface: eth0 }',
      'lan:',
      '  interface: eth1',
      `  ipv4: ${l.ipv4}`,
      `  ipv6: ${l.ipv6}`,
      `  dhcp: { range: ${l.range}, lease: 1h }`,
      '  hosts:',
      `    - { name: ${l.server.name}, mac: "${mac}", ipv4: ${l.server.ipv4}, ipv6: "${l.server.ipv6}" }`,
      '',
    ].join('\n');
  };
  return {
    'network.yaml': [
      '# Two routers booted by the system test: a public hub and a router behind a home NAT.',
      'name: system-test',
      'domain: lan',
      'overlay:',
      '  ipv4: 10.255.0.0/16',
      '  ipv6: fd64:6c61:6e::/48',
      'wireguard:',
      '  port: 51820',
      'ospf: { hello: 1, dead: 3, retransmit: 1, cost: 10 }',
      'sites:',
      '  cloud: { description: A machine with a public address, nat: false }',
      '  home: { description: Behind a home router doing NAT, nat: true }',
      '',
    ].join('\n'),
    'routers/r1.yaml': router('r1', ['description: The public hub', 'site: cloud', `endpoint: ${ROUTERS.r1.wan.address.split('/')[0]}:51820`]),
    'routers/r2.yaml': router('r2', ['description: Behind the home router', 'site: home']),
    'services/web.yaml': [
      'description: A web service on s2, reachable on the hub\'s public address',
      'backends: [s2]',
      'forwards:',
      `  - { port: ${WEB.port}, to: ${WEB.to} }`,
      'exposeOn: [r1]',
      '',
    ].join('\n'),
  };
}
