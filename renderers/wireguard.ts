/**
 * WireGuard: one interface `wg-dlan`, one peer per peering. Config in `wg setconf` format
 * (wg(8), CONFIGURATION FILE FORMAT), applied with `wg syncconf` so unchanged peers keep their
 * sessions.
 *
 * The file never contains `PrivateKey`: the key stays in a file on the router. Beware: `wg
 * setconf` and `wg syncconf` with a config that has no PrivateKey CLEAR the interface's key
 * (tried with wireguard-tools 1.0.20210914 and wireguard-go), and setting it again afterwards
 * drops every session. The apply step must therefore pipe `withPrivateKey(file, key)` to
 * `wg syncconf wg-dlan /dev/stdin`; an unchanged key is a no-op for the kernel and wireguard-go.
 *
 * AllowedIPs of a peer are its WireGuard addresses only (/32, /128): the VXLAN link to it runs
 * between those, and routing is OSPF's job. The interface gets its address with the prefix of
 * the whole WireGuard block (e.g. 10.255.64.1/18, fd64:6c61:6e:1::1/64), so every peer's
 * address is on-link through wg-dlan without one route per peer; WireGuard picks the peer by
 * AllowedIPs and drops the rest.
 */
import { parsePrefix } from '../model/ip.js';
import { WG_IFNAME, wireguardPort } from '../model/reserved.js';
import { mtus } from './mtu.js';
import { defaultRenderOptions, type RenderOptions } from './options.js';
import { byKey, type Rendered } from './rendered.js';
import type { RouterSlice } from '../model/slice.js';
import type { WireguardPeerSpec, WireguardSpec } from './state.js';
import { banner, lines } from './text.js';

export { WG_IFNAME };
export const WG_CONFIG_PATH = '/etc/dlan/wg-dlan.conf';

/** The UDP port this router listens on (model/reserved.ts: site endpoint, endpoint, network). */
export const listenPort = (s: RouterSlice): number => wireguardPort(s.router, s.network);

export function wireguardSpec(s: RouterSlice, opts: RenderOptions = defaultRenderOptions): WireguardSpec {
  const block4 = parsePrefix(s.addresses.overlay4)!.length + 2; // the second quarter of the overlay
  const peers: WireguardPeerSpec[] = s.peers.map((p) => ({
    name: p.name,
    publicKey: p.publicKey,
    ...(p.endpoint !== undefined && { endpoint: p.endpoint }),
    ...(p.keepalive !== undefined && { keepalive: p.keepalive }),
    allowedIps: [`${p.wireguard4}/32`, `${p.wireguard6}/128`],
  })).sort(byKey((p) => p.name));
  return {
    ifname: WG_IFNAME,
    listenPort: listenPort(s),
    privateKeyFile: opts.privateKeyFile,
    mtu: mtus(s.network.mtu).wireguard,
    addresses: [`${s.addresses.wireguard4}/${block4}`, `${s.addresses.wireguard6}/64`],
    peers,
  };
}

/** The `wg setconf` file for a spec: ListenPort and the peers, no key. */
export function wireguardConfig(router: string, w: WireguardSpec): string {
  return lines(
    banner('#', `WireGuard ${w.ifname}`, router),
    `# The private key is not here: it stays in ${w.privateKeyFile} and is added when applying.`,
    '',
    '[Interface]',
    `ListenPort = ${w.listenPort}`,
    w.peers.map((p) => [
      '',
      '[Peer]',
      `# ${p.name}`,
      `PublicKey = ${p.publicKey}`,
      `AllowedIPs = ${p.allowedIps.join(', ')}`,
      p.endpoint !== undefined && `Endpoint = ${p.endpoint}`,
      p.keepalive !== undefined && `PersistentKeepalive = ${p.keepalive}`,
    ]),
  );
}

/**
 * The config with `PrivateKey` added to [Interface], for `wg syncconf wg-dlan /dev/stdin`.
 * Pure: the caller reads the key; the result must never be written to state, logs or plans.
 */
export function withPrivateKey(config: string, privateKey: string): string {
  return config.replace(/^\[Interface\]$/m, `[Interface]\nPrivateKey = ${privateKey.trim()}`);
}

export function renderWireguard(s: RouterSlice, opts: RenderOptions = defaultRenderOptions): Rendered & { wireguard: WireguardSpec } {
  const wireguard = wireguardSpec(s, opts);
  return {
    wireguard,
    files: [{ path: WG_CONFIG_PATH, content: wireguardConfig(s.router.name, wireguard), mode: 0o600, service: 'wireguard' }],
    services: [{ name: 'wireguard', onChange: 'wg-sync', daemon: false }],
  };
}
