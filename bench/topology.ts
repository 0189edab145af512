/**
 * Load + validate + slice-all time for synthetic topologies of 10, 100 and 1000 routers.
 * Goal: under 1 s at 1000 routers, growing about linearly.
 */
import { loadTopology } from '../model/load.js';
import { slice, sliceIndex } from '../model/slice.js';
import { syntheticTopologyFiles } from './synthetic.js';

export interface TopologyFigures { routers: number; peerings: number; loadMs: number; sliceMs: number; totalMs: number; cpuMs: number }

export function benchTopology(n: number): TopologyFigures {
  const files = syntheticTopologyFiles(n);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = loadTopology(files);
  if (!r.topology) throw new Error(`synthetic topology of ${n} is invalid: ${JSON.stringify(r.diagnostics.slice(0, 3))}`);
  const t1 = performance.now();
  const index = sliceIndex(r.topology);
  let peers = 0;
  for (const router of r.topology.routers) peers += slice(r.topology, router.name, index).peers.length;
  const t2 = performance.now();
  const c = process.cpuUsage(c0);
  return { routers: n, peerings: peers / 2, loadMs: t1 - t0, sliceMs: t2 - t1, totalMs: t2 - t0, cpuMs: (c.user + c.system) / 1000 };
}

export function main(): void {
  benchTopology(50); // warm up the JIT so the first row is not all compile time
  console.log('routers  peerings  load+validate  slice-all   total   (CPU)');
  for (const n of [10, 100, 1000]) {
    const f = benchTopology(n);
    console.log(`${String(f.routers).padStart(7)}  ${String(f.peerings).padStart(8)}  ${f.loadMs.toFixed(1).padStart(10)} ms  ${f.sliceMs.toFixed(1).padStart(6)} ms  ${f.totalMs.toFixed(1).padStart(6)} ms  (${f.cpuMs.toFixed(0)} ms)`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
