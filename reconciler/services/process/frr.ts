/**
 * FRR under the process flavour, through FRR's own scripts and files (FRR 8.4, Debian):
 * - start: `/usr/lib/frr/frrinit.sh start [PATHSPACE]` starts watchfrr, which starts the daemons
 *   enabled in /etc/frr[/PATHSPACE]/daemons and loads frr.conf, then creates `watchfrr.started`
 *   in /var/run/frr[/PATHSPACE]; dlan removes a stale one first and waits for the new one.
 * - reload: `frr-reload.py --reload` (frr-pythontools): the running config is diffed with
 *   frr.conf and only the difference is applied, so an unrelated change never bounces an
 *   adjacency. frrinit.sh's own `reload PATHSPACE` is broken in 8.4 (it takes the pathspace
 *   for the config file), hence the direct call. When the set of enabled daemons changed,
 *   watchfrr is restarted first (as frrinit.sh reload does: running daemons are not restarted)
 *   and daemons no longer enabled are stopped.
 * - stop: watchfrr first (or it would restart what we stop), then every daemon it supervised,
 *   zebra last, each by the PID in its pid file after checking /proc/PID/cmdline. frrinit.sh stop
 *   is not used: it waits on `kill -0`, which a not-yet-reaped zombie passes (seconds, in a
 *   container whose init reaps slowly).
 * Isolation: FRR's paths are compile-time (/etc/frr, /var/run/frr), so one instance per mount
 * namespace (the lab's nodes) or per pathspace (-N NAME). A host rooted elsewhere than / cannot
 * run FRR (Unsupported).
 */
import type { DaemonPart, DaemonStatus } from '../types.js';
import { ServiceError } from '../types.js';
import { poll } from '../poll.js';
import type { DaemonDriver, ProcessContext } from './context.js';
import { basename, lastLine, stopPid, verifiedPid } from './pid-daemon.js';

const FRRINIT = '/usr/lib/frr/frrinit.sh';
const RELOAD = '/usr/lib/frr/frr-reload.py';
/** frrcommon.sh's DAEMONS, in its order (zebra first). */
export const FRR_DAEMONS = ['zebra', 'bgpd', 'ripd', 'ripngd', 'ospfd', 'ospf6d', 'isisd', 'babeld', 'pimd', 'pim6d', 'ldpd',
  'nhrpd', 'eigrpd', 'sharpd', 'pbrd', 'staticd', 'bfdd', 'fabricd', 'vrrpd', 'pathd'] as const;
const KNOWN = new Set<string>(FRR_DAEMONS);

/** Daemons enabled by a `daemons` file (zebra and staticd always, as frrcommon.sh does), in FRR's order. */
export function enabledDaemons(daemonsFile: string): string[] {
  const value = new Map<string, string>();
  for (const line of daemonsFile.split('\n')) {
    const m = /^\s*([a-z0-9]+)=["']?([^"'\s#]*)/.exec(line);
    if (m) value.set(m[1]!, m[2]!);
  }
  return FRR_DAEMONS.filter((d) => d === 'zebra' || d === 'staticd' || !['', 'no', '0', undefined].includes(value.get(d)));
}

/** The daemons a watchfrr command line supervises (`ospfd-2` for an instance). */
export function watchedDaemons(argv: readonly string[]): string[] {
  return argv.slice(1).filter((a) => KNOWN.has(a.replace(/-\d+$/, '')));
}

export function frrDriver(ctx: ProcessContext, o: { pathspace?: string }): DaemonDriver {
  const h = ctx.host;
  const ns = o.pathspace ? [o.pathspace] : [];
  const confDir = `/etc/frr${o.pathspace ? `/${o.pathspace}` : ''}`;
  const runDir = `/var/run/frr${o.pathspace ? `/${o.pathspace}` : ''}`;
  const inSpace = (argv: readonly string[]): boolean => {
    const i = argv.indexOf('-N');
    return o.pathspace ? i > 0 && argv[i + 1] === o.pathspace : i < 0;
  };
  const proc = (daemon: string) => ({
    pidFile: `${runDir}/${daemon}.pid`,
    matches: (argv: readonly string[]) => basename(argv[0]) === daemon.replace(/-\d+$/, '') && inSpace(argv),
  });
  const watchfrr = proc('watchfrr');

  const guard = (): void => {
    if (h.realPath('/') !== '/') {
      throw new ServiceError('Unsupported', `FRR's paths are compile-time; it cannot run under ${h.describe} (use a mount namespace or a pathspace)`, { daemon: 'frr' });
    }
  };
  const watchArgv = async (): Promise<{ pid: number; argv: readonly string[] } | undefined> => {
    const { pid } = await verifiedPid(ctx, watchfrr);
    const argv = pid === undefined ? undefined : await ctx.procs.argv(pid);
    return pid !== undefined && argv ? { pid, argv } : undefined;
  };

  const launch = async (): Promise<void> => {
    await h.removeFile(`${runDir}/watchfrr.started`);
    const r = await h.run(FRRINIT, ['start', ...ns]);
    const output = `${r.stdout}${r.stderr}`.trim();
    if (r.code !== 0) throw new ServiceError('StartFailed', `frr did not start: ${lastLine(output)}`, { daemon: 'frr', cmd: FRRINIT, output });
    const ok = await poll(async () => ((await h.stat(`${runDir}/watchfrr.started`)) && (await watchArgv()) ? true : undefined), ctx.startTimeoutMs);
    if (!ok) throw new ServiceError('StartFailed', `frr: watchfrr not started after ${ctx.startTimeoutMs} ms: ${lastLine(output)}`, { daemon: 'frr', cmd: FRRINIT, output });
  };

  const stopDaemons = async (daemons: readonly string[]): Promise<void> => {
    const one = async (d: string): Promise<void> => {
      const p = proc(d);
      const { pid } = await verifiedPid(ctx, p);
      if (pid !== undefined) await stopPid(ctx, 'frr', pid, p.matches, 'SIGINT');
      await h.removeFile(p.pidFile);
    };
    await Promise.all(daemons.filter((d) => d !== 'zebra').map(one));
    if (daemons.includes('zebra')) await one('zebra');
  };

  const driver: DaemonDriver = {
    name: 'frr',
    async start() {
      guard();
      if (await watchArgv()) return;
      await launch();
    },
    async stop() {
      guard();
      const w = await watchArgv();
      if (w) await stopPid(ctx, 'frr', w.pid, watchfrr.matches, 'SIGINT');
      await h.removeFile(watchfrr.pidFile);
      await stopDaemons(w ? watchedDaemons(w.argv) : FRR_DAEMONS);
    },
    async reload() {
      guard();
      const w = await watchArgv();
      if (!w) return launch();
      const wanted = enabledDaemons((await h.readFile(`${confDir}/daemons`)) ?? '');
      const watched = watchedDaemons(w.argv).map((d) => d.replace(/-\d+$/, ''));
      if (wanted.join(' ') !== watched.join(' ')) {
        await stopPid(ctx, 'frr', w.pid, watchfrr.matches, 'SIGINT');
        await launch();
        await stopDaemons(watched.filter((d) => !wanted.includes(d)));
      }
      // At a lower priority, like the checkers (check/run.ts): the Python diff is the biggest CPU
      // spike of an apply; bfdd and the daemons it hands the difference to keep theirs.
      const r = await h.run('nice', ['-n', '10', RELOAD, '--reload', '--stdout', ...(o.pathspace ? ['--pathspace', o.pathspace] : []), `${confDir}/frr.conf`]);
      if (r.code !== 0) {
        const output = `${r.stdout}${r.stderr}`.trim().slice(-2000);
        throw new ServiceError('ReloadFailed', `frr-reload.py failed: ${lastLine(output)}`, { daemon: 'frr', cmd: RELOAD, output });
      }
    },
    async status(): Promise<DaemonStatus> {
      guard();
      const w = await watchArgv();
      if (!w) return { name: 'frr', running: false, detail: 'watchfrr is not running' };
      const parts: DaemonPart[] = await Promise.all(watchedDaemons(w.argv).map(async (d) => {
        const { pid } = await verifiedPid(ctx, proc(d));
        return pid === undefined ? { name: d, running: false } : { name: d, running: true, pid };
      }));
      const down = parts.filter((p) => !p.running).map((p) => p.name);
      return { name: 'frr', running: down.length === 0, pid: w.pid, parts, ...(down.length ? { detail: `not running: ${down.join(', ')}` } : {}) };
    },
  };
  return driver;
}
