/**
 * The sentences of a diff, shared by the text and Markdown renderers so both say the same
 * thing the same way. Pure; no colour, no markup.
 */
import type { Family } from '../model/ip.js';
import type { ExposedForward, DnsName, Lan, PeeringSpof, RouterSpof } from '../model/network/index.js';
import type { PeeringInfo } from './network-diff.js';
import type { PairChange, RouteSummary } from './reachability.js';
import type { Action, RouterDiff } from './router-diff.js';
import type { DiffSummary } from './summary.js';

export const families = (fs: readonly Family[]): string => fs.map((f) => (f === 4 ? 'IPv4' : 'IPv6')).join('+');

export const list = (xs: readonly string[]): string =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;

/** Shortest paths by the routers in between: `via r4 or r5, cost 20`, `direct, cost 10`. */
export function route(r: RouteSummary): string {
  const more = r.pathCount > r.paths.length ? ` (and ${r.pathCount - r.paths.length} more)` : '';
  const ways = r.paths.map((p) => (p.length <= 2 ? 'direct' : p.slice(1, -1).join('–')));
  return `${ways[0] === 'direct' ? '' : 'via '}${ways.join(' or ')}${more}, cost ${r.cost}`;
}

/** One changed pair: what it was, what it becomes. */
export function pairChange(c: PairChange, arrow: string): string {
  const head = `${c.from} ${arrow} ${c.to} (${families(c.families)})`;
  if (c.change === 'lost') return `${head}: unreachable at HEAD (was ${route(c.before!)})`;
  if (c.change === 'gained') return `${head}: reachable at HEAD (${route(c.after!)})`;
  return `${head}: ${route(c.before!)} → ${route(c.after!)}`;
}

export const peering = (p: PeeringInfo): string => `${p.a}–${p.b} (${p.kind}, ${p.via}${p.down ? ', stays down: nobody can dial' : ''})`;

export const lan = (l: Lan): string => `${l.router} ${l.prefix}`;

export const spofRouter = (s: RouterSpof, now: boolean): string =>
  `${s.router} ${now ? 'is now' : 'is no longer'} a single point of failure for ${list(s.cutOff)}`;

export const spofPeering = (s: PeeringSpof, now: boolean): string =>
  `the peering ${s.a}–${s.b} ${now ? 'is now' : 'is no longer'} a single point of failure for ${list(s.cutOff)}`;

export const forward = (f: ExposedForward): string =>
  `${f.router} ${f.publicAddresses.join(' ') || '(no public address)'} ${f.protocol}/${f.port} → ${f.service} (${f.backends.join(', ')}:${f.to}${f.proxyProtocol ? ', PROXY protocol' : ''})`;

export const dnsName = (d: DnsName): string => `${d.name} (${d.addresses.join(', ')})`;

export const action = (a: Action): string => `${a.subject}: ${a.action} — ${a.hitless ? 'hitless: ' : ''}${a.effect}`;

/** `4 changed, 1 removed`: the non-zero counts, or `none`. */
export function counts(parts: Readonly<Record<string, number>>): string {
  const s = Object.entries(parts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  return s.length ? s.join(', ') : 'none';
}

/** One line per router for a summary: what changes, and whether it is hitless. */
export function routerLine(r: RouterDiff): string {
  if (r.status === 'removed') return `removed (${r.peers.removed.length} peers, ${r.files.length} files)`;
  const bits = [
    r.status === 'added' ? 'added' : `${r.files.length} file${r.files.length === 1 ? '' : 's'}`,
    r.peers.added.length > 0 && `peers +${r.peers.added.map((p) => p.name).join(' +')}`,
    r.peers.removed.length > 0 && `peers -${r.peers.removed.map((p) => p.name).join(' -')}`,
    r.links.changed.length > 0 && `${r.links.changed.length} link(s) changed`,
  ].filter((x): x is string => typeof x === 'string');
  return bits.join(', ');
}

export function disruption(r: RouterDiff): string {
  const not = r.actions.filter((a) => !a.hitless).map((a) => `${a.subject} ${a.action}`);
  return not.length ? `not hitless: ${not.join(', ')}` : 'hitless';
}

export function headline(s: DiffSummary): string {
  if (!s.changed) return 'No changes.';
  const lost = s.lanPairs.lost > 0 ? ` ${s.lanPairs.lost} LAN pair(s) lose reachability.` : '';
  return `Routers: ${counts({ changed: s.routers.changed, added: s.routers.added, removed: s.routers.removed })}; ${s.routers.unchanged} unchanged.${lost}`;
}
