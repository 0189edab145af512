/**
 * Whether a lab held still: the shortest uptime of any BFD session of any router (BFD sees a
 * link go down within 300 ms, long before OSPF does). A measurement is only worth comparing
 * with the model if every session has been up for longer than the measurement took: a router
 * starved of CPU on a busy machine can miss BFD's deadline, and while its links are down the
 * network reroutes, as it should, away from what the model says about the settled network.
 */
import { execInNode, type Lab } from './node.js';

/** Seconds the least-long-up BFD session of the lab has been up; 0 when one is not up. Pure parse, then min. */
export function quietSeconds(outputs: readonly string[]): number {
  let least = Infinity;
  for (const text of outputs) {
    const peers = (text.trim() ? JSON.parse(text) : []) as { status?: string; uptime?: number }[];
    for (const p of peers) least = Math.min(least, p.status === 'up' ? p.uptime ?? 0 : 0);
  }
  return least;
}

export async function labQuietSeconds(lab: Lab): Promise<number> {
  const outputs = await Promise.all(lab.plan.routers.map(async (r) =>
    (await execInNode(lab, r.node, ['vtysh', '-d', 'bfdd', '-c', 'show bfd peers json'])).stdout));
  return quietSeconds(outputs);
}
