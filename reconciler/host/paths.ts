/** Logical paths (as on the router) mapped under a host's root directory. */
import { posix } from 'node:path';
import { HostError } from './errors.js';

/** `/etc/x` under `/tmp/root` is `/tmp/root/etc/x`; `..` cannot climb above the root. */
export function underRoot(host: string, rootDir: string, path: string): string {
  if (!path.startsWith('/')) throw new HostError('PathNotAbsolute', `not an absolute path: ${path}`, { host, path });
  const logical = posix.normalize(path);
  return rootDir === '/' ? logical : posix.join(rootDir, logical);
}
