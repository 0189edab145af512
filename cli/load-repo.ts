/** Loads a topology directory for commands that need a valid one. */
import { resolve } from 'node:path';
import { LIMITS } from '../model/limits.js';
import { loadTopology } from '../model/load.js';
import type { Topology } from '../model/model.js';
import { readTopologyDir } from '../reconciler/source/read-dir.js';
import type { Io } from './command.js';
import { Stalled } from '../model/errors.js';
import { renderDiagnostics } from './render-diagnostics.js';

/** Stalled: the working tree's topology has errors; `findings` shows each with its source line. */
export class InvalidTopologyError extends Stalled {
  constructor(readonly dir: string, readonly errors: number, findings: string) {
    super('InvalidTopology', `${dir} is not a valid topology (${errors} error${errors === 1 ? '' : 's'}; \`dlan validate\` shows each with its source line):
${findings.trimEnd()}`,
      { dir, errors });
  }
}

export async function loadRepo(io: Io, repo: string | undefined): Promise<Topology> {
  const dir = resolve(io.cwd, repo ?? '.');
  const result = loadTopology(await readTopologyDir(dir));
  if (!result.topology) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    throw new InvalidTopologyError(dir, errors.length, renderDiagnostics(errors, { max: LIMITS.printed.value, more: `dlan validate ${repo ?? '.'}` }));
  }
  return result.topology;
}
