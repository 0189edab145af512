/**
 * Generates the pictures of the sample network embedded in the guide (docs/img/*.svg) with
 * `dlan graph`'s own renderer. `npm run gen:docs` writes them; test/docs/pictures.test.ts fails
 * when the committed files are stale.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderGraph } from '../graph/render.js';
import { loadTopology } from '../model/load.js';
import type { Topology } from '../model/model.js';
import { readTopologyDir } from '../reconciler/source/read-dir.js';
import { repoRootFrom } from './gen-reference.js';

/** Path (relative to the repository root) → content. */
export function docsPictures(sample: Topology): Record<string, string> {
  return {
    'docs/img/physical.svg': renderGraph(sample, 'physical', 'svg'),
    'docs/img/logical.svg': renderGraph(sample, 'logical', 'svg'),
  };
}

export async function loadSample(root: string): Promise<Topology> {
  const r = loadTopology(await readTopologyDir(join(root, 'sample-repo')));
  if (!r.topology) throw new Error('sample-repo is not a valid topology; run dlan validate sample-repo');
  return r.topology;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = repoRootFrom(import.meta.url);
  for (const [path, content] of Object.entries(docsPictures(await loadSample(root)))) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
    console.log(`wrote ${path}`);
  }
}
