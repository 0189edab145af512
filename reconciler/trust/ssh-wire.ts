/**
 * SSH wire encoding (RFC 4251 §5: uint32, string, mpint) and SSH public key blobs (RFC 4253
 * §6.6, RFC 5656 §3.1, RFC 8709) turned into node:crypto keys. Pure.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { Stalled } from '../../model/errors.js';
import { printable } from '../printable.js';

export class WireReader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  u32(): number {
    if (this.pos + 4 > this.buf.length) throw new WireError('truncated uint32');
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  bytes(n: number): Buffer {
    if (this.pos + n > this.buf.length) throw new WireError('truncated field');
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  string(): Buffer {
    return this.bytes(this.u32());
  }

  text(): string {
    return this.string().toString('utf8');
  }

  /** An mpint without its sign byte (we only read positive ones). */
  mpint(): Buffer {
    const v = this.string();
    let i = 0;
    while (i < v.length - 1 && v[i] === 0) i++;
    return v.subarray(i);
  }

  get done(): boolean {
    return this.pos === this.buf.length;
  }
}

/** Stalled: a key or signature blob that is not SSH wire format (the commit or trust file must change). */
export class WireError extends Stalled {
  constructor(message: string) {
    super('MalformedKey', message);
  }
}

export function wireString(data: Buffer | string): Buffer {
  const b = typeof data === 'string' ? Buffer.from(data) : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

export type SshKeyType = 'ssh-ed25519' | 'ecdsa-sha2-nistp256' | 'ecdsa-sha2-nistp384' | 'ecdsa-sha2-nistp521' | 'ssh-rsa';

export interface SshPublicKey {
  readonly type: SshKeyType;
  readonly blob: Buffer;
  readonly key: KeyObject;
  /** `SHA256:<base64 without padding>`, as `ssh-keygen -l` prints it. */
  readonly fingerprint: string;
}

const CURVES: Record<string, { name: string; crv: string; size: number }> = {
  'ecdsa-sha2-nistp256': { name: 'nistp256', crv: 'P-256', size: 32 },
  'ecdsa-sha2-nistp384': { name: 'nistp384', crv: 'P-384', size: 48 },
  'ecdsa-sha2-nistp521': { name: 'nistp521', crv: 'P-521', size: 66 },
};

export const curveOf = (type: string): { name: string; crv: string; size: number } | undefined => CURVES[type];

export const sshFingerprint = (blob: Buffer): string => `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;

const b64url = (b: Buffer): string => b.toString('base64url');

/** Parses a public key blob; throws `UnsupportedKey` (with the type) for anything else. */
export function parsePublicKey(blob: Buffer): SshPublicKey {
  const r = new WireReader(blob);
  const type = r.text();
  let key: KeyObject;
  if (type === 'ssh-ed25519') {
    const pk = r.string();
    if (pk.length !== 32) throw new WireError('ed25519 key is not 32 bytes');
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(pk) }, format: 'jwk' });
  } else if (CURVES[type]) {
    const c = CURVES[type]!;
    if (r.text() !== c.name) throw new WireError(`${type} key names another curve`);
    const q = r.string();
    if (q.length !== 1 + 2 * c.size || q[0] !== 4) throw new WireError(`${type} point is not uncompressed`);
    key = createPublicKey({
      key: { kty: 'EC', crv: c.crv, x: b64url(q.subarray(1, 1 + c.size)), y: b64url(q.subarray(1 + c.size)) }, format: 'jwk',
    });
  } else if (type === 'ssh-rsa') {
    const e = r.mpint();
    const n = r.mpint();
    const bits = bitLength(n);
    if (bits < RSA_MIN_BITS) throw new WeakKey(bits);
    if (bits > RSA_MAX_BITS) throw new WireError(`ssh-rsa key of ${bits} bits is larger than OpenSSH accepts (${RSA_MAX_BITS})`);
    key = createPublicKey({ key: { kty: 'RSA', n: b64url(n), e: b64url(e) }, format: 'jwk' });
  } else {
    throw new UnsupportedKey(type);
  }
  if (!r.done) throw new WireError(`${type} key has trailing bytes`);
  return { type: type as SshKeyType, blob, key, fingerprint: sshFingerprint(blob) };
}

/**
 * RSA keys under 2048 bits are refused. OpenSSH's floor is 1024 (SSH_RSA_MINIMUM_MODULUS_SIZE);
 * dlan's is NIST SP 800-131A's since 2014 for new signatures: 1024-bit RSA gives about 80 bits
 * of security, within reach of a well-funded attacker (829-bit RSA-250 was factored in 2020),
 * and a router's trust in a key outlives many commits. ssh-keygen has made 3072-bit keys by
 * default since OpenSSH 8.0. The ceiling is OpenSSH's (SSHBUF_MAX_BIGNUM): a larger modulus is
 * only a way to make verification slow.
 */
export const RSA_MIN_BITS = 2048;
export const RSA_MAX_BITS = 16384;

const bitLength = (n: Buffer): number => (n.length === 0 ? 0 : (n.length - 1) * 8 + (32 - Math.clz32(n[0]!)));

/** Stalled: an RSA key too small to trust (the trust file or the commit must change). */
export class WeakKey extends Stalled {
  constructor(readonly bits: number) {
    super('WeakKey', `the ssh-rsa key has ${bits} bits; dlan requires at least ${RSA_MIN_BITS} (make a new key: ssh-keygen -t ed25519)`, { bits });
  }
}

/** Stalled: a key type dlan does not verify. */
export class UnsupportedKey extends Stalled {
  constructor(readonly type: string) {
    super('UnsupportedKey', `${printable(type)} keys are not supported (use ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa with rsa-sha2-256/512 signatures)`, { type: printable(type) });
  }
}
