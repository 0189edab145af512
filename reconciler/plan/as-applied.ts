/**
 * What a router looks like once a desired state is applied and every daemon runs: the
 * `Observed` a plan would start from. `dlan diff` plans HEAD against BASE applied, so it says
 * exactly what an agent would do when the router moves from BASE to HEAD (which files, which
 * links, which daemons reload or restart) without any router. Pure.
 */
import type { DesiredState } from '../../renderers/state.js';
import type { Observed } from './observed.js';
import { addressedInterfaces } from './plan.js';

export function asApplied(d: DesiredState): Observed {
  const wg = d.wireguard;
  return {
    files: new Map(d.files.map((f) => [f.path, { content: f.content, mode: f.mode }])),
    wireguard: {
      ifname: wg.ifname, up: true, mtu: wg.mtu, listenPort: wg.listenPort, hasPrivateKey: true, addresses: wg.addresses,
      peers: wg.peers.map((p) => ({ publicKey: p.publicKey, ...(p.endpoint && { endpoint: p.endpoint }), ...(p.keepalive && { keepalive: p.keepalive }), allowedIps: p.allowedIps })),
    },
    vxlans: d.vxlans.map((v) => ({
      ifname: v.ifname, up: true, vni: v.vni, local: v.local, remote: v.remote, dstPort: v.dstPort, dev: v.dev, mtu: v.mtu, addresses: v.addresses,
    })),
    addresses: new Map(addressedInterfaces(d).map((a) => [a.ifname, a.addresses])),
    running: new Set(d.services.map((s) => s.name)),
    // Every link dlan makes or names is there and up once applied: the LAN port included.
    links: new Map([d.wireguard.ifname, ...d.vxlans.map((v) => v.ifname), ...d.addresses.map((a) => a.ifname)].map((ifname) => [ifname, { up: true }])),
  };
}
