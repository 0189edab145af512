/**
 * The golden files of `dlan graph` on the sample (test/golden/graph/). Regenerate after an
 * intended change with: npx tsc -p . && node scripts/gen-graph-golden.mjs — then LOOK at the
 * pictures (rsvg-convert FILE.svg -o FILE.png) before committing them.
 */
import { readFile } from 'node:fs/promises';
import { renderGraph } from '../../graph/render.js';
import { parseStatus } from '../../graph/status.js';
import { fromRoot } from '../support/paths.js';
import { sampleTopology } from '../support/sample.js';

export const goldenDir = fromRoot('test', 'golden', 'graph');

export async function sampleStatus() {
  return parseStatus(JSON.parse(await readFile(fromRoot('test', 'fixtures', 'graph', 'status.json'), 'utf8')));
}

/** File name under test/golden/graph → content. */
export async function goldenFiles(): Promise<Record<string, string>> {
  const t = await sampleTopology();
  const status = await sampleStatus();
  const out: Record<string, string> = {};
  for (const view of ['physical', 'logical'] as const) {
    for (const format of ['svg', 'dot', 'json'] as const) out[`${view}.${format}`] = renderGraph(t, view, format);
  }
  out['logical-status.svg'] = renderGraph(t, 'logical', 'svg', status);
  out['logical-status.json'] = renderGraph(t, 'logical', 'json', status);
  return out;
}
