/**
 * The trust decision for a candidate commit (the fetched tip): may this router apply it?
 *
 * 1. Signature: the candidate must carry a good signature by a trusted key (verifySignature).
 *    In `chain` mode, so must every commit on the first-parent chain from the base (excluded)
 *    to the candidate, so an unsigned commit in the middle of a push is caught.
 * 2. Anti-rollback: the candidate must be the base or descend from it. The base is the last
 *    applied commit; on first boot, the operator's `pinCommit` if set (otherwise the first
 *    verified commit is trusted as is). An older commit or a rewritten history (force push, a
 *    server replaying an old signed commit) is refused with `Rollback`, unless the operator
 *    names exactly this commit in `allowRollbackTo`. A `git revert` is a new descendant: fine.
 * 3. The override is good for one rollback: once the commit it names has been applied (the
 *    caller records it, applied-state.ts), it is spent. A spent override is ignored, so the
 *    same old commit replayed later is a `Rollback` again, and the result carries a warning
 *    asking to remove it from agent.yaml.
 *
 * Throws `Stalled` (codes of verifySignature, plus Rollback, PinMismatch, HistoryIncomplete);
 * writes nothing: recording the applied commit is the caller's job once it has run.
 */
import { Stalled } from '../../model/errors.js';
import type { UsedOverride } from './applied-state.js';
import { firstParentChain, readSignedCommit, relate } from './history.js';
import type { TrustRoots } from './trust-roots.js';
import { type Signer, verifySignature } from './verify-signature.js';

export interface TrustPolicy {
  /** `tip` (default): the candidate only. `chain`: every first-parent commit since the base. */
  readonly mode?: 'tip' | 'chain';
  readonly forgeSigners?: readonly string[];
  /** First boot only: the candidate must be this commit or descend from it. */
  readonly pinCommit?: string;
  /** One-shot override of anti-rollback: this exact commit may be applied although it does not descend from the base. */
  readonly allowRollbackTo?: string;
  /** How far a committer time may be ahead of the router's clock. Default 24 h. */
  readonly maxClockSkewSeconds?: number;
}

export interface Candidate {
  /** The router's git store, `<stateDir>/repo`. */
  readonly gitdir: string;
  readonly commit: string;
  /** From readLastApplied(stateDir). */
  readonly lastApplied?: string;
  readonly roots: TrustRoots;
  readonly policy?: TrustPolicy;
  /** From readUsedOverrides(stateDir): an `allowRollbackTo` listed here is spent. */
  readonly usedOverrides?: readonly UsedOverride[];
  readonly now: Date;
}

export interface VerifiedCommit {
  readonly commit: string;
  readonly signer: Signer;
}

export interface Verification {
  readonly commit: string;
  readonly mode: 'tip' | 'chain';
  /** What anti-rollback compared with. Absent on a first boot without pin. */
  readonly base?: { readonly commit: string; readonly kind: 'last-applied' | 'pin' };
  /** same / descendant of the base, first (no base), or rollback-allowed (the override was used). */
  readonly relation: 'same' | 'descendant' | 'first' | 'rollback-allowed';
  /** Newest first; the candidate is the first entry. */
  readonly verified: readonly VerifiedCommit[];
  /** When relation is rollback-allowed: what to record (recordOverrideUsed) once the commit is applied. */
  readonly override?: { readonly commit: string; readonly base: string };
  /** Nothing refused, but the operator should act, e.g. a spent trust.allowRollbackTo is still set. */
  readonly warnings: readonly string[];
}

const short = (oid: string): string => oid.slice(0, 7);

export async function verifyCandidate(c: Candidate): Promise<Verification> {
  const policy = c.policy ?? {};
  const mode = policy.mode ?? 'tip';
  const cache = {};
  const sigOpts = { forgeSigners: policy.forgeSigners ?? [], now: c.now,
    ...(policy.maxClockSkewSeconds !== undefined && { maxAheadSeconds: policy.maxClockSkewSeconds }) };
  const check = async (oid: string): Promise<VerifiedCommit> =>
    ({ commit: oid, signer: await verifySignature(await readSignedCommit(c.gitdir, oid, cache), c.roots, sigOpts) });
  const { allowRollbackTo, warnings } = liveOverride(policy.allowRollbackTo, c.usedOverrides ?? []);

  const tip = await check(c.commit);
  const base = c.lastApplied ? { commit: c.lastApplied, kind: 'last-applied' as const }
    : policy.pinCommit ? { commit: policy.pinCommit, kind: 'pin' as const } : undefined;
  if (!base) return { commit: c.commit, mode, relation: 'first', verified: [tip], warnings };

  const { relation, missing } = await relate(c.gitdir, c.commit, base.commit, cache);
  const what = base.kind === 'pin' ? `the pinned commit ${short(base.commit)} (trust.pinCommit)` : `the last applied commit ${short(base.commit)}`;
  const data = { commit: c.commit, base: base.commit, baseKind: base.kind };
  if (relation === 'same') return { commit: c.commit, mode, base, relation, verified: [tip], warnings };
  if (relation !== 'descendant') {
    if (allowRollbackTo === c.commit) {
      return { commit: c.commit, mode, base, relation: 'rollback-allowed', verified: [tip], override: { commit: c.commit, base: base.commit }, warnings };
    }
    const override = allowRollbackTo === undefined && policy.allowRollbackTo === c.commit
      ? `trust.allowRollbackTo: ${c.commit} was used once already and is spent; to roll back to it again, apply a signed revert instead`
      : `to apply it anyway set trust.allowRollbackTo: ${c.commit}`;
    if (base.kind === 'pin' && (relation === 'unrelated' || missing === base.commit)) {
      const why = relation === 'unrelated' ? `commit ${short(c.commit)} does not descend from ${what}`
        : `${what} is not in the history of commit ${short(c.commit)}`;
      throw new Stalled('PinMismatch', `${why}. Refusing; fix trust.pinCommit or ${override}`, data);
    }
    if (relation === 'unknown') {
      throw new Stalled('HistoryIncomplete', `cannot tell whether commit ${short(c.commit)} descends from ${what}: commit ${short(missing!)} `
        + `is missing from ${c.gitdir}. Refusing; ${override}`, { ...data, missing });
    }
    throw new Stalled('Rollback', `commit ${short(c.commit)} does not descend from ${what}: it is older or from a rewritten history `
      + `(force push, replayed old commit). Refusing; ${override}`, data);
  }
  if (mode === 'tip') return { commit: c.commit, mode, base, relation, verified: [tip], warnings };
  const chain = await firstParentChain(c.gitdir, c.commit, base.commit, cache);
  const verified = [tip];
  for (const oid of chain.slice(1)) verified.push(await check(oid));
  return { commit: c.commit, mode, base, relation, verified, warnings };
}

/** The override still in force, and a warning when the configured one is spent. */
function liveOverride(configured: string | undefined, used: readonly UsedOverride[]): { allowRollbackTo?: string; warnings: string[] } {
  if (configured === undefined) return { warnings: [] };
  const spent = used.find((u) => u.commit === configured);
  if (!spent) return { allowRollbackTo: configured, warnings: [] };
  return { warnings: [`trust.allowRollbackTo: ${configured} was applied on ${spent.at} (rolling back from ${short(spent.base)}) and is spent: `
    + 'it is ignored now; remove it from agent.yaml'] };
}
