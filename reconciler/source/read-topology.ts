/**
 * Reads the topology files of one commit straight from the git object store (no checkout):
 * `network.yaml`, `routers/*.yaml|yml` and `services/*.yaml|yml`, the files `classify` knows.
 * Only regular files count (a symlink or a submodule named like a topology file is skipped).
 * The result feeds `loadTopology` as it is.
 */
import * as fs from 'node:fs';
import git, { type TreeEntry } from 'isomorphic-git';
import { classify } from '../topology/load.js';
import type { SourceFile } from '../topology/yaml-source.js';

const REGULAR = new Set(['100644', '100755']);
const decoder = new TextDecoder('utf-8');

export async function readTopologyAt(gitdir: string, commit: string, cache: object = {}): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  const { tree } = await git.readTree({ fs, gitdir, oid: commit, cache });
  const files = async (entries: readonly TreeEntry[], prefix: string) => {
    for (const e of entries) {
      const path = `${prefix}${e.path}`;
      if (e.type !== 'blob' || !REGULAR.has(e.mode) || !classify(path)) continue;
      const { blob } = await git.readBlob({ fs, gitdir, oid: e.oid, cache });
      out.push({ path, text: decoder.decode(blob) });
    }
  };
  await files(tree, '');
  for (const dir of ['routers', 'services']) {
    const sub = tree.find((e) => e.path === dir && e.type === 'tree');
    if (sub) await files((await git.readTree({ fs, gitdir, oid: sub.oid, cache })).tree, `${dir}/`);
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
