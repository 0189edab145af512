/**
 * When the WireGuard checker (a throwaway wireguard-go in private namespaces: the most expensive
 * check dlan runs) can be skipped: when the new config differs from the running one only in peers'
 * `PublicKey` and `Endpoint` values (and comments), and every new value is one `wg` itself
 * accepts. Then the check could not say anything this function does not:
 *
 *  - `wg syncconf` parses the whole file before it changes anything (wireguard-tools config.c
 *    reads every line, then sends one set-device request), so a line it rejects fails the apply
 *    atomically, with the interface untouched;
 *  - a key is accepted by `key_from_base64`: 44 characters of base64 ending in one `=`, that is
 *    32 bytes (the same test is made here);
 *  - an endpoint by `parse_endpoint`: `host:port` or `[IPv6]:port`, port 0..65535; resolving a
 *    host name is the network's business at run time — the checker does not test it either (it
 *    maps names to 192.0.2.1);
 *  - everything else, the structure of the file (sections, AllowedIPs, keepalives, the listen
 *    port), is unchanged, so it was accepted when the running file was checked.
 *
 * Anything else (a peer added or removed, an AllowedIPs or port change, no running file) is
 * checked. Pure.
 */

const VALUE_LINE = /^\s*(PublicKey|Endpoint)\s*=\s*(.*?)\s*$/i;
const KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV6 = /^[0-9A-Fa-f:.]+(?:%[A-Za-z0-9_.-]+)?$/;

/** A 32-byte key in base64 (the last character before `=` carries only 2 bits, hence its set). */
export const isWireguardKey = (v: string): boolean => KEY.test(v);

export function isWireguardEndpoint(v: string): boolean {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(v);
  if (!m || Number(m[3]) > 65535) return false;
  return m[1] !== undefined ? IPV6.test(m[1]) && m[1].includes(':') : HOST.test(m[2]!);
}

/** The file with comments and blank lines dropped, PublicKey/Endpoint values masked. */
function shape(config: string): { lines: string[]; values: { kind: string; value: string }[] } {
  const lines: string[] = [];
  const values: { kind: string; value: string }[] = [];
  for (const raw of config.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const m = VALUE_LINE.exec(line);
    if (m) {
      lines.push(`${m[1]!.toLowerCase()} = *`);
      values.push({ kind: m[1]!.toLowerCase(), value: m[2]! });
    } else lines.push(line);
  }
  return { lines, values };
}

export function wireguardCheckNeeded(running: string | undefined, next: string): boolean {
  if (running === undefined) return true;
  const a = shape(running);
  const b = shape(next);
  if (a.lines.length !== b.lines.length || a.lines.some((l, i) => l !== b.lines[i])) return true;
  return !b.values.every((v) => (v.kind === 'publickey' ? isWireguardKey(v.value) : isWireguardEndpoint(v.value)));
}
