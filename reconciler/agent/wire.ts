/** Builds a reconcile's dependencies from an agent config (the shell's assembly point). */
import { readFile } from 'node:fs/promises';
import type { DesiredState } from '../../renderers/state.js';
import { localHost } from '../host.js';
import type { Logger } from '../log.js';
import type { ReconcileDeps } from '../deps.js';
import { dedupingReporter } from '../report/dedupe.js';
import { fileLedgerStore } from '../report/ledger-store.js';
import { reporterFor } from '../report/reporter-for.js';
import type { ForgeTarget } from '../report/status.js';
import { servicesFor } from '../services/for-config.js';
import { StateStore } from '../memory/store.js';
import { type AgentConfig, parseAgentConfig } from '../agent-config.js';
import { Stalled } from '../../model/errors.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import type { WireguardChoice } from '../wireguard/choice.js';
import { detectWireguard } from '../wireguard/detect.js';

export class InvalidAgentConfig extends Stalled {
  constructor(file: string, lines: readonly string[]) {
    super('InvalidAgentConfig', `${file} is not a valid agent config:\n${lines.join('\n')}`, { file, errors: lines });
  }
}

export async function readAgentConfig(file: string): Promise<AgentConfig> {
  const text = await readFile(file, 'utf8');
  const { config, diagnostics } = parseAgentConfig({ path: file, text });
  if (!config) throw new InvalidAgentConfig(file, diagnostics.map(formatDiagnostic));
  return config;
}

export function forgeTarget(s: NonNullable<AgentConfig['status']>): ForgeTarget {
  const [owner = '', repo = ''] = s.repo.split('/');
  switch (s.forge) {
    case 'github': return { forge: 'github', apiUrl: s.url, owner, repo, tokenFile: s.tokenFile };
    case 'gitea': return { forge: 'gitea', url: s.url, owner, repo, tokenFile: s.tokenFile };
    case 'gitlab': return { forge: 'gitlab', url: s.url, project: /^[0-9]+$/.test(s.repo) ? Number(s.repo) : s.repo, tokenFile: s.tokenFile };
  }
}

/**
 * Which WireGuard runs here, found out once (agent start, `dlan apply`, `dlan plan`) and logged.
 * `previous` is kept when agent.yaml was re-read with the same setting: the choice is made once.
 */
export async function chooseWireguardFor(config: AgentConfig, log: Logger, previous?: WireguardChoice): Promise<WireguardChoice> {
  if (previous?.setting === config.wireguard) return previous;
  const c = await detectWireguard(localHost(), config.wireguard);
  log.log(c.problem ? 'error' : 'info', 'wireguard', { setting: c.setting, implementation: c.implementation, reason: c.reason, ...(c.problem && { problem: c.problem.message, fix: c.problem.fix }) });
  return c;
}

export function reconcileDeps(config: AgentConfig, log: Logger, wireguard: WireguardChoice, desiredHint?: DesiredState): ReconcileDeps {
  const host = localHost({ rootDir: config.root });
  const stateHost = localHost();
  const services = servicesFor(config.serviceManager, host, desiredHint);
  const reporter = config.status
    ? dedupingReporter(reporterFor(forgeTarget(config.status)), fileLedgerStore(stateHost, `${config.stateDir}/statuses.json`))
    : undefined;
  return { config, host, services, store: new StateStore(config.stateDir), log, now: () => new Date(), wireguard, ...(reporter && { reporter }) };
}
