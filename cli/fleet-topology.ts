/**
 * The topology the fleet commands (status --fleet, events --router, graph --fleet) ask about:
 * a working tree given with --repo (from a server on a LAN, or a laptop on the overlay), or, on
 * a router, the commit its agent last applied, read from the agent's own copy of the repo.
 * The forge to fall back on comes from the agent config when there is one.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Topology } from '../model/model.js';
import { Stalled } from '../model/errors.js';
import { appliedTopology } from '../reconciler/agent/applied-topology.js';
import { forgeTarget, readAgentConfig } from '../reconciler/agent/wire.js';
import { openRepository, revParse } from '../reconciler/source/rev-parse.js';
import type { ForgeTarget } from '../reconciler/report/status.js';
import { loadRepo } from './load-repo.js';
import type { Io, Parsed } from './command.js';
import { str } from './command.js';


export interface FleetContext {
  readonly topology: Topology;
  /** The commit whose statuses the forge is asked for. */
  readonly ref?: string;
  readonly forge?: ForgeTarget;
}

export async function fleetContext(args: Parsed, io: Io): Promise<FleetContext> {
  const repo = str(args, 'repo');
  const configFile = resolve(io.cwd, str(args, 'config') ?? '/etc/dlan/agent.yaml');
  const config = existsSync(configFile) ? await readAgentConfig(configFile) : undefined;
  const forge = config?.status ? forgeTarget(config.status) : undefined;
  if (repo !== undefined) {
    // The forge's statuses are per commit: those of the working tree's HEAD (none outside git).
    const ref = await headOf(resolve(io.cwd, repo));
    return { topology: await loadRepo(io, repo), ...(forge && { forge }), ...(ref && { ref }) };
  }
  if (!config) throw new Stalled('NoTopology', `no --repo given and no agent config at ${configFile}: give a working tree of the topology with --repo DIR`, { configFile });
  const applied = await appliedTopology(config.stateDir);
  if (!applied) throw new Stalled('NoTopology', `the agent has not fetched the topology yet (${config.stateDir}): give a working tree with --repo DIR`, { stateDir: config.stateDir });
  return { topology: applied.topology, ref: applied.fetched ?? applied.commit, ...(forge && { forge }) };
}

async function headOf(dir: string): Promise<string | undefined> {
  try {
    return await revParse(await openRepository(dir), 'HEAD');
  } catch (e) {
    if (e instanceof Stalled) return undefined; // not a repository, or no commit yet: no forge fallback
    throw e;
  }
}
