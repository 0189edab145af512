/**
 * Loads the router's trust roots from its own files (never from the repo being verified):
 * git's allowed-signers file for SSH signatures, and armored OpenPGP public keys from one file
 * or from every `*.asc` file of a directory. A root that is configured but unreadable or
 * malformed is a `Stalled` error (BadTrustFile / TrustFileUnreadable), never "no keys".
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type * as openpgp from 'openpgp';
import { Stalled } from '../../model/errors.js';
import { type AllowedSignersFile, parseAllowedSigners } from './allowed-signers.js';
import { loadOpenPgp, type OpenPgpKeyring, type TrustedPgpKey } from './openpgp-verify.js';
import { describeFsError } from '../fs-errors.js';

export interface TrustRoots {
  readonly ssh?: AllowedSignersFile;
  readonly openpgp?: OpenPgpKeyring;
}

export interface TrustFiles {
  /** git's allowed_signers file, e.g. /etc/dlan/allowed_signers. */
  readonly allowedSigners?: string;
  /** A file or a directory of `*.asc` files, e.g. /etc/dlan/trusted.asc.d. */
  readonly openpgpKeys?: string;
}

export async function loadTrustRoots(files: TrustFiles): Promise<TrustRoots> {
  if (!files.allowedSigners && !files.openpgpKeys) {
    throw new Stalled('NoTrustRoots', 'no trust roots configured: set trust.allowedSigners and/or trust.openpgpKeys', {});
  }
  return {
    ...(files.allowedSigners && { ssh: parseAllowedSigners(await readText(files.allowedSigners), files.allowedSigners) }),
    ...(files.openpgpKeys && { openpgp: await loadPgpKeys(files.openpgpKeys) }),
  };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new Stalled('TrustFileUnreadable', `the trust file ${file} ${describeFsError(e as NodeJS.ErrnoException).text}`, { file, errno });
  }
}

async function loadPgpKeys(source: string): Promise<OpenPgpKeyring> {
  let paths = [source];
  let isDir: boolean;
  try {
    isDir = (await stat(source)).isDirectory();
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new Stalled('TrustFileUnreadable', `the trust file ${source} ${describeFsError(e as NodeJS.ErrnoException).text}`, { file: source, errno });
  }
  if (isDir) paths = (await readdir(source)).filter((n) => n.endsWith('.asc') && !n.startsWith('.')).sort().map((n) => join(source, n));
  const keys: TrustedPgpKey[] = [];
  for (const file of paths) {
    const text = await readText(file);
    let read: openpgp.Key[];
    try {
      read = await (await loadOpenPgp()).readKeys({ armoredKeys: text });
    } catch (e) {
      throw new Stalled('BadTrustFile', `${file}: not armored OpenPGP public keys (${(e as Error).message})`, { file });
    }
    for (const k of read) keys.push({ key: k.isPrivate() ? k.toPublic() : (k as openpgp.PublicKey), file });
  }
  return { source, keys };
}
