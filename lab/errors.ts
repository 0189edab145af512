/**
 * The lab's one error type. `code` says what went wrong (CamelCase, stable), `data` carries the
 * context (node, command, stderr, path) — never a secret.
 */
export type LabErrorCode =
  | 'InvalidLab' // lab.yaml or the topology it describes is wrong: fix the files
  | 'LabExists' // a lab with this prefix is up (or was not taken down)
  | 'NoLab' // no lab state for this prefix
  | 'UnknownNode'
  | 'CommandFailed' // a command (ip, nft, nsenter, git...) exited non-zero
  | 'Timeout' // a condition was not met before its deadline
  | 'NotRoot'
  | 'MissingPrograms'; // a Debian package is not installed (the message names it)

export class LabError extends Error {
  constructor(readonly code: LabErrorCode, message: string, readonly data: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.name = 'LabError';
  }

  toJSON(): { code: string; message: string; data: Readonly<Record<string, unknown>> } {
    return { code: this.code, message: this.message, data: this.data };
  }
}
