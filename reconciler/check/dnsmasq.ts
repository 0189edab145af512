/**
 * dnsmasq: `dnsmasq --test --conf-file=FILE` (syntax only; needs no privileges and binds
 * nothing). Errors look like `dnsmasq: bad dhcp-range at line 29 of FILE`.
 */
import type { CheckOptions } from './run.js';
import { outputLines, runCheck } from './run.js';
import { accepted, type CheckResult, ConfigRejected, rejected } from './rejected.js';

export async function checkDnsmasq(content: string, file = '/etc/dnsmasq.d/dlan.conf', opts: CheckOptions = {}): Promise<CheckResult> {
  const run = await runCheck('dnsmasq', file, content, opts, (path) => ({ cmd: 'dnsmasq', args: ['--test', `--conf-file=${path}`] }));
  if (run.code === 0) return accepted;
  const lines = outputLines(run.output).filter((l) => !/syntax check OK/.test(l));
  const first = lines.find((l) => / at line \d+ of /.test(l)) ?? lines[0] ?? `exit code ${run.code}`;
  const m = /^(?:dnsmasq: )?(.*?)(?: at line (\d+) of .*)?$/.exec(first);
  return rejected([new ConfigRejected({
    service: 'dnsmasq', file, ...(m?.[2] && { line: Number(m[2]) }), message: m?.[1] ?? first, stderr: run.output,
  })]);
}
