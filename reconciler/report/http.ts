/**
 * The one HTTP request every reporter makes: POST the status as JSON with the token header.
 * The token is read from its file at each post (so a rotated token is picked up) and never put
 * in an error, a log or the ledger.
 */
import { readFile } from 'node:fs/promises';
import { authHeader, statusRequest } from './mapping.js';
import { ReportError, type CommitStatus, type ForgeTarget, type PostResult } from './status.js';

export interface HttpDeps {
  /** Default: the global fetch (Node 20). */
  readonly fetch?: typeof fetch;
  /** Default: read the file, trim whitespace. */
  readonly readToken?: (file: string) => Promise<string>;
  readonly timeoutMs?: number;
}

async function defaultReadToken(file: string): Promise<string> {
  return (await readFile(file, 'utf8')).trim();
}

export async function readToken(target: ForgeTarget, deps: HttpDeps): Promise<string> {
  let token: string;
  try {
    token = await (deps.readToken ?? defaultReadToken)(target.tokenFile);
  } catch (e) {
    throw new ReportError('TokenUnreadable', `${target.forge} token file ${target.tokenFile}: ${(e as Error).message}`, { forge: target.forge, path: target.tokenFile });
  }
  if (token === '') throw new ReportError('TokenUnreadable', `${target.forge} token file ${target.tokenFile} is empty`, { forge: target.forge, path: target.tokenFile });
  return token;
}

/**
 * POSTs one status. `isAlreadyPosted` lets a forge say that a refusal means "you already told
 * me that" (GitLab answers 400 to the same running/pending state twice).
 */
export async function postStatus(target: ForgeTarget, status: CommitStatus, deps: HttpDeps,
  isAlreadyPosted?: (httpStatus: number, body: string) => boolean): Promise<PostResult> {
  const token = await readToken(target, deps);
  const req = statusRequest(target, status);
  const [name, value] = authHeader(target.forge, token);
  let res: Response;
  try {
    res = await (deps.fetch ?? fetch)(req.url, {
      method: 'POST',
      headers: {
        [name]: value,
        'Content-Type': 'application/json',
        Accept: target.forge === 'github' ? 'application/vnd.github+json' : 'application/json',
        'User-Agent': 'dlan',
        ...(target.forge === 'github' ? { 'X-GitHub-Api-Version': '2022-11-28' } : {}),
      },
      body: JSON.stringify(req.body),
      signal: AbortSignal.timeout(deps.timeoutMs ?? 15_000),
    });
  } catch (e) {
    throw new ReportError('ForgeUnavailable', `${target.forge}: POST ${req.url}: ${(e as Error).message}`, { forge: target.forge, url: req.url });
  }
  const body = (await res.text()).slice(0, 1000).split(token).join('***');
  if (res.ok) return 'posted';
  if (isAlreadyPosted?.(res.status, body)) return 'already-posted';
  const code = res.status >= 500 || res.status === 429 ? 'ForgeUnavailable' : 'StatusRejected';
  throw new ReportError(code, `${target.forge}: POST ${req.url}: HTTP ${res.status}: ${body.slice(0, 200)}`,
    { forge: target.forge, url: req.url, httpStatus: res.status, body });
}
