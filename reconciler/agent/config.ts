/**
 * /etc/dlan/agent.yaml: parsed with positions and checked against schema/agent.schema.json, like
 * the topology, with defaults filled in. Pure: the caller reads the file.
 */
import type { AgentConfig as RawAgentConfig } from '../../schema/types.js';
import { type Diagnostic } from '../topology/diagnostic.js';
import { checkSchema } from '../topology/schema-check.js';
import { type ParsedFile, parseYaml, Reporter, type SourceFile } from '../topology/yaml-source.js';

export interface AgentConfig {
  readonly router: string;
  readonly repo: { readonly url: string; readonly branch: string; readonly tokenFile?: string; readonly username?: string };
  readonly trust: NonNullable<RawAgentConfig['trust']>;
  readonly stateDir: string;
  readonly root: string;
  readonly privateKeyFile: string;
  readonly schedule: { readonly intervalMs: number; readonly cron?: string; readonly jitterMs: number };
  readonly serviceManager: 'systemd' | 'process';
  readonly rollback: { readonly enabled: boolean; readonly windowMs: number };
  readonly status?: NonNullable<RawAgentConfig['status']>;
  readonly log: 'auto' | 'json' | 'text';
}

/** `90s`, `5m`, `250ms`, `1h` → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^([0-9]+)(ms|s|m|h)$/.exec(text);
  if (!m) throw new Error(`bad duration ${text}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

export function parseAgentConfig(file: SourceFile): { config?: AgentConfig; diagnostics: Diagnostic[] } {
  const { parsed, diagnostics } = parseYaml(file);
  if (!parsed) return { diagnostics };
  const files = new Map<string, ParsedFile>([[file.path, parsed]]);
  const report = new Reporter(files);
  if (!checkSchema('agent', parsed, report)) return { diagnostics: report.diagnostics };
  const raw = parsed.value as RawAgentConfig;
  if (!raw.trust.allowedSigners && !raw.trust.openpgpKeys) {
    report.error('NoTrustRoot', file.path, ['trust'], 'needs allowedSigners or openpgpKeys: a router must know whose signatures to accept');
    return { diagnostics: report.diagnostics };
  }
  const config: AgentConfig = {
    router: raw.router,
    repo: { url: raw.repo.url, branch: raw.repo.branch ?? 'main', ...(raw.repo.tokenFile && { tokenFile: raw.repo.tokenFile }), ...(raw.repo.username && { username: raw.repo.username }) },
    trust: raw.trust,
    stateDir: raw.stateDir ?? '/var/lib/dlan',
    root: raw.root ?? '/',
    privateKeyFile: raw.privateKeyFile ?? '/etc/dlan/wireguard.key',
    schedule: {
      intervalMs: parseDuration(raw.schedule?.interval ?? '60s'),
      ...(raw.schedule?.cron && { cron: raw.schedule.cron }),
      jitterMs: parseDuration(raw.schedule?.jitter ?? '10s'),
    },
    serviceManager: raw.serviceManager ?? 'systemd',
    rollback: { enabled: raw.rollback?.enabled ?? true, windowMs: parseDuration(raw.rollback?.window ?? '120s') },
    ...(raw.status && { status: raw.status }),
    log: raw.log ?? 'auto',
  };
  return { config, diagnostics: [] };
}
