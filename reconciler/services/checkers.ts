/**
 * Each service's own configuration checker, run on a candidate file before anything is touched:
 * `nginx -t`, `dnsmasq --test`, `vtysh -C` (FRR's dry run), `nft -c`. WireGuard and sysctl have
 * none (their input is checked by dlan's schema). `checkCommand` is pure; `checkConfig` runs it.
 */
import type { ServiceName } from '../../renderers/state.js';
import type { Host } from '../host.js';

export interface CheckCommand {
  readonly cmd: string;
  readonly args: readonly string[];
}

/** The checker for a service's config at a real path (as the command sees it), if it has one. */
export function checkCommand(service: ServiceName, realPath: string): CheckCommand | undefined {
  switch (service) {
    case 'nginx': return { cmd: 'nginx', args: ['-t', '-q', '-c', realPath] };
    case 'dnsmasq': return { cmd: 'dnsmasq', args: ['--test', `--conf-file=${realPath}`] };
    case 'frr': return { cmd: 'vtysh', args: ['-C', '-f', realPath] };
    case 'nftables': return { cmd: 'nft', args: ['-c', '-f', realPath] };
    case 'wireguard':
    case 'sysctl':
      return undefined;
  }
}

export interface CheckResult {
  readonly ok: boolean;
  /** What the checker said (stderr and stdout), for the report when it refuses. */
  readonly output: string;
  readonly cmd?: string;
}

/** Runs the checker on a logical path of the host. A service without a checker passes. */
export async function checkConfig(host: Host, service: ServiceName, path: string): Promise<CheckResult> {
  const c = checkCommand(service, host.realPath(path));
  if (!c) return { ok: true, output: '' };
  const r = await host.run(c.cmd, c.args);
  return { ok: r.code === 0, output: `${r.stderr}${r.stdout}`.trim(), cmd: [c.cmd, ...c.args].join(' ') };
}
