/**
 * The last applied commit, `<stateDir>/last-applied` (one line: the commit id). Written only
 * after a commit was applied and found healthy (by the reconcile loop), by dlan's one atomic
 * write (reconciler/memory/atomic-write.ts), so anti-rollback always compares with a commit that really ran. Read before
 * every verification. A file that exists but holds no commit id is a `Stalled` error, never
 * "first boot".
 *
 * `<stateDir>/rollback-overrides.json` lists the `trust.allowRollbackTo` overrides that were
 * applied (commit, the base it rolled back from, when). An override listed there is spent:
 * verifyCandidate ignores it, so a replay of that old commit later is refused. It is written
 * before `last-applied`, so a crash between the two leaves the override spent (a refusal that a
 * new override fixes) rather than live (a replay that would pass unnoticed).
 */
import { join } from 'node:path';
import { Internal, Stalled } from '../../model/errors.js';
import { readFileIfExists, writeFileAtomic, writeJsonAtomic } from '../memory/atomic-write.js';

export const lastAppliedPath = (stateDir: string): string => join(stateDir, 'last-applied');

const OID = /^[0-9a-f]{40}$/;

export async function readLastApplied(stateDir: string): Promise<string | undefined> {
  const file = lastAppliedPath(stateDir);
  const text = await readFileIfExists(file);
  if (text === undefined) return undefined;
  const oid = text.trim();
  if (!OID.test(oid)) throw new Stalled('BadStateFile', `${file} does not hold a commit id`, { file });
  return oid;
}

export async function recordApplied(stateDir: string, commit: string): Promise<void> {
  if (!OID.test(commit)) throw new Internal('BadCommitId', `${commit} is not a full commit id`, { commit });
  // Every successful tick records its commit; the same one again is not rewritten (an fsync per
  // tick). Whatever else the file holds (nothing, garbage) is replaced.
  if ((await readFileIfExists(lastAppliedPath(stateDir)))?.trim() === commit) return;
  await writeFileAtomic(lastAppliedPath(stateDir), `${commit}\n`, 0o644);
}

export interface UsedOverride {
  readonly commit: string;
  /** The last applied commit it rolled back from. */
  readonly base: string;
  /** ISO time of the apply. */
  readonly at: string;
}

export const overridesPath = (stateDir: string): string => join(stateDir, 'rollback-overrides.json');

export async function readUsedOverrides(stateDir: string): Promise<UsedOverride[]> {
  const file = overridesPath(stateDir);
  const text = await readFileIfExists(file);
  if (text === undefined) return [];
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch (e) {
    throw new Stalled('BadStateFile', `${file} is not JSON (${(e as Error).message})`, { file });
  }
  const ok = Array.isArray(list) && list.every((u) => OID.test((u as UsedOverride)?.commit) && OID.test((u as UsedOverride)?.base)
    && typeof (u as UsedOverride)?.at === 'string');
  if (!ok) throw new Stalled('BadStateFile', `${file} does not hold a list of {commit, base, at}`, { file });
  return list as UsedOverride[];
}

export async function recordOverrideUsed(stateDir: string, used: UsedOverride): Promise<void> {
  if (!OID.test(used.commit) || !OID.test(used.base)) throw new Internal('BadCommitId', `${used.commit} / ${used.base} is not a full commit id`, { ...used });
  const list = await readUsedOverrides(stateDir);
  if (list.some((u) => u.commit === used.commit)) return;
  await writeJsonAtomic(overridesPath(stateDir), [...list, used]);
}
