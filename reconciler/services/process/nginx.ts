/**
 * nginx under the process flavour: `nginx -c CONF -g 'pid RUN/nginx.pid;'` (the rendered
 * nginx.conf must therefore not set `pid` itself; Debian's compiled-in default is /run/nginx.pid,
 * which the systemd unit uses, so omitting it suits both flavours). nginx daemonizes itself.
 * Reload is SIGHUP to the master: new workers with the new config, open connections kept
 * (nginx.org/en/docs/control.html). Stop is SIGTERM (fast shutdown: SIGQUIT would wait for every
 * long-lived stream connection to end).
 */
import type { DaemonDriver, ProcessContext } from './context.js';
import { pidStatus, startPidDaemon, stopPidDaemon, verifiedPid, type PidDaemonSpec } from './pid-daemon.js';

/** `sh -c` runner that appends the command's output to $0 (a log file) and execs it. */
export const LOGGED = 'exec "$@" >>"$0" 2>&1 </dev/null';

export function nginxDriver(ctx: ProcessContext, o: { config: string; runDir: string }): DaemonDriver {
  const h = ctx.host;
  const pidFile = `${o.runDir}/nginx.pid`;
  const logFile = `${o.runDir}/nginx.log`;
  const pidDirective = `pid ${h.realPath(pidFile)};`;
  const spec: PidDaemonSpec = {
    name: 'nginx', pidFile, logFile,
    // The master rewrites its argv to "nginx: master process <original command line>".
    matches: (argv) => { const t = argv.join(' '); return t.startsWith('nginx: master process') && t.includes(pidDirective); },
    launch: async () => {
      await h.run('mkdir', ['-p', h.realPath(o.runDir)], { check: true });
      return h.run('sh', ['-c', LOGGED, h.realPath(logFile), 'nginx', '-c', h.realPath(o.config), '-g', pidDirective]);
    },
  };
  return {
    name: 'nginx',
    start: () => startPidDaemon(ctx, spec),
    stop: () => stopPidDaemon(ctx, spec),
    status: () => pidStatus(ctx, spec),
    async reload() {
      const { pid } = await verifiedPid(ctx, spec);
      if (pid === undefined || !ctx.procs.signal(pid, 'SIGHUP')) await startPidDaemon(ctx, spec);
    },
  };
}
