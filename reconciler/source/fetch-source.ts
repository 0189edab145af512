/**
 * Fetching the topology repo into the router's state directory.
 *
 * `checkSource` answers "did the branch move?" with one ref advertisement request
 * (`GET …/info/refs?service=git-upload-pack`) compared with the last fetched commit.
 * `fetchSource` does that check and, only when the tip moved to a commit not yet on disk,
 * an incremental fetch of that one branch (isomorphic-git tells the server which commit it has,
 * so only new objects travel). A tip moved back to a commit already on disk (a force push) costs
 * no download: the trust layer decides what to do with it.
 *
 * Failures talking to the server throw `Transient` (code SourceUnreachable, SourceHttpError,
 * SourceProtocolError or BranchNotFound) and leave `refs/dlan/fetched`, hence the last good
 * checkout, as it was. A local path works as the URL too (tests and the lab), read with
 * isomorphic-git on the local file system.
 */
import * as fs from 'node:fs';
import { mkdir } from 'node:fs/promises';
import git from 'isomorphic-git';
import { Transient } from '../errors.js';
import { authHeaders, redactUrl, type SourceAuth } from './auth.js';
import { toTransient } from './fetch-error.js';
import { nodeHttpClient } from './http-client.js';
import { branchRef, copyReachable, localGitdir, localHead } from './local-copy.js';
import { ensureRepo, hasCommit, readFetched, repoDir, writeFetched } from './state-repo.js';

export interface SourceSpec {
  /** http(s) URL, or an absolute path to a local repository (bare or with a work tree). */
  readonly url: string;
  /** Default `main`. */
  readonly branch?: string;
  readonly auth?: SourceAuth;
  /** Idle timeout of one HTTP request. Default 30 s. */
  readonly timeoutMs?: number;
}

export interface SourceCheck {
  /** The branch tip the server advertises. */
  readonly remote: string;
  /** The last completely fetched commit, if any. */
  readonly fetched?: string;
  readonly changed: boolean;
}

export interface FetchResult {
  /** The fetched tip, now on disk in `gitdir`. */
  readonly commit: string;
  /** The tip fetched before this call, if any. */
  readonly previous?: string;
  /** False when the branch had not moved (nothing was downloaded). */
  readonly changed: boolean;
  /** Where the objects are: `<stateDir>/repo`. */
  readonly gitdir: string;
}

const isLocal = (url: string): boolean => url.startsWith('/');

/** One ref advertisement request (or a local ref read); no object is downloaded. */
export async function checkSource(spec: SourceSpec, stateDir: string): Promise<SourceCheck> {
  const remote = await remoteTip(spec, await authHeaders(spec.auth));
  const fetched = await readFetched(repoDir(stateDir)).catch(notFoundAsUndefined);
  return { remote, ...(fetched && { fetched }), changed: remote !== fetched };
}

export async function fetchSource(spec: SourceSpec, stateDir: string): Promise<FetchResult> {
  const gitdir = repoDir(stateDir);
  await mkdir(stateDir, { recursive: true });
  await ensureRepo(gitdir);
  const headers = await authHeaders(spec.auth);
  const previous = await readFetched(gitdir);
  const remote = await remoteTip(spec, headers);
  const base = { gitdir, ...(previous && { previous }) };
  if (remote === previous) return { ...base, commit: remote, changed: false };
  if (!(await hasCommit(gitdir, remote))) await download(spec, gitdir, headers, remote);
  await writeFetched(gitdir, remote);
  return { ...base, commit: remote, changed: true };
}

/** An absent state repo means "never fetched", not an error. */
function notFoundAsUndefined(e: unknown): undefined {
  const code = (e as { code?: string }).code;
  if (code === 'NotFoundError' || code === 'ENOENT') return undefined;
  throw e;
}

async function remoteTip(spec: SourceSpec, headers: Record<string, string>): Promise<string> {
  const branch = spec.branch ?? 'main';
  const ref = branchRef(branch);
  let oid: string | undefined;
  if (isLocal(spec.url)) {
    oid = await localHead(await localGitdir(spec.url), branch);
  } else {
    try {
      const refs = await git.listServerRefs({
        http: nodeHttpClient({ timeoutMs: spec.timeoutMs }), url: spec.url, headers, protocolVersion: 1, prefix: ref,
      });
      oid = refs.find((r) => r.ref === ref)?.oid;
    } catch (e) {
      throw toTransient(e, 'list refs', spec.url);
    }
  }
  if (!oid) {
    throw new Transient('BranchNotFound', `list refs ${redactUrl(spec.url)}: there is no branch ${branch}`,
      { url: redactUrl(spec.url), step: 'list refs', branch });
  }
  return oid;
}

async function download(spec: SourceSpec, gitdir: string, headers: Record<string, string>, tip: string): Promise<void> {
  if (isLocal(spec.url)) {
    await copyReachable(await localGitdir(spec.url), gitdir, tip);
    return;
  }
  let fetched: string | null;
  try {
    const res = await git.fetch({
      fs, http: nodeHttpClient({ timeoutMs: spec.timeoutMs }), gitdir, url: spec.url, headers,
      // isomorphic-git offers the server the commit `ref` names as "have": our last fetched tip.
      ref: 'refs/dlan/fetched', remote: 'origin', remoteRef: branchRef(spec.branch ?? 'main'),
      singleBranch: true, tags: false,
    });
    fetched = res.fetchHead;
  } catch (e) {
    throw toTransient(e, 'fetch', spec.url);
  }
  // The branch may have moved between the two requests; what we asked for must be on disk.
  if (!(await hasCommit(gitdir, tip))) {
    throw new Transient('SourceMoved', `fetch ${redactUrl(spec.url)}: the server sent ${fetched ?? 'nothing'} instead of ${tip}; retrying later`,
      { url: redactUrl(spec.url), step: 'fetch', expected: tip, got: fetched });
  }
}
