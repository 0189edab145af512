/**
 * The agent's read-only listeners, kept in line with where the applied topology says they belong
 * (local/listeners.ts). Each address is bound on its own and left alone while it stays wanted: a
 * run never drops the overlay API to rebind it. One that fails (its address not there yet, or an
 * IPv6 address still tentative while the kernel checks it for duplicates, both EADDRNOTAVAIL right
 * after a boot) is logged and tried again with a growing delay, not only at the next scheduled
 * run, which may be an hour away.
 */
import type { Server } from 'node:http';
import { describeAddress } from '../../api/client.js';
import type { Logger } from '../../log.js';
import type { Listener } from './listeners.js';

export interface ListenerSetOptions {
  /** Binds one listener (api/server.ts serveStatusApi in the agent). */
  readonly bind: (l: Listener) => Promise<Server>;
  readonly close: (s: Server) => Promise<void>;
  readonly log: Logger;
  /** First retry delay after a failed bind, doubled each time up to `maxRetryMs`. */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
}

export interface ListenerSet {
  /** Binds what is wanted and not bound, closes what is bound and no longer wanted. */
  sync(wanted: readonly Listener[]): Promise<void>;
  /** Where it listens now, as `host:port` (IPv6 in brackets). */
  listening(): string[];
  close(): Promise<void>;
}

export function listenerSet(o: ListenerSetOptions): ListenerSet {
  const first = o.retryMs ?? 2000;
  const max = o.maxRetryMs ?? 60_000;
  const bound = new Map<string, Server>();
  let wanted: readonly Listener[] = [];
  let timer: NodeJS.Timeout | undefined;
  let delay = first;
  let syncing: Promise<void> = Promise.resolve();
  let closed = false;

  async function once(): Promise<void> {
    const keep = new Set(wanted.map(describeAddress));
    for (const [at, s] of [...bound]) {
      if (keep.has(at)) continue;
      bound.delete(at);
      await o.close(s);
    }
    const added: string[] = [];
    let failed = false;
    for (const l of wanted) {
      const at = describeAddress(l);
      if (bound.has(at)) continue;
      try {
        bound.set(at, await o.bind(l));
        added.push(at);
      } catch (e) {
        failed = true;
        o.log.log('warn', 'status-api-unavailable', { error: e as Error, listen: at, role: l.role, retryInMs: delay });
      }
    }
    if (added.length) o.log.log('info', 'status-api', { listen: added });
    clearTimeout(timer);
    timer = undefined;
    if (!failed) {
      delay = first;
      return;
    }
    if (closed) return;
    timer = setTimeout(() => { void run(); }, delay);
    timer.unref();
    delay = Math.min(delay * 2, max);
  }

  // One sync at a time: a retry and a run's sync never bind the same address twice.
  const run = (): Promise<void> => (syncing = syncing.then(() => (closed ? undefined : once())));

  return {
    sync(next) {
      wanted = next;
      return run();
    },
    listening: () => [...bound.keys()],
    async close() {
      closed = true;
      clearTimeout(timer);
      await syncing;
      for (const s of bound.values()) await o.close(s);
      bound.clear();
    },
  };
}
