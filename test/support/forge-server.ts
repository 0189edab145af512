/**
 * A local HTTP server with the three documented commit-status endpoints, for reporter tests:
 * - GitHub `POST /repos/{owner}/{repo}/statuses/{sha}`: `Authorization: Bearer`, states
 *   error/failure/pending/success, `context`; 422 for a description over 140 characters or a
 *   1001st status for one sha and context.
 * - Gitea `POST /api/v1/repos/{owner}/{repo}/statuses/{sha}`: `Authorization: token`, states
 *   pending/success/error/failure/warning, `context`.
 * - GitLab `POST /api/v4/projects/{id}/statuses/{sha}`: `PRIVATE-TOKEN`, states
 *   pending/running/success/failed/canceled, `name`; 400 for fields over 255 characters, and
 *   400 "Cannot transition status" when the job for that name is pending/running and the same
 *   state is posted again (a finished job is followed by a new one).
 * `GET .../commits/{sha}/statuses` lists what was posted, as each forge does (GitHub newest
 * first). A wrong token is 401. Every POST is recorded (forge, path, auth header, body, answer).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  readonly forge: 'github' | 'gitea' | 'gitlab';
  readonly path: string;
  readonly sha: string;
  /** The header that carried the credential, as received. */
  readonly auth: string;
  readonly contentType: string;
  readonly body: Record<string, unknown>;
  readonly answer: number;
}

export interface ForgeServer {
  readonly url: string;
  readonly requests: Recorded[];
  /** Answer the next N requests with this HTTP status (e.g. 503). */
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

const GITHUB = new Set(['error', 'failure', 'pending', 'success']);
const GITEA = new Set(['pending', 'success', 'error', 'failure', 'warning']);
const GITLAB = new Set(['pending', 'running', 'success', 'failed', 'canceled']);

/** Listens on 127.0.0.1 (a free port), or on a Unix socket when `o.socket` is given (the lab bridges it into a node). */
export async function startForgeServer(token: string, o: { socket?: string } = {}): Promise<ForgeServer> {
  const requests: Recorded[] = [];
  const counts = new Map<string, number>();
  const gitlabJobs = new Map<string, string>();
  let failing: { status: number; times: number } | undefined;

  // What was posted per sha, oldest first, as each forge lists it back.
  const posted = new Map<string, { forge: Recorded['forge']; body: Record<string, unknown>; at: string }[]>();
  let clock = 0;
  const remember = (forge: Recorded['forge'], sha: string, body: Record<string, unknown>) => {
    clock += 1;
    posted.set(sha, [...(posted.get(sha) ?? []), { forge, body, at: new Date(Date.UTC(2026, 0, 1, 0, 0, clock)).toISOString() }]);
  };
  /** GET .../commits/{sha}/statuses: GitHub newest first with `state`; Gitea `status`; GitLab `status` + `name`. */
  const list = (req: IncomingMessage, path: string, send: (status: number, payload: unknown) => void): void => {
    let m: RegExpExecArray | null;
    let forge: Recorded['forge'];
    if ((m = /^\/api\/v1\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-f]+)\/statuses$/.exec(path))) forge = 'gitea';
    else if ((m = /^\/api\/v4\/projects\/[^/]+\/repository\/commits\/([0-9a-f]+)\/statuses$/.exec(path))) forge = 'gitlab';
    else if ((m = /^\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-f]+)\/statuses$/.exec(path))) forge = 'github';
    else return send(404, { message: 'Not Found' });
    const auth = forge === 'gitlab' ? String(req.headers['private-token'] ?? '') : String(req.headers.authorization ?? '');
    const expected = forge === 'github' ? `Bearer ${token}` : forge === 'gitea' ? `token ${token}` : token;
    if (auth !== expected) return send(401, { message: 'Bad credentials' });
    const rows = (posted.get(m[1]!) ?? []).filter((p) => p.forge === forge).map((p) => (forge === 'github'
      ? { state: p.body.state, context: p.body.context, description: p.body.description, updated_at: p.at }
      : forge === 'gitea'
        ? { status: p.body.state, context: p.body.context, description: p.body.description, updated_at: p.at }
        : { status: p.body.state, name: p.body.name, description: p.body.description, created_at: p.at }));
    return send(200, forge === 'github' ? rows.reverse() : rows);
  };

  const handle = (req: IncomingMessage, body: string, res: ServerResponse): void => {
    const send = (status: number, payload: unknown, rec?: Omit<Recorded, 'answer'>): void => {
      if (rec) requests.push({ ...rec, answer: status });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const path = (req.url ?? '').split('?')[0]!;
    let m: RegExpExecArray | null;
    if (req.method === 'GET') return list(req, path, send);
    let forge: Recorded['forge'];
    let sha: string;
    if ((m = /^\/api\/v1\/repos\/[^/]+\/[^/]+\/statuses\/([0-9a-f]+)$/.exec(path))) [forge, sha] = ['gitea', m[1]!];
    else if ((m = /^\/api\/v4\/projects\/[^/]+\/statuses\/([0-9a-f]+)$/.exec(path))) [forge, sha] = ['gitlab', m[1]!];
    else if ((m = /^\/repos\/[^/]+\/[^/]+\/statuses\/([0-9a-f]+)$/.exec(path))) [forge, sha] = ['github', m[1]!];
    else return send(404, { message: 'Not Found' });
    if (req.method !== 'POST') return send(405, { message: 'Method Not Allowed' });

    const auth = forge === 'gitlab' ? String(req.headers['private-token'] ?? '') : String(req.headers.authorization ?? '');
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return send(400, { message: 'Problems parsing JSON' });
    }
    const rec = { forge, path, sha, auth, contentType: String(req.headers['content-type'] ?? ''), body: parsed };
    if (failing && failing.times > 0) {
      failing.times--;
      return send(failing.status, { message: 'Service Unavailable' }, rec);
    }
    const expected = forge === 'github' ? `Bearer ${token}` : forge === 'gitea' ? `token ${token}` : token;
    if (auth !== expected) return send(401, { message: forge === 'gitlab' ? '401 Unauthorized' : 'Bad credentials' }, rec);
    const state = String(parsed.state ?? '');
    const text = (k: string): string => String(parsed[k] ?? '');

    if (forge === 'github') {
      if (!GITHUB.has(state)) return send(422, { message: 'Validation Failed', errors: [{ field: 'state', code: 'invalid' }] }, rec);
      if ([...text('description')].length > 140) return send(422, { message: 'Validation Failed', errors: [{ field: 'description', code: 'custom', message: 'description is too long (maximum is 140 characters)' }] }, rec);
      const key = `${sha} ${text('context') || 'default'}`;
      const n = (counts.get(key) ?? 0) + 1;
      if (n > 1000) return send(422, { message: 'Validation Failed', errors: [{ code: 'custom', message: 'This SHA and context has reached the maximum number of statuses.' }] }, rec);
      counts.set(key, n);
      remember('github', sha, parsed);
      return send(201, { state, context: text('context') || 'default', description: text('description') }, rec);
    }
    if (forge === 'gitea') {
      if (!GITEA.has(state)) return send(422, { message: 'invalid state' }, rec);
      remember('gitea', sha, parsed);
      return send(201, { status: state, context: text('context') }, rec);
    }
    if (!GITLAB.has(state)) return send(400, { error: 'state does not have a valid value' }, rec);
    for (const k of ['name', 'description', 'target_url']) {
      if ([...text(k)].length > 255) return send(400, { message: { [k]: ['is too long (maximum is 255 characters)'] } }, rec);
    }
    const job = `${sha} ${text('name') || 'default'}`;
    const current = gitlabJobs.get(job);
    if ((current === 'pending' || current === 'running') && current === state) {
      const verb = state === 'running' ? 'run' : 'enqueue';
      return send(400, { message: `Cannot transition status via :${verb} from :${current} (Reason(s): Status cannot transition via "${verb}")` }, rec);
    }
    gitlabJobs.set(job, state);
    remember('gitlab', sha, parsed);
    return send(201, { status: state, name: text('name') || 'default' }, rec);
  };

  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => handle(req, body, res));
  });
  await new Promise<void>((resolve) => (o.socket ? server.listen(o.socket, resolve) : server.listen(0, '127.0.0.1', resolve)));
  return {
    url: o.socket ? `unix:${o.socket}` : `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    failNext: (status, times = 1) => { failing = { status, times }; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
