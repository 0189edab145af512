/**
 * One router's part of a diff: what an agent would do when the router moves from BASE to HEAD.
 * The planner answers it: HEAD's desired state is planned against BASE's as if applied
 * (reconciler/plan/as-applied.ts), so file diffs are redacted like `dlan plan`'s, and which
 * daemon reloads or restarts is the planner's own decision, not a second opinion.
 */
import { asApplied } from '../reconciler/plan/as-applied.js';
import { effectOf } from '../reconciler/plan/effects.js';
import { emptyInventory, type Observed } from '../reconciler/plan/observed.js';
import { addressedInterfaces, type DiffLabels, inventoryOf, makePlan } from '../reconciler/plan/plan.js';
import { type Step, stepSubject } from '../reconciler/plan/steps.js';
import type { RouterSlice } from '../model/slice.js';
import type { DesiredState, ServiceName, VxlanSpec } from '../renderers/state.js';
import { keyedChanges } from './keyed.js';

export interface RouterSide {
  readonly slice: RouterSlice;
  readonly desired: DesiredState;
}

export interface FileChange {
  readonly path: string;
  readonly service?: ServiceName;
  readonly op: 'create' | 'update' | 'delete';
  /** Unified diff, secrets redacted; empty for a removed router's files. */
  readonly diff: string;
  readonly added: number;
  readonly removed: number;
}

export interface LinkInfo { readonly ifname: string; readonly peer: string; readonly vni: number }
export interface AddressInfo { readonly ifname: string; readonly address: string }
export interface PeerInfo { readonly name: string; readonly via: string }

export interface Action {
  /** What acts: a service, a link, an address, the WireGuard interface. */
  readonly subject: string;
  readonly action: string;
  readonly hitless: boolean;
  readonly effect: string;
}

export interface RouterDiff {
  readonly router: string;
  readonly status: 'added' | 'removed' | 'changed';
  readonly files: readonly FileChange[];
  readonly links: { readonly added: readonly LinkInfo[]; readonly removed: readonly LinkInfo[]; readonly changed: readonly { readonly ifname: string; readonly changes: readonly string[] }[] };
  readonly addresses: { readonly added: readonly AddressInfo[]; readonly removed: readonly AddressInfo[] };
  readonly peers: { readonly added: readonly PeerInfo[]; readonly removed: readonly PeerInfo[] };
  /** What the agent does besides writing files, in order; `hitless: false` ones interrupt something. */
  readonly actions: readonly Action[];
  /** Every action is hitless. */
  readonly hitless: boolean;
}

/** Whether two renders of a router are the same (then no plan is needed). */
export function sameDesired(a: DesiredState, b: DesiredState): boolean {
  if (a.files.length !== b.files.length) return false;
  for (let i = 0; i < a.files.length; i++) {
    const x = a.files[i]!;
    const y = b.files[i]!;
    if (x.path !== y.path || x.content !== y.content || x.mode !== y.mode || x.service !== y.service) return false;
  }
  const rest = (d: DesiredState) => JSON.stringify([d.wireguard, d.vxlans, d.addresses, d.services]);
  return rest(a) === rest(b);
}

const lineCounts = (diff: string) => {
  let added = 0;
  let removed = 0;
  for (const l of diff.split('\n')) {
    if (l.startsWith('+') && !l.startsWith('+++')) added++;
    else if (l.startsWith('-') && !l.startsWith('---')) removed++;
  }
  return { added, removed };
};

function fileChanges(steps: readonly Step[]): FileChange[] {
  return steps.flatMap((s): FileChange[] => {
    if (s.kind !== 'file') return [];
    const diff = s.diff.replace(/^={3,}\n/, '');
    return [s.op === 'delete'
      ? { path: s.path, op: 'delete', diff, ...lineCounts(diff) }
      : { path: s.file.path, service: s.file.service, op: s.op, diff, ...lineCounts(diff) }];
  }).sort((a, b) => (a.path < b.path ? -1 : 1));
}

const linkInfo = (v: VxlanSpec): LinkInfo => ({ ifname: v.ifname, peer: v.peer, vni: v.vni });

function linkChanges(before: readonly VxlanSpec[], after: readonly VxlanSpec[]): RouterDiff['links'] {
  const c = keyedChanges(before, after, (v) => v.ifname);
  const fields = ['peer', 'vni', 'local', 'remote', 'dstPort', 'dev', 'mtu', 'addresses'] as const;
  return {
    added: c.added.map(linkInfo),
    removed: c.removed.map(linkInfo),
    changed: c.changed.map(({ before: b, after: a }) => ({
      ifname: a.ifname,
      changes: fields.filter((f) => JSON.stringify(b[f]) !== JSON.stringify(a[f])).map((f) => `${f} ${String(b[f])} → ${String(a[f])}`),
    })),
  };
}

function addressChanges(before: DesiredState | undefined, after: DesiredState | undefined, links: RouterDiff['links']): RouterDiff['addresses'] {
  // Addresses of a link that comes or goes come and go with it: not listed twice.
  const moving = new Set([...links.added, ...links.removed].map((l) => l.ifname));
  const flat = (d: DesiredState | undefined) => (d ? addressedInterfaces(d) : [])
    .flatMap(({ ifname, addresses }) => (moving.has(ifname) ? [] : addresses.map((address) => ({ ifname, address }))));
  const c = keyedChanges(flat(before), flat(after), (a) => `${a.ifname} ${a.address}`);
  return { added: c.added, removed: c.removed };
}

function actions(steps: readonly Step[]): Action[] {
  const out: Action[] = [];
  const created = new Set(steps.flatMap((s) => (s.kind === 'vxlan' && s.op === 'create' ? [s.spec.ifname] : [])));
  for (const s of steps) {
    if (s.kind === 'file' || s.kind === 'address') continue;
    if (s.kind === 'vxlan' && s.op === 'create') continue; // listed under links
    if (s.kind === 'vxlan' && s.op === 'delete' && created.has(s.ifname)) {
      out.push({ subject: `link ${s.ifname}`, action: 'recreate', hitless: false, effect: 'its identity changed (VNI or endpoints): the adjacency over it bounces' });
      continue;
    }
    const { hitless, effect } = effectOf(s);
    const subject = s.kind === 'service' ? s.service : `${s.kind === 'wireguard' ? 'wireguard' : 'link'} ${stepSubject(s)}`;
    const action = s.kind === 'service' ? s.op : 'changes' in s ? s.changes.join(', ') : s.op;
    out.push({ subject, action, hitless, effect });
  }
  return out;
}

/** A new router before its first apply: nothing of dlan's there yet. */
const bareMachine: Observed = { files: new Map(), vxlans: [], addresses: new Map(), running: new Set(), links: new Map() };

/** The diff of one router, or undefined when nothing changes for it. */
export function diffRouter(name: string, base: RouterSide | undefined, head: RouterSide | undefined, labels: DiffLabels): RouterDiff | undefined {
  if (base && head && sameDesired(base.desired, head.desired)) return undefined;
  const links = linkChanges(base?.desired.vxlans ?? [], head?.desired.vxlans ?? []);
  const peers = keyedChanges((base?.slice.peers ?? []).map((p) => ({ name: p.name, via: p.via })), (head?.slice.peers ?? []).map((p) => ({ name: p.name, via: p.via })), (p) => p.name);
  const addresses = addressChanges(base?.desired, head?.desired, links);
  if (!head) {
    const files = base!.desired.files.map((f): FileChange => ({ path: f.path, service: f.service, op: 'delete', diff: '', added: 0, removed: f.content.split('\n').length - 1 }));
    return { router: name, status: 'removed', files, links, addresses, peers: { added: [], removed: peers.removed }, actions: [], hitless: true };
  }
  const plan = base
    ? makePlan(head.desired, asApplied(base.desired), inventoryOf(base.desired), { labels })
    : makePlan(head.desired, bareMachine, emptyInventory, { labels });
  const acts = actions(plan.steps);
  return {
    router: name, status: base ? 'changed' : 'added',
    files: fileChanges(plan.steps), links, addresses,
    peers: { added: peers.added, removed: peers.removed },
    actions: acts,
    hitless: acts.every((a) => a.hitless),
  };
}
