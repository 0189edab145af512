/**
 * What the doctor looks at, behind one small interface: files and directories under a root (a
 * temp dir in tests: a fake /etc), commands (the real ones; a network namespace in tests), the
 * clock and the Node version. Only `localSystem` touches node:fs and process.
 */
import { readdir } from 'node:fs/promises';
import type { Host } from '../host.js';
import { HostError } from '../host/errors.js';

export interface DoctorSystem {
  /** Files (readFile, stat) under the root, and commands (run). */
  readonly host: Host;
  /** Entry names of a directory under the root, sorted; undefined when it does not exist. */
  list(dir: string): Promise<string[] | undefined>;
  readonly nodeVersion: string;
  readonly now: Date;
}

export function localSystem(host: Host, o: { nodeVersion?: string; now?: Date } = {}): DoctorSystem {
  return {
    host,
    async list(dir: string): Promise<string[] | undefined> {
      try {
        return (await readdir(host.realPath(dir))).sort();
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        throw new HostError('FileReadFailed', `${dir}: ${(e as Error).message}`, { host: host.describe, path: dir, ...(code && { errno: code }) });
      }
    },
    nodeVersion: o.nodeVersion ?? process.versions.node,
    now: o.now ?? new Date(),
  };
}

const PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Where an executable is on the router's PATH (looked up under the root), or undefined. */
export async function which(sys: DoctorSystem, name: string): Promise<string | undefined> {
  for (const dir of PATH) {
    const s = await sys.host.stat(`${dir}/${name}`);
    if (s && (s.mode & 0o111) !== 0) return `${dir}/${name}`;
  }
  return undefined;
}
