/**
 * plan(desired, observed, inventory): the ordered steps that take the live router to the desired
 * state, and nothing else. Pure. Unchanged things produce no step; things dlan did not create
 * (not in the inventory) are never removed; an unrelated change never recreates a link or
 * restarts a daemon (links are changed in place, daemons reloaded where they can be).
 *
 * Order: files → sysctl → WireGuard interface → VXLAN links → addresses → service actions →
 * removals (links, addresses, files no longer wanted), so nothing is torn down before its
 * replacement is in place.
 */
import { createHash } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import type { DesiredState, FileSpec, ServiceAction, ServiceName, VxlanSpec } from '../../renderers/state.js';
import type { Inventory, Observed, ObservedVxlan, WireguardImplementation } from './observed.js';
import type { ServiceOp, Step } from './steps.js';

export interface Plan {
  readonly router: string;
  readonly basedOn: { readonly commit?: string; readonly liveDigest: string };
  readonly steps: readonly Step[];
  /** What dlan owns once the plan is applied. */
  readonly inventory: Inventory;
  readonly summary: { readonly add: number; readonly change: number; readonly destroy: number };
}

/** Lines that could carry a secret are masked in every diff, whatever produced them. */
export function redact(text: string): string {
  return text.replace(/^([+\- ]?\s*(PrivateKey|PresharedKey|password|token)\s*[=:]\s*).*$/gim, '$1(redacted)');
}

/** What the two sides of a file diff are called: the live router and the desired state, or two commits. */
export type DiffLabels = readonly [before: string, after: string];
export const LIVE_LABELS: DiffLabels = ['live', 'desired'];

export function fileDiff(path: string, before: string, after: string, labels: DiffLabels = LIVE_LABELS): string {
  return redact(createTwoFilesPatch(path, path, before, after, labels[0], labels[1], { context: 3 }));
}

/** A stable digest of what was observed, so apply can refuse a plan whose basis moved. */
export function digestObserved(o: Observed): string {
  const canonical = JSON.stringify({
    files: [...o.files.entries()].sort(([a], [b]) => a.localeCompare(b)),
    wireguard: o.wireguard ?? null,
    vxlans: [...o.vxlans].sort((a, b) => a.ifname.localeCompare(b.ifname)),
    addresses: [...o.addresses.entries()].map(([k, v]) => [k, [...v].sort()]).sort(([a], [b]) => String(a).localeCompare(String(b))),
    running: [...o.running].sort(),
    links: [...o.links.entries()].map(([k, v]) => [k, v.up]).sort(([a], [b]) => String(a).localeCompare(String(b))),
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

const strength: Record<ServiceAction | 'start', number> = {
  'wg-sync': 1, 'sysctl-apply': 1, 'nft-apply': 1, reload: 2, 'frr-reload': 2, restart: 3, start: 4,
};

function planFiles(desired: DesiredState, live: Observed, inventory: Inventory, labels: DiffLabels) {
  const steps: Step[] = [];
  const removals: Step[] = [];
  const changedActions = new Map<ServiceName, ServiceAction>();
  const service = new Map(desired.services.map((s) => [s.name, s]));
  const bump = (f: FileSpec) => {
    const action = f.onChange ?? service.get(f.service)?.onChange;
    if (!action) return;
    const cur = changedActions.get(f.service);
    if (!cur || strength[action] > strength[cur]) changedActions.set(f.service, action);
  };
  for (const f of desired.files) {
    const cur = live.files.get(f.path);
    if (!cur) {
      steps.push({ kind: 'file', op: 'create', file: f, diff: fileDiff(f.path, '', f.content, labels), modeOnly: false });
      bump(f);
    } else if (cur.content !== f.content || cur.mode !== f.mode) {
      const modeOnly = cur.content === f.content;
      steps.push({ kind: 'file', op: 'update', file: f, diff: modeOnly ? `mode ${cur.mode.toString(8)} → ${f.mode.toString(8)}\n` : fileDiff(f.path, cur.content, f.content, labels), modeOnly });
      if (!modeOnly) bump(f);
    }
  }
  const wanted = new Set(desired.files.map((f) => f.path));
  for (const path of inventory.files) {
    if (wanted.has(path)) continue;
    const cur = live.files.get(path);
    if (cur) removals.push({ kind: 'file', op: 'delete', path, diff: fileDiff(path, cur.content, '', labels) });
  }
  return { steps, removals, changedActions };
}

function vxlanChanges(want: VxlanSpec, have: ObservedVxlan): { recreate: boolean; changes: string[] } {
  const identity: [string, unknown, unknown][] = [
    ['vni', want.vni, have.vni], ['local', want.local, have.local], ['remote', want.remote, have.remote],
    ['dstport', want.dstPort, have.dstPort], ['dev', want.dev, have.dev],
  ];
  const differs = identity.filter(([, w, h]) => w !== h).map(([k, w, h]) => `${k} ${String(h)} → ${String(w)}`);
  if (differs.length > 0) return { recreate: true, changes: differs };
  const changes: string[] = [];
  if (want.mtu !== have.mtu) changes.push(`mtu ${have.mtu} → ${want.mtu}`);
  if (!have.up) changes.push('up');
  return { recreate: false, changes };
}

function samePeers(desired: DesiredState, w: Observed['wireguard']): boolean {
  if (!w) return false;
  const key = (p: { publicKey: string; keepalive?: number; allowedIps: readonly string[] }) =>
    `${p.publicKey}|${p.keepalive ?? 0}|${[...p.allowedIps].sort().join(',')}`;
  const a = desired.wireguard.peers.map(key).sort().join('\n');
  const b = w.peers.map(key).sort().join('\n');
  return a === b;
}

export interface PlanOptions {
  readonly commit?: string;
  /**
   * Services an earlier apply meant to act on but may not have (it was killed half-way): their
   * files may already be the desired ones, so no file step would trigger them. Their action is
   * run again (every action is idempotent: reload, restart, nft -f, sysctl -p, wg syncconf).
   */
  readonly interrupted?: readonly ServiceName[];
  /** Names of the two sides in file diffs (default: live, desired). */
  readonly labels?: DiffLabels;
  /**
   * The WireGuard this router runs (agent.yaml `wireguard`, resolved when the agent starts): how
   * a missing interface is created, and a live one of the other kind is replaced. Default
   * userspace (wireguard-go), for plans made without an agent (`dlan plan --repo`).
   */
  readonly wireguard?: WireguardImplementation;
}

export function makePlan(desired: DesiredState, live: Observed, inventory: Inventory, basedOn: PlanOptions = {}): Plan {
  const { steps: fileSteps, removals: fileRemovals, changedActions } = planFiles(desired, live, inventory, basedOn.labels ?? LIVE_LABELS);
  const redo = new Set<ServiceName>();
  for (const s of desired.services) {
    if (basedOn.interrupted?.includes(s.name) && !changedActions.has(s.name)) { changedActions.set(s.name, s.onChange); redo.add(s.name); }
  }
  const why = (name: ServiceName, changed: string): string => (redo.has(name) ? 'an interrupted apply may not have applied it' : changed);
  const steps: Step[] = [...fileSteps];
  const removals: Step[] = [];

  if (changedActions.get('sysctl') || !live.running.has('sysctl')) {
    steps.push({ kind: 'service', op: 'sysctl-apply', service: 'sysctl', reason: changedActions.get('sysctl') ? why('sysctl', 'sysctl settings changed') : 'forwarding is off' });
  }

  // WireGuard: the interface itself; its peers follow the config file (wg syncconf). A live
  // interface of the other implementation is replaced, and the links and addresses over it
  // (which the kernel removes with it) are made again.
  const wg = desired.wireguard;
  const implementation = basedOn.wireguard ?? 'userspace';
  const other = live.wireguard?.implementation !== undefined && live.wireguard.implementation !== implementation ? live.wireguard : undefined;
  const haveWg = other ? undefined : live.wireguard;
  const gone = new Set(other ? [other.ifname, ...live.vxlans.filter((v) => v.dev === other.ifname).map((v) => v.ifname)] : []);
  if (other) steps.push({ kind: 'wireguard', op: 'delete', ifname: other.ifname, implementation: other.implementation! });
  if (!haveWg) {
    steps.push({ kind: 'wireguard', op: 'create', spec: wg, implementation, changes: [other ? `replace ${other.implementation} with ${implementation}` : 'create'] });
  } else {
    const changes: string[] = [];
    if (haveWg.mtu !== wg.mtu) changes.push(`mtu ${haveWg.mtu} → ${wg.mtu}`);
    if (haveWg.listenPort !== wg.listenPort) changes.push(`listen-port ${haveWg.listenPort ?? '-'} → ${wg.listenPort}`);
    if (!haveWg.hasPrivateKey) changes.push('private-key');
    if (!haveWg.up) changes.push('up');
    if (changes.length) steps.push({ kind: 'wireguard', op: 'update', spec: wg, changes });
  }
  if (changedActions.has('wireguard') || !haveWg || !samePeers(desired, haveWg)) {
    steps.push({ kind: 'service', op: 'wg-sync', service: 'wireguard', reason: !haveWg ? 'new interface' : changedActions.has('wireguard') ? why('wireguard', 'peers changed') : 'live peers drifted' });
  }

  // VXLAN links: changed in place where the kernel allows (mtu, up), recreated only when
  // their identity (VNI, endpoints) changed, which only happens when router ids do.
  const haveVx = new Map(live.vxlans.filter((v) => !gone.has(v.ifname)).map((v) => [v.ifname, v]));
  for (const v of desired.vxlans) {
    const have = haveVx.get(v.ifname);
    if (!have) { steps.push({ kind: 'vxlan', op: 'create', spec: v }); continue; }
    const { recreate, changes } = vxlanChanges(v, have);
    if (recreate) {
      steps.push({ kind: 'vxlan', op: 'delete', ifname: v.ifname }, { kind: 'vxlan', op: 'create', spec: v });
    } else if (changes.length) steps.push({ kind: 'vxlan', op: 'update', spec: v, changes });
  }

  // Ports: the LAN is set up by dlan (a missing port is missingPorts' error, before any plan runs).
  for (const p of desired.ports ?? []) {
    const link = live.links.get(p.ifname);
    if (p.up && link && !link.up) steps.push({ kind: 'link', op: 'up', ifname: p.ifname, field: p.field });
  }

  // Addresses, on every interface dlan puts addresses on.
  const recreated = new Set(steps.flatMap((s) => (s.kind === 'vxlan' && s.op === 'create' ? [s.spec.ifname] : [])));
  const wantAddrs = addressedInterfaces(desired);
  const wanted = new Set<string>();
  for (const { ifname, addresses } of wantAddrs) {
    const have = new Set(recreated.has(ifname) || (ifname === wg.ifname && !haveWg) ? [] : live.addresses.get(ifname) ?? []);
    for (const a of addresses) {
      wanted.add(`${ifname} ${a}`);
      if (!have.has(a)) steps.push({ kind: 'address', op: 'add', ifname, address: a });
    }
  }

  // Services: start what is down, otherwise the least disruptive action for what changed.
  for (const s of desired.services) {
    const action = changedActions.get(s.name);
    if (s.name === 'sysctl' || s.name === 'wireguard') continue;
    const running = live.running.has(s.name);
    if (s.daemon && !running) steps.push({ kind: 'service', op: 'start', service: s.name, reason: 'not running' });
    else if (!s.daemon && !running) steps.push({ kind: 'service', op: s.onChange as ServiceOp, service: s.name, reason: 'not in place' });
    else if (action) steps.push({ kind: 'service', op: action as ServiceOp, service: s.name, reason: why(s.name, 'configuration changed') });
  }
  const desiredServices = new Set(desired.services.map((s) => s.name));
  for (const name of inventory.services ?? []) {
    if (!desiredServices.has(name) && live.running.has(name)) removals.push({ kind: 'service', op: 'stop', service: name, reason: 'no longer needed' });
  }

  // Removals last: only what the inventory says dlan made.
  const desiredVx = new Set(desired.vxlans.map((v) => v.ifname));
  for (const ifname of inventory.vxlans) {
    if (!desiredVx.has(ifname) && haveVx.has(ifname)) removals.push({ kind: 'vxlan', op: 'delete', ifname });
  }
  for (const { ifname, address } of inventory.addresses) {
    if (wanted.has(`${ifname} ${address}`) || gone.has(ifname) || (inventory.vxlans.includes(ifname) && !desiredVx.has(ifname))) continue;
    if ((live.addresses.get(ifname) ?? []).includes(address)) removals.push({ kind: 'address', op: 'delete', ifname, address });
  }
  steps.push(...removals, ...fileRemovals);

  const nextInventory = inventoryOf(desired);
  return {
    router: desired.router,
    basedOn: { ...(basedOn.commit && { commit: basedOn.commit }), liveDigest: digestObserved(live) },
    steps,
    inventory: nextInventory,
    summary: summarize(steps),
  };
}

/** What dlan owns once `desired` is applied. */
export function inventoryOf(desired: DesiredState): Inventory {
  const wantAddrs = addressedInterfaces(desired);
  return {
    files: desired.files.map((f) => f.path),
    vxlans: desired.vxlans.map((v) => v.ifname),
    addresses: wantAddrs.flatMap(({ ifname, addresses }) => addresses.map((address) => ({ ifname, address }))),
    wireguard: desired.wireguard.ifname,
    services: desired.services.map((s) => s.name),
  };
}

/** Every interface dlan puts addresses on, with the addresses: WireGuard, the VXLAN links, lo and the LAN port. */
export function addressedInterfaces(desired: DesiredState): { readonly ifname: string; readonly addresses: readonly string[] }[] {
  return [
    { ifname: desired.wireguard.ifname, addresses: desired.wireguard.addresses },
    ...desired.vxlans.map((v) => ({ ifname: v.ifname, addresses: v.addresses })),
    ...desired.addresses,
  ];
}

function summarize(steps: readonly Step[]) {
  let add = 0, change = 0, destroy = 0;
  for (const s of steps) {
    if (s.op === 'create' || s.op === 'add' || s.op === 'start') add++;
    else if (s.op === 'delete' || s.op === 'stop') destroy++;
    else change++;
  }
  return { add, change, destroy };
}
