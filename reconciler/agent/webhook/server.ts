/**
 * The webhook receiver (agent.yaml `webhook`, on routers with a public endpoint): the forge POSTs
 * a push, the agent reconciles now and nudges the others. Every request is rate-limited before
 * its HMAC is computed (per source address and overall), bodies are capped at 1 MiB, the secret
 * is read from its file at each request (rotation without restart) and never logged. A refusal
 * changes nothing and is logged with its reason and source.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Logger } from '../../log.js';
import { rateLimiter } from './rate-limit.js';
import { type Forge, verifyWebhook } from './verify.js';

const MAX_BODY = 1024 * 1024;

export interface WebhookOptions {
  readonly port: number;
  readonly secretFile: string;
  readonly log: Logger;
  /** A verified push arrived. */
  readonly onPush: (forge: Forge) => void;
  readonly nowMs?: () => number;
  /** Listen address; default every address (`::`, dual-stack). */
  readonly host?: string;
}

async function body(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function serveWebhook(o: WebhookOptions): Promise<Server> {
  const now = o.nowMs ?? Date.now;
  const perSource = rateLimiter({ burst: 5, everyMs: 10_000 });
  const overall = rateLimiter({ burst: 20, everyMs: 1000 }, 1);
  const server = createServer((req, res) => {
    const source = req.socket.remoteAddress ?? 'unknown';
    const answer = (status: number, message: string) => { res.writeHead(status, { 'content-type': 'text/plain' }); res.end(`${message}\n`); };
    void (async () => {
      if (req.method !== 'POST') return answer(405, 'POST a push event here');
      if (!perSource(source, now()) || !overall('all', now())) {
        o.log.log('warn', 'webhook-refused', { source, reason: 'RateLimited' });
        return answer(429, 'too many requests');
      }
      const raw = await body(req);
      if (!raw) {
        o.log.log('warn', 'webhook-refused', { source, reason: 'TooLarge' });
        return answer(413, 'body over 1 MiB');
      }
      const secret = (await readFile(o.secretFile, 'utf8')).trim();
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
      const v = verifyWebhook(headers, raw, secret);
      if (!v.ok) {
        o.log.log(v.reason === 'NotAPush' ? 'info' : 'warn', 'webhook-refused', { source, reason: v.reason });
        return v.reason === 'NotAPush' ? answer(200, 'not a push: ignored') : answer(401, 'signature does not match');
      }
      o.log.log('info', 'webhook-push', { source, forge: v.forge });
      o.onPush(v.forge);
      return answer(202, 'reconciling');
    })().catch((e) => {
      o.log.log('error', 'webhook-error', { source, error: e as Error });
      if (!res.headersSent) answer(500, 'internal error');
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen({ port: o.port, host: o.host ?? '::' }, () => { server.off('error', fail); ok(); });
  });
  return server;
}
