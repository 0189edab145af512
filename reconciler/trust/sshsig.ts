/**
 * SSH signatures as git makes them with `gpg.format=ssh` (`ssh-keygen -Y sign -n git`), in the
 * SSHSIG format of OpenSSH's PROTOCOL.sshsig, verified with node:crypto. Pure.
 *
 *   blob   = "SSHSIG" uint32(1) string(publickey) string(namespace) string(reserved)
 *            string(hash_algorithm) string(signature)
 *   signed = "SSHSIG" string(namespace) string(reserved) string(hash_algorithm) string(H(message))
 *
 * Rules that matter: the namespace must be the one asked for (`git`), so a signature made for
 * another purpose (`file`, `email`) cannot be replayed onto a commit; hash_algorithm is sha256 or
 * sha512; RSA signatures must be rsa-sha2-256 or rsa-sha2-512 (`ssh-rsa` means SHA-1: refused)
 * and RSA keys at least 2048 bits (ssh-wire.ts); the signature algorithm must belong to the
 * key's type. Text from the signature (namespace, algorithms) is escaped in reasons.
 */
import { createHash, verify } from 'node:crypto';
import { printable } from '../printable.js';
import { curveOf, parsePublicKey, type SshPublicKey, sshFingerprint, UnsupportedKey, WeakKey, WireError, WireReader, wireString } from './ssh-wire.js';

export interface SshSignature {
  readonly publicKey: Buffer;
  readonly namespace: string;
  readonly hashAlgorithm: string;
  /** Signature algorithm: ssh-ed25519, ecdsa-sha2-nistp256, rsa-sha2-512… */
  readonly algorithm: string;
  readonly signature: Buffer;
}

export type SshsigFailure = 'MalformedSignature' | 'WrongNamespace' | 'WeakSignature' | 'UnsupportedKeyType' | 'BadSignature';

export type SshsigVerdict =
  | { readonly ok: true; readonly key: SshPublicKey }
  | { readonly ok: false; readonly code: SshsigFailure; readonly reason: string; readonly fingerprint?: string };

const MAGIC = Buffer.from('SSHSIG');
const ARMOR = /^-----BEGIN SSH SIGNATURE-----\r?\n([\s\S]*?)\r?\n-----END SSH SIGNATURE-----\s*$/;

export const isSshArmor = (text: string): boolean => text.trimStart().startsWith('-----BEGIN SSH SIGNATURE-----');

/** Throws `WireError` when the text is not an SSHSIG blob. */
export function parseSshSignature(armored: string): SshSignature {
  const m = ARMOR.exec(armored.trim());
  if (!m) throw new WireError('no SSH SIGNATURE armor');
  const blob = Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
  if (!blob.subarray(0, 6).equals(MAGIC)) throw new WireError('missing SSHSIG preamble');
  const r = new WireReader(blob.subarray(6));
  const version = r.u32();
  if (version !== 1) throw new WireError(`SSHSIG version ${version}`);
  const publicKey = Buffer.from(r.string());
  const namespace = r.text();
  r.string(); // reserved
  const hashAlgorithm = r.text();
  const inner = new WireReader(r.string());
  if (!r.done) throw new WireError('trailing bytes after the signature');
  const algorithm = inner.text();
  const signature = Buffer.from(inner.string());
  return { publicKey, namespace, hashAlgorithm, algorithm, signature };
}

/** The bytes the signer signed (PROTOCOL.sshsig, "Signed Data"). */
export function signedData(namespace: string, hashAlgorithm: string, message: Uint8Array): Buffer {
  const digest = createHash(hashAlgorithm).update(message).digest();
  return Buffer.concat([MAGIC, wireString(namespace), wireString(''), wireString(hashAlgorithm), wireString(digest)]);
}

export function verifySshSignature(sig: SshSignature, message: Uint8Array, namespace: string): SshsigVerdict {
  let key: SshPublicKey;
  try {
    key = parsePublicKey(sig.publicKey);
  } catch (e) {
    if (e instanceof UnsupportedKey) return { ok: false, code: 'UnsupportedKeyType', reason: e.message };
    if (e instanceof WeakKey) return { ok: false, code: 'WeakSignature', reason: e.message, fingerprint: sshFingerprint(sig.publicKey) };
    return { ok: false, code: 'MalformedSignature', reason: `the signing key cannot be read: ${(e as Error).message}` };
  }
  const fail = (code: SshsigFailure, reason: string): SshsigVerdict => ({ ok: false, code, reason, fingerprint: key.fingerprint });
  if (sig.namespace !== namespace) {
    return fail('WrongNamespace', `the signature was made for namespace "${printable(sig.namespace)}", not "${namespace}"`);
  }
  if (sig.hashAlgorithm !== 'sha256' && sig.hashAlgorithm !== 'sha512') {
    return fail('WeakSignature', `hash algorithm ${printable(sig.hashAlgorithm)} is not allowed (sha256 or sha512)`);
  }
  const data = signedData(sig.namespace, sig.hashAlgorithm, message);
  let outcome: boolean | SshsigVerdict;
  try {
    outcome = check(key, sig, data, fail);
  } catch (e) {
    return fail('BadSignature', `the signature cannot be checked: ${(e as Error).message}`);
  }
  if (typeof outcome !== 'boolean') return outcome;
  return outcome ? { ok: true, key } : fail('BadSignature', 'the signature does not match the signed content');
}

type Fail = (c: SshsigFailure, r: string) => SshsigVerdict;

/** Whether the signature is valid, or a failure for an algorithm that does not fit the key. */
function check(key: SshPublicKey, sig: SshSignature, data: Buffer, fail: Fail): boolean | SshsigVerdict {
  const mismatch = fail('BadSignature', `a ${printable(sig.algorithm)} signature cannot come from a ${key.type} key`);
  if (key.type === 'ssh-ed25519') {
    return sig.algorithm === 'ssh-ed25519' ? verify(null, data, key.key, sig.signature) : mismatch;
  }
  const curve = curveOf(key.type);
  if (curve) {
    if (sig.algorithm !== key.type) return mismatch;
    const rs = new WireReader(sig.signature);
    const r = rs.mpint();
    const s = rs.mpint();
    if (r.length > curve.size || s.length > curve.size) return fail('MalformedSignature', 'ECDSA signature values are too long');
    const p1363 = Buffer.concat([Buffer.alloc(curve.size - r.length), r, Buffer.alloc(curve.size - s.length), s]);
    const hash = curve.size === 32 ? 'sha256' : curve.size === 48 ? 'sha384' : 'sha512';
    return verify(hash, data, { key: key.key, dsaEncoding: 'ieee-p1363' }, p1363);
  }
  // ssh-rsa keys
  if (sig.algorithm === 'ssh-rsa') return fail('WeakSignature', 'ssh-rsa signatures use SHA-1, which is refused; sign with rsa-sha2-512');
  const hash = sig.algorithm === 'rsa-sha2-256' ? 'sha256' : sig.algorithm === 'rsa-sha2-512' ? 'sha512' : undefined;
  return hash ? verify(hash, data, key.key, sig.signature) : mismatch;
}
