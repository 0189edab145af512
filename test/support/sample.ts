/** The bundled sample topology, as files and as a loaded Topology, for tests. */
import { readTopologyDir } from '../../reconciler/topology/read-dir.js';
import { loadTopology, type LoadResult } from '../../reconciler/topology/load.js';
import type { Topology } from '../../reconciler/topology/model.js';
import type { SourceFile } from '../../reconciler/topology/yaml-source.js';
import { sampleRepo } from './paths.js';

export const sampleFiles = (): Promise<SourceFile[]> => readTopologyDir(sampleRepo);

export async function sampleTopology(): Promise<Topology> {
  const r = loadTopology(await sampleFiles());
  if (!r.topology) throw new Error(`sample-repo is invalid:\n${JSON.stringify(r.diagnostics, null, 2)}`);
  return r.topology;
}

/** The sample with one file's text changed by `edit` (which must change it). */
export async function loadEdited(path: string, edit: (text: string) => string): Promise<LoadResult> {
  const files = await sampleFiles();
  let changed = false;
  const out = files.map((f) => {
    if (f.path !== path) return f;
    const text = edit(f.text);
    changed = text !== f.text;
    return { path: f.path, text };
  });
  if (!files.some((f) => f.path === path)) out.push({ path, text: edit('') }), (changed = true);
  if (!changed) throw new Error(`edit of ${path} changed nothing`);
  return loadTopology(out);
}
