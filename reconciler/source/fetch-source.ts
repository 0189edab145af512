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
 * What one call may download is bounded (`maxBytes`, agent.yaml `repo.maxFetchSize`, default
 * 64 MB): the response bodies are counted as they arrive and the fetch is stopped past the
 * limit, before isomorphic-git has a whole pack to index, so a server cannot make a router hold
 * or write an arbitrarily large pack of unverified objects.
 *
 * Failures talking to the server throw `Transient` (code SourceUnreachable, SourceHttpError,
 * SourceProtocolError, SourceTooLarge, SourceIncomplete, SourceMoved or BranchNotFound) and
 * leave `refs/dlan/fetched`, hence the last good checkout, as it was. A local path works as the
 * URL too (tests and the lab), read with isomorphic-git on the local file system; no limit
 * applies to it.
 */
import * as fs from 'node:fs';
import { mkdir } from 'node:fs/promises';
import git from 'isomorphic-git';
import { Transient } from '../../model/errors.js';
import { printable } from '../printable.js';
import { authHeaders, redactUrl, type SourceAuth } from './auth.js';
import { toTransient } from './fetch-error.js';
import { type BoundedHttpClient, nodeHttpClient } from './http-client.js';
import { DEFAULT_MAX_FETCH_BYTES } from './size.js';
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
  /** Most bytes one call may receive (ref advertisement and pack together). Default 64 MB. */
  readonly maxBytes?: number;
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
const OID = /^[0-9a-f]{40}$/;

/** One client per call: its byte budget covers every request of the call. */
const clientFor = (spec: SourceSpec): BoundedHttpClient => nodeHttpClient({ timeoutMs: spec.timeoutMs, maxBytes: spec.maxBytes ?? DEFAULT_MAX_FETCH_BYTES });

/** One ref advertisement request (or a local ref read); no object is downloaded. */
export async function checkSource(spec: SourceSpec, stateDir: string): Promise<SourceCheck> {
  const remote = await remoteTip(spec, await authHeaders(spec.auth), clientFor(spec));
  const fetched = await readFetched(repoDir(stateDir)).catch(notFoundAsUndefined);
  return { remote, ...(fetched && { fetched }), changed: remote !== fetched };
}

export async function fetchSource(spec: SourceSpec, stateDir: string): Promise<FetchResult> {
  const gitdir = repoDir(stateDir);
  await mkdir(stateDir, { recursive: true });
  await ensureRepo(gitdir);
  const headers = await authHeaders(spec.auth);
  const previous = await readFetched(gitdir);
  const http = clientFor(spec);
  const remote = await remoteTip(spec, headers, http);
  const base = { gitdir, ...(previous && { previous }) };
  if (remote === previous) return { ...base, commit: remote, changed: false };
  if (!(await hasCommit(gitdir, remote))) await download(spec, gitdir, headers, remote, http);
  await writeFetched(gitdir, remote);
  return { ...base, commit: remote, changed: true };
}

/** An absent state repo means "never fetched", not an error. */
function notFoundAsUndefined(e: unknown): undefined {
  const code = (e as { code?: string }).code;
  if (code === 'NotFoundError' || code === 'ENOENT') return undefined;
  throw e;
}

async function remoteTip(spec: SourceSpec, headers: Record<string, string>, http: BoundedHttpClient): Promise<string> {
  const branch = spec.branch ?? 'main';
  const ref = branchRef(branch);
  let oid: string | undefined;
  if (isLocal(spec.url)) {
    oid = await localHead(await localGitdir(spec.url), branch);
  } else {
    try {
      const refs = await git.listServerRefs({ http, url: spec.url, headers, protocolVersion: 1, prefix: ref });
      oid = refs.find((r) => r.ref === ref)?.oid;
    } catch (e) {
      throw toTransient(http.tooLarge ?? e, 'list refs', spec.url);
    }
    if (http.tooLarge) throw toTransient(http.tooLarge, 'list refs', spec.url);
  }
  if (!oid) {
    throw new Transient('BranchNotFound', `list refs ${redactUrl(spec.url)}: there is no branch ${branch}`,
      { url: redactUrl(spec.url), step: 'list refs', branch });
  }
  if (!OID.test(oid)) {
    throw new Transient('SourceProtocolError', `list refs ${redactUrl(spec.url)}: the server advertised "${printable(oid)}" for ${branch}, which is not a commit id`,
      { url: redactUrl(spec.url), step: 'list refs', branch });
  }
  return oid;
}

async function download(spec: SourceSpec, gitdir: string, headers: Record<string, string>, tip: string, http: BoundedHttpClient): Promise<void> {
  if (isLocal(spec.url)) {
    await copyReachable(await localGitdir(spec.url), gitdir, tip);
    return;
  }
  let fetched: string | null;
  try {
    const res = await git.fetch({
      fs, http, gitdir, url: spec.url, headers,
      // isomorphic-git offers the server the commit `ref` names as "have": our last fetched tip.
      ref: 'refs/dlan/fetched', remote: 'origin', remoteRef: branchRef(spec.branch ?? 'main'),
      singleBranch: true, tags: false,
    });
    fetched = res.fetchHead;
  } catch (e) {
    throw toTransient(http.tooLarge ?? e, 'fetch', spec.url);
  }
  if (http.tooLarge) throw toTransient(http.tooLarge, 'fetch', spec.url);
  // The branch may have moved between the two requests; what we asked for must be on disk.
  if (!(await hasCommit(gitdir, tip))) {
    const where = redactUrl(spec.url);
    if (fetched === tip) {
      throw new Transient('SourceIncomplete', `fetch ${where}: the server advertised ${tip} but did not send it (as a commit); retrying later`,
        { url: where, step: 'fetch', expected: tip });
    }
    throw new Transient('SourceMoved', `fetch ${where}: the server sent ${fetched ? printable(fetched) : 'nothing'} instead of ${tip}; retrying later`,
      { url: where, step: 'fetch', expected: tip, got: fetched });
  }
}
