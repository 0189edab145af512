/**
 * `dlan diff --format markdown`: a pull-request comment in the style of argocd-diff-preview:
 * a headline and a summary table, the network-level changes, then one collapsible section per
 * router with its actions and file diffs. GitHub cuts comments at 65536 characters, so each
 * router's diff is cut after `maxLines` lines and the whole comment stays under `maxChars`,
 * each cut saying so. Plain CommonMark + HTML <details>, which GitHub, Forgejo/Gitea and
 * GitLab all render. Marks are plain Unicode symbols (− + ± ⇄ ✗ ✓ ⚠ ✂), not emoji, so they show in
 * any font.
 */
import * as say from './phrases.js';
import type { TopologyDiff } from './diff.js';
import type { Changes } from './keyed.js';
import type { PairChanges } from './reachability.js';
import type { RouterDiff } from './router-diff.js';

export interface MarkdownOptions {
  /** Lines of file diff per router before it is cut. Default 150. */
  readonly maxLines?: number;
  /** Characters of the whole comment. Default 60000 (GitHub's limit is 65536). */
  readonly maxChars?: number;
}

const code = (s: string) => `\`${s}\``;
const side = (x: TopologyDiff['base']) => (x.commit && !x.commit.startsWith(x.name) ? `${code(x.name)} (${x.commit.slice(0, 7)})` : code(x.commit ? x.commit.slice(0, 7) : x.name));

function bullets<T>(out: string[], title: string, c: Changes<T>, describe: (x: T) => string): void {
  if (c.added.length + c.removed.length + c.changed.length === 0) return;
  out.push(`**${title}**`, '');
  for (const x of c.removed) out.push(`- − ${describe(x)}`);
  for (const x of c.added) out.push(`- \\+ ${describe(x)}`);
  for (const { before, after } of c.changed) out.push(`- ± ${describe(before)} → ${describe(after)}`);
  out.push('');
}

function pairs(out: string[], title: string, p: PairChanges, arrow: string): void {
  if (p.lost + p.gained + p.path === 0) return;
  out.push(`**${title}** (${say.counts({ lost: p.lost, gained: p.gained, 'with new paths': p.path })})`, '');
  for (const c of p.changes) out.push(`- ${c.change === 'lost' ? '✗' : c.change === 'gained' ? '✓' : '⇄'} ${say.pairChange(c, arrow)}`);
  if (p.omitted > 0) out.push(`- … and ${p.omitted} more (run \`dlan diff --json\`)`);
  out.push('');
}

function network(d: TopologyDiff): string[] {
  const n = d.network;
  const out: string[] = [];
  bullets(out, 'Peerings', n.peerings, say.peering);
  bullets(out, 'LANs', n.lans, say.lan);
  pairs(out, 'Reachability between LANs', n.reachability.lanPairs, '↔');
  pairs(out, 'LANs to routers without a LAN', n.reachability.lanToRouter, '→');
  const sp = n.spofs;
  const spofLines = [
    ...sp.routers.added.map((x) => `- ⚠ ${say.spofRouter(x, true)}`),
    ...sp.peerings.added.map((x) => `- ⚠ ${say.spofPeering(x, true)}`),
    ...sp.routers.changed.map((x) => `- ⚠ ${say.spofRouter(x.after, true)} (was for ${say.list(x.before.cutOff)})`),
    ...sp.peerings.changed.map((x) => `- ⚠ ${say.spofPeering(x.after, true)} (was for ${say.list(x.before.cutOff)})`),
    ...sp.routers.removed.map((x) => `- ✓ ${say.spofRouter(x, false)}`),
    ...sp.peerings.removed.map((x) => `- ✓ ${say.spofPeering(x, false)}`),
  ];
  if (spofLines.length) out.push('**Single points of failure**', '', ...spofLines, '');
  bullets(out, 'Forwards exposed on public routers', n.forwards, say.forward);
  bullets(out, 'DNS names', n.dns, say.dnsName);
  return out;
}

function table(d: TopologyDiff): string[] {
  const out = ['| Router | Change | Files | Peers | Daemons | Hitless |', '|---|---|---|---|---|---|'];
  for (const r of d.routers) {
    const files = r.files.length ? `${r.files.length} (+${r.files.reduce((s, f) => s + f.added, 0)} −${r.files.reduce((s, f) => s + f.removed, 0)})` : '';
    const peers = [...r.peers.added.map((p) => `+${p.name}`), ...r.peers.removed.map((p) => `−${p.name}`)].join(' ');
    const daemons = r.actions.filter((a) => !a.subject.startsWith('link ')).map((a) => `${a.subject} ${a.action}`).join(', ');
    const hitless = r.status === 'removed' ? '' : r.hitless ? '✓' : `⚠ ${r.actions.filter((a) => !a.hitless).map((a) => `${a.subject} ${a.action}`).join(', ')}`;
    out.push(`| **${r.router}** | ${r.status} | ${files} | ${peers} | ${daemons} | ${hitless} |`);
  }
  return out;
}

function routerSection(r: RouterDiff, maxLines: number, withDiffs: boolean): string[] {
  const out = ['<details>', `<summary><b>${r.router}</b>: ${r.status}${r.status === 'removed' ? '' : ` — ${say.routerLine(r)}; ${say.disruption(r)}`}</summary>`, ''];
  if (r.links.added.length + r.links.removed.length + r.links.changed.length) {
    out.push(`Links: ${[...r.links.removed.map((l) => `− ${l.ifname} to ${l.peer}`), ...r.links.added.map((l) => `+ ${l.ifname} to ${l.peer} (VNI ${l.vni})`), ...r.links.changed.map((l) => `± ${l.ifname}: ${l.changes.join(', ')}`)].join(', ')}`, '');
  }
  if (r.addresses.added.length + r.addresses.removed.length) {
    out.push(`Addresses: ${[...r.addresses.removed.map((a) => `− ${a.address} on ${a.ifname}`), ...r.addresses.added.map((a) => `+ ${a.address} on ${a.ifname}`)].join(', ')}`, '');
  }
  if (r.actions.length) {
    out.push('| What | Action | Effect |', '|---|---|---|');
    for (const a of r.actions) out.push(`| ${a.subject} | ${a.action} | ${a.hitless ? '✓ hitless: ' : '⚠ '}${a.effect} |`);
    out.push('');
  }
  if (r.status === 'removed') {
    out.push(`Files no longer rendered: ${r.files.map((f) => code(f.path)).join(', ')}`, '');
  } else if (withDiffs) {
    const lines: string[] = [];
    for (const f of r.files) {
      for (const l of f.diff.split('\n')) if (l !== '' && !/^(Index: |={3,})/.test(l)) lines.push(l);
    }
    out.push('```diff', ...lines.slice(0, maxLines), '```');
    if (lines.length > maxLines) out.push('', `> ✂ ${lines.length - maxLines} more lines of this router's diff left out; run \`dlan diff\` locally for all of it.`);
    out.push('');
  } else {
    out.push(`> ✂ File diffs left out to keep the comment under the forge's size limit: ${r.files.map((f) => code(f.path)).join(', ')}.`, '');
  }
  out.push('</details>', '');
  return out;
}

export function renderDiffMarkdown(d: TopologyDiff, o: MarkdownOptions = {}): string {
  const maxLines = o.maxLines ?? 150;
  const maxChars = o.maxChars ?? 60000;
  const s = d.summary;
  const out = [`## dlan diff: ${side(d.base)} → ${side(d.head)}`, ''];
  if (!s.changed) return `${[...out, 'No changes: every router renders the same configuration, and the network is the same.'].join('\n')}\n`;
  out.push(say.headline(s), '');
  if (s.lanPairs.lost > 0) out.push(`> ✗ **${s.lanPairs.lost} LAN pair(s) reachable at the base are not at the head.**`, '');
  const newSpofs = [...d.network.spofs.routers.added.map((x) => say.spofRouter(x, true)), ...d.network.spofs.peerings.added.map((x) => say.spofPeering(x, true))];
  if (newSpofs.length) out.push(`> ⚠ ${newSpofs.join('; ')}.`, '');
  for (const w of d.warnings) out.push(`> ⚠ ${code(w)}`, '');
  out.push(...table(d), '');
  if (d.unchanged.length) out.push(`Unchanged: ${d.unchanged.join(', ')}`, '');
  out.push('### Network', '', ...network(d), '### Routers', '');
  let body = out.join('\n');
  for (const r of d.routers) {
    const full = routerSection(r, maxLines, true).join('\n');
    body += `\n${body.length + full.length < maxChars ? full : routerSection(r, maxLines, false).join('\n')}`;
  }
  return `${body.trimEnd()}\n`;
}
