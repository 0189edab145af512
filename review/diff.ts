/**
 * diffTopologies(base, head): everything a reviewer needs to judge a change to the topology,
 * computed from the two topologies alone (no router, no root, nothing of this machine). Every
 * router is rendered exactly as it would render itself, `render(slice(topology, router))`, on
 * both sides, unless its slice is the same on both (then so is its render).
 */
import { type Diagnostic, formatDiagnostic } from '../model/diagnostic.js';
import type { Topology } from '../model/model.js';
import { NetworkModel } from '../model/network/index.js';
import { byName } from '../model/network/graph.js';
import type { Peering } from '../model/peerings.js';
import { type RouterSlice, slice, sliceIndex } from '../model/slice.js';
import type { DiffLabels } from '../reconciler/plan/plan.js';
import { render } from '../renderers/render.js';
import { diffNetwork, type NetworkDiff } from './network-diff.js';
import { diffRouter, type RouterDiff, type RouterSide } from './router-diff.js';
import { summarize, type DiffSummary } from './summary.js';

/** One side of the diff: a commit of the topology repo, or a directory. */
export interface SideLabel {
  /** As the user named it: `main`, `HEAD~1`, a directory. */
  readonly name: string;
  readonly commit?: string;
}

export interface SideInput {
  readonly label: SideLabel;
  readonly topology: Topology;
  readonly peerings?: readonly Peering[];
  /** What loading said (warnings: an invalid side never gets here). */
  readonly diagnostics?: readonly Diagnostic[];
}

export interface TopologyDiff {
  readonly base: SideLabel;
  readonly head: SideLabel;
  /** Routers with a change, added or removed, by name. */
  readonly routers: readonly RouterDiff[];
  /** Routers whose configuration stays byte for byte the same. */
  readonly unchanged: readonly string[];
  readonly network: NetworkDiff;
  /** HEAD's warnings, as `dlan validate` prints them. */
  readonly warnings: readonly string[];
  readonly summary: DiffSummary;
}

export interface DiffOptions {
  /** How many changed pairs of LANs to list (counts stay exact). Default 100. */
  readonly limit?: number;
}

const sideOf = (s: RouterSlice): RouterSide => ({ slice: s, desired: render(s) });

/** Deep equality of plain data (what slices are made of), stopping at the first difference. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/**
 * Whether a router's slice is the same on both sides. Renderers are pure functions of the
 * slice: equal slices render equal, and need not be rendered at all. The list of the other
 * routers' domains is the same for every router of a side, so it is compared once (`domains`).
 */
const sameSlice = (a: RouterSlice, b: RouterSlice, domains: boolean): boolean =>
  domains && same({ ...a, domains: undefined }, { ...b, domains: undefined });

export function diffTopologies(base: SideInput, head: SideInput, o: DiffOptions = {}): TopologyDiff {
  const labels: DiffLabels = [base.label.name, head.label.name];
  const bi = sliceIndex(base.topology);
  const hi = sliceIndex(head.topology);
  const names = [...new Set([...bi.byName.keys(), ...hi.byName.keys()])].sort(byName);
  const routers: RouterDiff[] = [];
  const unchanged: string[] = [];
  const sameDomains = same(bi.domains, hi.domains);
  for (const name of names) {
    const b = bi.byName.has(name) ? slice(base.topology, name, bi) : undefined;
    const h = hi.byName.has(name) ? slice(head.topology, name, hi) : undefined;
    if (b && h && sameSlice(b, h, sameDomains)) { unchanged.push(name); continue; }
    const d = diffRouter(name, b && sideOf(b), h && sideOf(h), labels);
    if (d) routers.push(d); else unchanged.push(name);
  }
  const network = diffNetwork(new NetworkModel(base.topology, base.peerings), new NetworkModel(head.topology, head.peerings), o.limit ?? 100);
  const warnings = (head.diagnostics ?? []).filter((x) => x.severity === 'warning').map(formatDiagnostic);
  return { base: base.label, head: head.label, routers, unchanged, network, warnings, summary: summarize(routers, network, unchanged.length) };
}
