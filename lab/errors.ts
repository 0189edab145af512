/**
 * The lab's one error type. `code` says what went wrong (CamelCase, stable), `data` carries the
 * context (node, command, stderr, path) — never a secret.
 */
import { DlanError, type ErrorData, type ErrorKind } from '../model/errors.js';

export type LabErrorCode =
  | 'InvalidLab' // lab.yaml or the topology it describes is wrong: fix the files
  | 'LabExists' // a lab with this prefix is up (or was not taken down)
  | 'NoLab' // no lab state for this prefix
  | 'UnknownNode'
  | 'CommandFailed' // a command (ip, nft, nsenter, git...) exited non-zero
  | 'Timeout' // a condition was not met before its deadline
  | 'NotRoot'
  | 'MissingPrograms' // a Debian package is not installed (the message names it)
  | 'Aborted' // interrupted (Ctrl-C): what was made is taken down by the caller
  | 'UpFailed'; // lab up failed on something other than a LabError (the message says where its files are)

/** A command that failed or a deadline missed may pass on a retry (Transient); the rest needs a fix first (Stalled). */
export class LabError extends DlanError {
  readonly kind: ErrorKind;
  declare readonly code: LabErrorCode;
  constructor(code: LabErrorCode, message: string, data: ErrorData = {}) {
    super(code, message, data);
    this.kind = code === 'CommandFailed' || code === 'Timeout' ? 'Transient' : 'Stalled';
  }
}
