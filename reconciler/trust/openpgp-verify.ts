/**
 * OpenPGP commit signatures (git's default `gpg.format=openpgp`): a detached signature over the
 * commit payload, checked with the `openpgp` package against the router's trusted public keys.
 *
 * Key validity is judged at `now` (the router's clock, an input): a key that is expired or
 * revoked today no longer signs anything new for this router, whatever creation date the
 * signature claims (the signer chooses that date). The signature itself is checked by openpgp
 * at its own creation time, so a clock that lags the signer's does not refuse a fresh commit.
 */
import type * as openpgp from 'openpgp';

/** openpgp is loaded on first use (~17 MB of resident memory a router that trusts only SSH keys never needs). */
export const loadOpenPgp = (): Promise<typeof openpgp> => import('openpgp');

export interface TrustedPgpKey {
  readonly key: openpgp.PublicKey;
  readonly file: string;
}

export interface OpenPgpKeyring {
  /** The file or directory the keys come from, for messages. */
  readonly source: string;
  readonly keys: readonly TrustedPgpKey[];
}

export type PgpFailure = 'MalformedSignature' | 'UnknownSigner' | 'SignatureExpired' | 'KeyRevoked' | 'BadSignature';

export type PgpVerdict =
  | { readonly ok: true; readonly fingerprint: string; readonly userIds: readonly string[]; readonly file: string }
  | { readonly ok: false; readonly code: PgpFailure; readonly reason: string; readonly fingerprint?: string };

export const isPgpArmor = (text: string): boolean => text.trimStart().startsWith('-----BEGIN PGP SIGNATURE-----');

export async function verifyOpenPgp(armoredSignature: string, payload: Uint8Array, keyring: OpenPgpKeyring, now: Date): Promise<PgpVerdict> {
  const pgp = await loadOpenPgp();
  let signature: openpgp.Signature;
  try {
    signature = await pgp.readSignature({ armoredSignature });
  } catch (e) {
    return { ok: false, code: 'MalformedSignature', reason: `the OpenPGP signature cannot be read: ${(e as Error).message}` };
  }
  const packet = signature.packets[0];
  const keyIds = signature.getSigningKeyIDs();
  const issuerFpr = packet?.issuerFingerprint ? Buffer.from(packet.issuerFingerprint).toString('hex').toUpperCase() : undefined;
  const claimed = issuerFpr ?? keyIds.map((k) => k.toHex().toUpperCase()).join(', ');
  const match = keyring.keys
    .map((k) => ({ ...k, keyId: keyIds.find((id) => k.key.getKeys(id).length > 0) }))
    .find((k) => k.keyId !== undefined);
  if (!match || !match.keyId) return { ok: false, code: 'UnknownSigner', reason: `which is not in ${keyring.source}`, fingerprint: claimed };

  const fingerprint = match.key.getFingerprint().toUpperCase();
  const fail = (code: PgpFailure, reason: string): PgpVerdict => ({ ok: false, code, reason, fingerprint });
  if (await match.key.isRevoked(undefined, undefined, now)) return fail('KeyRevoked', `whose key is revoked (${match.file})`);
  const expires = await match.key.getExpirationTime();
  if (expires instanceof Date && expires.getTime() <= now.getTime()) {
    return fail('SignatureExpired', `whose key expired on ${expires.toISOString()} (${match.file})`);
  }
  try {
    await match.key.getSigningKey(match.keyId, now);
  } catch (e) {
    const msg = (e as Error).message;
    return /revoked/i.test(msg) ? fail('KeyRevoked', `whose signing subkey is revoked (${match.file})`)
      : /expired/i.test(msg) ? fail('SignatureExpired', `whose signing subkey has expired (${match.file})`)
        : fail('BadSignature', `whose key cannot sign: ${msg}`);
  }
  try {
    const message = await pgp.createMessage({ binary: payload });
    const date = packet?.created ?? now;
    const res = await pgp.verify({ message, signature, verificationKeys: [match.key], date, expectSigned: true });
    await res.signatures[0]?.verified;
  } catch (e) {
    const msg = (e as Error).message.replace(/^Error verifying signed message: /, '');
    return fail('BadSignature', /digest did not match/i.test(msg) ? 'but the signature does not match the commit content' : `but the signature is not valid: ${msg}`);
  }
  return { ok: true, fingerprint, userIds: match.key.getUserIDs(), file: match.file };
}
