/** Prefixes, overlaps, DHCP pools and static leases. */
import {
  contains, formatAddress, formatPrefix, isNetworkAddress, networkOf, overlaps, parseAddress, parsePrefix, type Prefix, size,
} from '../ip.js';
import { RESERVED_HOST_NAMES } from '../reserved.js';
import type { RouterDef } from '../model.js';
import type { Check, CheckContext } from './context.js';

type Lan = NonNullable<RouterDef['lan']>;

/** The last address of an IPv4 prefix: the broadcast address, which dnsmasq and the kernel never give a host. */
const broadcast = (p: Prefix): bigint => networkOf(p).value + size(p) - 1n;

/**
 * What is wrong with a host's MAC, if anything: the low bit of the first byte marks a group
 * (multicast) address, ff:ff:ff:ff:ff:ff is broadcast, all zeros is no address; dnsmasq would
 * never see a DHCP request from any of them.
 */
export function macProblem(mac: string): string | undefined {
  const bytes = mac.split(':').map((b) => parseInt(b, 16));
  if (bytes.every((b) => b === 0)) return 'is all zeros, which no network card has';
  if (bytes.every((b) => b === 255)) return 'is the broadcast address, not a host\'s';
  if ((bytes[0]! & 1) === 1) return `is a multicast (group) address: the first byte ${mac.slice(0, 2)} is odd; a host's port has an even first byte, e.g. 02`;
  return undefined;
}

/** A prefix with host bits set (10.1.0.1/24) is almost always a typo for the network (10.1.0.0/24). */
function requireNetwork(ctx: CheckContext, file: string, path: (string | number)[], text: string): Prefix | undefined {
  const p = parsePrefix(text);
  if (!p) return undefined;
  if (!isNetworkAddress(p)) {
    ctx.report.error('NotNetworkAddress', file, path, `${text} has host bits set; the network address is ${formatPrefix(networkOf(p))}`);
  }
  return p;
}

export const checkPrefixes: Check = (ctx) => {
  const { topology, networkFile } = ctx;
  const o4 = requireNetwork(ctx, networkFile, ['overlay', 'ipv4'], topology.network.overlay.ipv4);
  const o6 = requireNetwork(ctx, networkFile, ['overlay', 'ipv6'], topology.network.overlay.ipv6);
  if (o4 && (o4.length < 8 || o4.length > 20)) ctx.report.error('OverlaySize', networkFile, ['overlay', 'ipv4'], 'must be between /8 and /20');
  if (o6 && (o6.length < 16 || o6.length > 62)) ctx.report.error('OverlaySize', networkFile, ['overlay', 'ipv6'], 'must be between /16 and /62 (three /64 subnets are carved out of it)');
  const lans: { router: RouterDef; order: number; field: 'ipv4' | 'ipv6'; text: string; prefix: Prefix }[] = [];
  topology.routers.forEach((r, order) => {
    const lan = r.lan;
    if (!lan) return;
    for (const field of ['ipv4', 'ipv6'] as const) {
      const text = lan[field];
      if (text === undefined) continue;
      const p = requireNetwork(ctx, r.file, ['lan', field], text);
      if (!p) continue;
      if (field === 'ipv6' && p.length !== 64) ctx.report.error('LanIPv6Length', r.file, ['lan', 'ipv6'], 'must be a /64 (SLAAC and router advertisements need it)');
      if (field === 'ipv4' && p.length > 30) ctx.report.error('LanTooSmall', r.file, ['lan', 'ipv4'], 'must be /30 or larger');
      for (const [overlay, name] of [[o4, 'ipv4'], [o6, 'ipv6']] as const) {
        if (overlay && overlaps(p, overlay)) {
          ctx.report.error('LanOverlapsOverlay', r.file, ['lan', field], `${text} overlaps the overlay prefix ${topology.network.overlay[name]}`);
        }
      }
      lans.push({ router: r, order, field, text, prefix: networkOf(p) });
    }
  });
  reportLanOverlaps(ctx, lans);
};

/**
 * Sweep over LAN prefixes sorted by start address (O(n log n), not every pair): a prefix that
 * starts inside the widest one seen so far overlaps it. The finding goes to the router that
 * comes later by name, naming the other.
 */
function reportLanOverlaps(ctx: CheckContext, lans: { router: RouterDef; order: number; field: 'ipv4' | 'ipv6'; text: string; prefix: Prefix }[]) {
  const end = (p: Prefix) => p.value + (1n << BigInt((p.family === 4 ? 32 : 128) - p.length)) - 1n;
  for (const family of [4, 6] as const) {
    const sorted = lans.filter((l) => l.prefix.family === family)
      .sort((a, b) => (a.prefix.value < b.prefix.value ? -1 : a.prefix.value > b.prefix.value ? 1 : a.prefix.length - b.prefix.length));
    let widest: (typeof sorted)[number] | undefined;
    for (const l of sorted) {
      if (widest && l.prefix.value <= end(widest.prefix)) {
        const [later, earlier] = l.order > widest.order ? [l, widest] : [widest, l];
        ctx.report.error('LanOverlap', later.router.file, ['lan', later.field],
          `${later.text} overlaps router ${earlier.router.name}'s LAN ${formatPrefix(earlier.prefix)}`);
      }
      if (!widest || end(l.prefix) > end(widest.prefix)) widest = l;
    }
  }
}

function pool(text: string): [bigint, bigint] | undefined {
  const [a, b] = text.split('-').map((s) => parseAddress(s));
  return a && b && a.family === b.family ? [a.value, b.value] : undefined;
}

function checkRange(ctx: CheckContext, r: RouterDef, lan: Lan, field: 'range' | 'range6') {
  const text = lan.dhcp?.[field];
  if (text === undefined) return;
  const prefixText = field === 'range' ? lan.ipv4 : lan.ipv6;
  const path = ['lan', 'dhcp', field];
  if (prefixText === undefined) {
    ctx.report.error('DhcpWithoutPrefix', r.file, path, `needs lan.${field === 'range' ? 'ipv4' : 'ipv6'}`);
    return;
  }
  const prefix = parsePrefix(prefixText)!;
  const [first, last] = text.split('-');
  const addrs = [parseAddress(first!), parseAddress(last!)];
  if (addrs.some((a) => !a || a.family !== prefix.family) || !pool(text)) {
    ctx.report.error('BadDhcpRange', r.file, path, `must be two IPv${prefix.family} addresses, first-last`);
    return;
  }
  const outside = addrs.filter((a) => !contains(prefix, a!));
  if (outside.length > 0) {
    ctx.report.error('DhcpRangeOutsideLan', r.file, path, `${text} is not inside the LAN ${prefixText}`);
    return;
  }
  if (addrs[0]!.value > addrs[1]!.value) {
    ctx.report.error('BadDhcpRange', r.file, path, `${first} comes after ${last}`);
    return;
  }
  const within = (v: bigint) => addrs[0]!.value <= v && v <= addrs[1]!.value;
  const net = networkOf(prefix).value;
  if (within(net)) {
    ctx.report.error('DhcpRangeHasReserved', r.file, path, `includes the LAN's network address ${formatAddress({ family: prefix.family, value: net })}, which no host can have; start the range higher`);
  }
  if (prefix.family === 4 && within(broadcast(prefix))) {
    ctx.report.error('DhcpRangeHasReserved', r.file, path, `includes the LAN's broadcast address ${formatAddress({ family: 4, value: broadcast(prefix) })}, which no host can have; end the range lower`);
  }
  if (within(net + 1n)) {
    ctx.report.error('DhcpRangeHasRouter', r.file, path, `includes the router's own address (the LAN's first address)`);
  }
}

export const checkDhcp: Check = (ctx) => {
  for (const r of ctx.topology.routers) {
    if (!r.lan) continue;
    checkRange(ctx, r, r.lan, 'range');
    checkRange(ctx, r, r.lan, 'range6');
  }
};

/** Static leases: inside the LAN, and names, MACs and addresses unique across the network. */
export const checkStaticLeases: Check = (ctx) => {
  type Place = { file: string; path: (string | number)[]; where: string };
  const names = new Map<string, Place>();
  const macs = new Map<string, Place>();
  const addrs = new Map<string, Place>();
  const routerNames = new Set(ctx.topology.routers.map((r) => r.name));
  for (const r of ctx.topology.routers) {
    (r.lan?.hosts ?? []).forEach((h, i) => {
      const where = `${r.name}'s host ${h.name}`;
      const here = { file: r.file, path: ['lan', 'hosts', i] as (string | number)[], where };
      const seenName = names.get(h.name);
      const namePath = ['lan', 'hosts', i, 'name'];
      if (seenName) ctx.report.error('DuplicateHostName', r.file, namePath, `${h.name} is already the name of ${seenName.where}`, false, [ctx.report.place(seenName.file, [...seenName.path, 'name'], `${seenName.where} is defined here`)]);
      else if (routerNames.has(h.name)) ctx.report.error('DuplicateHostName', r.file, namePath, `${h.name} is the name of a router`);
      else if (RESERVED_HOST_NAMES.has(h.name)) {
        ctx.report.error('ReservedHostName', r.file, namePath, `${h.name} is the name dlan gives the router itself (${h.name}.${r.name}.${ctx.topology.network.domain}); dnsmasq would answer two addresses for it; choose another name`);
      } else names.set(h.name, here);
      const mac = h.mac.toLowerCase();
      const seenMac = macs.get(mac);
      const bad = macProblem(mac);
      if (bad) ctx.report.error('BadMac', r.file, ['lan', 'hosts', i, 'mac'], `${h.mac} ${bad}`);
      else if (seenMac) ctx.report.error('DuplicateMac', r.file, ['lan', 'hosts', i, 'mac'], `${h.mac} is already the MAC of ${seenMac.where}`, false, [ctx.report.place(seenMac.file, [...seenMac.path, 'mac'], `${seenMac.where} is defined here`)]);
      else macs.set(mac, here);
      for (const field of ['ipv4', 'ipv6'] as const) {
        const text = h[field];
        if (text === undefined) continue;
        const a = parseAddress(text);
        const prefixText = r.lan?.[field];
        const path = ['lan', 'hosts', i, field];
        if (!a) continue;
        const prefix = prefixText === undefined ? undefined : parsePrefix(prefixText);
        if (!prefix || !contains(prefix, a)) {
          ctx.report.error('LeaseOutsideLan', r.file, path, `${text} is not inside the LAN ${prefixText ?? `(no lan.${field})`}`);
          continue;
        }
        const net = networkOf(prefix).value;
        if (a.value === net) ctx.report.error('LeaseOnReserved', r.file, path, `${text} is the LAN's network address, which no host can have`);
        else if (a.value === net + 1n) ctx.report.error('LeaseOnReserved', r.file, path, `${text} is the router's own address (the LAN's first address)`);
        else if (prefix.family === 4 && a.value === broadcast(prefix)) ctx.report.error('LeaseOnReserved', r.file, path, `${text} is the LAN's broadcast address, which no host can have`);
        const key = `${a.family}/${a.value}`;
        const seenAddr = addrs.get(key);
        if (seenAddr) ctx.report.error('DuplicateAddress', r.file, path, `${text} is already the address of ${seenAddr.where}`, false, [ctx.report.place(seenAddr.file, [...seenAddr.path], `${seenAddr.where} has it`)]);
        else addrs.set(key, { ...here, path: path as (string | number)[] });
      }
    });
  }
};
