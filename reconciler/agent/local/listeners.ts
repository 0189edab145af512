/**
 * Where an agent serves its read-only listener (status API, its local routes and the home page),
 * from its slice. Pure; the agent binds each with api/server.ts serveStatusApi.
 * - the overlay loopbacks, on network.yaml agentApi.port: the fleet view and other routers;
 * - the LAN addresses on the same port, and on port 80 so that `http://dlan.<domain>/` works
 *   (renderers/dnsmasq.ts answers that name with the LAN address) — except when this router
 *   forwards TCP port 80 itself: nginx holds *:80 and the WAN chain accepts 80 for the forward,
 *   so the page stays on the API port there (http://dlan.<domain>:9477/).
 * None of these is reachable from the WAN: the WAN chain (renderers/nftables.ts) accepts only
 * WireGuard, the forwards' ports and the webhook port, and a forward may not take the API port
 * (model/checks/services.ts). test/renderers/nftables-wan.test.ts proves it with real nft.
 */
import type { RouterSlice } from '../../../model/slice.js';

export interface Listener {
  readonly host: string;
  readonly port: number;
  /** Why it is there, for logs. */
  readonly role: 'overlay' | 'lan' | 'lan-http';
}

export const PAGE_HTTP_PORT = 80;

export function readOnlyListeners(s: RouterSlice, apiPort: number): Listener[] {
  const lan = [s.router.lan?.ipv4?.address, s.router.lan?.ipv6?.address].filter((a): a is string => a !== undefined);
  const forwards80 = s.forwards.some((f) => f.protocol === 'tcp' && f.port === PAGE_HTTP_PORT);
  return [
    { host: s.addresses.loopback4, port: apiPort, role: 'overlay' },
    { host: s.addresses.loopback6, port: apiPort, role: 'overlay' },
    ...lan.map((host): Listener => ({ host, port: apiPort, role: 'lan' })),
    ...(forwards80 ? [] : lan.map((host): Listener => ({ host, port: PAGE_HTTP_PORT, role: 'lan-http' }))),
  ];
}
