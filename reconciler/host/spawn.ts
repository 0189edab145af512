/**
 * One command, waited for: stdout and stderr collected, stdin written, a deadline enforced.
 *
 * A command that starts a daemon may leave a grandchild holding our stdout/stderr pipes open
 * (a daemon that does not close its inherited descriptors); then 'close' never comes. So once the
 * command itself has exited we wait a short grace for the pipes and then stop reading.
 */
import { spawn } from 'node:child_process';
import { HostError, commandFailed } from './errors.js';
import type { RunOptions, RunResult } from './types.js';

const DEFAULT_TIMEOUT_MS = 60_000;
const PIPE_GRACE_MS = 500;

export function runCommand(host: string, cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: { ...process.env, LC_ALL: 'C', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let done = false;
    let timedOut = false;
    let grace: NodeJS.Timeout | undefined;

    const finish = (e?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (grace) clearTimeout(grace);
      child.stdout.destroy();
      child.stderr.destroy();
      if (e) return reject(e);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (timedOut) {
        return reject(new HostError('CommandTimedOut', `${cmd} ${args.join(' ')}: no exit after ${timeoutMs} ms`,
          { host, cmd, args, stderr: stderr.slice(-2000) }));
      }
      const signal = exit?.signal ?? undefined;
      const code = exit?.code ?? -1;
      // nsenter and sh report a missing executable as 127.
      if (code === 127 && /(No such file or directory|not found)/.test(stderr) && /(failed to execute|exec|not found)/.test(stderr)) {
        return reject(new HostError('CommandNotFound', `${cmd}: command not found (${stderr.trim()})`, { host, cmd, args }));
      }
      if (opts.check && (code !== 0 || signal)) return reject(commandFailed(host, cmd, args, code, signal, stderr));
      resolve({ code, ...(signal ? { signal } : {}), stdout, stderr });
    };

    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) child.kill('SIGKILL');
      // 'close' follows the kill; if a grandchild keeps the pipes, the grace below ends it.
    }, timeoutMs);

    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') finish(new HostError('CommandNotFound', `${cmd}: command not found`, { host, cmd, args, errno: e.code }));
      else finish(new HostError('CommandFailed', `${cmd}: ${e.message}`, { host, cmd, args, ...(e.code ? { errno: e.code } : {}) }));
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      grace = setTimeout(() => finish(), PIPE_GRACE_MS);
    });
    child.on('close', (code, signal) => {
      exit ??= { code, signal };
      finish();
    });
    child.stdin.on('error', () => { /* EPIPE: the command did not read its stdin; its exit code tells the rest */ });
    child.stdin.end(opts.stdin ?? '');
  });
}
