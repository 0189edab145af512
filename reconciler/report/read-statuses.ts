/**
 * Reading commit statuses back from the forge: the fleet view's fallback for a router whose
 * agent does not answer ("r5: from the forge, success on 1a2b3c, 2h ago"). One GET per forge,
 * documented endpoints, the same token file as posting:
 * - GitHub `GET /repos/{owner}/{repo}/commits/{ref}/statuses` (newest first; `state`, `context`);
 * - Gitea/Forgejo `GET /api/v1/repos/{owner}/{repo}/commits/{ref}/statuses` (`status`, `context`);
 * - GitLab `GET /api/v4/projects/{id}/repository/commits/{sha}/statuses` (`status`, `name`).
 * The answer is reduced to the newest status per context.
 */
import { authHeader } from './mapping.js';
import { readToken, type HttpDeps } from './http.js';
import { ReportError, type ForgeTarget } from './status.js';

export interface ForgeStatus {
  readonly context: string;
  /** The forge's own state word (success, failure, failed, running...). */
  readonly state: string;
  readonly description: string;
  /** ISO time, when the forge says. */
  readonly at?: string;
}

const trimSlash = (u: string): string => u.replace(/\/+$/, '');

export function statusesUrl(t: ForgeTarget, ref: string): string {
  const r = encodeURIComponent(ref);
  switch (t.forge) {
    case 'github': return `${trimSlash(t.apiUrl ?? 'https://api.github.com')}/repos/${encodeURIComponent(t.owner)}/${encodeURIComponent(t.repo)}/commits/${r}/statuses?per_page=100`;
    case 'gitea': return `${trimSlash(t.url)}/api/v1/repos/${encodeURIComponent(t.owner)}/${encodeURIComponent(t.repo)}/commits/${r}/statuses?limit=50`;
    case 'gitlab': return `${trimSlash(t.url)}/api/v4/projects/${encodeURIComponent(String(t.project))}/repository/commits/${r}/statuses?per_page=100`;
  }
}

/** Pure: the forge's JSON answer → the newest status per context. */
export function parseStatuses(forge: ForgeTarget['forge'], body: unknown): ForgeStatus[] {
  if (!Array.isArray(body)) throw new ReportError('StatusRejected', `${forge}: the statuses answer is not a list`, { forge });
  const newest = new Map<string, ForgeStatus>();
  for (const raw of body as Record<string, unknown>[]) {
    const context = String((forge === 'gitlab' ? raw.name : raw.context) ?? '');
    const state = String((forge === 'github' ? raw.state : raw.status ?? raw.state) ?? '');
    const at = raw.updated_at ?? raw.finished_at ?? raw.created_at;
    const s: ForgeStatus = { context, state, description: String(raw.description ?? ''), ...(typeof at === 'string' && { at }) };
    const prev = newest.get(context);
    // GitHub lists newest first; the others do not promise an order: compare times when given.
    if (!prev || (s.at !== undefined && prev.at !== undefined && Date.parse(s.at) > Date.parse(prev.at))) newest.set(context, s);
  }
  return [...newest.values()].sort((a, b) => a.context.localeCompare(b.context));
}

export async function readStatuses(target: ForgeTarget, ref: string, deps: HttpDeps = {}): Promise<ForgeStatus[]> {
  const token = await readToken(target, deps);
  const url = statusesUrl(target, ref);
  const [name, value] = authHeader(target.forge, token);
  let res: Response;
  try {
    res = await (deps.fetch ?? fetch)(url, {
      headers: { [name]: value, Accept: target.forge === 'github' ? 'application/vnd.github+json' : 'application/json', 'User-Agent': 'dlan' },
      signal: AbortSignal.timeout(deps.timeoutMs ?? 15_000),
    });
  } catch (e) {
    throw new ReportError('ForgeUnavailable', `${target.forge}: GET ${url}: ${(e as Error).message}`, { forge: target.forge, url });
  }
  const text = (await res.text()).split(token).join('***');
  if (!res.ok) throw new ReportError(res.status >= 500 ? 'ForgeUnavailable' : 'StatusRejected', `${target.forge}: GET ${url}: HTTP ${res.status}: ${text.slice(0, 200)}`, { forge: target.forge, url, httpStatus: res.status });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ReportError('StatusRejected', `${target.forge}: GET ${url}: not JSON: ${(e as Error).message}`, { forge: target.forge, url });
  }
  return parseStatuses(target.forge, json);
}
