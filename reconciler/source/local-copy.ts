/**
 * Fetching from a repository on the local file system (tests, the lab): isomorphic-git has no
 * file:// transport, so the objects reachable from the branch tip are copied one by one with
 * readObject/writeObject. Commits are written oldest first and a tree after its entries, so an
 * object present in the destination always has everything it points to: the walk stops at the
 * first commit already there, and an interrupted copy is resumed by the next one.
 */
import * as fs from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { Internal, Transient } from '../../model/errors.js';
import { describeFsError, isSystemError } from '../fs-errors.js';
import { splitCommit } from '../trust/signed-commit.js';

/** `<path>/.git` for a work tree, `<path>` for a bare repository. */
export async function localGitdir(path: string): Promise<string> {
  try {
    if ((await stat(join(path, '.git'))).isDirectory()) return join(path, '.git');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  try {
    await stat(join(path, 'HEAD'));
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code;
    const why = errno === 'ENOENT' ? 'has no HEAD' : isSystemError(e) ? describeFsError(e).text : 'cannot be read';
    throw new Transient('SourceUnreachable', `list refs ${path}: not a git repository (${why})`, { url: path, step: 'list refs', errno });
  }
  return path;
}

export async function localHead(gitdir: string, branch: string): Promise<string | undefined> {
  try {
    return await git.resolveRef({ fs, gitdir, ref: branchRef(branch) });
  } catch (e) {
    if ((e as { code?: string }).code === 'NotFoundError') return undefined;
    throw e;
  }
}

export const branchRef = (branch: string): string => (branch.startsWith('refs/') ? branch : `refs/heads/${branch}`);

async function has(gitdir: string, oid: string, cache: object): Promise<boolean> {
  try {
    await git.readObject({ fs, gitdir, oid, format: 'deflated', cache });
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'NotFoundError') return false;
    throw e;
  }
}

async function copyObject(src: string, dst: string, oid: string, cache: object): Promise<void> {
  const o = await git.readObject({ fs, gitdir: src, oid, format: 'content', cache });
  const written = await git.writeObject({ fs, gitdir: dst, type: o.type as 'blob', object: o.object as Uint8Array, format: 'content' });
  if (written !== oid) throw new Internal('CopyMismatch', `copying ${oid} produced ${written}`, { oid, written });
}

async function copyTree(src: string, dst: string, oid: string, cache: object): Promise<void> {
  if (await has(dst, oid, cache)) return;
  const { tree } = await git.readTree({ fs, gitdir: src, oid, cache });
  for (const entry of tree) {
    if (entry.type === 'tree') await copyTree(src, dst, entry.oid, cache);
    else if (entry.type === 'blob' && !(await has(dst, entry.oid, cache))) await copyObject(src, dst, entry.oid, cache);
  }
  await copyObject(src, dst, oid, cache);
}

/**
 * A commit's tree and parents, read from the raw object (signed-commit.ts), not with
 * isomorphic-git's `readCommit`, which throws a bare TypeError on a malformed ident line: such a
 * commit is copied as it is and refused, with a reason, by the trust layer.
 */
async function readLinks(src: string, oid: string, cache: object): Promise<Links> {
  const o = await git.readObject({ fs, gitdir: src, oid, format: 'content', cache });
  if (o.type !== 'commit') throw new Transient('SourceProtocolError', `fetch ${src}: ${oid} is a ${o.type}, not a commit`, { url: src, step: 'fetch' });
  const c = splitCommit(oid, o.object as Uint8Array);
  const tree = c.headers[0]?.startsWith('tree ') ? c.headers[0].slice(5) : undefined;
  return { oid, ...(tree && OID.test(tree) && { tree }), parents: c.parents.filter((p) => OID.test(p)) };
}

interface Links { readonly oid: string; readonly tree?: string; readonly parents: readonly string[] }
const OID = /^[0-9a-f]{40}$/;

/** Copies what `tip` needs into `dst`; returns the number of commits copied. */
export async function copyReachable(src: string, dst: string, tip: string): Promise<number> {
  const cache = {};
  const missing: Links[] = [];
  const seen = new Set<string>();
  const stack = [tip];
  while (stack.length > 0) {
    const oid = stack.pop()!;
    if (seen.has(oid)) continue;
    seen.add(oid);
    if (await has(dst, oid, cache)) continue;
    const c = await readLinks(src, oid, cache);
    missing.push(c);
    stack.push(...c.parents);
  }
  // Parents before children: sort by depth from the found set (a commit after all its missing parents).
  const written = new Set<string>();
  const byOid = new Map(missing.map((c) => [c.oid, c]));
  const visit = async (start: Links) => {
    const work: Array<{ c: Links; expanded: boolean }> = [{ c: start, expanded: false }];
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      if (written.has(top.c.oid)) { work.pop(); continue; }
      if (!top.expanded) {
        top.expanded = true;
        for (const p of top.c.parents) {
          const pc = byOid.get(p);
          if (pc && !written.has(p)) work.push({ c: pc, expanded: false });
        }
        continue;
      }
      work.pop();
      if (top.c.tree) await copyTree(src, dst, top.c.tree, cache);
      await copyObject(src, dst, top.c.oid, cache);
      written.add(top.c.oid);
    }
  };
  for (const c of missing) await visit(c);
  return written.size;
}
