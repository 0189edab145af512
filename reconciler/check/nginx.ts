/**
 * nginx: `nginx -t -q -e stderr -c FILE`. `-t` opens the pid file, so the check runs in a
 * private mount namespace with a tmpfs on /run where the pid file's directory is created;
 * nothing of the host's /run is touched (a pid directory elsewhere must exist). Errors look
 * like `[emerg] ... in FILE:LINE`.
 */
import type { CheckOptions } from './run.js';
import { inPrivateNamespaces, outputLines, runCheck } from './run.js';
import { accepted, CheckerUnavailable, type CheckResult, ConfigRejected, rejected } from './rejected.js';

/** $1: the pid file's directory, created in the private /run when it lies there (else it must exist). */
const SCRIPT = `mount -t tmpfs dlan-check /run || exit 97
case "$1" in /run|/run/*|/var/run|/var/run/*) mkdir -p "$1" || exit 97 ;; esac
shift
exec "$@"`;

export async function checkNginx(content: string, file = '/etc/dlan/nginx.conf', opts: CheckOptions = {}): Promise<CheckResult> {
  const pidDir = /^\s*pid\s+(\S+?);/m.exec(content)?.[1]?.replace(/\/[^/]*$/, '') || '/run';
  const run = await runCheck('nginx', file, content, opts, (path) =>
    inPrivateNamespaces(SCRIPT, [pidDir, 'nginx', '-t', '-q', '-e', 'stderr', '-c', path], false));
  if (run.code === 97) throw new CheckerUnavailable('nginx', file, run.output || 'cannot set up a private /run');
  if (run.code === 0) return accepted;
  const errors = outputLines(run.output).filter((l) => /\[(emerg|alert|crit)\]/.test(l)).map((l) => {
    const m = /\] \d+#\d+: (.*?)(?: in (\S+):(\d+))?$/.exec(l);
    return new ConfigRejected({
      service: 'nginx', file, ...(m?.[3] && { line: Number(m[3]) }), message: m?.[1] ?? l, stderr: run.output,
    });
  });
  return rejected(errors.length ? errors : [new ConfigRejected({ service: 'nginx', file, message: outputLines(run.output)[0] ?? `exit code ${run.code}`, stderr: run.output })]);
}
