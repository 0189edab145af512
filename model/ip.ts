/**
 * IPv4/IPv6 addresses and prefixes as bigints: parsing, formatting (RFC 5952 for IPv6),
 * containment and overlap. Pure; used by validation, the address plan and the renderers.
 */

export type Family = 4 | 6;

export interface Address {
  readonly family: Family;
  readonly value: bigint;
}

export interface Prefix {
  readonly family: Family;
  /** The address as written (may have host bits set; see `isNetworkAddress`). */
  readonly value: bigint;
  readonly length: number;
}

const bits = (f: Family): number => (f === 4 ? 32 : 128);

export function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

export function parseIPv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  let head = text;
  let tailV4: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    tailV4 = parseIPv4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const group = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const left = group(halves[0]!);
  const right = halves.length === 2 ? group(halves[1]!) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  if (tailV4 !== undefined) v = (v & ~0xffffffffn) | tailV4;
  return v;
}

export function parseAddress(text: string): Address | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = text.includes(':') ? parseIPv6(text) : undefined;
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

export function parsePrefix(text: string, family?: Family): Prefix | undefined {
  const m = /^([^/]+)\/([0-9]{1,3})$/.exec(text);
  if (!m) return undefined;
  const a = parseAddress(m[1]!);
  const length = Number(m[2]);
  if (!a || (family && a.family !== family) || length > bits(a.family)) return undefined;
  return { family: a.family, value: a.value, length };
}

export function formatAddress(a: Address): string {
  return a.family === 4 ? formatIPv4(a.value) : formatIPv6(a.value);
}

export function formatIPv4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
}

/** RFC 5952: lower case, leading zeros dropped, the longest run (>1) of zero groups as `::`. */
export function formatIPv6(v: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

export function formatPrefix(p: Prefix): string {
  return `${formatAddress(p)}/${p.length}`;
}

export function hostMask(p: { family: Family; length: number }): bigint {
  return (1n << BigInt(bits(p.family) - p.length)) - 1n;
}

export function networkOf(p: Prefix): Prefix {
  return { family: p.family, value: p.value & ~hostMask(p), length: p.length };
}

export function isNetworkAddress(p: Prefix): boolean {
  return (p.value & hostMask(p)) === 0n;
}

export function contains(p: Prefix, a: Address): boolean {
  return p.family === a.family && (a.value & ~hostMask(p)) === (p.value & ~hostMask(p));
}

export function overlaps(a: Prefix, b: Prefix): boolean {
  if (a.family !== b.family) return false;
  const shorter = a.length <= b.length ? a : b;
  return contains(shorter, { family: b.family, value: (shorter === a ? b : a).value });
}

/** The n-th address inside a prefix (0 = the network address). */
export function nth(p: Prefix, n: bigint | number): Address {
  return { family: p.family, value: (p.value & ~hostMask(p)) + BigInt(n) };
}

export function size(p: { family: Family; length: number }): bigint {
  return 1n << BigInt(bits(p.family) - p.length);
}

/** Reverse DNS zone for a prefix, rounded out to whole octets (v4) or nibbles (v6). */
export function reverseZone(p: Prefix): string {
  const net = networkOf(p);
  if (p.family === 4) {
    const octets = Math.floor(p.length / 8);
    const parts = formatIPv4(net.value).split('.').slice(0, Math.max(octets, 1));
    return `${parts.reverse().join('.')}.in-addr.arpa`;
  }
  const nibbles = Math.floor(p.length / 4);
  const hex = net.value.toString(16).padStart(32, '0').slice(0, Math.max(nibbles, 1));
  return `${hex.split('').reverse().join('.')}.ip6.arpa`;
}
