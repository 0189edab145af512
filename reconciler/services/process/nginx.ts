/**
 * nginx under the process flavour: `nginx -c CONF` (nginx daemonizes itself). The pid file is the
 * config's own `pid` directive when it has one (dlan's renderer writes `pid /run/dlan/nginx.pid;`);
 * otherwise dlan adds `-g 'pid RUN/nginx.pid;'` (both at once would be "pid directive is
 * duplicate"). The master is recognised by its title, "nginx: master process <command line>",
 * which carries `-c CONF`. Reload is SIGHUP to the master: new workers with the new config, open
 * connections kept (nginx.org/en/docs/control.html). Stop is SIGTERM (fast shutdown: SIGQUIT would
 * wait for every long-lived stream connection to end).
 */
import type { DaemonDriver, ProcessContext } from './context.js';
import { instancePid, logicalOf, pidStatus, startPidDaemon, stopPidDaemon, type PidDaemonSpec } from './pid-daemon.js';

/** `sh -c` runner that appends the command's output to $0 (a log file) and execs it. */
export const LOGGED = 'exec "$@" >>"$0" 2>&1 </dev/null';

/** The main-context `pid` directive of an nginx config, if it sets one (absolute paths only). */
export function nginxPidDirective(conf: string): string | undefined {
  const text = conf.replace(/#[^\n]*/g, '');
  const m = /(?:^|[;{}\s])pid\s+("?)(\/[^";\s]+)\1\s*;/.exec(text);
  return m?.[2];
}

export function nginxDriver(ctx: ProcessContext, o: { config: string; runDir: string }): DaemonDriver {
  const h = ctx.host;
  const logFile = `${o.runDir}/nginx.log`;
  const conf = h.realPath(o.config);
  const spec = async (): Promise<PidDaemonSpec> => {
    const own = nginxPidDirective((await h.readFile(o.config)) ?? '');
    const pidFile = own ? logicalOf(h, own) : `${o.runDir}/nginx.pid`;
    const extra = own ? [] : ['-g', `pid ${h.realPath(pidFile)};`];
    return {
      name: 'nginx', pidFile, logFile, recordFile: `${o.runDir}/nginx.pidfile`,
      matches: (argv) => { const t = argv.join(' '); return t.startsWith('nginx: master process') && t.includes(`-c ${conf}`); },
      launch: async () => {
        await h.run('mkdir', ['-p', h.realPath(o.runDir)], { check: true });
        return h.run('sh', ['-c', LOGGED, h.realPath(logFile), 'nginx', '-c', conf, ...extra]);
      },
    };
  };
  return {
    name: 'nginx',
    start: async () => startPidDaemon(ctx, await spec()),
    stop: async () => stopPidDaemon(ctx, await spec()),
    status: async () => pidStatus(ctx, await spec()),
    async reload() {
      const s = await spec();
      const { pid } = await instancePid(ctx, s);
      if (pid === undefined || !ctx.procs.signal(pid, 'SIGHUP')) await startPidDaemon(ctx, s);
    },
  };
}
