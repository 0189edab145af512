/** Reads a topology repo's files from a directory (the shell side of `loadTopology`). */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { classify } from './load.js';
import type { SourceFile } from './yaml-source.js';

export async function readTopologyDir(dir: string): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  for (const sub of ['', 'routers', 'services']) {
    let names: string[];
    try {
      names = await readdir(join(dir, sub));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && sub !== '') continue;
      throw e;
    }
    for (const name of names.sort()) {
      const path = sub === '' ? name : `${sub}/${name}`;
      if (!classify(path)) continue;
      out.push({ path, text: await readFile(join(dir, path), 'utf8') });
    }
  }
  return out;
}
