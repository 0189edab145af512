/** The bundled sample topology, as files and as a loaded Topology, for tests. */
import { readTopologyDir } from '../../reconciler/source/read-dir.js';
import { loadTopology, type LoadResult } from '../../model/load.js';
import type { Topology } from '../../model/model.js';
import type { SourceFile } from '../../model/yaml-source.js';
import { isRefused } from '../../model/repo-files.js';
import { sampleRepo } from './paths.js';

export async function sampleFiles(): Promise<SourceFile[]> {
  const files = await readTopologyDir(sampleRepo);
  const refused = files.filter(isRefused);
  if (refused.length > 0) throw new Error(`sample-repo has files dlan refuses: ${JSON.stringify(refused)}`);
  return files as SourceFile[];
}

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
