/**
 * The HTTP client isomorphic-git talks through (its `HttpClient` interface), on node:http and
 * node:https, with what a router needs that isomorphic-git's own node client lacks: an idle
 * timeout (a silent server must not hang the agent forever), bounded redirects that never
 * carry the Authorization header to another origin, and a byte budget. isomorphic-git keeps a
 * whole pack in memory and indexes it before anything can be verified, so the response bodies
 * of one client are counted as they stream in; past `maxBytes` the response is destroyed, the
 * body throws `TooLarge`, and the client keeps it in `tooLarge`: isomorphic-git's pkt-line
 * reader swallows a stream error and may answer with what it read so far (an advertisement
 * without the branch), so the caller must ask the client, not trust the answer.
 */
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git';
import { Transient } from '../../model/errors.js';

export interface HttpClientOptions {
  /** Socket idle time after which a request fails with ETIMEDOUT. Default 30 s. */
  readonly timeoutMs?: number;
  /** Default 5. */
  readonly maxRedirects?: number;
  /** Most body bytes all requests of this client may receive together. Default: no limit. */
  readonly maxBytes?: number;
}

/** The budget ran out: `received` bytes had arrived, more than `limit`. */
export class TooLarge extends Transient {
  constructor(readonly url: string, readonly limit: number, readonly received: number) {
    super('SourceTooLarge', `the answer from ${new URL(url).host} exceeded ${limit} bytes`, { host: new URL(url).host, limit, received });
  }
}

export interface BoundedHttpClient extends HttpClient {
  /** Set once the byte budget ran out: whatever isomorphic-git answered afterwards is incomplete. */
  readonly tooLarge?: TooLarge;
}

interface Budget { left: number; readonly limit: number; exceeded?: TooLarge }

export function nodeHttpClient(opts: HttpClientOptions = {}): BoundedHttpClient {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxRedirects = opts.maxRedirects ?? 5;
  const budget: Budget = { left: opts.maxBytes ?? Number.POSITIVE_INFINITY, limit: opts.maxBytes ?? Number.POSITIVE_INFINITY };
  return {
    get tooLarge() { return budget.exceeded; },
    async request(req: GitHttpRequest): Promise<GitHttpResponse> {
      const body = req.body ? Buffer.concat(await collect(req.body)) : undefined;
      const { stream, ...res } = await send(req.url, req.method ?? 'GET', req.headers ?? {}, body, timeoutMs, maxRedirects);
      return { ...res, body: counted(stream, res.url, budget) };
    },
  };
}

type Sent = Omit<GitHttpResponse, 'body'> & { readonly stream: IncomingMessage };

/** The body, counted against the budget shared by every request of one client. */
async function* counted(stream: IncomingMessage, url: string, budget: Budget): AsyncGenerator<Uint8Array> {
  if (budget.exceeded) throw budget.exceeded;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    budget.left -= chunk.length;
    if (budget.left < 0) {
      stream.destroy();
      budget.exceeded = new TooLarge(url, budget.limit, budget.limit - budget.left);
      throw budget.exceeded;
    }
    yield chunk;
  }
}

async function collect(body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const chunk of body) out.push(chunk);
  return out;
}

function send(url: string, method: string, headers: Record<string, string>, body: Buffer | undefined,
  timeoutMs: number, redirectsLeft: number): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const sendHeaders = { ...headers, ...(body && { 'content-length': String(body.length) }) };
    const req = request(target, { method, headers: sendHeaders }, (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if ([301, 302, 303, 307, 308].includes(status) && location && redirectsLeft > 0) {
        // Not drained: a redirect's body is never read, and an endless one must not keep the socket busy.
        res.destroy();
        const next = new URL(location, target);
        const nextHeaders = { ...headers };
        if (next.origin !== target.origin) {
          for (const k of Object.keys(nextHeaders)) if (k.toLowerCase() === 'authorization') delete nextHeaders[k];
        }
        // A git POST must stay a POST with its body (curl's --post301/--post302); 303 alone means GET.
        const keepBody = status !== 303;
        resolve(send(next.href, keepBody ? method : 'GET', nextHeaders, keepBody ? body : undefined, timeoutMs, redirectsLeft - 1));
        return;
      }
      resolve({
        url: target.href,
        method,
        statusCode: status,
        statusMessage: res.statusMessage ?? '',
        headers: flatten(res.headers),
        stream: res,
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Transient('RequestTimedOut', `no answer from ${target.host} for ${timeoutMs} ms`, { host: target.host, timeoutMs })));
    req.on('error', reject);
    req.end(body);
  });
}

function flatten(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
