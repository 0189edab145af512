/** Synthetic topologies for the graph tests, built in code (no YAML): `synthetic(50)` etc. */
import { networkSettings, type RouterDef, type ServiceDef, type Topology } from '../../model/model.js';

const key = (id: number): string => Buffer.alloc(32, id).toString('base64');

/**
 * `n` routers: `hubs` cloud routers with public endpoints (each its own site), the rest behind
 * NAT in sites of 1, 2 or 3 routers, every one with a LAN and one to three static hosts; two
 * services on the hubs and one explicit peering between two NAT'd sites.
 */
export function synthetic(n: number, hubs = 4): Topology {
  const sites: Record<string, { description?: string; gateway?: string; nat?: boolean }> = {};
  const routers: RouterDef[] = [];
  for (let id = 1; id <= hubs; id++) {
    sites[`cloud-${id}`] = { description: `Cloud VM ${id}`, nat: false };
    routers.push({ name: `c${id}`, file: `routers/c${id}.yaml`, id, publicKey: key(id), site: `cloud-${id}`,
      endpoint: `203.0.113.${id}:51820`, wan: { interface: 'eth0' } });
  }
  let id = hubs + 1;
  for (let s = 1; id <= n; s++) {
    const size = [1, 2, 3][s % 3]!;
    sites[`house-${s}`] = { description: `House ${s}`, gateway: `H${s}`, nat: true };
    for (let k = 0; k < size && id <= n; k++, id++) {
      const hosts = Array.from({ length: 1 + (id % 3) }, (_, h) => ({
        name: `s${id}-${h + 1}`, mac: `02:00:00:00:${(id % 256).toString(16).padStart(2, '0')}:${(h + 1).toString(16).padStart(2, '0')}`,
        ipv4: `10.${id}.0.${10 + h}`,
      }));
      routers.push({
        name: `r${id}`, file: `routers/r${id}.yaml`, id, publicKey: key(id), site: `house-${s}`,
        ...(size > 1 && { siteEndpoint: `192.168.${s}.${k + 2}:51820` }),
        ...(id === hubs + 6 && { peers: [`r${n - 1}`] }),
        wan: { interface: 'eth0' },
        lan: { interface: 'eth1', ipv4: `10.${id}.0.0/24`, hosts },
      });
    }
  }
  const services: ServiceDef[] = [
    { name: 'web', file: 'services/web.yaml', backends: [`s${hubs + 1}-1`], forwards: [{ port: 80 }, { port: 443 }], exposeOn: ['c1', 'c2'] },
    { name: 'dns', file: 'services/dns.yaml', backends: [`s${hubs + 2}-1`], forwards: [{ port: 53, protocol: 'udp' }], exposeOn: [`c${hubs}`] },
  ];
  const network = networkSettings({ name: `synthetic-${n}`, domain: 'lan', overlay: { ipv4: '10.255.0.0/16', ipv6: 'fd64:6c61:6e::/48' }, sites });
  return { network, routers: routers.sort((a, b) => a.name.localeCompare(b.name)), services };
}
