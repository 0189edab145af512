/**
 * `ss -H -lnptu` (iproute2) → listening sockets. Pure. Lines look like
 *   udp UNCONN 0 0 127.0.0.1:5353 0.0.0.0:* users:(("dnsmasq",pid=812,fd=4))
 *   tcp LISTEN 0 511 *:80 *:* users:(("nginx",pid=9,fd=6),("nginx",pid=8,fd=6))
 * The local address is `0.0.0.0`, `*` (both families), `[::]`, an address, or one with
 * `%dev` (bound to a device). Sockets of the kernel (WireGuard's) have no users.
 */
export interface Listener {
  readonly protocol: 'tcp' | 'udp';
  /** `*` for any address (0.0.0.0, [::], *); otherwise the address without brackets or %dev. */
  readonly address: string;
  readonly port: number;
  readonly processes: readonly { readonly name: string; readonly pid: number }[];
}

export const ANY = '*';

export function parseSs(text: string): Listener[] {
  const out: Listener[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const protocol = f[0];
    if ((protocol !== 'tcp' && protocol !== 'udp') || f.length < 5) continue;
    const local = f[4]!;
    const colon = local.lastIndexOf(':');
    const port = Number(local.slice(colon + 1));
    if (colon < 0 || !Number.isInteger(port)) continue;
    const host = local.slice(0, colon).replace(/%[^\]]*$/, '').replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
    const address = host === '*' || host === '0.0.0.0' || host === '::' ? ANY : host;
    const users = line.slice(line.indexOf('users:') >= 0 ? line.indexOf('users:') : line.length);
    const processes = [...users.matchAll(/\("([^"]*)",pid=(\d+)/g)].map((m) => ({ name: m[1]!, pid: Number(m[2]) }));
    out.push({ protocol, address, port, processes });
  }
  return out;
}
