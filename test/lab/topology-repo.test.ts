import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wireguardKeyPair } from '../../cli/commands/keygen.js';
import { labPaths } from '../../lab/paths.js';
import { git, makeSigningKey, renderAllowedSigners, withPublicKey, writeTopologyRepo } from '../../lab/topology-repo.js';
import { run } from '../../lab/run.js';
import { loadTopology } from '../../model/load.js';
import { readTopologyDir } from '../../reconciler/source/read-dir.js';
import { sampleRepo } from '../support/paths.js';

const replace = suite('withPublicKey');
replace('replaces the key line and keeps everything else', () => {
  const text = '# yaml-language-server: $schema=x\nid: 1\npublicKey: OLD=\nsite: home # comment\n';
  assert.is(withPublicKey(text, 'NEW=', 'routers/r1.yaml'), '# yaml-language-server: $schema=x\nid: 1\npublicKey: NEW=\nsite: home # comment\n');
});
replace('a file without a publicKey line is an InvalidLab error', () => {
  try {
    withPublicKey('id: 1\n', 'NEW=', 'routers/r1.yaml');
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code?: string }).code, 'InvalidLab');
  }
});
replace('allowed_signers trusts the key for git signatures only', () => {
  assert.is(renderAllowedSigners('ssh-ed25519 AAAAC3 dlan-lab\n'), 'lab@dlan.invalid namespaces="git" ssh-ed25519 AAAAC3 dlan-lab\n');
});
replace.run();

const repo = suite('writeTopologyRepo');
let root = '';
repo.before(async () => { root = await mkdtemp(join(tmpdir(), 'dlan-labrepo-')); });
repo.after(async () => { await rm(root, { recursive: true, force: true }); });
repo('writes a valid topology with the new keys, signed so that the lab signer verifies, and a bare origin', async () => {
  const paths = labPaths('t', root);
  await makeSigningKey(paths);
  const keys = Object.fromEntries(['r1', 'r2', 'r3', 'r4', 'r5'].map((r) => [r, wireguardKeyPair().publicKey]));
  const commit = await writeTopologyRepo(paths, sampleRepo, keys);
  const loaded = loadTopology(await readTopologyDir(paths.topology));
  assert.ok(loaded.topology, JSON.stringify(loaded.diagnostics));
  for (const r of loaded.topology!.routers) assert.is(r.publicKey, keys[r.name]);
  const verify = await git(paths, ['verify-commit', 'HEAD']);
  assert.match(verify.stderr, 'Good "git" signature for lab@dlan.invalid');
  const bare = await run('git', ['--git-dir', paths.bareRepo, 'rev-parse', 'main']);
  assert.is(bare.stdout.trim(), commit);
  assert.match(await readFile(join(paths.topology, 'lab.yaml'), 'utf8'), 'homeRouters');
  // An unsigned commit is possible on purpose (tests of refusal) and does not verify.
  await run('git', ['-C', paths.topology, '-c', 'commit.gpgsign=false', 'commit', '-q', '--allow-empty', '-m', 'unsigned']);
  assert.is((await git(paths, ['verify-commit', 'HEAD']).then(() => 0, (e: { data: { code: number } }) => e.data.code)), 1);
});
repo.run();
