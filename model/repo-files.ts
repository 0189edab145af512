/**
 * What a topology repo holds, as both readers see it: the working-tree reader
 * (reconciler/source/read-dir.ts, for `dlan validate`) and the commit reader
 * (reconciler/source/read-topology.ts, for the agent). Both list entries, ask this module what
 * to do with each, and read only what it admits, so a router and `dlan validate` never disagree
 * about which files count.
 *
 * Only regular files inside the repo are read: a symbolic link (which could point at
 * /etc/shadow or /dev/zero), a directory, a FIFO (which blocks a reader forever), a device, a
 * socket or a submodule named like a topology file is refused with its path and the reason,
 * never followed and never echoed. Sizes and counts are bounded (model/limits.ts) before a byte
 * is parsed.
 */
import { LIMITS, formatLimit } from './limits.js';
import type { SourceFile } from './yaml-source.js';

/** A topology file that was not read, and why (becomes a finding at its path). */
export interface RefusedFile {
  readonly path: string;
  readonly refused: { readonly code: string; readonly message: string };
}

export type RepoFile = SourceFile | RefusedFile;

export const isRefused = (f: RepoFile): f is RefusedFile => 'refused' in f;

/** What a directory entry or a git tree entry is. */
export type EntryKind = 'file' | 'directory' | 'symlink' | 'submodule' | 'fifo' | 'socket' | 'device' | 'other';

const described: Record<Exclude<EntryKind, 'file'>, string> = {
  directory: 'a directory',
  symlink: 'a symbolic link',
  submodule: 'a git submodule',
  fifo: 'a named pipe (FIFO)',
  socket: 'a socket',
  device: 'a device',
  other: 'not a regular file',
};

/** The subdirectories that hold topology files. */
export const TOPOLOGY_DIRS = ['routers', 'services'] as const;

/**
 * Why an entry of this kind is refused where a regular file (or, for `routers` and `services`,
 * a directory) is expected; undefined when it is what is expected.
 */
export function refuseKind(path: string, kind: EntryKind, expected: 'file' | 'directory' = 'file'): RefusedFile | undefined {
  if (kind === expected) return undefined;
  if (kind === 'symlink') {
    return { path, refused: { code: 'SymlinkRefused',
      message: `is a symbolic link; dlan reads only ${expected === 'file' ? 'regular files' : 'directories'} inside the repo and never follows links (put the ${expected} itself here)` } };
  }
  return { path, refused: { code: expected === 'file' ? 'NotAFile' : 'NotADirectory',
    message: `is ${kind === 'file' ? 'a file' : described[kind]}, not ${expected === 'file' ? 'a regular file' : 'a directory'}` } };
}

/**
 * Counts files and bytes as they are read, in path order, and refuses what goes beyond the
 * limits. The first file beyond a limit gets the finding; files after it are not read at all
 * (`skipped` counts them, and the finding says how many).
 */
export class ReadBudget {
  private files = 0;
  private bytes = 0;
  private over?: { path: string; code: string; message: string };
  private skippedAfter = 0;

  /** Before reading a file of `size` bytes: 'read', 'skip', or the refusal of this one file. */
  admit(path: string, size: number): 'read' | 'skip' | RefusedFile {
    if (this.over) {
      this.skippedAfter++;
      return 'skip';
    }
    if (size > LIMITS.fileBytes.value) {
      return { path, refused: { code: 'FileTooLarge',
        message: `is ${formatLimit(size)} bytes; a topology file may have at most ${formatLimit(LIMITS.fileBytes.value)}` } };
    }
    if (this.files + 1 > LIMITS.files.value) {
      this.over = { path, code: 'TooManyFiles', message: `the repo has more than ${formatLimit(LIMITS.files.value)} topology files; this one and the ones after it were not read` };
      return 'skip';
    }
    if (this.bytes + size > LIMITS.repoBytes.value) {
      this.over = { path, code: 'RepoTooLarge', message: `the topology files together exceed ${formatLimit(LIMITS.repoBytes.value)}; this one and the ones after it were not read` };
      return 'skip';
    }
    this.files++;
    this.bytes += size;
    return 'read';
  }

  /** The finding for the limit that stopped reading, if one did. */
  finding(): RefusedFile | undefined {
    if (!this.over) return undefined;
    const more = this.skippedAfter > 0 ? ` (${this.skippedAfter} more file${this.skippedAfter === 1 ? '' : 's'} after it)` : '';
    return { path: this.over.path, refused: { code: this.over.code, message: `${this.over.message}${more}` } };
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a file's bytes, or a refusal when they are not UTF-8 (YAML is text). */
export function decodeFile(path: string, bytes: Uint8Array): RepoFile {
  try {
    return { path, text: utf8.decode(bytes) };
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return { path, refused: { code: 'NotUtf8', message: 'is not UTF-8 text' } };
  }
}

/** Sorted by path, as both readers return them. */
export const byPath = (a: { path: string }, b: { path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
