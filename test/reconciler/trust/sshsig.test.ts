import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createPrivateKey, sign } from 'node:crypto';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSshSignature, signedData, verifySshSignature } from '../../../reconciler/trust/sshsig.js';
import { wireString } from '../../../reconciler/trust/ssh-wire.js';
import { removeDir, run, sshKey, type SshKey, tempDir } from '../../support/signed-repo.js';

const ctx = {} as { dir: string; keys: Record<string, SshKey> };
const message = Buffer.from('tree 0123\ncommitter A <a> 1 +0000\n\nhello\n');

async function sshSign(key: SshKey, namespace: string, data: Buffer = message): Promise<string> {
  const file = join(ctx.dir, `msg-${Math.random().toString(36).slice(2)}`);
  await writeFile(file, data);
  await run('ssh-keygen', ['-q', '-Y', 'sign', '-n', namespace, '-f', key.path, file]);
  return readFile(`${file}.sig`, 'utf8');
}

/** An SSHSIG blob made by hand, for algorithms ssh-keygen no longer produces. */
function armor(publicLine: string, algorithm: string, sigBytes: Buffer, hashAlgorithm = 'sha512', namespace = 'git'): string {
  const pub = Buffer.from(publicLine.split(' ')[1]!, 'base64');
  const version = Buffer.alloc(4);
  version.writeUInt32BE(1);
  const blob = Buffer.concat([Buffer.from('SSHSIG'), version, wireString(pub), wireString(namespace), wireString(''),
    wireString(hashAlgorithm), wireString(Buffer.concat([wireString(algorithm), wireString(sigBytes)]))]);
  return `-----BEGIN SSH SIGNATURE-----\n${blob.toString('base64').replace(/.{70}/g, '$&\n')}\n-----END SSH SIGNATURE-----\n`;
}

const verify = suite('verifySshSignature');
verify.before(async () => {
  ctx.dir = await tempDir('sshsig');
  ctx.keys = {
    ed25519: await sshKey(ctx.dir, 'ed25519'),
    ecdsa: await sshKey(ctx.dir, 'ecdsa'),
    rsa: await sshKey(ctx.dir, 'rsa'),
  };
});
verify.after(async () => { await removeDir(ctx.dir); });

for (const type of ['ed25519', 'ecdsa', 'rsa'] as const) {
  verify(`${type}: a signature by ssh-keygen -Y sign -n git verifies, with the key's fingerprint`, async () => {
    const key = ctx.keys[type]!;
    const sig = parseSshSignature(await sshSign(key, 'git'));
    if (type === 'rsa') assert.is(sig.algorithm, 'rsa-sha2-512');
    const v = verifySshSignature(sig, message, 'git');
    assert.ok(v.ok, JSON.stringify(v));
    if (v.ok) assert.is(v.key.fingerprint, key.fingerprint);
  });
  verify(`${type}: one changed byte makes it a BadSignature`, async () => {
    const sig = parseSshSignature(await sshSign(ctx.keys[type]!, 'git'));
    const v = verifySshSignature(sig, Buffer.concat([message, Buffer.from(' ')]), 'git');
    assert.equal(v.ok ? 'ok' : v.code, 'BadSignature');
  });
}

verify('ecdsa nistp384 works too', async () => {
  const path = join(ctx.dir, 'id_p384');
  await run('ssh-keygen', ['-q', '-t', 'ecdsa', '-b', '384', '-N', '', '-f', path]);
  const key = { ...ctx.keys.ecdsa!, path };
  assert.ok(verifySshSignature(parseSshSignature(await sshSign(key, 'git')), message, 'git').ok);
});

verify('a signature for another namespace is refused: WrongNamespace', async () => {
  const v = verifySshSignature(parseSshSignature(await sshSign(ctx.keys.ed25519!, 'file')), message, 'git');
  assert.equal(v.ok ? 'ok' : [v.code, v.fingerprint], ['WrongNamespace', ctx.keys.ed25519!.fingerprint]);
});

verify('ssh-rsa (SHA-1) is refused even when mathematically valid; rsa-sha2-256 is accepted', async () => {
  const pem = join(ctx.dir, 'rsa.pem');
  await copyFile(ctx.keys.rsa!.path, pem);
  await run('ssh-keygen', ['-q', '-p', '-m', 'PEM', '-N', '', '-P', '', '-f', pem]);
  const priv = createPrivateKey(await readFile(pem, 'utf8'));
  const data = signedData('git', 'sha512', message);
  const sha1 = parseSshSignature(armor(ctx.keys.rsa!.publicLine, 'ssh-rsa', sign('sha1', data, priv)));
  const v1 = verifySshSignature(sha1, message, 'git');
  assert.equal(v1.ok ? 'ok' : v1.code, 'WeakSignature');
  const sha256 = parseSshSignature(armor(ctx.keys.rsa!.publicLine, 'rsa-sha2-256', sign('sha256', data, priv)));
  assert.ok(verifySshSignature(sha256, message, 'git').ok);
});

verify('a signature algorithm that does not belong to the key is a BadSignature', async () => {
  const real = parseSshSignature(await sshSign(ctx.keys.ed25519!, 'git'));
  const forged = parseSshSignature(armor(ctx.keys.ed25519!.publicLine, 'rsa-sha2-512', real.signature));
  const v = verifySshSignature(forged, message, 'git');
  assert.equal(v.ok ? 'ok' : v.code, 'BadSignature');
});

verify('a hash algorithm other than sha256/sha512 is refused', async () => {
  const real = parseSshSignature(await sshSign(ctx.keys.ed25519!, 'git'));
  const v = verifySshSignature({ ...real, hashAlgorithm: 'sha1' }, message, 'git');
  assert.equal(v.ok ? 'ok' : v.code, 'WeakSignature');
});

verify('a valid signature by an RSA key under 2048 bits is a WeakSignature naming the key and its size', async () => {
  const small = await sshKey(ctx.dir, 'rsa', 'rsa1024', 1024);
  const v = verifySshSignature(parseSshSignature(await sshSign(small, 'git')), message, 'git');
  assert.equal(v.ok ? 'ok' : [v.code, v.fingerprint], ['WeakSignature', small.fingerprint]);
  if (!v.ok) assert.match(v.reason, 'the ssh-rsa key has 1024 bits; dlan requires at least 2048');
});

verify('text from the signature is escaped in the reason (namespace, algorithm)', async () => {
  const real = parseSshSignature(await sshSign(ctx.keys.ed25519!, 'git'));
  const v = verifySshSignature({ ...real, namespace: 'git\u001b[31m' }, message, 'git');
  assert.equal(v.ok ? 'ok' : v.code, 'WrongNamespace');
  if (!v.ok) assert.match(v.reason, 'namespace "git\\x1b[31m"');
});

verify('garbage armor throws while parsing', () => {
  assert.throws(() => parseSshSignature('-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----'));
  assert.throws(() => parseSshSignature('not a signature'));
});
verify.run();
