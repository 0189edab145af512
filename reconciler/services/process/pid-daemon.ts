/**
 * The life cycle shared by daemons tracked through one pid file: start (unless a verified process
 * runs), wait until the pid file names a live process with the expected command line (and the
 * daemon answers, when a readiness probe is given), stop with SIGTERM then SIGKILL after the
 * deadline. A pid file whose process is gone or is another program is stale and removed.
 * When the pid file's path comes from the daemon's config (nginx `pid`, dnsmasq `pid-file=`), the
 * path used at launch is recorded beside it, so a config that changes it later (then a restart)
 * still finds and stops the instance that runs.
 */
import { posix } from 'node:path';
import type { Host, RunResult } from '../../host.js';
import { poll } from '../poll.js';
import { ServiceError, type DaemonName, type DaemonStatus } from '../types.js';
import type { ProcessContext } from './context.js';

export interface PidDaemonSpec {
  readonly name: DaemonName;
  /** Logical paths (under the host root). The pid file a new launch will write. */
  readonly pidFile: string;
  readonly logFile: string;
  /** Where the pid file path of the running instance is recorded, when it can vary. */
  readonly recordFile?: string;
  /** Whether a live process's argv is this daemon instance (not a reused PID). */
  matches(argv: readonly string[]): boolean;
  /** Runs whatever leaves the daemon running with its pid file written; output appended to logFile. */
  launch(): Promise<RunResult>;
  /** Extra readiness once the process is alive (e.g. wireguard-go's UAPI answers). */
  ready?(): Promise<boolean>;
}

/** A real path (as commands see it) back to the logical one, for a host rooted elsewhere than /. */
export function logicalOf(h: Host, real: string): string {
  const root = h.realPath('/');
  return root === '/' || !real.startsWith(`${root}/`) ? real : real.slice(root.length);
}

export const basename = (p: string | undefined): string => posix.basename(p ?? '');
const TAIL = 2000;

export async function readPid(ctx: ProcessContext, pidFile: string): Promise<number | undefined> {
  const text = await ctx.host.readFile(pidFile);
  const pid = text === undefined ? NaN : Number(text.trim());
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
}

/** The PID of the running instance, verified through /proc, or why there is none. */
export async function verifiedPid(ctx: ProcessContext, spec: Pick<PidDaemonSpec, 'pidFile' | 'matches'>): Promise<{ pid?: number; detail?: string }> {
  const pid = await readPid(ctx, spec.pidFile);
  if (pid === undefined) return { detail: 'no pid file' };
  const argv = await ctx.procs.argv(pid);
  if (argv === undefined) return { detail: `pid ${pid} is not running` };
  if (!spec.matches(argv)) return { detail: `pid ${pid} is another program (${argv.join(' ').slice(0, 80)})` };
  return { pid };
}

/** The pid file of the running instance: the recorded one, else the spec's. */
async function currentPidFile(ctx: ProcessContext, spec: PidDaemonSpec): Promise<string> {
  const recorded = spec.recordFile ? (await ctx.host.readFile(spec.recordFile))?.trim() : undefined;
  return recorded || spec.pidFile;
}

/** The verified PID of the running instance (through the recorded pid file). */
export async function instancePid(ctx: ProcessContext, spec: PidDaemonSpec): Promise<{ pid?: number; detail?: string }> {
  return verifiedPid(ctx, { pidFile: await currentPidFile(ctx, spec), matches: spec.matches });
}

export async function pidStatus(ctx: ProcessContext, spec: PidDaemonSpec): Promise<DaemonStatus> {
  const v = await instancePid(ctx, spec);
  return v.pid !== undefined ? { name: spec.name, running: true, pid: v.pid } : { name: spec.name, running: false, detail: v.detail! };
}

/** What the log gained since `from` bytes, at most its last 2000 characters. */
async function logSince(ctx: ProcessContext, logFile: string, from: number): Promise<string> {
  const text = (await ctx.host.readFile(logFile)) ?? '';
  const added = Buffer.from(text, 'utf8').subarray(from).toString('utf8').trim();
  return added.length > TAIL ? `…${added.slice(-TAIL)}` : added;
}

export async function startPidDaemon(ctx: ProcessContext, spec: PidDaemonSpec): Promise<void> {
  if ((await instancePid(ctx, spec)).pid !== undefined) return;
  await ctx.host.removeFile(await currentPidFile(ctx, spec));
  await ctx.host.removeFile(spec.pidFile);
  const logStart = (await ctx.host.stat(spec.logFile))?.size ?? 0;
  if (spec.recordFile) await ctx.host.writeFileAtomic(spec.recordFile, `${spec.pidFile}\n`, 0o644);
  const r = await spec.launch();
  if (r.code !== 0) {
    const output = [r.stderr.trim(), await logSince(ctx, spec.logFile, logStart)].filter(Boolean).join('\n');
    throw new ServiceError('StartFailed', `${spec.name} did not start (exit code ${r.code}): ${lastLine(output)}`, { daemon: spec.name, output });
  }
  let died: number | undefined;
  const pid = await poll(async () => {
    const filePid = await readPid(ctx, spec.pidFile);
    if (filePid === undefined) return undefined;
    const argv = await ctx.procs.argv(filePid);
    if (argv === undefined) {
      died = filePid;
      return -1;
    }
    // A launcher's child may not have exec'd the daemon yet (its argv is still the shell's).
    if (!spec.matches(argv)) return undefined;
    return !spec.ready || (await spec.ready()) ? filePid : undefined;
  }, ctx.startTimeoutMs);
  if (pid === undefined || pid === -1) {
    const output = await logSince(ctx, spec.logFile, logStart);
    const why = pid === -1 ? `exited right after starting (pid ${died})` : `not ready after ${ctx.startTimeoutMs} ms`;
    throw new ServiceError('StartFailed', `${spec.name} ${why}${output ? `: ${lastLine(output)}` : ''}`,
      { daemon: spec.name, ...(died ? { pid: died } : {}), output });
  }
}

/** SIGTERM, wait, SIGKILL after the deadline; true once the process is gone. */
export async function stopPid(ctx: ProcessContext, name: DaemonName, pid: number, matches: (argv: readonly string[]) => boolean,
  signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const gone = async (): Promise<true | undefined> => {
    const argv = await ctx.procs.argv(pid);
    return argv === undefined || !matches(argv) ? true : undefined;
  };
  if (!ctx.procs.signal(pid, signal)) return;
  if (await poll(gone, ctx.stopTimeoutMs)) return;
  ctx.procs.signal(pid, 'SIGKILL');
  if (await poll(gone, 5000)) return;
  throw new ServiceError('StopFailed', `${name} (pid ${pid}) survived SIGTERM and SIGKILL`, { daemon: name, pid });
}

export async function stopPidDaemon(ctx: ProcessContext, spec: PidDaemonSpec): Promise<void> {
  const pidFile = await currentPidFile(ctx, spec);
  const v = await verifiedPid(ctx, { pidFile, matches: spec.matches });
  if (v.pid !== undefined) await stopPid(ctx, spec.name, v.pid, spec.matches);
  await ctx.host.removeFile(pidFile);
  if (spec.recordFile) await ctx.host.removeFile(spec.recordFile);
}

export const lastLine = (s: string): string => s.split('\n').filter((l) => l.trim() !== '').pop() ?? '';
