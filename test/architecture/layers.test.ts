/**
 * Folders are layers and every import points down (docs/architecture.md): a file may import
 * files of its own layer and of layers below it, never above, and never a sibling layer of the
 * same height (graph/ and lab/ do not reach into each other). No file-level import cycles.
 * Type-only imports count: they are the same dependency on paper.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cycles, type Import, importGraph } from '../support/import-graph.js';
import { repoRoot } from '../support/paths.js';

/** Layers from the bottom up; the most specific prefix decides a file's layer. */
export const LAYERS: readonly { readonly prefix: string; readonly name: string; readonly height: number }[] = [
  { prefix: 'schema/', name: 'schema', height: 0 },
  { prefix: 'model/', name: 'model', height: 1 },
  { prefix: 'renderers/', name: 'renderers', height: 2 },
  { prefix: 'reconciler/plan/', name: 'planner', height: 3 },
  { prefix: 'reconciler/', name: 'shell', height: 4 },
  { prefix: 'review/', name: 'review', height: 4 },
  { prefix: 'reconciler/reconcile/', name: 'reconcile', height: 5 },
  { prefix: 'reconciler/agent/', name: 'agent', height: 6 },
  { prefix: 'graph/', name: 'graph', height: 7 },
  { prefix: 'lab/', name: 'lab', height: 7 },
  // The home page draws with graph/ and is handed to the agent's listeners by cli/.
  { prefix: 'page/', name: 'page', height: 7.5 },
  { prefix: 'cli/', name: 'cli', height: 8 },
  { prefix: 'docs/', name: 'docs', height: 9 },
  { prefix: 'packaging/', name: 'packaging', height: 9 },
  { prefix: 'bench/', name: 'bench', height: 11 },
  { prefix: 'test/', name: 'test', height: 10 },
];
const SOURCE_DIRS = ['schema', 'model', 'renderers', 'reconciler', 'review', 'graph', 'page', 'lab', 'cli', 'docs', 'packaging', 'bench'];

export function layerOf(file: string): (typeof LAYERS)[number] | undefined {
  let best: (typeof LAYERS)[number] | undefined;
  for (const l of LAYERS) if (file.startsWith(l.prefix) && (!best || l.prefix.length > best.prefix.length)) best = l;
  return best;
}

/** Imports that point up or sideways, as readable lines. */
export function violations(imports: readonly Import[]): string[] {
  const bad: string[] = [];
  for (const i of imports) {
    if (i.target === undefined) continue;
    const from = layerOf(i.from);
    const to = layerOf(i.target);
    if (!from || !to) {
      bad.push(`${i.from} imports ${i.target}: ${!from ? i.from : i.target} is in no layer`);
      continue;
    }
    if (from.name === to.name || to.height < from.height) continue;
    bad.push(`${i.from} (${from.name}) imports ${i.target} (${to.name}${to.height === from.height ? ', a sibling' : ', above'})${i.typeOnly ? ' [type-only]' : ''}`);
  }
  return bad;
}

const layers = suite('architecture: layers point down');
const graph = await importGraph(repoRoot, SOURCE_DIRS);

layers('every source file is in a layer and the graph is not empty', () => {
  assert.ok(graph.length > 100);
  assert.equal(graph.filter((i) => !layerOf(i.from)).map((i) => i.from), []);
});

layers('no import points up or sideways', () => {
  assert.equal(violations(graph), []);
});

layers('no import cycles, type-only imports included', () => {
  assert.equal(cycles(graph), []);
});

layers('self-test: an upward import, a sibling import and a cycle are caught', () => {
  const fake = (from: string, target: string, typeOnly = false): Import => ({ from, spec: target, target, typeOnly });
  assert.equal(violations([fake('renderers/a.ts', 'reconciler/plan/plan.ts')]).length, 1, 'renderer importing the planner');
  assert.equal(violations([fake('model/a.ts', 'renderers/b.ts', true)]).length, 1, 'type-only upward import');
  assert.equal(violations([fake('lab/a.ts', 'graph/b.ts')]).length, 1, 'sibling layers');
  assert.equal(violations([fake('review/a.ts', 'reconciler/source/b.ts')]).length, 1, 'the review is pure: it does not reach into the shell');
  assert.equal(violations([fake('cli/a.ts', 'reconciler/agent/agent.ts'), fake('reconciler/apply/a.ts', 'model/ip.ts')]), []);
  assert.equal(cycles([fake('a.ts', 'b.ts', true), fake('b.ts', 'c.ts'), fake('c.ts', 'a.ts'), fake('c.ts', 'd.ts')]), [['a.ts', 'b.ts', 'c.ts']]);
  assert.equal(cycles([fake('a.ts', 'a.ts')]), [['a.ts']]);
});

layers.run();
