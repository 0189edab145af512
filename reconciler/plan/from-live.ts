/**
 * LiveState (what reconciler/live read) → Observed (what the planner compares). Pure.
 * Kernel-state "services" count as running when their state is in place: nftables when dlan's
 * table exists, sysctl when forwarding is on; WireGuard when its interface exists.
 */
import type { ServiceName } from '../../renderers/state.js';
import type { LiveState } from './live-state.js';
import type { WireguardImplementation } from './observed.js';
import type { Observed, ObservedFile } from './observed.js';

export interface KernelFacts {
  readonly nftTable: boolean;
  readonly forwarding: boolean;
}

const implementationOf = (kind: string): WireguardImplementation | undefined =>
  (kind === 'wireguard' ? 'kernel' : kind === 'tun' ? 'userspace' : undefined);

export function toObserved(live: LiveState, kernel: KernelFacts): Observed {
  const files = new Map<string, ObservedFile>();
  for (const f of live.files) if (f.content !== undefined) files.set(f.path, { content: f.content, mode: f.mode ?? 0o644 });
  const running = new Set<ServiceName>(live.services.filter((s) => s.running).map((s) => s.name));
  if (kernel.nftTable) running.add('nftables');
  if (kernel.forwarding) running.add('sysctl');
  const w = live.wireguard;
  if (w) running.add('wireguard');
  const addresses = new Map<string, readonly string[]>();
  for (const a of live.addresses) addresses.set(a.ifname, a.addresses);
  for (const v of live.vxlans) addresses.set(v.ifname, v.addresses);
  if (w) addresses.set(w.ifname, w.addresses);
  return {
    files,
    ...(w && {
      wireguard: {
        ifname: w.ifname, ...(implementationOf(w.kind) && { implementation: implementationOf(w.kind) }), up: w.up, mtu: w.mtu, listenPort: w.listenPort, hasPrivateKey: w.publicKey !== undefined,
        addresses: w.addresses,
        peers: w.peers.map((p) => ({ publicKey: p.publicKey, ...(p.endpoint && { endpoint: p.endpoint }), ...(p.keepalive && { keepalive: p.keepalive }), allowedIps: p.allowedIps })),
      },
    }),
    vxlans: live.vxlans.map((v) => ({
      ifname: v.ifname, up: v.up, vni: v.vni, ...(v.local && { local: v.local }), ...(v.remote && { remote: v.remote }),
      dstPort: v.dstPort, ...(v.dev && { dev: v.dev }), mtu: v.mtu, addresses: v.addresses,
    })),
    addresses,
    running,
    links: new Map(live.links.map((l) => [l.ifname, { up: l.up }])),
  };
}
