/** Loads a topology directory for commands that need a valid one. */
import { resolve } from 'node:path';
import { formatDiagnostic } from '../reconciler/topology/diagnostic.js';
import { loadTopology } from '../reconciler/topology/load.js';
import type { Topology } from '../reconciler/topology/model.js';
import { readTopologyDir } from '../reconciler/topology/read-dir.js';
import type { Io } from './command.js';

export class InvalidTopologyError extends Error {
  readonly code = 'InvalidTopology';
  constructor(readonly dir: string, readonly lines: readonly string[]) {
    super(`${dir} is not a valid topology:\n${lines.join('\n')}`);
  }
}

export async function loadRepo(io: Io, repo: string | undefined): Promise<Topology> {
  const dir = resolve(io.cwd, repo ?? '.');
  const result = loadTopology(await readTopologyDir(dir));
  if (!result.topology) {
    throw new InvalidTopologyError(dir, result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic));
  }
  return result.topology;
}
