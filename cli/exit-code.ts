/**
 * The exit code follows from the error's class, i.e. from what the caller should do next:
 *   0   done
 *   1   Stalled: fix something first (the topology, a key, the config); retrying as is fails again
 *   2   Stalled `Usage`: the command line is wrong (the usage is printed)
 *   70  Internal: a bug in dlan (sysexits' EX_SOFTWARE); the stack goes to stderr
 *   75  Transient: try again later (sysexits' EX_TEMPFAIL): a git server or forge down, a daemon slow
 * `dlan validate` and `dlan verify` give a verdict: 1 means "no", whatever the cause (they print why).
 * A file-system error from node (a path the user gave that is missing or unreadable) is Stalled;
 * any other error that is not a DlanError is unclassified, hence Internal.
 */
import { asDlanError, type ErrorKind } from '../model/errors.js';
import { isSystemError } from '../reconciler/fs-errors.js';

export const EXIT = { ok: 0, stalled: 1, usage: 2, internal: 70, transient: 75 } as const;

/** The class an error counts as. */
export function classOf(e: unknown): ErrorKind {
  return isSystemError(e) ? 'Stalled' : asDlanError(e).kind;
}

export function exitCodeFor(e: unknown): number {
  if (asDlanError(e).code === 'Usage') return EXIT.usage;
  switch (classOf(e)) {
    case 'Stalled': return EXIT.stalled;
    case 'Transient': return EXIT.transient;
    case 'Internal': return EXIT.internal;
  }
}
