/**
 * Node's file-system errors in words a person can act on. A raw errno (`ENOENT: no such file or
 * directory, open '/x'`) never reaches the CLI's output: `describeFsError` names what happened
 * with a stable CamelCase code, and `fileError` makes it a typed error naming the path.
 */
import { type ErrorCode, Stalled } from '../model/errors.js';

export interface FsReason {
  /** CamelCase, as every dlan error code. */
  readonly code: ErrorCode;
  readonly text: string;
}

const reasons: Readonly<Record<string, FsReason>> = {
  ENOENT: { code: 'NotFound', text: 'does not exist' },
  ENOTDIR: { code: 'NotADirectory', text: 'is not a directory (or a part of its path is a file)' },
  EISDIR: { code: 'IsADirectory', text: 'is a directory, not a file' },
  EACCES: { code: 'PermissionDenied', text: 'permission denied' },
  EPERM: { code: 'PermissionDenied', text: 'operation not permitted' },
  ELOOP: { code: 'SymlinkRefused', text: 'is a symbolic link (dlan does not follow it)' },
  EEXIST: { code: 'AlreadyExists', text: 'already exists' },
  ENOTEMPTY: { code: 'NotEmpty', text: 'is not empty' },
  ENOSPC: { code: 'NoSpace', text: 'no space left on the device' },
  EROFS: { code: 'ReadOnly', text: 'is on a read-only file system' },
  ENAMETOOLONG: { code: 'NameTooLong', text: 'the name is too long' },
  EMFILE: { code: 'TooManyOpenFiles', text: 'too many open files' },
  ENFILE: { code: 'TooManyOpenFiles', text: 'too many open files' },
  EBUSY: { code: 'Busy', text: 'is busy' },
  EIO: { code: 'IoError', text: 'input/output error' },
  ENXIO: { code: 'NoDevice', text: 'no such device or address' },
  EAGAIN: { code: 'WouldBlock', text: 'is not ready to be read (a FIFO or a device?)' },
  EINVAL: { code: 'InvalidArgument', text: 'cannot be used here (invalid argument)' },
};

/** A Node system error: `code` like ENOENT and the system call that failed. */
export function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  const x = e as NodeJS.ErrnoException | undefined;
  return x instanceof Error && typeof x.code === 'string' && /^E[A-Z0-9]+$/.test(x.code) && typeof x.syscall === 'string';
}

export function describeFsError(e: NodeJS.ErrnoException): FsReason {
  return reasons[e.code ?? ''] ?? { code: 'FileSystemError', text: `cannot be used (${(e.code ?? 'error').toLowerCase()})` };
}

/** `path: reason` as a Stalled error (nothing to retry until the file is fixed). */
export function fileError(path: string, e: NodeJS.ErrnoException, what = ''): Stalled {
  const r = describeFsError(e);
  return new Stalled(r.code, `${what ? `${what} ` : ''}${path} ${r.text}`, { path, errno: e.code });
}
