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

/**
 * Every code a user can see, in one place: a condition's reason, `--json`'s `error.code`, the
 * state file's `lastError.code`. A new error needs its code here (the compiler says so).
 * The kind is chosen where the error is made; the same code may be Stalled in one place and
 * Transient in another only when the cause really differs (CommandFailed on a router vs. the lab).
 */
export type ErrorCode =
  // the topology and the agent's own files
  | 'InvalidTopology' | 'PartialRender' | 'UnknownRouter' | 'InvalidAgentConfig' | 'BadDuration' | 'BadSize' | 'BadStateFile' | 'StateFileCorrupt'
  | 'InterfaceMissing'
  // the source: fetching the repo, tokens
  | 'SourceUnreachable' | 'SourceHttpError' | 'SourceProtocolError' | 'SourceMoved' | 'BranchNotFound' | 'RequestTimedOut'
  | 'SourceTooLarge' | 'SourceIncomplete'
  | 'TokenFileUnreadable' | 'TokenFileEmpty' | 'RefNotFound' | 'CopyMismatch' | 'BadRevision' | 'NotARepository'
  // trust: signatures, keys, history
  | 'Unsigned' | 'UnknownSigner' | 'BadSignature' | 'MalformedSignature' | 'UnsupportedSignature' | 'UnsupportedKeyType'
  | 'WrongNamespace' | 'WeakSignature' | 'SignatureExpired' | 'SignatureNotYetValid' | 'KeyRevoked' | 'ForgeNotTrusted'
  | 'NoTrustRoots' | 'TrustFileUnreadable' | 'BadTrustFile' | 'MalformedKey' | 'UnsupportedKey' | 'WeakKey'
  | 'MalformedCommit' | 'BadCommitTime' | 'CommitInFuture'
  | 'CommitNotFound' | 'NotACommit' | 'HistoryIncomplete' | 'Rollback' | 'PinMismatch' | 'BadCommitId'
  // the reconcile: refused commits, checks, apply, health
  | 'CommitRejected' | 'ConfigRejected' | 'CheckerUnavailable' | 'ApplyFailed' | 'Unhealthy' | 'SelfRollback' | 'BadPlan'
  // the host and its daemons
  | 'CommandFailed' | 'CommandTimedOut' | 'CommandNotFound' | 'PathNotAbsolute' | 'FileReadFailed' | 'FileWriteFailed' | 'FileRemoveFailed'
  | 'StartFailed' | 'StopFailed' | 'ReloadFailed' | 'Unsupported' | 'KernelWireguardMissing' | 'WireguardGoMissing'
  // commit statuses
  | 'TokenUnreadable' | 'StatusRejected' | 'ForgeUnavailable'
  // files on the machine, in words (reconciler/fs-errors.ts)
  | 'NotFound' | 'NotADirectory' | 'IsADirectory' | 'PermissionDenied' | 'SymlinkRefused' | 'AlreadyExists' | 'NotEmpty'
  | 'NoSpace' | 'ReadOnly' | 'NameTooLong' | 'TooManyOpenFiles' | 'Busy' | 'IoError' | 'NoDevice' | 'WouldBlock'
  | 'InvalidArgument' | 'FileSystemError'
  // the running agent: its lock, control socket and status API
  | 'ReconcileLockBusy' | 'AgentNotRunning' | 'AgentUnreachable' | 'AgentRefused' | 'NoTopology' | 'BadRequest'
  // the command line, pictures, the lab
  | 'Usage' | 'KeyExists' | 'InvalidStatus' | 'PreviewOnly' | 'PageScriptMissing'
  | 'InvalidLab' | 'LabExists' | 'NoLab' | 'UnknownNode' | 'Timeout' | 'NotRoot' | 'MissingPrograms' | 'Aborted' | 'UpFailed'
  // an error dlan did not classify (a library's or node's, passed through): a bug to report
  | 'Unclassified';

export type ErrorData = Readonly<Record<string, unknown>>;

export abstract class DlanError extends Error {
  abstract readonly kind: ErrorKind;
  constructor(readonly code: ErrorCode, message: string, readonly data: ErrorData = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  toJSON(): { kind: ErrorKind; code: ErrorCode; message: string; data: ErrorData } {
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

/**
 * Any thrown value as a DlanError: itself, or an Internal `Unclassified` one (an error from node
 * or a library that dlan did not wrap is a bug: dlan should have said what it means).
 */
export function asDlanError(e: unknown): DlanError {
  if (isDlanError(e)) return e;
  const err = e as { message?: unknown; name?: unknown; code?: unknown };
  const message = typeof err?.message === 'string' ? err.message : String(e);
  return new Internal('Unclassified', message, {
    ...(typeof err?.name === 'string' && { name: err.name }), ...(typeof err?.code === 'string' && { errno: err.code }),
  }, { cause: e });
}
