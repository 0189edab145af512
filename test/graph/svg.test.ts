import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderGraph } from '../../graph/render.js';
import { sampleTopology } from '../support/sample.js';
import { synthetic } from './fixtures.js';
import { goldenDir, goldenFiles } from './golden.js';

const golden = suite('golden files (regenerate: npx tsc -p . && node scripts/gen-graph-golden.mjs)');
golden('dlan graph on the sample matches test/golden/graph/*, every view and format', async () => {
  for (const [name, content] of Object.entries(await goldenFiles())) {
    assert.fixture(content, await readFile(join(goldenDir, name), 'utf8'), name);
  }
});
golden.run();

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(b: Buffer): { w: number; h: number } {
  assert.equal([...b.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.is(b.toString('latin1', 12, 16), 'IHDR');
  return { w: b.readUInt32BE(16), h: b.readUInt32BE(20) };
}

const png = suite('rsvg-convert renders the SVG');
for (const [name, make] of [
  ['sample, physical', async () => renderGraph(await sampleTopology(), 'physical', 'svg')],
  ['sample, logical', async () => renderGraph(await sampleTopology(), 'logical', 'svg')],
  ['50 routers, logical', async () => renderGraph(synthetic(50), 'logical', 'svg')],
  ['50 routers, physical', async () => renderGraph(synthetic(50), 'physical', 'svg')],
] as const) {
  png(`${name}: a valid PNG of the SVG's size, not blank`, async () => {
    const svg = await make();
    const [, w, h] = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    const dir = await mkdtemp(join(tmpdir(), 'dlan-graph-'));
    try {
      await writeFile(join(dir, 'in.svg'), svg);
      const r = spawnSync('rsvg-convert', ['-o', join(dir, 'out.png'), join(dir, 'in.svg')], { encoding: 'utf8' });
      assert.is(r.status, 0, r.stderr);
      assert.is(r.stderr, '', 'no warnings');
      const b = await readFile(join(dir, 'out.png'));
      assert.equal(pngSize(b), { w: w!, h: h! });
      assert.ok(w! >= 300 && h! >= 200, `sensible size ${w}x${h}`);
      assert.ok(b.length > 20_000, `${b.length} bytes: more than a blank canvas`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
png.run();
