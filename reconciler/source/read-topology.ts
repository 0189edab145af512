/**
 * Reads the topology files of one commit straight from the git object store (no checkout):
 * `network.yaml`, `routers/*.yaml|yml` and `services/*.yaml|yml`, the files `classify` knows.
 * model/repo-files.ts decides what is read, exactly as for a working tree (read-dir.ts), so a
 * router and `dlan validate` agree: only regular files (mode 100644 or 100755); a symbolic link
 * (mode 120000, whose blob is the link's target), a submodule or a tree named like a topology
 * file is refused with its path, never followed. Sizes are bounded before a blob is decoded.
 * The result feeds `loadTopology` as it is.
 */
import * as fs from 'node:fs';
import git, { type TreeEntry } from 'isomorphic-git';
import { classify } from '../../model/load.js';
import {
  byPath, decodeFile, type EntryKind, ReadBudget, refuseKind, type RepoFile, TOPOLOGY_DIRS,
} from '../../model/repo-files.js';

function kindOf(e: TreeEntry): EntryKind {
  if (e.type === 'tree') return 'directory';
  if (e.type === 'commit') return 'submodule';
  if (e.mode === '120000') return 'symlink';
  if (e.type === 'blob' && (e.mode === '100644' || e.mode === '100755')) return 'file';
  return 'other';
}

/** `dir`: the topology's folder inside the repository, when it is not the root (e.g. `sample-repo`). */
export async function readTopologyAt(gitdir: string, commit: string, cache: object = {}, dir = ''): Promise<RepoFile[]> {
  const out: RepoFile[] = [];
  const candidates: { path: string; entry: TreeEntry }[] = [];
  const { tree } = await git.readTree({ fs, gitdir, oid: commit, cache, ...(dir && { filepath: dir }) });
  for (const e of tree) {
    if (classify(e.path)) candidates.push({ path: e.path, entry: e });
    if (!(TOPOLOGY_DIRS as readonly string[]).includes(e.path)) continue;
    const refused = refuseKind(e.path, kindOf(e), 'directory');
    if (refused) {
      out.push(refused);
      continue;
    }
    for (const sub of (await git.readTree({ fs, gitdir, oid: e.oid, cache })).tree) {
      const path = `${e.path}/${sub.path}`;
      if (classify(path)) candidates.push({ path, entry: sub });
    }
  }
  const budget = new ReadBudget();
  for (const c of candidates.sort(byPath)) {
    const wrongKind = refuseKind(c.path, kindOf(c.entry));
    if (wrongKind) {
      out.push(wrongKind);
      continue;
    }
    // The blob is inflated to learn its size (the fetch already bounded what the pack holds);
    // it is refused before it is decoded or parsed.
    const { blob } = await git.readBlob({ fs, gitdir, oid: c.entry.oid, cache });
    const admitted = budget.admit(c.path, blob.length);
    if (admitted === 'read') out.push(decodeFile(c.path, blob));
    else if (admitted !== 'skip') out.push(admitted);
  }
  const over = budget.finding();
  if (over) out.push(over);
  return out.sort(byPath);
}

/** One file of a commit (e.g. lab.yaml beside the topology), or undefined when the commit has none there. */
export async function readFileAt(gitdir: string, commit: string, path: string, cache: object = {}): Promise<string | undefined> {
  try {
    const { blob } = await git.readBlob({ fs, gitdir, oid: commit, filepath: path, cache });
    return new TextDecoder('utf-8').decode(blob);
  } catch (e) {
    if ((e as { code?: string }).code === 'NotFoundError') return undefined;
    throw e;
  }
}
