/**
 * The plan as `ip -batch` input: one batch in the host namespace creates every cable (a veth
 * pair created directly with each end in its node's namespace, so no name ever appears on the
 * host), then one batch per node makes its bridges, enslaves ports, brings links up, adds
 * addresses; then one batch per node adds its routes. Pure.
 */
import type { LabPlan } from './plan.js';

export function renderCables(plan: LabPlan): string {
  const ns = (node: string) => plan.nodes.find((n) => n.name === node)!.netns;
  return plan.veths.map(({ a, b }) => [
    'link add', a.ifname, ...(a.mac ? ['address', a.mac] : []), 'netns', ns(a.node),
    'type veth peer name', b.ifname, ...(b.mac ? ['address', b.mac] : []), 'netns', ns(b.node),
  ].join(' ')).join('\n') + '\n';
}

export function renderNodeLinks(plan: LabPlan, node: string): string {
  const n = plan.net[node]!;
  const ends = plan.veths.flatMap(({ a, b }) => [a, b]).filter((e) => e.node === node);
  const lines = ['link set lo up'];
  // Multicast snooping off: RAs, neighbour discovery and DHCPv6 are multicast, and nothing here
  // runs an MLD querier.
  for (const br of n.bridges) lines.push(`link add ${br} type bridge mcast_snooping 0`);
  for (const e of ends) if (e.master) lines.push(`link set ${e.ifname} master ${e.master}`);
  for (const br of n.bridges) lines.push(`link set ${br} up`);
  for (const e of ends) lines.push(`link set ${e.ifname} up`);
  // IPv6 addresses without duplicate address detection: they are unique by construction, and
  // a tentative address cannot be used for a second or so.
  for (const a of n.addresses) lines.push(`addr add ${a.cidr} dev ${a.dev}${a.cidr.includes(':') ? ' nodad' : ''}`);
  return `${lines.join('\n')}\n`;
}

/**
 * A node's routes, run once every node's links are up: an IPv6 route needs its gateway on a
 * link with carrier, which a veth has only when both ends are up. Empty when it has none.
 */
export function renderNodeRoutes(plan: LabPlan, node: string): string {
  const n = plan.net[node]!;
  const lines = [...(n.defaultVia ? [`route add default via ${n.defaultVia}`] : []), ...n.routes.map((r) => `route add ${r.to} via ${r.via}`)];
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** `sysctl -w` arguments of a node, sorted. */
export function renderSysctls(plan: LabPlan, node: string): string[] {
  return Object.entries(plan.net[node]!.sysctls).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`);
}
