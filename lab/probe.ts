/**
 * Probes of a running lab: one ping (does it come back within 2 s), the path of an IPv4 ping by
 * record route (`ping -R`: each router writes the address it sends from), and the address book
 * that names those addresses. The parsers are pure. Used by the end-to-end suite and by the
 * model-vs-lab proof (`dlan diff --lab`, lab/measure.ts).
 */
import { execInNode, type Lab } from './node.js';
import { run } from './run.js';

/** One ping that must come back within 2 s. */
export async function pingOnce(lab: Lab, node: string, target: string): Promise<boolean> {
  return (await execInNode(lab, node, ['ping', '-n', '-c1', '-W2', target], { check: false })).code === 0;
}

/** The addresses of `ping -R` (IPv4 record route), in order: out, then back. Pure. */
export function recordedRoute(output: string): string[] {
  const rr = /RR:([\s\S]*?)\n\n/.exec(`${output}\n\n`)?.[1] ?? '';
  return rr.split(/\s+/).filter((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a));
}

/** Every global address of every router and server, to the node's name. */
export async function addressBook(lab: Lab): Promise<Map<string, string>> {
  const book = new Map<string, string>();
  const nodes = lab.plan.nodes.filter((n) => n.kind === 'router' || n.kind === 'server');
  await Promise.all(nodes.map(async (n) => {
    const links = JSON.parse((await run('ip', ['-n', n.netns, '-j', 'addr', 'show'])).stdout) as { addr_info: { local: string; scope: string }[] }[];
    for (const l of links) for (const a of l.addr_info) if (a.scope === 'global') book.set(a.local, n.name);
  }));
  return book;
}

/** Node names along a recorded route, consecutive repeats folded: s1 r1 r4 r2 s2 r2 r5 r1. Pure. */
export function namePath(addresses: readonly string[], book: ReadonlyMap<string, string>): string[] {
  const names = addresses.map((a) => book.get(a) ?? a);
  return names.filter((n, i) => i === 0 || n !== names[i - 1]);
}

/** The path of one ping from `node` to `target` by record route, as node names. */
export async function pathOf(lab: Lab, node: string, target: string, book: ReadonlyMap<string, string>): Promise<string[]> {
  const r = await execInNode(lab, node, ['ping', '-n', '-c1', '-W2', '-R', target], { check: false });
  return namePath(recordedRoute(r.stdout), book);
}
