/**
 * /etc/dlan/agent.yaml: parsed with positions and checked against schema/agent.schema.json, like
 * the topology, with defaults filled in. Pure: the caller reads the file.
 */
import type { AgentConfig as RawAgentConfig } from '../schema/types.js';
import { type Diagnostic } from '../model/diagnostic.js';
import { checkSchema } from '../model/schema-check.js';
import { Stalled } from '../model/errors.js';
import { parseSize } from './source/size.js';
import { type ParsedFile, parseYaml, Reporter, type SourceFile } from '../model/yaml-source.js';
import { httpsFormOfSsh, sshNotSupportedMessage } from './repo-url.js';

export interface AgentConfig {
  readonly router: string;
  readonly repo: {
    readonly url: string; readonly branch: string; readonly tokenFile?: string; readonly username?: string;
    /** repo.maxFetchSize in bytes; absent means the default, 64 MB. */
    readonly maxFetchBytes?: number;
  };
  readonly trust: NonNullable<RawAgentConfig['trust']>;
  readonly stateDir: string;
  readonly root: string;
  readonly privateKeyFile: string;
  readonly schedule: { readonly intervalMs: number; readonly cron?: string; readonly jitterMs: number };
  readonly serviceManager: 'systemd' | 'process';
  /** Which WireGuard to use; `auto` is resolved once when the agent starts (reconciler/wireguard). */
  readonly wireguard: 'auto' | 'kernel' | 'userspace';
  readonly rollback: { readonly enabled: boolean; readonly windowMs: number };
  readonly status?: NonNullable<RawAgentConfig['status']>;
  readonly log: 'auto' | 'json' | 'text';
  /** Absent in hand-built configs (tests): the defaults apply (see agentApi). */
  readonly api?: { readonly socket: string; readonly status: boolean };
  readonly webhook?: { readonly port: number; readonly secretFile: string };
}

/** `90s`, `5m`, `250ms`, `1h` → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^([0-9]+)(ms|s|m|h)$/.exec(text);
  if (!m) throw new Stalled('BadDuration', `bad duration ${text}: use a number and ms, s, m or h (90s, 5m)`, { text });
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

export function parseAgentConfig(file: SourceFile): { config?: AgentConfig; diagnostics: Diagnostic[] } {
  const { parsed, diagnostics } = parseYaml(file);
  if (!parsed) return { diagnostics };
  const files = new Map<string, ParsedFile>([[file.path, parsed]]);
  const report = new Reporter(files);
  const valid = checkSchema('agent', parsed, report);
  // The schema's pattern error for an SSH URL only says "has the wrong form": replaced by one
  // that says why and what to write instead.
  const url = (parsed.value as { repo?: { url?: unknown } } | null)?.repo?.url;
  const https = typeof url === 'string' ? httpsFormOfSsh(url) : undefined;
  if (https) {
    const others = report.diagnostics.filter((d) => d.field !== 'repo.url');
    report.diagnostics.splice(0, report.diagnostics.length, ...others);
    report.error('SshRepoUrl', file.path, ['repo', 'url'], sshNotSupportedMessage(url as string, https));
  }
  if (!valid || https) return { diagnostics: report.diagnostics };
  const raw = parsed.value as RawAgentConfig;
  if (!raw.trust.allowedSigners && !raw.trust.openpgpKeys) {
    report.error('NoTrustRoot', file.path, ['trust'], 'needs allowedSigners or openpgpKeys: a router must know whose signatures to accept');
    return { diagnostics: report.diagnostics };
  }
  const config: AgentConfig = {
    router: raw.router,
    repo: {
      url: raw.repo.url, branch: raw.repo.branch ?? 'main', ...(raw.repo.tokenFile && { tokenFile: raw.repo.tokenFile }),
      ...(raw.repo.username && { username: raw.repo.username }), maxFetchBytes: parseSize(raw.repo.maxFetchSize ?? '64MB'),
    },
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
    wireguard: raw.wireguard ?? 'auto',
    rollback: { enabled: raw.rollback?.enabled ?? true, windowMs: parseDuration(raw.rollback?.window ?? '120s') },
    ...(raw.status && { status: raw.status }),
    log: raw.log ?? 'auto',
    api: { socket: raw.api?.socket ?? '/run/dlan/agent.sock', status: raw.api?.status ?? true },
    ...(raw.webhook && { webhook: { port: raw.webhook.port, secretFile: raw.webhook.secretFile } }),
  };
  return { config, diagnostics: [] };
}

/** The api settings with their defaults. */
export const agentApi = (c: AgentConfig): { readonly socket: string; readonly status: boolean } => c.api ?? { socket: '/run/dlan/agent.sock', status: true };
