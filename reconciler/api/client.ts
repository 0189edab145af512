/**
 * Talking to an agent: over its control socket (on the router) or its status API (over the
 * overlay, from any router or LAN). Errors are Transient with the address, so the fleet view
 * can say "r5: no answer (connect ECONNREFUSED)" and fall back to the forge.
 */
import { request } from 'node:http';
import { isDlanError, Transient } from '../../model/errors.js';
import type { AgentStatus, ReconcileLine, Suspension } from './types.js';
import type { DlanEvent } from '../events/journal.js';

export type AgentAddress = { readonly socketPath: string } | { readonly host: string; readonly port: number };

export const DEFAULT_CONTROL_SOCKET = '/run/dlan/agent.sock';

export class AgentUnreachable extends Transient {
  constructor(where: string, cause: string) {
    super('AgentUnreachable', `no answer from the agent at ${where}: ${cause}`, { where });
  }
}

export class AgentRefused extends Transient {
  constructor(where: string, status: number, message: string) {
    super('AgentRefused', `the agent at ${where} answered ${status}: ${message}`, { where, status });
  }
}

export const describeAddress = (a: AgentAddress): string => ('socketPath' in a ? a.socketPath : a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`);

/** Sends one request; `onLine` gets each NDJSON line as it arrives; resolves with the whole body. */
export function call(a: AgentAddress, method: 'GET' | 'POST', path: string, o: { body?: unknown; timeoutMs?: number; onLine?: (line: unknown) => void } = {}): Promise<string> {
  const where = describeAddress(a);
  return new Promise((ok, fail) => {
    const body = o.body === undefined ? undefined : JSON.stringify(o.body);
    const req = request({
      ...('socketPath' in a ? { socketPath: a.socketPath } : { host: a.host, port: a.port }),
      method, path, headers: { accept: 'application/json', ...(body && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }) },
      timeout: o.timeoutMs ?? 5000,
    }, (res) => {
      let all = '';
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        all += d;
        if (!o.onLine) return;
        pending += d;
        for (let i = pending.indexOf('\n'); i >= 0; i = pending.indexOf('\n')) {
          const line = pending.slice(0, i);
          pending = pending.slice(i + 1);
          if (line.trim()) o.onLine(JSON.parse(line));
        }
      });
      res.on('end', () => {
        if ((res.statusCode ?? 500) >= 400) {
          let message = all.trim();
          try { message = (JSON.parse(all) as { message?: string }).message ?? message; } catch { /* not JSON: the raw text is the message */ }
          fail(new AgentRefused(where, res.statusCode ?? 500, message));
        } else ok(all);
      });
      res.on('error', (e) => fail(new AgentUnreachable(where, e.message)));
    });
    req.on('timeout', () => req.destroy(new Transient('RequestTimedOut', `timed out after ${o.timeoutMs ?? 5000} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => fail(new AgentUnreachable(where, e.code && !isDlanError(e) ? `${e.code}${e.message.includes('timed out') ? ' (timed out)' : ''}` : e.message)));
    req.end(body);
  });
}

export const getStatus = async (a: AgentAddress, timeoutMs?: number): Promise<AgentStatus> =>
  JSON.parse(await call(a, 'GET', '/v1/status', { ...(timeoutMs && { timeoutMs }) })) as AgentStatus;

export async function reconcileNow(a: AgentAddress, onProgress: (l: ReconcileLine) => void, timeoutMs = 15 * 60_000): Promise<ReconcileLine & { type: 'result' }> {
  let result: (ReconcileLine & { type: 'result' }) | undefined;
  await call(a, 'POST', '/v1/reconcile', { timeoutMs, onLine: (l) => { const line = l as ReconcileLine; if (line.type === 'result') result = line; else onProgress(line); } });
  if (!result) throw new AgentUnreachable(describeAddress(a), 'the answer ended before the reconcile\'s result');
  return result;
}

export const suspend = async (a: AgentAddress, reason: string): Promise<Suspension> => JSON.parse(await call(a, 'POST', '/v1/suspend', { body: { reason } })) as Suspension;
export const resume = async (a: AgentAddress): Promise<void> => { await call(a, 'POST', '/v1/resume'); };
export const nudge = async (a: AgentAddress, timeoutMs?: number): Promise<void> => { await call(a, 'POST', '/v1/nudge', { ...(timeoutMs && { timeoutMs }) }); };

export async function events(a: AgentAddress, q: { since?: string; limit?: number; follow?: boolean }, onEvent?: (e: DlanEvent) => void): Promise<DlanEvent[]> {
  const params = new URLSearchParams();
  if (q.since) params.set('since', q.since);
  if (q.limit) params.set('limit', String(q.limit));
  if (q.follow) params.set('follow', '1');
  const out: DlanEvent[] = [];
  await call(a, 'GET', `/v1/events?${params}`, { timeoutMs: q.follow ? 0 : 10_000, onLine: (l) => { out.push(l as DlanEvent); onEvent?.(l as DlanEvent); } });
  return out;
}
