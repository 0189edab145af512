export { type AllowedSigner, type AllowedSignersFile, findSigner, parseAllowedSigners, parseSshTime } from './allowed-signers.js';
export { lastAppliedPath, readLastApplied, recordApplied } from './applied-state.js';
export { firstParentChain, readSignedCommit, relate, type Relation } from './history.js';
export { type OpenPgpKeyring, verifyOpenPgp } from './openpgp-verify.js';
export { type SignedCommit, splitCommit } from './signed-commit.js';
export { parseSshSignature, type SshSignature, verifySshSignature } from './sshsig.js';
export { loadTrustRoots, type TrustFiles, type TrustRoots } from './trust-roots.js';
export { type Candidate, type TrustPolicy, type Verification, type VerifiedCommit, verifyCandidate } from './verify-candidate.js';
export { FORGE_EMAILS, type Signer, verifySignature } from './verify-signature.js';
