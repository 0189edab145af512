/**
 * What went wrong on a host, with the context needed to act on it (never stdin, never stdout).
 * A DlanError whose kind follows from the code: a missing executable is Stalled (nothing to retry
 * until it is installed), a relative path is Internal (a bug), the rest Transient.
 */
import { DlanError, type ErrorKind } from '../errors.js';

export type HostErrorCode =
  | 'CommandFailed'      // exit code not 0 and the caller asked for `check`
  | 'CommandTimedOut'    // killed after `timeoutMs`
  | 'CommandNotFound'    // no such executable
  | 'PathNotAbsolute'    // a logical path must start with `/`
  | 'FileReadFailed'     // any read error but ENOENT
  | 'FileWriteFailed'
  | 'FileRemoveFailed';

export type HostErrorData = {
  readonly host: string;
  readonly cmd?: string;
  readonly args?: readonly string[];
  readonly exitCode?: number;
  readonly signal?: string;
  /** The end of stderr (at most 2000 characters). */
  readonly stderr?: string;
  readonly path?: string;
  /** errno name from node (ENOENT, EACCES...). */
  readonly errno?: string;
};

const STDERR_TAIL = 2000;
export const stderrTail = (s: string): string => (s.length > STDERR_TAIL ? `…${s.slice(-STDERR_TAIL)}` : s).trimEnd();

export class HostError extends DlanError {
  readonly kind: ErrorKind;
  declare readonly code: HostErrorCode;
  declare readonly data: HostErrorData;
  constructor(code: HostErrorCode, message: string, data: HostErrorData) {
    super(code, message, data);
    this.kind = code === 'CommandNotFound' ? 'Stalled' : code === 'PathNotAbsolute' ? 'Internal' : 'Transient';
  }
}

export function commandFailed(host: string, cmd: string, args: readonly string[], exitCode: number, signal: string | undefined, stderr: string): HostError {
  const how = signal ? `killed by ${signal}` : `exit code ${exitCode}`;
  const tail = stderrTail(stderr);
  const lastLine = tail.split('\n').filter((l) => l.trim() !== '').pop() ?? '';
  return new HostError('CommandFailed', `${cmd} ${args.join(' ')}: ${how}${lastLine ? `: ${lastLine}` : ''}`,
    { host, cmd, args, exitCode, ...(signal ? { signal } : {}), stderr: tail });
}
