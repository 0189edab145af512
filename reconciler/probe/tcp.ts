/**
 * A TCP connect to a backend, from the router: nginx OSS exposes no upstream health (that is
 * nginx Plus's `health_check`), so the page says what a connect from the router finds, which is
 * what nginx's next connection would find. Closed at once, no byte sent; bounded by a timeout.
 */
import { connect } from 'node:net';

export interface ConnectResult {
  readonly ok: boolean;
  /** Milliseconds to the SYN-ACK, when it connected. */
  readonly ms?: number;
  /** ECONNREFUSED, timed out after 1000 ms, ... */
  readonly error?: string;
}

export function tcpConnect(host: string, port: number, timeoutMs: number): Promise<ConnectResult> {
  return new Promise((done) => {
    const started = performance.now();
    const s = connect({ host, port, timeout: timeoutMs });
    const finish = (r: ConnectResult) => { s.destroy(); done(r); };
    s.once('connect', () => finish({ ok: true, ms: Math.round((performance.now() - started) * 100) / 100 }));
    s.once('timeout', () => finish({ ok: false, error: `timed out after ${timeoutMs} ms` }));
    s.once('error', (e: NodeJS.ErrnoException) => finish({ ok: false, error: e.code ?? e.message }));
  });
}

/** Runs `f` over `items` with at most `limit` at once, results in input order. */
export async function boundedMap<A, B>(items: readonly A[], limit: number, f: (a: A) => Promise<B>): Promise<B[]> {
  const out: B[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await f(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
