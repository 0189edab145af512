/**
 * A host inside a lab node: commands run through `nsenter` in the node's network namespace and,
 * when given, its mount and UTS namespaces (the lab makes each node a network namespace plus a
 * persistent mount+UTS namespace with a private /run and per-node /etc/frr, /etc/wireguard...).
 *
 * With a mount namespace, files are read and written inside it too (small shell scripts run
 * through nsenter: the node's bind mounts are invisible from outside). Without one, files are
 * the local filesystem's.
 */
import type { FileStat, Host, RunOptions, RunResult } from './types.js';
import { HostError, commandFailed } from './errors.js';
import { localHost } from './local.js';
import { underRoot } from './paths.js';
import { runCommand } from './spawn.js';

export interface NetnsHostOptions {
  /** Network namespace: a file (`/run/netns/x`, `/proc/PID/ns/net`) or a name in /run/netns. */
  readonly net: string;
  /** Persistent mount namespace file (made by `unshare --mount=FILE`). */
  readonly mount?: string;
  /** Persistent UTS namespace file (hostname). */
  readonly uts?: string;
  /** Root directory inside the node. Default `/`. */
  readonly rootDir?: string;
}

const ENOENT = /: No such file or directory\s*$/;

// $1 = path, $2 = mode (octal). Temp in the same directory, fsync file, rename, fsync directory.
const WRITE = [
  'set -e',
  'p=$1; d=${p%/*}; [ -n "$d" ] || d=/',
  'mkdir -p -- "$d"',
  't="$d/.${p##*/}.dlan-$$.tmp"',
  'trap \'rm -f -- "$t"\' EXIT',
  '(umask 077; cat > "$t")',
  'chmod "$2" "$t"',
  'sync -- "$t"',
  'mv -f -- "$t" "$p"',
  'trap - EXIT',
  'sync -- "$d"',
].join('\n');

export function netnsHost(opts: NetnsHostOptions): Host {
  const net = opts.net.includes('/') ? opts.net : `/run/netns/${opts.net}`;
  const rootDir = opts.rootDir ?? '/';
  const describe = `netns:${net}`;
  const prefix = [`--net=${net}`];
  if (opts.mount) prefix.push(`--mount=${opts.mount}`, '--wd=/');
  if (opts.uts) prefix.push(`--uts=${opts.uts}`);
  /** Runs through nsenter; `check` is applied here so errors name the caller's command. */
  const run = async (cmd: string, args: readonly string[], o: RunOptions = {}): Promise<RunResult> => {
    const { check, ...rest } = o;
    const r = await runCommand(describe, 'nsenter', [...prefix, '--', cmd, ...args], rest);
    if (check && r.code !== 0) throw commandFailed(describe, cmd, args, r.code, r.signal, r.stderr);
    return r;
  };

  if (!opts.mount) return { ...localHost({ rootDir }), describe, run };

  const real = (p: string): string => underRoot(describe, rootDir, p);
  const fileError = (code: 'FileReadFailed' | 'FileWriteFailed' | 'FileRemoveFailed', path: string, r: RunResult): HostError =>
    new HostError(code, `${path}: ${r.stderr.trim() || `exit code ${r.code}`}`, { host: describe, path, exitCode: r.code, stderr: r.stderr.trim() });

  return {
    describe,
    realPath: real,
    async readFile(path: string): Promise<string | undefined> {
      const r = await run('cat', ['--', real(path)]);
      if (r.code === 0) return r.stdout;
      if (ENOENT.test(r.stderr)) return undefined;
      throw fileError('FileReadFailed', path, r);
    },
    async stat(path: string): Promise<FileStat | undefined> {
      const r = await run('stat', ['-L', '-c', '%a %s', '--', real(path)]);
      if (r.code === 0) {
        const [mode, size] = r.stdout.trim().split(' ');
        return { mode: parseInt(mode ?? '', 8), size: Number(size) };
      }
      if (ENOENT.test(r.stderr)) return undefined;
      throw fileError('FileReadFailed', path, r);
    },
    async writeFileAtomic(path: string, content: string, mode: number): Promise<void> {
      const r = await run('sh', ['-c', WRITE, 'sh', real(path), mode.toString(8)], { stdin: content });
      if (r.code !== 0) throw fileError('FileWriteFailed', path, r);
    },
    async removeFile(path: string): Promise<boolean> {
      const r = await run('rm', ['--', real(path)]);
      if (r.code === 0) return true;
      if (ENOENT.test(r.stderr)) return false;
      throw fileError('FileRemoveFailed', path, r);
    },
    run,
  };
}
