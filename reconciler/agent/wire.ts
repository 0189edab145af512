/** Builds a reconcile's dependencies from an agent config (the shell's assembly point). */
import { readFile } from 'node:fs/promises';
import type { DesiredState } from '../../renderers/state.js';
import { localHost } from '../host.js';
import type { Logger } from '../log.js';
import type { ReconcileDeps } from '../reconcile.js';
import { dedupingReporter } from '../report/dedupe.js';
import { fileLedgerStore } from '../report/ledger-store.js';
import { reporterFor } from '../report/reporter-for.js';
import type { ForgeTarget } from '../report/status.js';
import { processServices } from '../services/process/index.js';
import { systemdServices } from '../services/systemd.js';
import { StateStore } from '../state-store.js';
import { type AgentConfig, parseAgentConfig } from './config.js';
import { Stalled } from '../errors.js';
import { formatDiagnostic } from '../topology/diagnostic.js';

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

/** Where the rendered daemons' configs are, so the process flavour starts them with those. */
const pathOf = (d: DesiredState | undefined, service: string, fallback: string) =>
  d?.files.find((f) => f.service === service && !f.path.endsWith('/daemons'))?.path ?? fallback;

export function reconcileDeps(config: AgentConfig, log: Logger, desiredHint?: DesiredState): ReconcileDeps {
  const host = localHost({ rootDir: config.root });
  const stateHost = localHost();
  const services = config.serviceManager === 'process'
    ? processServices({ host, nginxConfig: pathOf(desiredHint, 'nginx', '/etc/dlan/nginx.conf'), dnsmasqConfig: pathOf(desiredHint, 'dnsmasq', '/etc/dnsmasq.d/dlan.conf') })
    : systemdServices({ host, units: { nginx: 'dlan-nginx' } });
  const reporter = config.status
    ? dedupingReporter(reporterFor(forgeTarget(config.status)), fileLedgerStore(stateHost, `${config.stateDir}/statuses.json`))
    : undefined;
  return { config, host, services, store: new StateStore(config.stateDir), log, now: () => new Date(), ...(reporter && { reporter }) };
}
