/**
 * One commit's signature against the router's trust roots: which key signed, is it trusted for
 * git now (at the router's clock, never at the commit's own date, which the signer wrote), is
 * the commit well-formed with a real committer time, is it a forge key the operator chose to
 * trust. Throws `Stalled` with a CamelCase code and a sentence naming the commit, the key and
 * the trust file: Unsigned, UnknownSigner, BadSignature, WrongNamespace, WeakSignature,
 * UnsupportedKeyType, UnsupportedSignature, MalformedSignature, SignatureExpired,
 * SignatureNotYetValid, KeyRevoked, MalformedCommit, BadCommitTime, CommitInFuture,
 * ForgeNotTrusted.
 */
import { type ErrorCode, Stalled } from '../../model/errors.js';
import { findSigner, matchPatternList } from './allowed-signers.js';
import { checkCommit } from './commit-checks.js';
import { printable } from '../printable.js';
import { isPgpArmor, verifyOpenPgp } from './openpgp-verify.js';
import type { SignedCommit } from './signed-commit.js';
import { isSshArmor, parseSshSignature, verifySshSignature } from './sshsig.js';
import type { TrustRoots } from './trust-roots.js';

export interface Signer {
  readonly format: 'ssh' | 'openpgp';
  /** `SHA256:…` (SSH) or the OpenPGP primary key fingerprint (hex, upper case). */
  readonly fingerprint: string;
  /** SSH principals or OpenPGP user IDs. */
  readonly identities: readonly string[];
  /** Where the key is trusted: `file:line` (SSH) or the key file (OpenPGP). */
  readonly trustedBy: string;
  /** Signed by a forge key listed in `forgeSigners`. */
  readonly forge: boolean;
}

export interface SignatureOptions {
  /** Principals, user IDs, e-mail addresses or fingerprints of forge keys the operator trusts. */
  readonly forgeSigners?: readonly string[];
  /** The router's clock: SSH validity windows, OpenPGP expiry and revocation, commits from the future. */
  readonly now: Date;
  /** How far the committer time may be ahead of `now`. Default 24 h (commit-checks.ts). */
  readonly maxAheadSeconds?: number;
}

/** E-mail addresses forges sign their web-UI commits as (GitHub's web-flow key uses this one). */
export const FORGE_EMAILS: readonly string[] = ['noreply@github.com'];

const short = (oid: string): string => oid.slice(0, 7);
const emailOf = (identity: string): string => (/<([^>]+)>/.exec(identity)?.[1] ?? identity).toLowerCase();

export async function verifySignature(commit: SignedCommit, roots: TrustRoots, opts: SignatureOptions): Promise<Signer> {
  const refuse = (code: ErrorCode, text: string, data: Record<string, unknown> = {}) =>
    new Stalled(code, `commit ${short(commit.oid)} ${text}`, { commit: commit.oid, ...data });
  const sig = commit.signature;
  if (sig === undefined) throw refuse('Unsigned', 'is not signed', {});

  let signer: Omit<Signer, 'forge'>;
  if (isSshArmor(sig)) {
    if (!roots.ssh) throw refuse('UnknownSigner', 'has an SSH signature but no allowed-signers file is configured (trust.allowedSigners)');
    let parsed;
    try {
      parsed = parseSshSignature(sig);
    } catch (e) {
      throw refuse('MalformedSignature', `has an unreadable SSH signature: ${(e as Error).message}`);
    }
    const v = verifySshSignature(parsed, commit.payload, 'git');
    if (!v.ok) throw refuse(v.code, `has a signature by ${v.fingerprint ?? 'an unreadable key'} that is refused: ${v.reason}`, { fingerprint: v.fingerprint });
    const found = findSigner(roots.ssh, v.key, 'git', Math.floor(opts.now.getTime() / 1000));
    if (!found.ok) throw refuse(found.code, `is signed by ${v.key.fingerprint} (${v.key.type}) ${found.reason}`, { fingerprint: v.key.fingerprint, file: roots.ssh.file });
    signer = { format: 'ssh', fingerprint: v.key.fingerprint, identities: found.signer.principals.split(','),
      trustedBy: `${roots.ssh.file}:${found.signer.line}` };
  } else if (isPgpArmor(sig)) {
    if (!roots.openpgp) throw refuse('UnknownSigner', 'has an OpenPGP signature but no OpenPGP keys are configured (trust.openpgpKeys)');
    const v = await verifyOpenPgp(sig, commit.payload, roots.openpgp, opts.now);
    if (!v.ok) throw refuse(v.code, `is signed by ${v.fingerprint ?? 'an unknown key'} ${v.reason}`, { fingerprint: v.fingerprint, file: roots.openpgp.source });
    signer = { format: 'openpgp', fingerprint: v.fingerprint, identities: v.userIds, trustedBy: v.file };
  } else {
    throw refuse('UnsupportedSignature', `has a signature dlan cannot verify (only SSH and OpenPGP signatures are supported: ${printable(sig.split('\n')[0]!)})`);
  }
  // After the signature: a stranger's commit is refused for who signed it, whatever its header says.
  checkCommit(commit, opts.now, opts.maxAheadSeconds);
  return { ...signer, forge: forgeDecision(signer, opts.forgeSigners ?? [], refuse) };
}

/** True when listed as a forge signer; throws ForgeNotTrusted for a known forge key that is not listed. */
function forgeDecision(signer: Omit<Signer, 'forge'>, listed: readonly string[],
  refuse: (code: ErrorCode, text: string, data?: Record<string, unknown>) => Stalled): boolean {
  const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  const wanted = new Set(listed.map(norm));
  const names = [signer.fingerprint, ...signer.identities, ...signer.identities.map(emailOf)];
  if (names.some((n) => wanted.has(norm(n)))) return true;
  const known = signer.identities.find((id) => FORGE_EMAILS.some((f) => matchPatternList(f, emailOf(id)) || emailOf(id) === f));
  if (known) {
    throw refuse('ForgeNotTrusted', `is signed by the forge key ${signer.fingerprint} (${known}): a forge signs whatever anyone allowed to merge `
      + 'in its web UI merges. To accept web-UI merges, list this key in trust.forgeSigners (see docs/signing.md)',
    { fingerprint: signer.fingerprint, identity: known });
  }
  return false;
}
