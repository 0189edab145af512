/**
 * The overlay should be one connected graph, or some LANs cannot reach others. A partition is a
 * warning, not an error: every router can still apply its part (removing the last hub of a site
 * is a change someone may mean), and refusing it would keep every router on the old commit.
 * `dlan diff` shows which LANs it cuts off, and `--fail-on-reachability-loss` is the gate for
 * pull requests. Peerings nobody can dial (`via: none`) stay down, so they do not connect.
 */
import type { Check } from './context.js';

export function components(names: readonly string[], edges: readonly { a: string; b: string }[]): string[][] {
  const parent = new Map(names.map((n) => [n, n]));
  const find = (n: string): string => {
    let root = n;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let cur = n; cur !== root; ) { const next = parent.get(cur)!; parent.set(cur, root); cur = next; }
    return root;
  };
  for (const e of edges) parent.set(find(e.a), find(e.b));
  const groups = new Map<string, string[]>();
  for (const n of names) {
    const root = find(n);
    groups.set(root, [...(groups.get(root) ?? []), n]);
  }
  return [...groups.values()].map((g) => g.sort()).sort((x, y) => y.length - x.length || x[0]!.localeCompare(y[0]!));
}

export const checkOverlayConnected: Check = ({ topology, peerings, report }) => {
  if (topology.routers.length < 2) return;
  const parts = components(topology.routers.map((r) => r.name), peerings.filter((p) => p.via !== 'none'));
  if (parts.length > 1) {
    // Reported once per part cut off from the largest one, at its first router's file.
    const described = parts.map((p) => `{${p.join(', ')}}`).join(' and ');
    for (const part of parts.slice(1)) {
      const file = topology.routers.find((r) => r.name === part[0])!.file;
      report.warning('OverlayPartitioned', file, [],
        `the overlay falls apart into ${parts.length} parts that cannot reach each other: ${described}; give a router of each part a public endpoint, or add peers`);
    }
  }
  for (const p of peerings) {
    if (p.via === 'none') {
      const r = topology.routers.find((x) => x.name === p.a && (x.peers ?? []).includes(p.b)) ?? topology.routers.find((x) => x.name === p.b)!;
      const other = r.name === p.a ? p.b : p.a;
      const i = (r.peers ?? []).indexOf(other);
      report.warning('PeerUnreachable', r.file, i >= 0 ? ['peers', i] : ['peers'],
        `neither ${p.a} nor ${p.b} has an endpoint the other can reach; this peering will stay down`);
    }
  }
};
