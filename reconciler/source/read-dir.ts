/**
 * Reads a topology repo's files from a working tree (the shell side of `loadTopology`, for
 * `dlan validate`, render, plan --repo…). model/repo-files.ts decides what is read, exactly as
 * for a commit: regular files only, never through a symbolic link, within the size limits.
 *
 * Each file is opened with O_NOFOLLOW (a link swapped in after listing fails instead of being
 * followed) and O_NONBLOCK (a FIFO swapped in cannot block the open), then checked again with
 * fstat on the open descriptor, and read no further than the size limit.
 */
import { constants, type Dirent } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { classify } from '../../model/load.js';
import {
  byPath, decodeFile, type EntryKind, ReadBudget, type RefusedFile, refuseKind, type RepoFile, TOPOLOGY_DIRS,
} from '../../model/repo-files.js';
import { LIMITS } from '../../model/limits.js';
import { describeFsError, fileError, isSystemError } from '../fs-errors.js';

function kindOf(d: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean; isFIFO(): boolean; isSocket(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean }): EntryKind {
  if (d.isSymbolicLink()) return 'symlink';
  if (d.isFile()) return 'file';
  if (d.isDirectory()) return 'directory';
  if (d.isFIFO()) return 'fifo';
  if (d.isSocket()) return 'socket';
  if (d.isBlockDevice() || d.isCharacterDevice()) return 'device';
  return 'other';
}

async function list(dir: string, what: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (isSystemError(e)) throw fileError(dir, e, what);
    throw e;
  }
}

const refusedBy = (path: string, e: NodeJS.ErrnoException): RefusedFile => {
  const r = describeFsError(e);
  return { path, refused: { code: r.code === 'NotFound' ? 'Vanished' : r.code, message: r.code === 'NotFound' ? 'disappeared while the repo was read' : `cannot be read: ${r.text}` } };
};

/** One file, read as model/repo-files.ts allows. */
async function readOne(dir: string, path: string, budget: ReadBudget): Promise<RepoFile | undefined> {
  let fh;
  try {
    fh = await open(join(dir, path), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    if (!isSystemError(e)) throw e;
    return e.code === 'ELOOP' ? refuseKind(path, 'symlink') : refusedBy(path, e);
  }
  try {
    const st = await fh.stat();
    const wrongKind = refuseKind(path, kindOf(st));
    if (wrongKind) return wrongKind;
    const admitted = budget.admit(path, st.size);
    if (admitted === 'skip') return undefined;
    if (admitted !== 'read') return admitted;
    // One byte more than the limit tells a file that grew after fstat from one that did not.
    const buf = Buffer.alloc(Math.min(st.size, LIMITS.fileBytes.value) + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n === buf.length) break;
    }
    if (n > LIMITS.fileBytes.value) return budget.admit(path, n) as RefusedFile;
    return decodeFile(path, buf.subarray(0, n));
  } catch (e) {
    if (!isSystemError(e)) throw e;
    return refusedBy(path, e);
  } finally {
    await fh.close();
  }
}

export async function readTopologyDir(dir: string): Promise<RepoFile[]> {
  const out: RepoFile[] = [];
  const candidates: { path: string; kind: EntryKind }[] = [];
  for (const d of await list(dir, 'the topology repo')) {
    const kind = kindOf(d);
    if (classify(d.name)) candidates.push({ path: d.name, kind });
    if (!(TOPOLOGY_DIRS as readonly string[]).includes(d.name)) continue;
    const refused = refuseKind(d.name, kind, 'directory');
    if (refused) {
      out.push(refused);
      continue;
    }
    for (const e of await list(join(dir, d.name), 'the folder')) {
      const path = `${d.name}/${e.name}`;
      if (classify(path)) candidates.push({ path, kind: kindOf(e) });
    }
  }
  const budget = new ReadBudget();
  for (const c of candidates.sort(byPath)) {
    const f = refuseKind(c.path, c.kind) ?? await readOne(dir, c.path, budget);
    if (f) out.push(f);
  }
  const over = budget.finding();
  if (over) out.push(over);
  return out.sort(byPath);
}
