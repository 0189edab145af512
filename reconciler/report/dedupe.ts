/**
 * Post a status only when it changes, and never leave a commit pending forever.
 * - `dedupingReporter`: a status identical (as the forge would show it) to the last one posted for
 *   the same target, commit and context is not sent again; a commit and context get at most
 *   `maxPosts` posts (default 20: far below GitHub's 1000 per context, and a router that flaps
 *   between two states stops writing instead of filling the forge).
 * - `supersede`: when a newer commit replaces one whose last status is `pending`, the old one gets
 *   a final `superseded` status naming the newer commit.
 * Posts are serialised, so the ledger is read and written by one post at a time.
 */
import { fingerprint, targetId } from './mapping.js';
import { lookup, record, type LedgerEntry } from './ledger.js';
import type { LedgerStore } from './ledger-store.js';
import type { CommitStatus, PostResult, StatusReporter } from './status.js';

export interface DedupingReporter extends StatusReporter {
  /** The last status posted for a commit and context, if any. */
  lastPosted(sha: string, context: string): Promise<LedgerEntry | undefined>;
}

export function dedupingReporter(inner: StatusReporter, store: LedgerStore, o: { maxPosts?: number } = {}): DedupingReporter {
  const maxPosts = o.maxPosts ?? 20;
  const id = targetId(inner.target);
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const next = queue.then(f, f);
    queue = next.catch(() => undefined); // the caller gets the error; the queue moves on
    return next;
  };
  return {
    target: inner.target,
    lastPosted: async (sha, context) => lookup(await store.load(), id, sha, context),
    post: (status: CommitStatus) => serial(async (): Promise<PostResult> => {
      const ledger = await store.load();
      const prev = lookup(ledger, id, status.sha, status.context);
      const fp = fingerprint(inner.target, status);
      if (prev?.fingerprint === fp) return 'unchanged';
      if ((prev?.posts ?? 0) >= maxPosts) return 'over-budget';
      const result = await inner.post(status);
      await store.save(record(ledger, id, status.sha, status.context, status.outcome, fp));
      return result;
    }),
  };
}

export interface Supersession {
  /** The commit that will not be applied. */
  readonly sha: string;
  readonly context: string;
  /** The newer commit applied instead. */
  readonly by: string;
  readonly targetUrl?: string;
}

/** Marks `sha` superseded if its last status is still pending; otherwise leaves it alone. */
export async function supersede(reporter: DedupingReporter, s: Supersession): Promise<PostResult | 'not-pending'> {
  const last = await reporter.lastPosted(s.sha, s.context);
  if (last?.outcome !== 'pending') return 'not-pending';
  return reporter.post({
    sha: s.sha, context: s.context, outcome: 'superseded',
    description: `superseded by ${s.by.slice(0, 7)}: not applied`, ...(s.targetUrl ? { targetUrl: s.targetUrl } : {}),
  });
}
