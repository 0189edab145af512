/**
 * Reading commits and their ancestry from the router's git store, for the trust policy.
 *
 * Ancestry is walked here rather than with isomorphic-git's `isDescendent`, which answers false
 * both for "the same commit" and for "the walk hit a shallow boundary or a missing object";
 * a trust decision must tell "unrelated history" (a rollback) from "cannot tell". Parents are
 * read from the raw object by position, as git reads them (signed-commit.ts), not with
 * isomorphic-git's `readCommit`, which throws a bare TypeError on a malformed ident line: an
 * odd old commit in the history must not crash the walk.
 */
import * as fs from 'node:fs';
import git from 'isomorphic-git';
import { Stalled } from '../../model/errors.js';
import { type SignedCommit, splitCommit } from './signed-commit.js';

const OID = /^[0-9a-f]{40}$/;

export type Relation = 'same' | 'descendant' | 'unrelated' | 'unknown';

const notFound = (e: unknown): boolean => (e as { code?: string }).code === 'NotFoundError';

/** The commit's raw object, split into signed payload and signature. */
export async function readSignedCommit(gitdir: string, oid: string, cache: object = {}): Promise<SignedCommit> {
  let o;
  try {
    o = await git.readObject({ fs, gitdir, oid, format: 'content', cache });
  } catch (e) {
    if (notFound(e)) throw new Stalled('CommitNotFound', `commit ${oid} is not in ${gitdir}`, { commit: oid, gitdir });
    throw e;
  }
  if (o.type !== 'commit') throw new Stalled('NotACommit', `${oid} is a ${o.type}, not a commit`, { commit: oid });
  return splitCommit(o.oid, o.object as Uint8Array);
}

async function parentsOf(gitdir: string, oid: string, cache: object): Promise<readonly string[] | undefined> {
  let o;
  try {
    o = await git.readObject({ fs, gitdir, oid, format: 'content', cache });
  } catch (e) {
    if (notFound(e)) return undefined;
    throw e;
  }
  if (o.type !== 'commit') throw new Stalled('NotACommit', `${oid} is a ${o.type}, not a commit`, { commit: oid });
  // A parent that is not a commit id leads nowhere, like a missing one.
  return splitCommit(o.oid, o.object as Uint8Array).parents.filter((p) => OID.test(p));
}

/** How `commit` relates to `base`: the same, a descendant, unrelated, or unknown (objects missing). */
export async function relate(gitdir: string, commit: string, base: string, cache: object = {}): Promise<{ relation: Relation; missing?: string }> {
  if (commit === base) return { relation: 'same' };
  if ((await parentsOf(gitdir, base, cache)) === undefined) return { relation: 'unknown', missing: base };
  let missing: string | undefined;
  const seen = new Set<string>([commit]);
  const queue = [commit];
  while (queue.length > 0) {
    const oid = queue.shift()!;
    const parents = await parentsOf(gitdir, oid, cache);
    if (parents === undefined) { missing ??= oid; continue; }
    for (const p of parents) {
      if (p === base) return { relation: 'descendant' };
      if (!seen.has(p)) { seen.add(p); queue.push(p); }
    }
  }
  return missing ? { relation: 'unknown', missing } : { relation: 'unrelated' };
}

/** Every ancestor of `oid`, itself included. */
async function ancestors(gitdir: string, oid: string, cache: object): Promise<Set<string>> {
  const seen = new Set<string>([oid]);
  const stack = [oid];
  while (stack.length > 0) {
    for (const p of (await parentsOf(gitdir, stack.pop()!, cache)) ?? []) if (!seen.has(p)) { seen.add(p); stack.push(p); }
  }
  return seen;
}

/**
 * The first-parent chain from `tip` (included) down to `base` (excluded), newest first. When the
 * first-parent line never meets `base` (the tip reaches it only through a merged side branch),
 * the chain stops at the first commit that is an ancestor of `base`. Call only when `tip`
 * descends from `base`.
 */
export async function firstParentChain(gitdir: string, tip: string, base: string, cache: object = {}): Promise<string[]> {
  const chain: string[] = [];
  let cur: string | undefined = tip;
  while (cur !== undefined && cur !== base) {
    chain.push(cur);
    const parents = await parentsOf(gitdir, cur, cache);
    if (parents === undefined) throw new Stalled('HistoryIncomplete', `commit ${cur} is missing from ${gitdir}`, { commit: cur, gitdir });
    cur = parents[0];
  }
  if (cur === base) return chain;
  const old = await ancestors(gitdir, base, cache);
  const cut = chain.findIndex((c) => old.has(c));
  return cut < 0 ? chain : chain.slice(0, cut);
}
