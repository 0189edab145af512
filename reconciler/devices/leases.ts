/**
 * dnsmasq's lease database (`dhcp-leasefile`, dnsmasq's lease.c), one lease per line:
 *
 *   DHCPv4   <expiry> <mac> <ipv4> <hostname|*> <client-id|*>
 *   (a line) duid <the server's DUID>
 *   DHCPv6   <expiry> <[T]iaid> <ipv6> <hostname|*> <client DUID|*>
 *
 * `expiry` is Unix seconds, 0 for an infinite lease. A MAC of a non-Ethernet client carries its
 * hardware type first (`06-aa:bb:..`). DHCPv6 lines have no MAC: it is read out of the client's
 * DUID when that is DUID-LLT (type 1) or DUID-LL (type 3) of an Ethernet interface (RFC 8415
 * §11.2, §11.4), which is what Linux, Windows and macOS clients send. Pure.
 */

export interface Lease {
  readonly family: 4 | 6;
  readonly address: string;
  /** Lowercase, colon separated; absent for a DHCPv6 client whose DUID has none. */
  readonly mac?: string;
  readonly hostname?: string;
  /** Unix seconds; absent for an infinite lease. */
  readonly expiry?: number;
  /** The client-id (v4) or DUID (v6) as dnsmasq wrote it. */
  readonly clientId?: string;
}

export interface ParsedLeases {
  readonly leases: readonly Lease[];
  /** `file:line: why` for each line that is not a lease (reported, never silently dropped). */
  readonly problems: readonly string[];
}

const HEX_PAIRS = /^[0-9a-f]{2}(:[0-9a-f]{2})*$/i;
const ETHER_TYPE = '00:01';

/** The Ethernet MAC in a DUID-LLT or DUID-LL, if there is one. */
export function macOfDuid(duid: string): string | undefined {
  const d = duid.toLowerCase();
  if (!HEX_PAIRS.test(d)) return undefined;
  const bytes = d.split(':');
  const type = bytes.slice(0, 2).join(':');
  const hw = bytes.slice(2, 4).join(':');
  if (hw !== ETHER_TYPE) return undefined;
  const mac = type === '00:01' ? bytes.slice(8) : type === '00:03' ? bytes.slice(4) : undefined;
  return mac?.length === 6 ? mac.join(':') : undefined;
}

const orAbsent = (s: string | undefined): string | undefined => (s === undefined || s === '*' ? undefined : s);

function parseExpiry(text: string): number | undefined | 'bad' {
  if (!/^[0-9]+$/.test(text)) return 'bad';
  const n = Number(text);
  return n === 0 ? undefined : n;
}

export function parseLeases(text: string, file: string): ParsedLeases {
  const leases: Lease[] = [];
  const problems: string[] = [];
  let v6 = false;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const f = line.split(/\s+/);
    const bad = (why: string) => problems.push(`${file}:${i + 1}: ${why}: ${line.slice(0, 120)}`);
    if (f[0] === 'duid') { v6 = true; return; }
    if (f.length < 4) return void bad('not a lease (expected expiry, mac or iaid, address, hostname)');
    const expiry = parseExpiry(f[0]!);
    if (expiry === 'bad') return void bad('expiry is not a number');
    const [, id, address, host, client] = f as [string, string, string, string, string | undefined];
    const common = { address, ...(orAbsent(host) && { hostname: host }), ...(expiry !== undefined && { expiry }), ...(orAbsent(client) && { clientId: client! }) };
    if (!v6 || !address.includes(':')) {
      // A v4 line: the MAC, maybe with a hardware type prefix (`06-...`) that is not Ethernet.
      const mac = id.toLowerCase();
      if (!/^[0-9.]+$/.test(address)) return void bad('not an IPv4 address');
      leases.push({ family: 4, ...common, ...(HEX_PAIRS.test(mac) && mac.split(':').length === 6 && { mac }) });
      return;
    }
    const mac = client !== undefined ? macOfDuid(client) : undefined;
    leases.push({ family: 6, ...common, ...(mac && { mac }) });
  });
  return { leases, problems };
}

/** `12h`, `45m`, `3600`, `2d`, `infinite` (dnsmasq's lease times) → seconds; undefined for infinite. */
export function leaseSeconds(text: string): number | undefined {
  if (text === 'infinite') return undefined;
  const m = /^([0-9]+)([smhdw]?)$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[m[2] as ''];
}
