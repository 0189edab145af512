/**
 * The shared part of every checker: write the content to a fresh temp dir under the file's own
 * name, run the daemon's check on it, map the temp path in its output back to the logical path,
 * and remove the temp dir whatever happens.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ServiceName } from '../../renderers/state.js';
import { HostError } from '../host/errors.js';
import { runCommand } from '../host/spawn.js';
import { CheckerUnavailable } from './rejected.js';
import type { WireguardImplementation } from '../wireguard/choice.js';

export interface CheckOptions {
  /** Parent of the temp dirs (default: the OS temp dir). */
  readonly tmpDir?: string;
  /** Per command (default 30 s). */
  readonly timeoutMs?: number;
  /** The WireGuard the router runs: its config is checked on a throwaway interface of that kind. Default userspace. */
  readonly wireguard?: WireguardImplementation;
}

export interface CheckRun {
  readonly code: number;
  /** stdout + stderr, temp paths replaced by the logical file path. */
  readonly output: string;
}

/**
 * Checkers run at a lower CPU and I/O priority than the daemons that carry traffic: a check is a
 * throwaway nginx, dnsmasq, vtysh or wireguard-go, and on a one-core router it must not take the
 * CPU from bfdd and wireguard-go (BFD flaps when they starve). `nice` and `ionice` are in every
 * Debian (coreutils, util-linux); ionice's `failed to execute` keeps a missing checker a
 * CommandNotFound (CheckerUnavailable).
 */
export const CHECKER_PRIORITY = ['-n', '10', 'ionice', '-c', '2', '-n', '7'] as const;

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Writes `content` (and any `extra` files) into a temp dir and runs `command(tempPath, dir)`.
 * `service`/`file` only label errors.
 */
export async function runCheck(
  service: ServiceName, file: string, content: string, opts: CheckOptions,
  command: (path: string, dir: string) => { cmd: string; args: string[]; env?: Record<string, string> },
  extra: Readonly<Record<string, string>> = {},
): Promise<CheckRun> {
  const dir = await mkdtemp(join(opts.tmpDir ?? tmpdir(), `dlan-check-${service}-`));
  try {
    const path = join(dir, basename(file));
    await writeFile(path, content, { mode: 0o600 });
    for (const [name, text] of Object.entries(extra)) await writeFile(join(dir, name), text, { mode: 0o600 });
    const { cmd, args, env } = command(path, dir);
    let result;
    try {
      result = await runCommand('local', 'nice', [...CHECKER_PRIORITY, cmd, ...args], { timeoutMs: opts.timeoutMs ?? 30_000, ...(env && { env }) });
    } catch (e) {
      if (e instanceof HostError) throw new CheckerUnavailable(service, file, e.message);
      throw e;
    }
    const output = `${result.stdout}${result.stderr}`.replace(new RegExp(escapeRe(path), 'g'), file).replace(new RegExp(escapeRe(dir), 'g'), '<tmp>');
    return { code: result.code, output: output.trim() };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Lines of `output` that are not empty. */
export const outputLines = (output: string): string[] => output.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');

/**
 * A shell script run as PID 1 of fresh network, mount and PID namespaces: whatever it starts
 * dies with it, even when the checker is killed on timeout (`--kill-child` + PID namespace).
 */
export function inPrivateNamespaces(script: string, args: readonly string[], net: boolean): { cmd: string; args: string[] } {
  return {
    cmd: 'unshare',
    args: [...(net ? ['--net'] : []), '--mount', '--pid', '--fork', '--kill-child', '--propagation', 'private', '--', 'sh', '-c', script, 'dlan-check', ...args],
  };
}
