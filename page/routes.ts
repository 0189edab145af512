/**
 * The home page's HTTP routes, added to the agent's read-only listeners (the overlay loopbacks and
 * the LAN addresses; they do not care which one a request came in on):
 *   GET /               the page (HTML; the script and style below, nothing from elsewhere)
 *   GET /app.js         page/client/app.ts compiled
 *   GET /app.css
 *   GET /api/page       everything the page shows (types.ts PageData)
 *   GET /api/fleet      the fleet rows, the same JSON `dlan status --fleet --json` prints
 *   GET /api/devices | /api/routers | /api/links | /api/forwards | /api/history   parts of /api/page
 *   GET /api/map.svg    the network map with live link states
 *   GET /api/stream     server-sent events: `page` with /api/page's JSON whenever it changes
 * The data is gathered at most once per `ttlMs` (default 3 s) however many browsers watch, and
 * the stream polls only while someone is connected.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DlanError, Transient } from '../model/errors.js';
import type { Logger } from '../reconciler/log.js';
import type { AgentAddress } from '../reconciler/api/client.js';
import { type Routes, sendJson } from '../reconciler/api/routes.js';
import type { AppliedTopology } from '../reconciler/agent/applied-topology.js';
import { cached } from '../reconciler/probe/cache.js';
import type { ForgeTarget } from '../reconciler/report/status.js';
import { buildPage } from './aggregate.js';
import { pageScript } from './assets.js';
import { gather } from './collect.js';
import { hostAllowed } from './host-check.js';
import { PAGE_CSS, pageHtml } from './html.js';
import { renderMap } from './map.js';
import { type ForgeRef, repoLinks } from './repo-links.js';
import type { PageData } from './types.js';

export interface PageOptions {
  /** The router serving the page. */
  readonly router: string;
  /** The topology this router runs (agent-routes.ts reads it once per commit). */
  readonly applied: () => Promise<AppliedTopology | undefined>;
  /** agent.yaml's repo (url, branch) and status (forge, url, repo): links to files, fallback statuses. */
  readonly repo: { readonly url: string; readonly branch: string };
  /** `ref` for links to files; `target` (with its token file) to read the statuses of routers that do not answer. */
  readonly forge?: { readonly ref: ForgeRef; readonly target?: ForgeTarget };
  readonly log: Logger;
  readonly now?: () => Date;
  readonly ttlMs?: number;
  /** How often the stream looks for new data while a browser listens. Default 3 s. */
  readonly streamEveryMs?: number;
  readonly timeoutMs?: number;
  readonly resolve?: (a: AgentAddress) => AgentAddress;
}

/** The page before the router applied anything: 503, the browser retries. */
const notReady = (router: string) => new Transient('NoTopology', `${router} has not applied a commit yet: the page needs its topology`, { router });

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Redacts nothing: the page holds addresses and names the LAN's DNS already gives out, and no secret ever reaches an agent's answers. */
export function pageRoutes(o: PageOptions): Routes {
  const now = o.now ?? (() => new Date());
  let mapCache: { version: string; svg: string } | undefined;
  let topologyNow: AppliedTopology | undefined;

  const data = cached(async (): Promise<PageData> => {
    const applied = await o.applied();
    if (!applied) throw notReady(o.router);
    topologyNow = applied;
    const g = await gather({
      // A router that is gone costs this timeout per address family before the page shows it:
      // short, since an overlay round trip is milliseconds.
      applied, timeoutMs: o.timeoutMs ?? 1500, ...(o.resolve && { resolve: o.resolve }),
      ...(o.forge?.target && { forge: { target: o.forge.target, ref: applied.commit } }),
    });
    return buildPage({
      topology: applied.topology, commit: applied.commit, servedBy: o.router, now: Math.floor(now().getTime() / 1000),
      rows: g.rows, answers: g.answers, repoUrl: o.repo.url,
      link: repoLinks({ ...(o.forge && { forge: o.forge.ref }), branch: o.repo.branch, commit: applied.commit }),
    });
  }, o.ttlMs ?? 3000);

  const map = async (): Promise<string> => {
    const d = await data.get();
    if (mapCache?.version !== d.mapVersion) mapCache = { version: d.mapVersion, svg: renderMap(topologyNow!.topology, d.links) };
    return mapCache.svg;
  };

  // The stream: one timer for every listening browser, stopped when the last one leaves.
  const listeners = new Set<ServerResponse>();
  let timer: NodeJS.Timeout | undefined;
  let lastSent = '';
  const push = async () => {
    let json: string;
    try {
      json = JSON.stringify(await data.get());
    } catch (e) {
      for (const res of listeners) res.write(`event: problem\ndata: ${JSON.stringify({ message: (e as Error).message })}\n\n`);
      return;
    }
    if (json === lastSent) { for (const res of listeners) res.write(': unchanged\n\n'); return; }
    lastSent = json;
    for (const res of listeners) res.write(`event: page\ndata: ${json}\n\n`);
  };
  const stream = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    res.write('retry: 3000\n\n');
    listeners.add(res);
    lastSent = ''; // the newcomer gets the current data at once
    void push();
    timer ??= setInterval(() => void push(), o.streamEveryMs ?? 3000);
    req.socket.once('close', () => {
      listeners.delete(res);
      if (listeners.size === 0) { clearInterval(timer); timer = undefined; }
    });
  };

  const send = (res: ServerResponse, type: string, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': type, ...headers });
    res.end(body);
  };

  return async (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = url.pathname;
    if (!(path === '/' || path === '/index.html' || path === '/app.js' || path === '/app.css' || path.startsWith('/api/'))) return false;
    const applied = await o.applied().catch(() => undefined);
    if (!hostAllowed(req.headers.host, applied?.topology.network.domain ?? 'lan')) {
      sendJson(res, 421, { error: 'MisdirectedRequest', message: 'ask by IP address or by a name under the network\'s domain (e.g. dlan.<domain>)' }, SECURITY_HEADERS);
      return true;
    }
    try {
      switch (path) {
        case '/': case '/index.html': send(res, 'text/html; charset=utf-8', pageHtml(applied?.topology.network.name ?? 'dlan'), { 'content-security-policy': CSP }); return true;
        case '/app.js': send(res, 'text/javascript; charset=utf-8', await pageScript()); return true;
        case '/app.css': send(res, 'text/css; charset=utf-8', PAGE_CSS); return true;
        case '/api/stream': stream(req, res); return true;
        case '/api/map.svg': send(res, 'image/svg+xml', await map(), { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" }); return true;
      }
      const d = await data.get();
      const parts: Record<string, unknown> = {
        '/api/page': d, '/api/fleet': d.rows, '/api/devices': d.devices, '/api/routers': d.routers,
        '/api/links': d.links, '/api/forwards': d.forwards, '/api/history': d.history,
      };
      if (!(path in parts)) return false;
      sendJson(res, 200, parts[path], SECURITY_HEADERS);
      return true;
    } catch (e) {
      const status = e instanceof DlanError && e.code === 'NoTopology' ? 503 : 500;
      o.log.log(status >= 500 && status !== 503 ? 'error' : 'warn', 'page-error', { path, error: e as Error });
      if (!res.headersSent) sendJson(res, status, { error: status === 503 ? 'NotReady' : 'Internal', message: (e as Error).message }, SECURITY_HEADERS);
      else res.end();
      return true;
    }
  };
}
