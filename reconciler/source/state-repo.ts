/**
 * The router's copy of the topology repo: a bare git directory `<stateDir>/repo` written only by
 * isomorphic-git. `refs/dlan/fetched` is the last tip fetched completely (objects on disk); it
 * moves only after a fetch succeeded, so a failed or interrupted fetch leaves the last good
 * checkout as it was. (isomorphic-git moves its remote-tracking refs before the pack is written,
 * which is why we keep our own ref.)
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import git from 'isomorphic-git';

export const FETCHED_REF = 'refs/dlan/fetched';

export const repoDir = (stateDir: string): string => join(stateDir, 'repo');

/**
 * Creates the bare repo once. The remote has a fetch refspec (isomorphic-git needs one) but no
 * URL: the URL is passed on every fetch, so a URL with credentials is never written to disk.
 */
export async function ensureRepo(gitdir: string): Promise<void> {
  await git.init({ fs, gitdir, bare: true, defaultBranch: 'main' });
  const refspec = '+refs/heads/*:refs/remotes/origin/*';
  if ((await git.getConfig({ fs, gitdir, path: 'remote.origin.fetch' })) !== refspec) {
    await git.setConfig({ fs, gitdir, path: 'remote.origin.fetch', value: refspec });
  }
}

/** The last completely fetched commit, or undefined before the first fetch. */
export async function readFetched(gitdir: string): Promise<string | undefined> {
  try {
    return await git.resolveRef({ fs, gitdir, ref: FETCHED_REF });
  } catch (e) {
    if ((e as { code?: string }).code === 'NotFoundError') return undefined;
    throw e;
  }
}

export async function writeFetched(gitdir: string, oid: string): Promise<void> {
  await git.writeRef({ fs, gitdir, ref: FETCHED_REF, value: oid, force: true });
}

/**
 * Whether the commit object is on disk. Read as a raw object, not parsed: judging a commit's
 * content is the trust layer's job (a malformed header must come back as a typed refusal there,
 * not as isomorphic-git's TypeError here). An object of another type is not the commit.
 */
export async function hasCommit(gitdir: string, oid: string, cache: object = {}): Promise<boolean> {
  try {
    return (await git.readObject({ fs, gitdir, oid, format: 'content', cache })).type === 'commit';
  } catch (e) {
    if ((e as { code?: string }).code === 'NotFoundError') return false;
    throw e;
  }
}
