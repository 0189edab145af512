/**
 * dnsmasq under the process flavour: `dnsmasq --conf-file=CONF --pid-file=RUN/dnsmasq.pid`, only
 * dlan's config file (the systemd unit of Debian also reads /etc/dnsmasq.conf and /etc/dnsmasq.d).
 * dnsmasq checks its config and binds before daemonizing, so a bad start fails the command.
 * Reload is a restart: SIGHUP re-reads hosts and lease-related files but not the configuration
 * (dnsmasq(8), NOTES).
 */
import type { DaemonDriver, ProcessContext } from './context.js';
import { LOGGED } from './nginx.js';
import { basename, pidStatus, startPidDaemon, stopPidDaemon, type PidDaemonSpec } from './pid-daemon.js';

export function dnsmasqDriver(ctx: ProcessContext, o: { config: string; runDir: string }): DaemonDriver {
  const h = ctx.host;
  const pidFile = `${o.runDir}/dnsmasq.pid`;
  const logFile = `${o.runDir}/dnsmasq.log`;
  const pidArg = `--pid-file=${h.realPath(pidFile)}`;
  const spec: PidDaemonSpec = {
    name: 'dnsmasq', pidFile, logFile,
    matches: (argv) => basename(argv[0]) === 'dnsmasq' && argv.includes(pidArg),
    launch: async () => {
      await h.run('mkdir', ['-p', h.realPath(o.runDir)], { check: true });
      return h.run('sh', ['-c', LOGGED, h.realPath(logFile), 'dnsmasq', `--conf-file=${h.realPath(o.config)}`, pidArg]);
    },
  };
  const driver: DaemonDriver = {
    name: 'dnsmasq',
    start: () => startPidDaemon(ctx, spec),
    stop: () => stopPidDaemon(ctx, spec),
    status: () => pidStatus(ctx, spec),
    async reload() {
      await driver.stop();
      await driver.start();
    },
  };
  return driver;
}
