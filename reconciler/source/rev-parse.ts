/**
 * Git revisions as `git rev-parse` reads them, on a repository on disk (isomorphic-git, no git
 * binary): a ref name (`HEAD`, `main`, `origin/main`, `v1`, `refs/heads/x`), a full or
 * abbreviated commit id, `@` for HEAD, followed by any of `~N` (N-th first-parent ancestor),
 * `^N` (N-th parent) and `^{commit}`. Annotated tags are peeled to their commit. A range is
 * `A..B` (the two commits, as `git diff A..B` compares them), `A...B` (from the merge base of
 * A and B to B, what a pull request changes) or two revisions; an empty side means HEAD.
 */
import * as fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import git from 'isomorphic-git';
import { DlanError, Stalled } from '../../model/errors.js';
import { localGitdir } from './local-copy.js';

/**
 * A repository on disk: its git directory, and for a linked work tree (`git worktree add`,
 * where `.git` is a file) the work tree's own directory, which holds its HEAD while objects
 * and refs live in the common one (isomorphic-git knows only the common one).
 */
export interface Repository {
  readonly gitdir: string;
  readonly worktreeGitdir?: string;
}

export async function openRepository(path: string): Promise<Repository> {
  let text: string | undefined;
  try {
    text = await readFile(join(path, '.git'), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'ENOENT') throw e;
  }
  const m = text !== undefined ? /^gitdir: (.*)$/m.exec(text) : null;
  if (!m) return { gitdir: await userGitdir(path) };
  const own = isAbsolute(m[1]!) ? m[1]! : resolve(path, m[1]!);
  const common = (await readFile(join(own, 'commondir'), 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  }))?.trim();
  return common === undefined ? { gitdir: own } : { gitdir: resolve(own, common), worktreeGitdir: own };
}

/**
 * The agent reads an unreachable local source as Transient (a mount may come back); a repository
 * the user named on the command line that is not one is their mistake, and retrying will not help.
 */
async function userGitdir(path: string): Promise<string> {
  try {
    return await localGitdir(path);
  } catch (e) {
    if (e instanceof DlanError && e.code === 'SourceUnreachable') {
      throw new Stalled('NotARepository', e.message.replace(/^list refs /, ''), { path }, { cause: e });
    }
    throw e;
  }
}

export class BadRevisionError extends Stalled {
  constructor(revision: string, why: string) {
    super('BadRevision', `${revision}: ${why}`, { revision });
  }
}

const notFound = (e: unknown) => ['NotFoundError', 'AmbiguousError'].includes((e as { code?: string }).code ?? '');

async function peelToCommit(gitdir: string, oid: string, rev: string, cache: object): Promise<string> {
  for (let depth = 0; depth < 10; depth++) {
    const o = await git.readObject({ fs, gitdir, oid, cache });
    if (o.type === 'commit') return oid;
    if (o.type !== 'tag') throw new BadRevisionError(rev, `names a ${o.type}, not a commit`);
    oid = (await git.readTag({ fs, gitdir, oid, cache })).tag.object;
  }
  throw new BadRevisionError(rev, 'a chain of tags too long to follow');
}

async function resolveName(repo: Repository, name: string, rev: string, cache: object): Promise<string> {
  const { gitdir } = repo;
  let ref = name === '@' ? 'HEAD' : name;
  if (ref === 'HEAD' && repo.worktreeGitdir) {
    const head = (await readFile(join(repo.worktreeGitdir, 'HEAD'), 'utf8')).trim();
    const sym = /^ref: (.*)$/.exec(head);
    if (!sym) return head;
    ref = sym[1]!;
  }
  try {
    return await git.resolveRef({ fs, gitdir, ref });
  } catch (e) {
    if (!notFound(e)) throw e;
  }
  if (/^[0-9a-f]{4,40}$/i.test(name)) {
    try {
      return await git.expandOid({ fs, gitdir, oid: name.toLowerCase(), cache });
    } catch (e) {
      if ((e as { code?: string }).code === 'AmbiguousError') throw new BadRevisionError(rev, `the short id ${name} is ambiguous; give more digits`);
      if (!notFound(e)) throw e;
    }
  }
  throw new BadRevisionError(rev, 'unknown revision: no such branch, tag or commit in this repository (a shallow clone? fetch the whole history)');
}

/** One revision to a commit id. */
export async function revParse(repo: Repository, rev: string, cache: object = {}): Promise<string> {
  const { gitdir } = repo;
  const m = /^([^~^]*)((?:[~^][0-9]*|\^\{commit\})*)$/.exec(rev);
  if (!m || m[1] === '') throw new BadRevisionError(rev, 'not a revision (a branch, tag or commit, optionally with ~N or ^N)');
  let oid = await peelToCommit(gitdir, await resolveName(repo, m[1]!, rev, cache), rev, cache);
  for (const op of m[2]!.match(/\^\{commit\}|[~^][0-9]*/g) ?? []) {
    if (op === '^{commit}') continue;
    const n = op.length > 1 ? Number(op.slice(1)) : 1;
    const parents = async (o: string) => {
      try {
        return (await git.readCommit({ fs, gitdir, oid: o, cache })).commit.parent;
      } catch (e) {
        if (notFound(e)) throw new BadRevisionError(rev, `commit ${o.slice(0, 7)} is not in this repository (a shallow clone? fetch the whole history)`);
        throw e;
      }
    };
    if (op[0] === '~') {
      for (let i = 0; i < n; i++) {
        const p = (await parents(oid))[0];
        if (!p) throw new BadRevisionError(rev, `${oid.slice(0, 7)} has no parent`);
        oid = p;
      }
    } else if (n > 0) {
      const p = (await parents(oid))[n - 1];
      if (!p) throw new BadRevisionError(rev, `${oid.slice(0, 7)} has no parent number ${n}`);
      oid = p;
    }
  }
  return oid;
}

export interface ResolvedRange {
  readonly base: { readonly name: string; readonly commit: string };
  readonly head: { readonly name: string; readonly commit: string };
}

/** `A..B`, `A...B` or [A, B] to two commits. */
export async function resolveRange(repo: Repository, spec: readonly string[]): Promise<ResolvedRange> {
  const { gitdir } = repo;
  const cache = {};
  let baseName: string;
  let headName: string;
  let mergeBase = false;
  if (spec.length === 2) [baseName, headName] = spec as [string, string];
  else if (spec.length === 1 && spec[0]!.includes('..')) {
    const m = /^(.*?)(\.\.\.?)(.*)$/.exec(spec[0]!)!;
    baseName = m[1] || 'HEAD';
    headName = m[3] || 'HEAD';
    mergeBase = m[2] === '...';
  } else if (spec.length === 1) [baseName, headName] = [spec[0]!, 'HEAD'];
  else throw new BadRevisionError(spec.join(' '), 'give one range (BASE..HEAD) or two revisions');
  const head = await revParse(repo, headName, cache);
  let base = await revParse(repo, baseName, cache);
  if (mergeBase) {
    const bases = await git.findMergeBase({ fs, gitdir, oids: [base, head], cache });
    if (!bases[0]) throw new BadRevisionError(spec[0]!, `${baseName} and ${headName} have no common ancestor`);
    base = bases[0] as string;
  }
  return { base: { name: baseName, commit: base }, head: { name: headName, commit: head } };
}
