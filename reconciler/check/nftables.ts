/**
 * nftables: `nft -c -f FILE`, in a fresh network namespace so the check neither depends on nor
 * touches the host's ruleset (the kernel still validates every expression). Errors look like
 * `FILE:LINE:COL-COL: Error: ...`.
 */
import type { CheckOptions } from './run.js';
import { inPrivateNamespaces, outputLines, runCheck } from './run.js';
import { accepted, type CheckResult, ConfigRejected, rejected } from './rejected.js';

export async function checkNftables(content: string, file = '/etc/dlan/nftables.nft', opts: CheckOptions = {}): Promise<CheckResult> {
  const run = await runCheck('nftables', file, content, opts, (path) => inPrivateNamespaces('exec "$@"', ['nft', '-c', '-f', path], true));
  if (run.code === 0) return accepted;
  const errors = outputLines(run.output).flatMap((l) => {
    const m = /:(\d+):\d+(?:-\d+)?: Error: (.*)$/.exec(l);
    return m ? [new ConfigRejected({ service: 'nftables', file, line: Number(m[1]), message: m[2]!, stderr: run.output })] : [];
  });
  return rejected(errors.length ? errors : [new ConfigRejected({ service: 'nftables', file, message: outputLines(run.output)[0] ?? `exit code ${run.code}`, stderr: run.output })]);
}
