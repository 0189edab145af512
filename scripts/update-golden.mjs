#!/usr/bin/env node
// Regenerates test/golden/<router>/ for every router of sample-repo/: the rendered files at
// their path on the router, plus links.json. Run after `npx tsc -p .`; review the diff, commit.
// test/renderers/golden.test.ts compares the renderers' output with these files.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = (p) => import(join(root, 'dist', p));
const { readTopologyDir } = await dist('reconciler/topology/read-dir.js');
const { loadTopology } = await dist('reconciler/topology/load.js');
const { slice, sliceIndex } = await dist('renderers/slice.js');
const { render } = await dist('renderers/render.js');
const { writeRendered } = await dist('cli/write-rendered.js');

const result = loadTopology(await readTopologyDir(join(root, 'sample-repo')));
if (!result.topology) {
  console.error('sample-repo is invalid', result.diagnostics);
  process.exit(1);
}
const t = result.topology;
const index = sliceIndex(t);
for (const r of t.routers) {
  const dir = join(root, 'test', 'golden', r.name);
  await rm(dir, { recursive: true, force: true });
  const files = await writeRendered(dir, render(slice(t, r.name, index)));
  console.log(`${r.name}: ${files.length} files`);
}
