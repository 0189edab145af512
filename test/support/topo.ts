/**
 * Fixture builder for topologies: `topo().router('r1', { id: 1, lan: {...} }).service(...)`,
 * turned into repo files and loaded through the real loader (schema + semantic checks), so a
 * fixture is always a topology a user could have written. Unset router fields get defaults
 * (a valid key derived from the id, `wan: eth0`).
 */
import { stringify } from 'yaml';
import { loadTopology } from '../../model/load.js';
import type { Topology } from '../../model/model.js';
import type { SourceFile } from '../../model/yaml-source.js';
import { type RouterSlice, slice } from '../../model/slice.js';
import type { Network, Router, Service } from '../../schema/types.js';

/** A well-formed WireGuard public key, unique per id (not a real key pair). */
export function testKey(id: number): string {
  const b = Buffer.alloc(32);
  b.writeUInt32BE(id, 0);
  b.write('dlan-test', 8);
  return b.toString('base64');
}

export class TopoBuilder {
  private readonly routers = new Map<string, Router>();
  private readonly services = new Map<string, Service>();

  constructor(private network: Network) {}

  with(network: Partial<Network>): this {
    this.network = { ...this.network, ...network };
    return this;
  }

  router(name: string, r: Partial<Router> & { id: number }): this {
    this.routers.set(name, { publicKey: testKey(r.id), wan: { interface: 'eth0' }, ...r });
    return this;
  }

  service(name: string, s: Service): this {
    this.services.set(name, s);
    return this;
  }

  files(): SourceFile[] {
    return [
      { path: 'network.yaml', text: stringify(this.network) },
      ...[...this.routers].map(([n, r]) => ({ path: `routers/${n}.yaml`, text: stringify(r) })),
      ...[...this.services].map(([n, s]) => ({ path: `services/${n}.yaml`, text: stringify(s) })),
    ];
  }

  build(): Topology {
    const r = loadTopology(this.files());
    if (!r.topology) throw new Error(`fixture topology is invalid:\n${r.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`).join('\n')}`);
    return r.topology;
  }

  slice(router: string): RouterSlice {
    return slice(this.build(), router);
  }
}

/** An empty network `t` with domain `lan`, overlay 10.255.0.0/16 and fd64:6c61:6e::/48. */
export const topo = (network: Partial<Network> = {}): TopoBuilder =>
  new TopoBuilder({ name: 't', domain: 'lan', overlay: { ipv4: '10.255.0.0/16', ipv6: 'fd64:6c61:6e::/48' }, ...network });

/** Two public hubs (h1, h2) and whatever the test adds: the usual shape. */
export const hubs = (network: Partial<Network> = {}): TopoBuilder => topo(network)
  .router('h1', { id: 1, endpoint: '203.0.113.1:51820' })
  .router('h2', { id: 2, endpoint: '[2001:db8::2]:51820' });
