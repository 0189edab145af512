/**
 * The three kinds of failure, typed by what happens next (docs/architecture.md, style.md §6):
 * - `Stalled`: retrying cannot help until something changes (a new commit, a fixed trust file):
 *   bad signature, rollback attempt, invalid topology.
 * - `Transient`: retry with backoff, the network keeps running on the last good state:
 *   git server unreachable, HTTP 5xx.
 * - `Internal`: a bug in dlan.
 * Each carries a CamelCase `code` for machines and tests, a message a person understands, and
 * `data` with the context (file, line, commit, url, status…). `data` must never hold secrets.
 */
export type ErrorKind = 'Stalled' | 'Transient' | 'Internal';

export type ErrorData = Readonly<Record<string, unknown>>;

export abstract class DlanError extends Error {
  abstract readonly kind: ErrorKind;
  constructor(readonly code: string, message: string, readonly data: ErrorData = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  toJSON(): { kind: ErrorKind; code: string; message: string; data: ErrorData } {
    return { kind: this.kind, code: this.code, message: this.message, data: this.data };
  }
}

export class Stalled extends DlanError {
  readonly kind = 'Stalled' as const;
}

export class Transient extends DlanError {
  readonly kind = 'Transient' as const;
}

export class Internal extends DlanError {
  readonly kind = 'Internal' as const;
}

export const isDlanError = (e: unknown): e is DlanError => e instanceof DlanError;
