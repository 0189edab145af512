/**
 * What the CLI prints for an error: `dlan <command>: <message> [Code]`, the same code as
 * `--json` carries. A Node file-system error becomes words (reconciler/fs-errors.ts): no raw
 * errno, no "ENOENT: no such file or directory, open …". An error without a code is a bug in
 * dlan: it says so, and the stack trace is printed only when DLAN_DEBUG is set.
 */
import { escapeText } from '../model/escape.js';
import { describeFsError, isSystemError } from '../reconciler/fs-errors.js';

export interface ShownError {
  readonly code: string;
  readonly message: string;
  /** Printed only with DLAN_DEBUG. */
  readonly stack?: string;
}

export function shownError(e: unknown): ShownError {
  if (isSystemError(e)) {
    const r = describeFsError(e);
    return { code: r.code, message: e.path ? `${e.path} ${r.text}` : r.text };
  }
  const err: { message: string; code?: unknown; stack?: string } = e instanceof Error ? e : { message: String(e) };
  if (typeof err.code === 'string' && /^[A-Z][A-Za-z0-9]*$/.test(err.code)) return { code: err.code, message: err.message };
  return { code: 'Internal', message: `internal error (a bug in dlan, please report it): ${err.message}`, ...(err.stack && { stack: err.stack }) };
}

export function renderError(command: string, s: ShownError, debug: boolean): string {
  // A message may have lines of its own (a list of findings); each is escaped on its own.
  const [first = '', ...more] = s.message.split('\n').map(escapeText);
  const lines = [`dlan ${command}: ${first} [${s.code}]`, ...more];
  if (s.stack && debug) lines.push(s.stack);
  else if (s.stack) lines.push('(set DLAN_DEBUG=1 to see where)');
  return `${lines.join('\n')}\n`;
}
