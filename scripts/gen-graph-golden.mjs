#!/usr/bin/env node
// Rewrites test/golden/graph/ from the compiled sources (run `npx tsc -p .` first).
// Look at the pictures before committing: rsvg-convert test/golden/graph/logical.svg -o /tmp/l.png
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const { goldenDir, goldenFiles } = await import(new URL('../dist/test/graph/golden.js', import.meta.url).href);
await mkdir(goldenDir, { recursive: true });
for (const [name, content] of Object.entries(await goldenFiles())) {
  await writeFile(join(goldenDir, name), content);
  process.stdout.write(`wrote test/golden/graph/${name}\n`);
}
