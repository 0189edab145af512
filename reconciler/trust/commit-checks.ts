/**
 * What a commit's header must look like before a router acts on it, judged the way `git fsck`
 * does (fsck.c, fsck_commit and fsck_ident): `tree` first, the `parent` lines right after it,
 * then exactly one `author` and one `committer` line, each `Name <email> seconds ±hhmm`, the
 * time in decimal without leading zeros. On top of fsck, the committer time must be a real
 * time: not 0 (what a broken tool or a crafted commit says, and what a missing or unreadable
 * time used to be read as), within the range of dates, and not more than `maxAheadSeconds`
 * past the router's clock.
 *
 * A commit that passes cannot make isomorphic-git's own header parser throw later (it needs
 * four fields on each ident line), and no two readers disagree about its parents or its time.
 *
 * Throws `Stalled`: MalformedCommit (structure), BadCommitTime (a time that is not one),
 * CommitInFuture (ahead of the router's clock by more than the allowed skew: check the router's
 * clock, or the signer's). Each message names the commit and the cause. Pure: `now` is an input.
 */
import { Stalled } from '../../model/errors.js';
import { printable } from '../printable.js';
import type { SignedCommit } from './signed-commit.js';

export interface Ident {
  readonly name: string;
  readonly email: string;
  /** Unix seconds. */
  readonly seconds: number;
  /** `+hhmm` / `-hhmm`. */
  readonly zone: string;
}

/** The last second a JavaScript Date can hold (ECMA-262 §21.4.1.22: ±8.64e15 ms). */
export const MAX_SECONDS = 8_640_000_000_000;

/** Default for `trust.maxClockSkew`: larger than any time-zone slip (±14 h), far smaller than a forged date. */
export const DEFAULT_MAX_AHEAD_SECONDS = 24 * 3600;

const OID = /^[0-9a-f]{40}$/;
const IDENT = /^(author|committer) ([^<>]*) <([^<>]*)>(.*)$/;

const short = (oid: string): string => oid.slice(0, 7);
const iso = (seconds: number): string => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** Checks the header; returns the committer. */
export function checkCommit(commit: SignedCommit, now: Date, maxAheadSeconds: number = DEFAULT_MAX_AHEAD_SECONDS): Ident {
  const fail = (code: IdentProblem['code'] | 'CommitInFuture', why: string, data: Record<string, unknown> = {}) =>
    new Stalled(code, `commit ${short(commit.oid)} ${why}`, { commit: commit.oid, ...data });
  const h = commit.headers;
  if (!h[0]?.startsWith('tree ') || !OID.test(h[0].slice(5))) throw fail('MalformedCommit', 'does not start with a "tree <id>" line');
  let i = 1;
  for (; h[i]?.startsWith('parent '); i++) {
    if (!OID.test(h[i]!.slice(7))) throw fail('MalformedCommit', `has a parent line without a commit id: "${printable(h[i]!)}"`);
  }
  const idents: Ident[] = [];
  for (const kind of ['author', 'committer'] as const) {
    if (!h[i]?.startsWith(`${kind} `)) throw fail('MalformedCommit', `has no ${kind} line where git expects it (tree, parents, author, committer)`);
    const ident = parseIdent(h[i]!);
    if ('code' in ident) throw fail(ident.code, ident.why);
    idents.push(ident);
    i++;
  }
  for (const extra of h.slice(i)) {
    const key = extra.split(' ', 1)[0]!;
    if (['tree', 'parent', 'author', 'committer'].includes(key)) {
      throw fail('MalformedCommit', `has a second ${key} line after its committer: readers would disagree about the commit`);
    }
  }
  const committer = idents[1]!;
  const t = committer.seconds;
  if (t === 0) throw fail('BadCommitTime', 'has committer time 0 (1970-01-01): a broken tool or a crafted commit; commit again with a real date', { time: 0 });
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (t > nowSeconds + maxAheadSeconds) {
    throw fail('CommitInFuture', `has committer time ${iso(t)}, ${describeAhead(t - nowSeconds)} ahead of this router's clock (${iso(nowSeconds)}; `
      + `trust.maxClockSkew allows ${describeAhead(maxAheadSeconds)}). Check the router's clock, or the clock of whoever made the commit`,
    { time: t, now: nowSeconds, maxAheadSeconds });
  }
  return committer;
}

export interface IdentProblem {
  readonly code: 'MalformedCommit' | 'BadCommitTime';
  /** A phrase after "commit 1a2b3c4 ", e.g. `has committer time "abc", which is not a number of seconds`. */
  readonly why: string;
}

/** `author|committer Name <email> seconds ±hhmm`, as git fsck reads it, or what is wrong with it. */
export function parseIdent(line: string): Ident | IdentProblem {
  const kind = line.startsWith('author') ? 'author' : 'committer';
  const m = IDENT.exec(line);
  if (!m) return { code: 'MalformedCommit', why: `has an unreadable ${kind} line "${printable(line)}" (expected "Name <email> seconds ±hhmm")` };
  const bad = (why: string): IdentProblem => ({ code: 'BadCommitTime', why: `has ${kind} time ${why}` });
  const parts = /^ (\S+)(?: (\S+))?$/.exec(m[4]!);
  if (!parts) return bad(`"${printable(m[4]!.trim())}", which is not "seconds ±hhmm"`);
  const [, time, zone] = parts as unknown as [string, string, string | undefined];
  if (!/^\d+$/.test(time)) return bad(`"${printable(time)}", which is not a number of seconds`);
  const shown = printable(time);
  if (time.length > 1 && time.startsWith('0')) return bad(`"${shown}" with leading zeros`);
  if (zone === undefined) return bad(`${shown} without a time zone (expected ±hhmm after it)`);
  if (!/^[+-]\d{4}$/.test(zone)) return bad(`${shown} with time zone "${printable(zone)}", which is not ±hhmm`);
  // By length first: a longer number is past any date, and not even exact as a JavaScript number.
  if (time.length > String(MAX_SECONDS).length || Number(time) > MAX_SECONDS) return bad(`${shown}, beyond the range of dates`);
  return { name: m[2]!, email: m[3]!, seconds: Number(time), zone };
}

function describeAhead(seconds: number): string {
  if (seconds >= 2 * 86400) return `${Math.floor(seconds / 86400)} days`;
  if (seconds >= 2 * 3600) return `${Math.floor(seconds / 3600)} hours`;
  if (seconds >= 120) return `${Math.floor(seconds / 60)} minutes`;
  return `${seconds} seconds`;
}
