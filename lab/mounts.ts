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

/** Unmounts every mount stacked on `path`; true when something was unmounted. */
export async function unmountAll(path: string): Promise<boolean> {
  let any = false;
  while (isMounted(path)) {
    await run('umount', [path]);
    any = true;
  }
  return any;
}
