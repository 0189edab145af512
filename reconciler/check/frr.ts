/**
 * FRR: `vtysh -C -f FILE` parses the integrated config with every daemon's commands, needs no
 * running daemon and reports `line N: % Unknown command...` for each bad line. (`ospfd -C` is
 * useless: it accepts unknown commands.)
 */
import type { CheckOptions } from './run.js';
import { outputLines, runCheck } from './run.js';
import { accepted, type CheckResult, ConfigRejected, rejected } from './rejected.js';

export async function checkFrr(content: string, file = '/etc/frr/frr.conf', opts: CheckOptions = {}): Promise<CheckResult> {
  const run = await runCheck('frr', file, content, opts, (path) => ({ cmd: 'vtysh', args: ['-C', '-f', path] }));
  if (run.code === 0) return accepted;
  const errors = outputLines(run.output).flatMap((l) => {
    const m = /^line (\d+): (.*)$/.exec(l);
    return m ? [new ConfigRejected({ service: 'frr', file, line: Number(m[1]), message: m[2]!.trim(), stderr: run.output })] : [];
  });
  return rejected(errors.length ? errors : [new ConfigRejected({ service: 'frr', file, message: outputLines(run.output)[0] ?? `exit code ${run.code}`, stderr: run.output })]);
}
