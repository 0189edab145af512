/**
 * `dlan diff` on the sample (r5 leaves) and on a synthetic network of 1000 routers (see
 * bench/synthetic.ts) where one router changed, two ways: a static host added on a NAT router
 * (its own files change, the overlay does not), and a NAT router refusing a hub (`noPeers`: the
 * overlay changes, so every LAN pair is compared). Goal: under 2 s for the 1000 routers.
 * Loading the two topologies is counted: it is part of what the command does.
 */
import { loadTopology } from '../model/load.js';
import type { RepoFile } from '../model/repo-files.js';
import { readTopologyDir } from '../reconciler/source/read-dir.js';
import { diffTopologies } from '../review/diff.js';
import { renderDiffMarkdown } from '../review/render-markdown.js';
import { renderDiffText } from '../review/render-text.js';
import { syntheticTopologyFiles } from './synthetic.js';

export interface DiffFigures { readonly what: string; readonly routers: number; readonly changedRouters: number; readonly pairsCompared: string; readonly ms: number; readonly cpuMs: number }

function time(what: string, base: readonly RepoFile[], head: readonly RepoFile[]): DiffFigures {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const [b, h] = [loadTopology(base), loadTopology(head)];
  if (!b.topology || !h.topology) throw new Error(`${what}: invalid topology`);
  const d = diffTopologies({ label: { name: 'base' }, topology: b.topology, peerings: b.peerings }, { label: { name: 'head' }, topology: h.topology, peerings: h.peerings });
  renderDiffText(d);
  renderDiffMarkdown(d);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const p = d.summary.lanPairs;
  return { what, routers: b.topology.routers.length, changedRouters: d.routers.length, pairsCompared: `${p.lost + p.gained + p.pathChanged} changed`, ms, cpuMs: (c.user + c.system) / 1000 };
}

const editRouter = (files: readonly RepoFile[], path: string, edit: (t: string) => string): RepoFile[] =>
  files.map((f) => (f.path === path && 'text' in f ? { ...f, text: edit(f.text) } : f));

export async function benchDiff(n: number): Promise<DiffFigures[]> {
  const files = syntheticTopologyFiles(n);
  const target = `routers/r${Math.floor(n / 2)}.yaml`;
  const host = editRouter(files, target, (t) => `${t}    - { name: extra, mac: "02:00:00:ff:ff:01", ipv4: ${/ipv4: (\d+\.\d+\.\d+)\./.exec(t)![1]}.20 }\n`);
  const refuse = editRouter(files, target, (t) => `${t}noPeers: [r1]\n`);
  return [time(`${n} routers, one static host added`, files, host), time(`${n} routers, one router refuses a hub`, files, refuse)];
}

export async function main(): Promise<void> {
  const sample = await readTopologyDir(new URL('../../sample-repo', import.meta.url).pathname);
  const leaves = editRouter(editRouter(sample.filter((f) => f.path !== 'routers/r5.yaml'),
    'services/web.yaml', (t) => t.replace('exposeOn: [r4, r5]', 'exposeOn: [r4]')),
    'services/ssh.yaml', (t) => t.replace('exposeOn: [r5]', 'exposeOn: [r4]'));
  time('warm-up', sample, leaves);
  await benchDiff(100); // warm up the JIT on something larger
  const rows = [time('sample, r5 leaves', sample, leaves), ...(await benchDiff(1000))];
  console.log('what                                      routers  changed routers  LAN pairs        time      cpu');
  for (const r of rows) {
    console.log(`${r.what.padEnd(42)}${String(r.routers).padStart(7)}  ${String(r.changedRouters).padStart(15)}  ${r.pairsCompared.padEnd(14)} ${r.ms.toFixed(0).padStart(6)} ms  ${r.cpuMs.toFixed(0).padStart(5)} ms`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
