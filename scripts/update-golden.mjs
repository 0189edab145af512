#!/usr/bin/env node
// Regenerates test/golden/<router>/ for every router of sample-repo/: the rendered files at
// their path on the router, plus links.json; and test/golden/inspect/<router>.txt, what `dlan
// inspect` shows; and test/golden/diff/. Run after `npx tsc -p .`; review the diff, commit.
// test/renderers/golden.test.ts, test/cli/commands/inspect.test.ts and test/review/golden.test.ts compare with these files.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = (p) => import(join(root, 'dist', p));
const { readTopologyDir } = await dist('reconciler/source/read-dir.js');
const { loadTopology } = await dist('model/load.js');
const { slice, sliceIndex } = await dist('model/slice.js');
const { render } = await dist('renderers/render.js');
const { writeRendered } = await dist('cli/write-rendered.js');
const { renderSlice } = await dist('cli/commands/inspect.js');
const { mkdir, writeFile } = await import('node:fs/promises');

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

// `dlan inspect` of every router: test/golden/inspect/<router>.txt (test/cli/commands/inspect.test.ts).
const inspectDir = join(root, 'test', 'golden', 'inspect');
await rm(inspectDir, { recursive: true, force: true });
await mkdir(inspectDir, { recursive: true });
for (const r of t.routers) await writeFile(join(inspectDir, `${r.name}.txt`), renderSlice(slice(t, r.name, index)));
console.log(`inspect: ${t.routers.length} files`);

// test/golden/diff/: dlan diff on the sample's scenarios (test/support/diff-golden.ts), text,
// Markdown and JSON; test/review/golden.test.ts compares.
const { diffGoldens } = await dist('test/support/diff-golden.js');
const diffDir = join(root, 'test', 'golden', 'diff');
await rm(diffDir, { recursive: true, force: true });
await mkdir(diffDir, { recursive: true });
for (const [name, content] of Object.entries(await diffGoldens())) await writeFile(join(diffDir, name), content);
console.log(`diff: ${Object.keys(await diffGoldens()).length} files`);
