import { generateKeyPairSync } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type Command, flag, jsonOption, printJson, str } from '../command.js';
import { Stalled } from '../../model/errors.js';

/** A WireGuard key pair (X25519), both halves base64 as `wg` prints them. */
export function wireguardKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const b64 = (s: string | undefined) => Buffer.from(s!, 'base64url').toString('base64');
  return { privateKey: b64(privateKey.export({ format: 'jwk' }).d), publicKey: b64(publicKey.export({ format: 'jwk' }).x) };
}

/** Stalled: a key file is there and replacing it would change the router's public key. */
export class KeyExistsError extends Stalled {
  constructor(readonly path: string) {
    super('KeyExists', `${path} already exists; keeping it (pass --force to replace it, which changes this router's public key)`);
  }
}

export const keygen: Command = {
  name: 'keygen',
  summary: "Make this router's WireGuard key pair: the private key goes to a file (mode 0600) and is never printed; the public key is printed.",
  details: 'Put the printed public key in routers/<name>.yaml (publicKey) by pull request.',
  options: {
    out: { type: 'string', short: 'o', value: 'FILE', description: 'Where to write the private key.', default: '/etc/dlan/wireguard.key' },
    force: { type: 'boolean', description: 'Replace an existing key file.' },
    json: jsonOption,
  },
  async run(args, io) {
    const path = resolve(io.cwd, str(args, 'out') ?? '/etc/dlan/wireguard.key');
    const { privateKey, publicKey } = wireguardKeyPair();
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // 'wx' refuses to follow or replace an existing file; the mode applies at creation, so the
    // key is never readable by others, not even for an instant.
    let fh;
    try {
      fh = await open(path, flag(args, 'force') ? 'w' : 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new KeyExistsError(path);
      throw e;
    }
    try {
      await fh.chmod(0o600);
      await fh.writeFile(`${privateKey}\n`);
    } finally {
      await fh.close();
    }
    if (flag(args, 'json')) printJson(io, { publicKey, privateKeyFile: path });
    else io.stdout(`${publicKey}\n`);
    return 0;
  },
};
