/**
 * Slice + render every router of synthetic topologies (10, 100, 1000 routers; see
 * bench/synthetic.ts for their shape). Goal: under 1 s for all 1000 routers. Loading and
 * validating the topology is measured by bench/topology.ts and not counted here.
 */
import { loadTopology } from '../model/load.js';
import { render } from '../renderers/render.js';
import { slice, sliceIndex } from '../model/slice.js';
import { syntheticTopologyFiles } from './synthetic.js';

export interface RenderFigures { routers: number; vxlans: number; files: number; megabytes: number; sliceMs: number; renderMs: number; totalMs: number; cpuMs: number }

export function benchRender(n: number): RenderFigures {
  const r = loadTopology(syntheticTopologyFiles(n));
  if (!r.topology) throw new Error(`synthetic topology of ${n} is invalid: ${JSON.stringify(r.diagnostics.slice(0, 3))}`);
  const t = r.topology;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const index = sliceIndex(t);
  const slices = t.routers.map((x) => slice(t, x.name, index));
  const t1 = performance.now();
  let vxlans = 0;
  let files = 0;
  let bytes = 0;
  for (const s of slices) {
    const d = render(s);
    vxlans += d.vxlans.length;
    files += d.files.length;
    for (const f of d.files) bytes += f.content.length;
  }
  const t2 = performance.now();
  const cpu = process.cpuUsage(c0);
  return { routers: n, vxlans, files, megabytes: bytes / 1e6, sliceMs: t1 - t0, renderMs: t2 - t1, totalMs: t2 - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export function main(): void {
  benchRender(50); // warm up the JIT
  // cpu: this process's CPU time for the same work (GC threads included); steadier than wall
  // time on a busy machine.
  console.log('routers  vxlan links  files   output   slice-all  render-all  total      cpu');
  for (const n of [10, 100, 1000]) {
    const f = benchRender(n);
    console.log(`${String(f.routers).padStart(7)}  ${String(f.vxlans).padStart(11)}  ${String(f.files).padStart(5)}  ${f.megabytes.toFixed(1).padStart(5)} MB  ${f.sliceMs.toFixed(1).padStart(7)} ms  ${f.renderMs.toFixed(1).padStart(7)} ms  ${f.totalMs.toFixed(1).padStart(6)} ms  ${f.cpuMs.toFixed(0).padStart(5)} ms`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
