/**
 * wireguard-go under the process flavour. wireguard-go has no pid file and, without `-f`,
 * re-executes itself in the background; so dlan runs `wireguard-go -f IF` in a new session
 * (setsid, output to the log, `$!` is its PID) and writes the pid file itself. Ready when its
 * UAPI socket answers (`wg show IF listen-port`). The socket is /var/run/wireguard/IF.sock,
 * global to the mount namespace: two instances of the same interface name need separate mount
 * namespaces (the lab gives each node a private /run). Stopping it removes the interface (and
 * with it the VXLAN links on top, whose lower device it was). Reload does nothing: peers are
 * applied with `wg syncconf` by apply, sessions kept.
 */
import type { DaemonDriver, ProcessContext } from './context.js';
import { basename, instancePid, pidStatus, startPidDaemon, stopPidDaemon, type PidDaemonSpec } from './pid-daemon.js';

const LAUNCH = 'setsid wireguard-go -f "$1" >>"$2" 2>&1 </dev/null & echo $!';

export function wireguardDriver(ctx: ProcessContext, o: { ifname: string; runDir: string }): DaemonDriver {
  const h = ctx.host;
  const pidFile = `${o.runDir}/wireguard-go.${o.ifname}.pid`;
  const logFile = `${o.runDir}/wireguard-go.${o.ifname}.log`;
  const spec: PidDaemonSpec = {
    name: 'wireguard', pidFile, logFile,
    matches: (argv) => basename(argv[0]) === 'wireguard-go' && argv[argv.length - 1] === o.ifname,
    launch: async () => {
      await h.run('mkdir', ['-p', h.realPath(o.runDir)], { check: true });
      const r = await h.run('sh', ['-c', LAUNCH, 'sh', o.ifname, h.realPath(logFile)]);
      if (r.code === 0) await h.writeFileAtomic(pidFile, `${r.stdout.trim()}\n`, 0o644);
      return r;
    },
    ready: async () => (await h.run('wg', ['show', o.ifname, 'listen-port'])).code === 0,
  };
  return {
    name: 'wireguard',
    start: () => startPidDaemon(ctx, spec),
    stop: () => stopPidDaemon(ctx, spec),
    status: () => pidStatus(ctx, spec),
    async reload() {
      if ((await instancePid(ctx, spec)).pid === undefined) await startPidDaemon(ctx, spec);
    },
  };
}
