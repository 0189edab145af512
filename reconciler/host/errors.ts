/** What went wrong on a host, with the context needed to act on it (never stdin, never stdout). */
export type HostErrorCode =
  | 'CommandFailed'      // exit code not 0 and the caller asked for `check`
  | 'CommandTimedOut'    // killed after `timeoutMs`
  | 'CommandNotFound'    // no such executable
  | 'PathNotAbsolute'    // a logical path must start with `/`
  | 'FileReadFailed'     // any read error but ENOENT
  | 'FileWriteFailed'
  | 'FileRemoveFailed';

export interface HostErrorData {
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
}

const STDERR_TAIL = 2000;
export const stderrTail = (s: string): string => (s.length > STDERR_TAIL ? `…${s.slice(-STDERR_TAIL)}` : s).trimEnd();

export class HostError extends Error {
  override readonly name = 'HostError';
  constructor(readonly code: HostErrorCode, message: string, readonly data: HostErrorData) {
    super(message);
  }
  toJSON(): { name: string; code: HostErrorCode; message: string; data: HostErrorData } {
    return { name: this.name, code: this.code, message: this.message, data: this.data };
  }
}

export function commandFailed(host: string, cmd: string, args: readonly string[], exitCode: number, signal: string | undefined, stderr: string): HostError {
  const how = signal ? `killed by ${signal}` : `exit code ${exitCode}`;
  const tail = stderrTail(stderr);
  const lastLine = tail.split('\n').filter((l) => l.trim() !== '').pop() ?? '';
  return new HostError('CommandFailed', `${cmd} ${args.join(' ')}: ${how}${lastLine ? `: ${lastLine}` : ''}`,
    { host, cmd, args, exitCode, ...(signal ? { signal } : {}), stderr: tail });
}
