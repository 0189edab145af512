import type { ReconcileDeps } from '../../deps.js';
import { trustSettings } from '../../trust/from-config.js';
import { readUsedOverrides } from '../../trust/applied-state.js';
import { loadTrustRoots } from '../../trust/trust-roots.js';
import { type Verification, verifyCandidate } from '../../trust/verify-candidate.js';
import { type Done, done } from '../run.js';
import type { Tip } from './fetch-source.js';

/**
 * verifyTip sets **Verified**.
 * - True: the tip carries a good signature by a trusted key and descends from the last applied
 *   commit (or the pin, on a first boot): "commit abc1234 signed by alice@example.org".
 * - False, Stalled: `Unsigned`, `UnknownSigner`, `BadSignature`... (the signature), `Rollback`,
 *   `PinMismatch`, `HistoryIncomplete` (anti-rollback), `NoTrustRoots`, `BadTrustFile`,
 *   `TrustFileUnreadable` (the trust files). Nothing is changed; a newer commit is needed.
 * `allowRollbackTo` is the operator's one-shot override of anti-rollback for exactly that commit
 * (spent once applied: checkHealth records it). Trust warnings are logged and added to the message.
 */
export async function verifyTip(deps: Pick<ReconcileDeps, 'config' | 'now' | 'log'>, tip: Tip, allowRollbackTo?: string): Promise<Done<Verification>> {
  const { files, policy } = trustSettings(deps.config.trust);
  const verification = await verifyCandidate({
    gitdir: tip.gitdir, commit: tip.commit, ...(tip.lastApplied && { lastApplied: tip.lastApplied }),
    roots: await loadTrustRoots(files), now: deps.now(), usedOverrides: await readUsedOverrides(deps.config.stateDir),
    policy: { ...policy, ...(allowRollbackTo && { allowRollbackTo }) },
  });
  const [first] = verification.verified;
  const by = first ? first.signer.identities[0] ?? first.signer.fingerprint : 'nobody';
  for (const w of verification.warnings) deps.log.log('warn', 'trust-warning', { message: w });
  const warned = verification.warnings.map((w) => `; warning: ${w}`).join('');
  return done(verification, `commit ${tip.commit.slice(0, 7)} signed by ${by}${warned}`);
}
