/**
 * The ledger: the last status posted per target, commit and context, and how many posts that
 * commit and context got. Pure operations on an immutable value; stores persist it (JSON under
 * the state dir) so a restarted agent does not post the same status again. Bounded: the most
 * recently touched entries are kept.
 */
import type { Outcome } from './status.js';

export interface LedgerEntry {
  readonly target: string;
  readonly sha: string;
  readonly context: string;
  readonly outcome: Outcome;
  readonly fingerprint: string;
  readonly posts: number;
}

export interface Ledger {
  readonly version: 1;
  /** Oldest first. */
  readonly entries: readonly LedgerEntry[];
}

export const LEDGER_SIZE = 200;
export const emptyLedger = (): Ledger => ({ version: 1, entries: [] });

const same = (e: LedgerEntry, target: string, sha: string, context: string): boolean =>
  e.target === target && e.sha === sha && e.context === context;

export function lookup(l: Ledger, target: string, sha: string, context: string): LedgerEntry | undefined {
  return l.entries.find((e) => same(e, target, sha, context));
}

/** The ledger after a post: the entry moved to the end with one more post. */
export function record(l: Ledger, target: string, sha: string, context: string, outcome: Outcome, fingerprint: string): Ledger {
  const prev = lookup(l, target, sha, context);
  const rest = l.entries.filter((e) => !same(e, target, sha, context));
  const entry: LedgerEntry = { target, sha, context, outcome, fingerprint, posts: (prev?.posts ?? 0) + 1 };
  return { version: 1, entries: [...rest, entry].slice(-LEDGER_SIZE) };
}

/** Checks a parsed JSON value is a ledger (as dlan writes it). */
export function isLedger(v: unknown): v is Ledger {
  const l = v as Ledger;
  return typeof l === 'object' && l !== null && l.version === 1 && Array.isArray(l.entries)
    && l.entries.every((e) => typeof e.target === 'string' && typeof e.sha === 'string' && typeof e.context === 'string'
      && typeof e.outcome === 'string' && typeof e.fingerprint === 'string' && typeof e.posts === 'number');
}
