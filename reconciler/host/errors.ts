/**
 * What went wrong on a host, with the context needed to act on it (never stdin, never stdout).
 * A DlanError whose kind follows from the code: a missing executable is Stalled (nothing to retry
 * until it is installed), and so is a file that cannot be used for what its path is (missing,
 * not a directory, no permission, read-only: the machine must change first); a relative path is
 * Internal (a bug); the rest is Transient (a command that failed, a slow one, an I/O error).
 */
import { DlanError, type ErrorKind } from '../../model/errors.js';

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
    this.kind = code === 'CommandNotFound' || PATH_PROBLEMS.has(data.errno ?? '') ? 'Stalled' : code === 'PathNotAbsolute' ? 'Internal' : 'Transient';
  }
}

/** errno values that say the path itself is wrong for what it is used for: retrying as is cannot help. */
const PATH_PROBLEMS = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'ELOOP', 'EROFS', 'ENAMETOOLONG', 'EEXIST', 'ENOTEMPTY']);

export function commandFailed(host: string, cmd: string, args: readonly string[], exitCode: number, signal: string | undefined, stderr: string): HostError {
  const how = signal ? `killed by ${signal}` : `exit code ${exitCode}`;
  const tail = stderrTail(stderr);
  const lastLine = tail.split('\n').filter((l) => l.trim() !== '').pop() ?? '';
  return new HostError('CommandFailed', `${cmd} ${args.join(' ')}: ${how}${lastLine ? `: ${lastLine}` : ''}`,
    { host, cmd, args, exitCode, ...(signal ? { signal } : {}), stderr: tail });
}
