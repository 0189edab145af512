/** The mount table of this process's mount namespace, from /proc/self/mountinfo. */
import { readFileSync } from 'node:fs';
import { run } from './run.js';

const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

export function mountPoints(): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter(Boolean).map((l) => unescape(l.split(' ')[4]!));
}

export const isMounted = (path: string): boolean => mountPoints().includes(path);

/** Every mount point at or under `dir`, deepest first. */
export const mountsUnder = (dir: string): string[] =>
  mountPoints().filter((m) => m === dir || m.startsWith(`${dir}/`)).sort((a, b) => b.length - a.length);

/**
 * Unmounts every given path that is a mount point, in the order given, until none is (mounts can
 * be stacked); returns how many were unmounted. One `umount` per round, not one per path.
 */
export async function unmountAll(paths: readonly string[]): Promise<number> {
  let count = 0;
  for (let round = 0; ; round++) {
    const mounted = new Set(mountPoints());
    const todo = paths.filter((p) => mounted.has(p));
    if (todo.length === 0) return count;
    if (round === 5) await run('umount', todo); // still there: let umount say why
    await run('umount', todo, { check: false });
    count += todo.length - todo.filter((p) => isMounted(p)).length;
  }
}
