/**
 * Which checker judges which rendered file, and checking a whole DesiredState's files at once
 * (in parallel). Files without a checker (FRR's daemons file, sysctl) are not judged here.
 */
import type { FileSpec } from '../../renderers/state.js';
import { checkDnsmasq } from './dnsmasq.js';
import { checkFrr } from './frr.js';
import { checkNftables } from './nftables.js';
import { checkNginx } from './nginx.js';
import { type CheckResult, type ConfigRejected, rejected } from './rejected.js';
import type { CheckOptions } from './run.js';
import { checkWireguard } from './wireguard.js';
import { wireguardCheckNeeded } from './wireguard-same-shape.js';

export type Checker = (content: string, file: string, opts?: CheckOptions) => Promise<CheckResult>;

export function checkerFor(f: Pick<FileSpec, 'path' | 'service'>): Checker | undefined {
  switch (f.service) {
    case 'nginx': return checkNginx;
    case 'dnsmasq': return checkDnsmasq;
    case 'nftables': return checkNftables;
    case 'wireguard': return checkWireguard;
    case 'frr': return f.path.endsWith('/frr.conf') ? checkFrr : undefined;
    case 'sysctl': return undefined;
  }
}

/**
 * Every file that has a checker, checked; `errors` in the order of `files`. With `running` (the
 * content the router has now, by path), the WireGuard file is not checked when only peers' keys
 * and endpoints changed, in ways `wg` validates itself (wireguard-same-shape.ts).
 */
export async function checkFiles(files: readonly FileSpec[], opts: CheckOptions = {}, running?: (path: string) => string | undefined): Promise<CheckResult> {
  const results = await Promise.all(files.map((f) => {
    if (f.service === 'wireguard' && running && !wireguardCheckNeeded(running(f.path), f.content)) return undefined;
    return checkerFor(f)?.(f.content, f.path, opts);
  }));
  const errors: ConfigRejected[] = results.flatMap((r) => r?.errors ?? []);
  return rejected(errors);
}

/** Throws the first rejection (the apply step's guard before touching anything). */
export function assertAccepted(result: CheckResult): void {
  if (!result.ok) throw result.errors[0]!;
}
