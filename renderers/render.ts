/**
 * render(slice): the router's whole DesiredState, from one pure renderer per subsystem. Output
 * is sorted (files by path, links and addresses by interface, services by name), so two renders
 * of one slice are byte-for-byte equal, JSON included.
 */
import { renderAddresses } from './addresses.js';
import { renderDnsmasq } from './dnsmasq.js';
import { renderFrr } from './frr.js';
import { renderNftables } from './nftables.js';
import { renderNginx } from './nginx.js';
import { renderPorts } from './ports.js';
import { type RenderOptions, renderOptions } from './options.js';
import { byKey, type Rendered } from './rendered.js';
import type { RouterSlice } from '../model/slice.js';
import type { DesiredState } from './state.js';
import { renderSysctl } from './sysctl.js';
import { renderVxlan } from './vxlan.js';
import { renderWireguard } from './wireguard.js';

/** Every subsystem's part but WireGuard's (which `render` takes first: the interface is required). */
export function renderParts(s: RouterSlice, opts: RenderOptions): Rendered[] {
  return [
    renderVxlan(s), renderAddresses(s), renderFrr(s, opts), renderDnsmasq(s, opts),
    renderNginx(s, opts), renderNftables(s, opts), renderSysctl(s), renderPorts(s),
  ];
}

export function render(s: RouterSlice, options: Partial<RenderOptions> = {}): DesiredState {
  const opts = renderOptions(options);
  const wg = renderWireguard(s, opts);
  const parts = [wg, ...renderParts(s, opts)];
  return {
    router: s.router.name,
    files: parts.flatMap((p) => p.files ?? []).sort(byKey((f) => f.path)),
    wireguard: wg.wireguard,
    vxlans: parts.flatMap((p) => p.vxlans ?? []).sort(byKey((v) => v.ifname)),
    addresses: parts.flatMap((p) => p.addresses ?? []).sort(byKey((a) => a.ifname)),
    services: parts.flatMap((p) => p.services ?? []).sort(byKey((x) => x.name)),
    ports: parts.flatMap((p) => p.ports ?? []),
  };
}
