/**
 * The HTTP client isomorphic-git talks through (its `HttpClient` interface), on node:http and
 * node:https, with what a router needs that isomorphic-git's own node client lacks: an idle
 * timeout (a silent server must not hang the agent forever) and bounded redirects that never
 * carry the Authorization header to another origin.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git';

export interface HttpClientOptions {
  /** Socket idle time after which a request fails with ETIMEDOUT. Default 30 s. */
  readonly timeoutMs?: number;
  /** Default 5. */
  readonly maxRedirects?: number;
}

export function nodeHttpClient(opts: HttpClientOptions = {}): HttpClient {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxRedirects = opts.maxRedirects ?? 5;
  return {
    async request(req: GitHttpRequest): Promise<GitHttpResponse> {
      const body = req.body ? Buffer.concat(await collect(req.body)) : undefined;
      return send(req.url, req.method ?? 'GET', req.headers ?? {}, body, timeoutMs, maxRedirects);
    },
  };
}

async function collect(body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const chunk of body) out.push(chunk);
  return out;
}

class TimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
}

function send(url: string, method: string, headers: Record<string, string>, body: Buffer | undefined,
  timeoutMs: number, redirectsLeft: number): Promise<GitHttpResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const sendHeaders = { ...headers, ...(body && { 'content-length': String(body.length) }) };
    const req = request(target, { method, headers: sendHeaders }, (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if ([301, 302, 303, 307, 308].includes(status) && location && redirectsLeft > 0) {
        res.resume();
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
        body: res[Symbol.asyncIterator]() as AsyncIterableIterator<Uint8Array>,
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new TimeoutError(`no answer from ${target.host} for ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

function flatten(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
