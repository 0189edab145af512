/** The host dlan runs on, rooted at a directory (`/` on a router, a temp dir in tests). */
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { FileStat, Host, RunOptions, RunResult } from '../host.js';
import { HostError } from './errors.js';
import { tempName, underRoot } from './paths.js';
import { runCommand } from './spawn.js';

export interface LocalHostOptions {
  /** Default `/`. */
  readonly rootDir?: string;
}

let serial = 0;

export function localHost(opts: LocalHostOptions = {}): Host {
  const rootDir = resolve(opts.rootDir ?? '/');
  const describe = `local:${rootDir}`;
  const real = (p: string): string => underRoot(describe, rootDir, p);
  const fail = (code: 'FileReadFailed' | 'FileWriteFailed' | 'FileRemoveFailed', path: string, e: unknown): HostError => {
    const err = e as NodeJS.ErrnoException;
    return new HostError(code, `${path}: ${err.message}`, { host: describe, path, ...(err.code ? { errno: err.code } : {}) });
  };

  return {
    describe,
    realPath: real,

    async readFile(path: string): Promise<string | undefined> {
      const file = real(path);
      try {
        return await readFile(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw fail('FileReadFailed', path, e);
      }
    },

    async stat(path: string): Promise<FileStat | undefined> {
      const file = real(path);
      try {
        const s = await stat(file);
        return { mode: s.mode & 0o7777, size: s.size };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw fail('FileReadFailed', path, e);
      }
    },

    async writeFileAtomic(path: string, content: string, mode: number): Promise<void> {
      const target = real(path);
      const tmp = tempName(target, `${process.pid}-${++serial}`);
      try {
        await mkdir(dirname(target), { recursive: true, mode: 0o755 });
        const fh = await open(tmp, 'wx', mode);
        try {
          await fh.writeFile(content, 'utf8');
          await fh.chmod(mode); // the umask may have cut bits from open's mode
          await fh.sync();
        } finally {
          await fh.close();
        }
        await rename(tmp, target);
        const dir = await open(dirname(target), 'r');
        try {
          await dir.sync();
        } finally {
          await dir.close();
        }
      } catch (e) {
        await unlink(tmp).catch((u: NodeJS.ErrnoException) => {
          if (u.code !== 'ENOENT') throw fail('FileWriteFailed', path, u);
        });
        throw e instanceof HostError ? e : fail('FileWriteFailed', path, e);
      }
    },

    async removeFile(path: string): Promise<boolean> {
      const file = real(path);
      try {
        await unlink(file);
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw fail('FileRemoveFailed', path, e);
      }
    },

    run(cmd: string, args: readonly string[], opts?: RunOptions): Promise<RunResult> {
      return runCommand(describe, cmd, args, opts);
    },
  };
}
