/** The `trust` section of agent.yaml as the inputs of loadTrustRoots and verifyCandidate. Pure. */
import type { AgentConfig } from '../../schema/types.js';
import { parseDuration } from '../agent-config.js';
import type { TrustFiles } from './trust-roots.js';
import type { TrustPolicy } from './verify-candidate.js';

export function trustSettings(trust: AgentConfig['trust']): { files: TrustFiles; policy: TrustPolicy } {
  return {
    files: {
      ...(trust.allowedSigners && { allowedSigners: trust.allowedSigners }),
      ...(trust.openpgpKeys && { openpgpKeys: trust.openpgpKeys }),
    },
    policy: {
      mode: trust.verify ?? 'tip',
      forgeSigners: trust.forgeSigners ?? [],
      ...(trust.pinCommit && { pinCommit: trust.pinCommit }),
      ...(trust.allowRollbackTo && { allowRollbackTo: trust.allowRollbackTo }),
      ...(trust.maxClockSkew && { maxClockSkewSeconds: Math.floor(parseDuration(trust.maxClockSkew) / 1000) }),
    },
  };
}
