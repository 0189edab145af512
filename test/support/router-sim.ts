/**
 * What a router does with the topology repo, for the trust tests: fetch over HTTP with
 * isomorphic-git into its state dir, verify the tip against its trust roots, last applied
 * commit and spent overrides, and record the commit (and a used override) as applied only when
 * it was accepted, in the order reconcile's checkHealth does.
 */
import * as assert from 'uvu/assert';
import { readFile, stat } from 'node:fs/promises';
import { fetchSource } from '../../reconciler/source/index.js';
import { lastAppliedPath, readLastApplied, readUsedOverrides, recordApplied, recordOverrideUsed } from '../../reconciler/trust/applied-state.js';
import type { TrustRoots } from '../../reconciler/trust/trust-roots.js';
import { type TrustPolicy, type Verification, verifyCandidate } from '../../reconciler/trust/verify-candidate.js';

export interface RouterSim {
  readonly url: string;
  readonly stateDir: string;
  readonly roots: TrustRoots;
  readonly policy?: TrustPolicy;
  readonly now?: Date;
  /** repo.maxFetchSize in bytes. */
  readonly maxBytes?: number;
}

export async function pull(r: RouterSim): Promise<Verification> {
  const fetched = await fetchSource({ url: r.url, ...(r.maxBytes !== undefined && { maxBytes: r.maxBytes }) }, r.stateDir);
  const lastApplied = await readLastApplied(r.stateDir);
  const now = r.now ?? new Date();
  const v = await verifyCandidate({
    gitdir: fetched.gitdir, commit: fetched.commit, roots: r.roots, now, usedOverrides: await readUsedOverrides(r.stateDir),
    ...(lastApplied && { lastApplied }), ...(r.policy && { policy: r.policy }),
  });
  if (v.override) await recordOverrideUsed(r.stateDir, { ...v.override, at: now.toISOString() });
  await recordApplied(r.stateDir, v.commit);
  return v;
}

async function snapshot(stateDir: string): Promise<string> {
  try {
    const file = lastAppliedPath(stateDir);
    return `${await readFile(file, 'utf8')}@${(await stat(file)).mtimeMs}`;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw e;
  }
}

/** Pulls, expects a refusal with `code` (and `kind`), and checks the last applied commit did not move. */
export async function expectRefused(r: RouterSim, code: string, kind = 'Stalled'): Promise<Error & { code: string; data: Record<string, unknown> }> {
  const before = await snapshot(r.stateDir);
  const applied = await readLastApplied(r.stateDir);
  let caught: unknown;
  try {
    await pull(r);
  } catch (e) {
    caught = e;
  }
  if (!caught) assert.unreachable(`expected a refusal ${code}, but the commit was accepted`);
  const err = caught as Error & { code: string; kind: string; data: Record<string, unknown> };
  assert.is(err.code, code, err.message);
  assert.is(err.kind, kind);
  assert.is(await snapshot(r.stateDir), before, 'the last-applied file was touched');
  assert.is(await readLastApplied(r.stateDir), applied);
  return err;
}
