/** The host dlan runs on, rooted at a directory (`/` on a router, a temp dir in tests). */
import { describeFsError, isSystemError } from '../fs-errors.js';
import { readFileSync, statSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../memory/atomic-write.js';
import type { FileStat, Host, RunOptions, RunResult } from './types.js';
import { HostError } from './errors.js';
import { underRoot } from './paths.js';
import { runCommand } from './spawn.js';

export interface LocalHostOptions {
  /** Default `/`. */
  readonly rootDir?: string;
}

export function localHost(opts: LocalHostOptions = {}): Host {
  const rootDir = resolve(opts.rootDir ?? '/');
  const describe = `local:${rootDir}`;
  const real = (p: string): string => underRoot(describe, rootDir, p);
  const fail = (code: 'FileReadFailed' | 'FileWriteFailed' | 'FileRemoveFailed', path: string, e: unknown): HostError => {
    const err = e as Error & { code?: string };
    const why = isSystemError(e) ? describeFsError(e).text : err.message;
    const verb = code === 'FileReadFailed' ? 'cannot be read' : code === 'FileWriteFailed' ? 'cannot be written' : 'cannot be removed';
    return new HostError(code, `${path} ${verb}: ${why}`, { host: describe, path, ...(err.code ? { errno: err.code } : {}) });
  };

  return {
    describe,
    realPath: real,

    // Reads are synchronous: the files are small configs, state and /proc entries that a tick
    // reads every time (in the page cache), and node's promise readFile costs four thread-pool
    // round trips (open, fstat, read, close) per file, several times the read itself.
    async readFile(path: string): Promise<string | undefined> {
      const file = real(path);
      try {
        return readFileSync(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw fail('FileReadFailed', path, e);
      }
    },

    async stat(path: string): Promise<FileStat | undefined> {
      const file = real(path);
      try {
        const s = statSync(file);
        return { mode: s.mode & 0o7777, size: s.size };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw fail('FileReadFailed', path, e);
      }
    },

    async writeFileAtomic(path: string, content: string, mode: number): Promise<void> {
      try {
        await writeFileAtomic(real(path), content, mode);
      } catch (e) {
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
