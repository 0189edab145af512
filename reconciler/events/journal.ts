/**
 * The agent's event journal: one JSON line per reconcile (and per suspend, resume, refusal,
 * rollback) in the state dir, for `dlan events` and the fleet's history. Bounded like
 * journald's SystemMaxUse: when `events.jsonl` passes `maxBytes` it becomes `events.1.jsonl`
 * (the older one is dropped), so the journal never holds more than about 2 × maxBytes.
 *
 * Appends use O_APPEND with one write per line (atomic for lines under PIPE_BUF-sized writes on
 * local filesystems in practice; a torn last line after a crash is reported, never hidden).
 * Nothing secret goes in: events carry commits, outcomes, codes and messages that were already
 * fit for a commit status.
 */
import { appendFile, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';

export type EventKind = 'reconcile' | 'refused' | 'rollback' | 'self-rollback' | 'suspend' | 'resume';

export interface DlanEvent {
  /** ISO 8601 time the event ended. */
  readonly time: string;
  readonly router: string;
  readonly kind: EventKind;
  /** success | failure | error | noop | suspended ... (free for people, stable for filters). */
  readonly outcome: string;
  readonly commit?: string;
  /** The error code (Stalled/Transient/Internal codes) when the outcome is not success. */
  readonly code?: string;
  readonly message?: string;
  /** What changed, one line per plan step (`reload nginx`, `write /etc/dnsmasq.d/dlan.conf`...). */
  readonly changes?: readonly string[];
  readonly durationMs?: number;
  /** Why the reconcile ran: schedule, webhook, reconcile-now, config-changed... */
  readonly reason?: string;
}

export const DEFAULT_JOURNAL_BYTES = 1024 * 1024;

export interface Journal {
  append(e: DlanEvent): Promise<void>;
  /** Oldest first. `skipped` counts lines that were not events (a torn last line after a crash). */
  read(filter?: EventFilter): Promise<{ readonly events: readonly DlanEvent[]; readonly skipped: number }>;
}

export interface EventFilter {
  /** Only events at or after this time. */
  readonly since?: Date;
  readonly router?: string;
  /** Keep only the newest `limit` events. */
  readonly limit?: number;
}

export const journalFiles = (stateDir: string) => ({ current: join(stateDir, 'events.jsonl'), previous: join(stateDir, 'events.1.jsonl') });

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
}

async function readLines(path: string): Promise<string[]> {
  try {
    return (await readFile(path, 'utf8')).split('\n').filter((l) => l.length > 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

const isEvent = (v: unknown): v is DlanEvent => {
  const e = v as DlanEvent;
  return typeof e === 'object' && e !== null && typeof e.time === 'string' && typeof e.router === 'string'
    && typeof e.kind === 'string' && typeof e.outcome === 'string';
};

/** Parses journal lines; pure, so the filter rules have fast tests. */
export function parseEvents(lines: readonly string[], filter: EventFilter = {}): { events: DlanEvent[]; skipped: number } {
  let skipped = 0;
  const events: DlanEvent[] = [];
  const since = filter.since?.getTime();
  for (const line of lines) {
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      skipped += 1; // a torn line: counted and reported by the caller, never silently dropped
      continue;
    }
    if (!isEvent(v)) { skipped += 1; continue; }
    if (since !== undefined && Date.parse(v.time) < since) continue;
    if (filter.router !== undefined && v.router !== filter.router) continue;
    events.push(v);
  }
  const limited = filter.limit !== undefined && events.length > filter.limit ? events.slice(events.length - filter.limit) : events;
  return { events: limited, skipped };
}

export function fileJournal(stateDir: string, maxBytes = DEFAULT_JOURNAL_BYTES): Journal {
  const files = journalFiles(stateDir);
  // Appends are serialized so a rotation never races a write of the same process.
  let tail: Promise<void> = Promise.resolve();
  return {
    append(e) {
      const line = `${JSON.stringify(e)}\n`;
      const run = tail.then(async () => {
        if ((await sizeOf(files.current)) + Buffer.byteLength(line) > maxBytes) await rename(files.current, files.previous).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err; // nothing to rotate yet
        });
        await appendFile(files.current, line, { mode: 0o644 });
      });
      tail = run.catch(() => undefined); // the caller gets the error; the next append still runs
      return run;
    },
    async read(filter) {
      const lines = [...(await readLines(files.previous)), ...(await readLines(files.current))];
      return parseEvents(lines, filter);
    },
  };
}
