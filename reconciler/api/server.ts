/**
 * The agent's HTTP surfaces over node:http: the control socket (full) and the overlay status
 * API (read-only + nudge). JSON in and out; long answers (`reconcile`, `events?follow=1`) are
 * NDJSON streams, so a client shows progress as it comes. Unknown routes are 404, a route the
 * listener does not offer 403, a body over 16 KiB 413.
 */
import { chmod, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Stalled } from '../../model/errors.js';
import type { Logger } from '../log.js';
import type { Routes } from './routes.js';
import type { AgentControl } from './types.js';

export type Access = 'control' | 'read-only';

const MAX_BODY = 16 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new Refused(413, 'body too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text || '{}');
  } catch (e) {
    throw new Refused(400, `the body is not JSON: ${(e as Error).message}`);
  }
}

/** A request the API refuses, with the HTTP status it answers (4xx). */
class Refused extends Stalled {
  constructor(readonly status: 400 | 413, message: string) {
    super('BadRequest', message, { status });
  }
}

const sendJson = (res: ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(`${JSON.stringify(value)}\n`);
};

function parseSince(v: string | null, now: Date): Date | undefined {
  if (v === null || v === '') return undefined;
  const m = /^(\d+)([smhd])$/.exec(v);
  if (m) return new Date(now.getTime() - Number(m[1]) * { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[m[2] as 's']);
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new Refused(400, `since: "${v}" is neither a duration like 1h nor a time`);
  return new Date(t);
}

/** `extra`: routes served beside these (routes.ts), tried before answering 404. */
export function apiHandler(control: AgentControl, access: Access, log: Logger, now: () => Date = () => new Date(), extra?: Routes) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://agent');
    const route = `${req.method} ${url.pathname}`;
    try {
      switch (route) {
        case 'GET /v1/status': return sendJson(res, 200, await control.status());
        case 'GET /metrics': {
          res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
          res.end(await control.metrics());
          return;
        }
        case 'GET /v1/events': {
          const since = parseSince(url.searchParams.get('since'), now());
          const limit = url.searchParams.get('limit');
          const filter = { ...(since && { since }), ...(limit && { limit: Math.max(1, Number(limit) || 100) }) };
          res.writeHead(200, { 'content-type': 'application/x-ndjson' });
          for (const e of await control.events(filter)) res.write(`${JSON.stringify(e)}\n`);
          if (url.searchParams.get('follow') !== '1') { res.end(); return; }
          const stop = control.followEvents((e) => res.write(`${JSON.stringify(e)}\n`));
          req.socket.once('close', stop);
          return;
        }
        case 'POST /v1/nudge': {
          control.nudge(access === 'control' ? 'reconcile-now' : 'nudge');
          return sendJson(res, 202, { accepted: true });
        }
      }
      if (access !== 'control' && route.startsWith('POST ')) return sendJson(res, 403, { error: 'Forbidden', message: 'this listener is read-only; use the control socket on the router' });
      switch (route) {
        case 'POST /v1/reconcile': {
          res.writeHead(200, { 'content-type': 'application/x-ndjson' });
          const result = await control.reconcileNow('reconcile-now', (l) => res.write(`${JSON.stringify(l)}\n`));
          res.end(`${JSON.stringify(result)}\n`);
          return;
        }
        case 'POST /v1/suspend': {
          const body = parseJson(await readBody(req)) as { reason?: unknown };
          const reason = typeof body.reason === 'string' && body.reason.trim() !== '' ? body.reason.trim() : 'no reason given';
          return sendJson(res, 200, await control.suspend(reason));
        }
        case 'POST /v1/resume': {
          await control.resume();
          return sendJson(res, 200, { resumed: true });
        }
        default:
          if (extra && (await extra(req, res, url))) return;
          return sendJson(res, 404, { error: 'NotFound', message: `no route ${route}` });
      }
    } catch (e) {
      const status = (e as { status?: number }).status ?? 500;
      log.log(status >= 500 ? 'error' : 'warn', 'api-error', { route, error: e as Error });
      if (!res.headersSent) sendJson(res, status, { error: status >= 500 ? 'Internal' : 'BadRequest', message: (e as Error).message });
      else res.end();
    }
  };
}

function listen(server: Server, target: { path: string } | { host: string; port: number }): Promise<void> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(target, () => { server.off('error', fail); ok(); });
  });
}

/** The control socket: a stale socket file from a killed agent is replaced; mode 0600 (root only). */
export async function serveControlSocket(control: AgentControl, path: string, log: Logger): Promise<Server> {
  await rm(path, { force: true });
  const server = createServer(apiHandler(control, 'control', log));
  await listen(server, { path });
  await chmod(path, 0o600);
  return server;
}

/** The read-only status API on each given address (the overlay loopbacks; the LAN addresses for the page). */
export async function serveStatusApi(control: AgentControl, hosts: readonly string[], port: number, log: Logger, extra?: Routes): Promise<Server[]> {
  const servers: Server[] = [];
  for (const host of hosts) {
    const server = createServer(apiHandler(control, 'read-only', log, undefined, extra));
    await listen(server, { host, port });
    servers.push(server);
  }
  return servers;
}

export const closeServer = (s: Server): Promise<void> => new Promise((ok) => { s.closeAllConnections(); s.close(() => ok()); });
