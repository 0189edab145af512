/** Logical paths (as on the router) mapped under a host's root directory. */
import { posix } from 'node:path';
import { HostError } from './errors.js';

/** `/etc/x` under `/tmp/root` is `/tmp/root/etc/x`; `..` cannot climb above the root. */
export function underRoot(host: string, rootDir: string, path: string): string {
  if (!path.startsWith('/')) throw new HostError('PathNotAbsolute', `not an absolute path: ${path}`, { host, path });
  const logical = posix.normalize(path);
  return rootDir === '/' ? logical : posix.join(rootDir, logical);
}

/** Name of the temp file a write goes through: same directory (rename stays atomic), hidden. */
export function tempName(real: string, unique: string): string {
  const dir = posix.dirname(real);
  return posix.join(dir, `.${posix.basename(real)}.dlan-${unique}.tmp`);
}
