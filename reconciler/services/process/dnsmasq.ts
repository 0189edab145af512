/**
 * dnsmasq under the process flavour: `dnsmasq --conf-file=CONF --pid-file=RUN/dnsmasq.pid`, only
 * dlan's config file (the systemd unit of Debian also reads /etc/dnsmasq.conf and /etc/dnsmasq.d).
 * A `pid-file=` in the config wins over the command line's (dnsmasq reads the file last), so when
 * the config has one, that is the pid file dlan watches.
 * dnsmasq checks its config and binds before daemonizing, so a bad start fails the command.
 * Reload is a restart: SIGHUP re-reads hosts and lease-related files but not the configuration
 * (dnsmasq(8), NOTES).
 */
import type { DaemonDriver, ProcessContext } from './context.js';
import { LOGGED } from './nginx.js';
import { basename, logicalOf, pidStatus, startPidDaemon, stopPidDaemon, type PidDaemonSpec } from './pid-daemon.js';

/** The `pid-file=` of a dnsmasq config, if it sets one to an absolute path. */
export function dnsmasqPidFile(conf: string): string | undefined {
  let last: string | undefined;
  for (const line of conf.split('\n')) {
    const m = /^\s*pid-file\s*=\s*(\/\S+)\s*$/.exec(line);
    if (m) last = m[1];
  }
  return last;
}

export function dnsmasqDriver(ctx: ProcessContext, o: { config: string; runDir: string }): DaemonDriver {
  const h = ctx.host;
  const logFile = `${o.runDir}/dnsmasq.log`;
  const confArg = `--conf-file=${h.realPath(o.config)}`;
  const spec = async (): Promise<PidDaemonSpec> => {
    const own = dnsmasqPidFile((await h.readFile(o.config)) ?? '');
    const pidFile = own ? logicalOf(h, own) : `${o.runDir}/dnsmasq.pid`;
    const pidArg = `--pid-file=${h.realPath(pidFile)}`;
    return {
      name: 'dnsmasq', pidFile, logFile, recordFile: `${o.runDir}/dnsmasq.pidfile`,
      matches: (argv) => basename(argv[0]) === 'dnsmasq' && argv.includes(confArg),
      launch: async () => {
        await h.run('mkdir', ['-p', h.realPath(o.runDir)], { check: true });
        return h.run('sh', ['-c', LOGGED, h.realPath(logFile), 'dnsmasq', confArg, pidArg]);
      },
    };
  };
  const driver: DaemonDriver = {
    name: 'dnsmasq',
    start: async () => startPidDaemon(ctx, await spec()),
    stop: async () => stopPidDaemon(ctx, await spec()),
    status: async () => pidStatus(ctx, await spec()),
    async reload() {
      await driver.stop();
      await driver.start();
    },
  };
  return driver;
}
