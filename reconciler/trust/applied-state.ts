/**
 * The last applied commit, `<stateDir>/last-applied` (one line: the commit id). Written only
 * after a commit was applied and found healthy (by the reconcile loop), atomically (temp file,
 * fsync, rename), so anti-rollback always compares with a commit that really ran. Read before
 * every verification. A file that exists but holds no commit id is a `Stalled` error, never
 * "first boot".
 */
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Internal, Stalled } from '../errors.js';

export const lastAppliedPath = (stateDir: string): string => join(stateDir, 'last-applied');

const OID = /^[0-9a-f]{40}$/;

export async function readLastApplied(stateDir: string): Promise<string | undefined> {
  const file = lastAppliedPath(stateDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const oid = text.trim();
  if (!OID.test(oid)) throw new Stalled('BadStateFile', `${file} does not hold a commit id`, { file });
  return oid;
}

export async function recordApplied(stateDir: string, commit: string): Promise<void> {
  if (!OID.test(commit)) throw new Internal('BadCommitId', `${commit} is not a full commit id`, { commit });
  const file = lastAppliedPath(stateDir);
  const tmp = `${file}.tmp`;
  const fh = await open(tmp, 'w', 0o644);
  try {
    await fh.writeFile(`${commit}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
}
