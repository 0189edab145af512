/**
 * HTTP credentials for the topology repo: a token (or password) read from a file at every use,
 * so a rotated token is picked up without a restart, and sent as HTTP basic auth in the first
 * request (no 401 round trip). The secret lives only in the returned header; it is never put
 * in an error, a log line or a URL. `redactUrl` is what every message uses to name the remote.
 */
import { readFile } from 'node:fs/promises';
import { Stalled } from '../../model/errors.js';

export interface SourceAuth {
  /** File holding the token or password (surrounding whitespace ignored). */
  readonly tokenFile: string;
  /** Default `x-access-token` (GitHub, Gitea and GitLab accept any user name with a token). */
  readonly username?: string;
}

export async function authHeaders(auth: SourceAuth | undefined): Promise<Record<string, string>> {
  if (!auth) return {};
  let token: string;
  try {
    token = (await readFile(auth.tokenFile, 'utf8')).trim();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new Stalled('TokenFileUnreadable', `cannot read the repo token file ${auth.tokenFile} (${code})`, { file: auth.tokenFile, errno: code });
  }
  if (token === '') throw new Stalled('TokenFileEmpty', `the repo token file ${auth.tokenFile} is empty`, { file: auth.tokenFile });
  const basic = Buffer.from(`${auth.username ?? 'x-access-token'}:${token}`).toString('base64');
  return { Authorization: `Basic ${basic}` };
}

/** The URL without user name, password or query (which may carry a token). Local paths unchanged. */
export function redactUrl(url: string): string {
  if (!/^https?:\/\//i.test(url)) return url;
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.href;
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}
