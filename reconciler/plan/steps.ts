/** The steps of a plan, in the order apply runs them. */
import type { FileSpec, ServiceName, VxlanSpec, WireguardSpec } from '../../renderers/state.js';
import type { WireguardImplementation } from './observed.js';

export type ServiceOp = 'start' | 'stop' | 'reload' | 'restart' | 'frr-reload' | 'nft-apply' | 'sysctl-apply' | 'wg-sync';

export type Step =
  | { readonly kind: 'file'; readonly op: 'create' | 'update'; readonly file: FileSpec; readonly diff: string; readonly modeOnly: boolean }
  | { readonly kind: 'file'; readonly op: 'delete'; readonly path: string; readonly service?: ServiceName; readonly diff: string }
  | { readonly kind: 'wireguard'; readonly op: 'create'; readonly spec: WireguardSpec; readonly implementation: WireguardImplementation; readonly changes: readonly string[] }
  | { readonly kind: 'wireguard'; readonly op: 'update'; readonly spec: WireguardSpec; readonly changes: readonly string[] }
  /** Only when the implementation changes (agent.yaml's `wireguard`): the VXLAN links on top go with it. */
  | { readonly kind: 'wireguard'; readonly op: 'delete'; readonly ifname: string; readonly implementation: WireguardImplementation }
  | { readonly kind: 'vxlan'; readonly op: 'create'; readonly spec: VxlanSpec }
  | { readonly kind: 'vxlan'; readonly op: 'update'; readonly spec: VxlanSpec; readonly changes: readonly string[] }
  | { readonly kind: 'vxlan'; readonly op: 'delete'; readonly ifname: string }
  | { readonly kind: 'address'; readonly op: 'add' | 'delete'; readonly ifname: string; readonly address: string }
  /** A port of the router file that dlan sets up (the LAN). */
  | { readonly kind: 'link'; readonly op: 'up'; readonly ifname: string; readonly field: string }
  | { readonly kind: 'service'; readonly op: ServiceOp; readonly service: ServiceName; readonly reason: string };

export type StepKind = Step['kind'];

/** One line naming the thing a step is about: a path, an interface, an address, a service. */
export function stepSubject(s: Step): string {
  switch (s.kind) {
    case 'file': return s.op === 'delete' ? s.path : s.file.path;
    case 'wireguard': return s.op === 'delete' ? s.ifname : s.spec.ifname;
    case 'vxlan': return s.op === 'delete' ? s.ifname : s.spec.ifname;
    case 'address': return `${s.address} on ${s.ifname}`;
    case 'link': return s.ifname;
    case 'service': return s.service;
  }
}

/** Whether a step changes something on the router (every step does; a no-op plan has none). */
export const isDisruptive = (s: Step): boolean =>
  ((s.kind === 'vxlan' || s.kind === 'wireguard') && s.op === 'delete') || (s.kind === 'vxlan' && s.op === 'create') || (s.kind === 'service' && (s.op === 'restart' || s.op === 'stop'));
