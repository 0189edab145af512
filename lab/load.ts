/** Reads a topology repo and its lab.yaml and turns them into a checked LabPlan (or InvalidLab with every finding). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatDiagnostic } from '../model/diagnostic.js';
import { loadTopology } from '../model/load.js';
import type { Topology } from '../model/model.js';
import { readTopologyDir } from '../reconciler/source/read-dir.js';
import { checkLab } from './check.js';
import { LabError } from './errors.js';
import { planLab, type LabPlan } from './plan.js';
import { labFileName, parseLabSpec } from './spec.js';

export async function loadLabPlan(dir: string, prefix: string): Promise<{ plan: LabPlan; topology: Topology }> {
  const loaded = loadTopology(await readTopologyDir(dir));
  const invalid = (lines: string[]) => new LabError('InvalidLab', `${dir}: ${lines.join('\n')}`, { dir, diagnostics: lines });
  if (!loaded.topology) throw invalid(loaded.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic));
  let text: string;
  try {
    text = await readFile(join(dir, labFileName), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw invalid([`no ${labFileName}: the lab needs one (see sample-repo/${labFileName})`]);
    throw e;
  }
  const parsed = parseLabSpec({ path: labFileName, text });
  const findings = parsed.spec && parsed.file ? checkLab(parsed.spec, parsed.file, loaded.topology) : parsed.diagnostics;
  if (!parsed.spec || findings.length > 0) throw invalid([...findings].map(formatDiagnostic));
  return { plan: planLab(parsed.spec, loaded.topology, prefix), topology: loaded.topology };
}
