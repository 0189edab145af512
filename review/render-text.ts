/**
 * `dlan diff` for a terminal: the network first (what the change does to the whole network),
 * then every router that changes, with its file diffs. Marks: + added, - removed, ~ changed,
 * ! something a reviewer should stop at (lost reachability, a new single point of failure,
 * a change that is not hitless).
 */
import * as say from './phrases.js';
import type { TopologyDiff } from './diff.js';
import type { Changes } from './keyed.js';
import type { PairChanges } from './reachability.js';
import type { RouterDiff } from './router-diff.js';
import { diffLine, plain, type Style } from '../reconciler/plan/style.js';

export interface TextOptions {
  readonly style?: Style;
  /** Print file diffs (default true). */
  readonly diffs?: boolean;
}

const side = (x: TopologyDiff['base']) => (x.commit && !x.commit.startsWith(x.name) ? `${x.name} (${x.commit.slice(0, 7)})` : x.commit ? x.commit.slice(0, 7) : x.name);

function section<T>(out: string[], s: Style, title: string, c: Changes<T>, describe: (x: T) => string, changed?: (b: T, a: T) => string): void {
  if (c.added.length + c.removed.length + c.changed.length === 0) return;
  out.push(`  ${s.bold(title)}`);
  for (const x of c.removed) out.push(`    ${s.red(`- ${describe(x)}`)}`);
  for (const x of c.added) out.push(`    ${s.green(`+ ${describe(x)}`)}`);
  for (const { before, after } of c.changed) out.push(`    ${s.yellow(`~ ${changed ? changed(before, after) : `${describe(before)} → ${describe(after)}`}`)}`);
}

function pairs(out: string[], s: Style, title: string, p: PairChanges, arrow: string): void {
  if (p.lost + p.gained + p.path === 0) return;
  out.push(`  ${s.bold(title)} (${say.counts({ lost: p.lost, gained: p.gained, 'with new paths': p.path })})`);
  for (const c of p.changes) {
    const line = say.pairChange(c, arrow);
    out.push(`    ${c.change === 'lost' ? s.red(`! ${line}`) : c.change === 'gained' ? s.green(`+ ${line}`) : s.yellow(`~ ${line}`)}`);
  }
  if (p.omitted > 0) out.push(`    … and ${p.omitted} more (see --json)`);
}

function network(out: string[], s: Style, d: TopologyDiff): void {
  const n = d.network;
  const start = out.length;
  section(out, s, 'Peerings', n.peerings, say.peering);
  section(out, s, 'LANs', n.lans, say.lan);
  pairs(out, s, 'Reachability between LANs', n.reachability.lanPairs, '↔');
  pairs(out, s, 'LANs to routers without a LAN', n.reachability.lanToRouter, '→');
  const spofs = n.spofs;
  if (spofs.routers.added.length + spofs.routers.removed.length + spofs.routers.changed.length + spofs.peerings.added.length + spofs.peerings.removed.length + spofs.peerings.changed.length > 0) {
    out.push(`  ${s.bold('Single points of failure')}`);
    for (const x of spofs.routers.added) out.push(`    ${s.red(`! ${say.spofRouter(x, true)}`)}`);
    for (const x of spofs.peerings.added) out.push(`    ${s.red(`! ${say.spofPeering(x, true)}`)}`);
    for (const x of spofs.routers.changed) out.push(`    ${s.yellow(`~ ${say.spofRouter(x.after, true)} (was for ${say.list(x.before.cutOff)})`)}`);
    for (const x of spofs.peerings.changed) out.push(`    ${s.yellow(`~ ${say.spofPeering(x.after, true)} (was for ${say.list(x.before.cutOff)})`)}`);
    for (const x of spofs.routers.removed) out.push(`    ${s.green(`- ${say.spofRouter(x, false)}`)}`);
    for (const x of spofs.peerings.removed) out.push(`    ${s.green(`- ${say.spofPeering(x, false)}`)}`);
  }
  section(out, s, 'Forwards', n.forwards, say.forward);
  section(out, s, 'DNS names', n.dns, say.dnsName);
  if (out.length === start) out.push('  no change');
}

function router(out: string[], s: Style, r: RouterDiff, diffs: boolean): void {
  const status = r.status === 'changed' ? s.yellow('changed') : r.status === 'added' ? s.green('added') : s.red('removed');
  const hit = r.status === 'removed' ? '' : `, ${r.hitless ? s.green('hitless') : s.red(say.disruption(r))}`;
  out.push('', s.bold(`${r.router}: `) + status + hit);
  if (r.peers.removed.length + r.peers.added.length) {
    out.push(`  peers: ${[...r.peers.removed.map((p) => s.red(`-${p.name} (${p.via})`)), ...r.peers.added.map((p) => s.green(`+${p.name} (${p.via})`))].join(' ')}`);
  }
  if (r.links.removed.length + r.links.added.length + r.links.changed.length) {
    out.push(`  links: ${[
      ...r.links.removed.map((l) => s.red(`-${l.ifname} to ${l.peer}`)),
      ...r.links.added.map((l) => s.green(`+${l.ifname} to ${l.peer} (vni ${l.vni})`)),
      ...r.links.changed.map((l) => s.yellow(`~${l.ifname}: ${l.changes.join(', ')}`)),
    ].join(' ')}`);
  }
  if (r.addresses.removed.length + r.addresses.added.length) {
    out.push(`  addresses: ${[...r.addresses.removed.map((a) => s.red(`-${a.address} on ${a.ifname}`)), ...r.addresses.added.map((a) => s.green(`+${a.address} on ${a.ifname}`))].join(' ')}`);
  }
  if (r.actions.length) {
    out.push('  actions:');
    for (const a of r.actions) out.push(`    ${a.hitless ? `~ ${say.action(a)}` : s.red(`! ${say.action(a)}`)}`);
  }
  out.push('  files:');
  for (const f of r.files) {
    const mark = f.op === 'create' ? s.green('+') : f.op === 'delete' ? s.red('-') : s.yellow('~');
    out.push(`    ${mark} ${f.path}${f.service ? ` (${f.service})` : ''} ${s.green(`+${f.added}`)} ${s.red(`-${f.removed}`)}`);
    if (!diffs || !f.diff) continue;
    for (const l of f.diff.split('\n')) {
      if (l === '' || /^(Index: |={3,}|--- |\+\+\+ )/.test(l)) continue;
      out.push(`        ${diffLine(s, l)}`);
    }
  }
}

export function renderDiffText(d: TopologyDiff, o: TextOptions = {}): string {
  const s = o.style ?? plain;
  const out = [s.bold(`dlan diff ${side(d.base)} → ${side(d.head)}`), say.headline(d.summary)];
  for (const w of d.warnings) out.push(s.yellow(w));
  if (!d.summary.changed) return `${out.join('\n')}\n`;
  out.push('', s.bold('Network'));
  network(out, s, d);
  for (const r of d.routers) router(out, s, r, o.diffs !== false);
  if (d.unchanged.length) out.push('', s.dim(`unchanged: ${d.unchanged.join(', ')}`));
  return `${out.join('\n')}\n`;
}
