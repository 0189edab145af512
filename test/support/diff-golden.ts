/**
 * The golden outputs of `dlan diff` on the sample (test/golden/diff/): for each scenario of
 * test/support/scenarios.ts, the text (no colour), the Markdown comment and the JSON. One
 * function makes them for the test and for scripts/update-golden.mjs, so they cannot drift.
 */
import { loadTopology } from '../../model/load.js';
import type { SourceFile } from '../../model/yaml-source.js';
import { diffTopologies, type SideInput, type TopologyDiff } from '../../review/diff.js';
import { renderDiffMarkdown } from '../../review/render-markdown.js';
import { renderDiffText } from '../../review/render-text.js';
import { sampleFiles } from './sample.js';
import { applyScenario, type Scenario } from './scenarios.js';

export const SCENARIOS: readonly Scenario[] = ['r5-leaves', 'hubs-gone'];

function side(name: string, files: readonly SourceFile[]): SideInput {
  const r = loadTopology(files);
  if (!r.topology) throw new Error(`${name} is invalid: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return { label: { name }, topology: r.topology, diagnostics: r.diagnostics };
}

export async function scenarioDiff(s: Scenario): Promise<TopologyDiff> {
  const files = await sampleFiles();
  return diffTopologies(side('main', files), side('HEAD', applyScenario(files, s)));
}

/** File name under test/golden/diff/ → content. */
export async function diffGoldens(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const s of SCENARIOS) {
    const d = await scenarioDiff(s);
    out[`${s}.txt`] = renderDiffText(d);
    out[`${s}.md`] = renderDiffMarkdown(d);
    out[`${s}.json`] = `${JSON.stringify(d, null, 2)}\n`;
  }
  return out;
}
