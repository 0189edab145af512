import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands, loadCommands } from '../../cli/commands/index.js';
import { VERSION } from '../../cli/version.js';
import { dlan } from '../support/cli.js';
import { repoRoot, sampleRepo } from '../support/paths.js';

const validate = suite('dlan validate');
validate('exits 0 on the sample', async () => {
  const r = await dlan(['validate', sampleRepo]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'valid: 5 routers, 3 services, 8 peerings');
});
validate('exits 1 and names file, line and field on a broken copy', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dlan-validate-'));
  try {
    await cp(sampleRepo, dir, { recursive: true });
    const f = join(dir, 'routers', 'r2.yaml');
    await writeFile(f, (await readFile(f, 'utf8')).replace('10.2.0.100-10.2.0.199', '10.2.0.100-10.7.0.1'));
    const r = await dlan(['validate', dir]);
    assert.is(r.code, 1);
    assert.match(r.stderr, 'routers/r2.yaml:12:18: lan.dhcp.range: 10.2.0.100-10.7.0.1 is not inside the LAN 10.2.0.0/24');
    const j = await dlan(['validate', dir, '--json']);
    assert.is(j.code, 1);
    const out = JSON.parse(j.stdout);
    assert.is(out.valid, false);
    assert.equal(out.diagnostics.map((d: { code: string; line: number }) => [d.code, d.line]), [['DhcpRangeOutsideLan', 12]]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
validate('exits 2 on a usage error', async () => {
  const r = await dlan(['validate', '--no-such-flag']);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'Usage: dlan validate');
});
validate.run();

const help = suite('--help');
help('every command has --help, and every data command has --json', async () => {
  for (const c of commands) {
    const r = await dlan([c.name, '--help']);
    assert.is(r.code, 0, `${c.name} --help`);
    assert.match(r.stdout, `Usage: dlan ${c.name}`);
  }
  const dataCommands = (await loadCommands()).filter((c) => !['demo', 'lab', 'agent'].includes(c.name));
  for (const c of dataCommands) assert.ok('json' in c.options, `${c.name} has no --json`);
});
help("the table's names and titles are the commands' own (dlan --help lists them without loading any)", async () => {
  const loaded = await loadCommands();
  assert.equal(loaded.map((c) => c.name), commands.map((c) => c.name));
  for (const [i, c] of loaded.entries()) assert.is(commands[i]!.title, c.summary.split('. ')[0]!.replace(/\.$/, ''), c.name);
  const r = await dlan(['--help']);
  const lines = r.stdout.split('\n');
  for (const c of commands) assert.ok(lines.some((l) => l.startsWith(`  ${c.name} `) && l.endsWith(`  ${c.title}`)), c.name);
});
help('--version prints the version of package.json', async () => {
  const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  assert.is(VERSION, pkg.version);
  assert.is((await dlan(['--version'])).stdout, `dlan ${pkg.version}\n`);
});
help('no command prints help and exits 2; an unknown one too', async () => {
  assert.is((await dlan([])).code, 2);
  assert.is((await dlan(['frobnicate'])).code, 2);
});
help.run();

const inspect = suite('dlan inspect');
inspect('shows peers, VNIs and forwards as a table, and the same as JSON', async () => {
  const r = await dlan(['inspect', sampleRepo, '--router', 'r4']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /r5\s+public\s+198\.51\.100\.5:51820\s+dl5\s+16389/);
  assert.match(r.stdout, /web\s+443\/tcp\s+8443\s+yes\s+s1 \(10\.1\.0\.10\)/);
  const j = JSON.parse((await dlan(['inspect', sampleRepo, '--router', 'r4', '--json'])).stdout);
  assert.is(j.peers.find((p: { name: string }) => p.name === 'r5').vni, 16389);
  assert.is(j.listenPort, 51820);
});
inspect('an unknown router exits 1 with the known ones', async () => {
  const r = await dlan(['inspect', sampleRepo, '--router', 'r9']);
  assert.is(r.code, 1);
  assert.match(r.stderr, 'router r9 is not in the topology (routers: r1, r2, r3, r4, r5)');
});
inspect.run();

const init = suite('dlan init');
init('scaffolds a repo that validates, and refuses a non-empty directory', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dlan-init-'));
  try {
    const target = join(dir, 'net');
    assert.is((await dlan(['init', target])).code, 0);
    const v = await dlan(['validate', target]);
    assert.is(v.code, 0, v.stdout + v.stderr);
    assert.match(await readFile(join(target, 'routers', 'r1.yaml'), 'utf8'), '# yaml-language-server: $schema=../.dlan/schema/router.schema.json');
    await stat(join(target, '.dlan', 'schema', 'router.schema.json'));
    assert.is((await dlan(['init', target])).code, 2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
init.run();

const keygen = suite('dlan keygen');
keygen('writes the private key 0600, prints only the matching public key, never overwrites', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dlan-keygen-'));
  try {
    const file = join(dir, 'etc', 'wireguard.key');
    const r = await dlan(['keygen', '--out', file]);
    assert.is(r.code, 0, r.stderr);
    const priv = (await readFile(file, 'utf8')).trim();
    assert.is((await stat(file)).mode & 0o777, 0o600);
    assert.not.match(r.stdout + r.stderr, priv);
    const pub = r.stdout.trim();
    assert.match(pub, /^[A-Za-z0-9+/]{43}=$/);
    // The public key must be X25519(private): derive it independently from the file.
    const der = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), Buffer.from(priv, 'base64')]);
    const derived = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' }).subarray(-32);
    assert.is(derived.toString('base64'), pub);
    const again = await dlan(['keygen', '--out', file]);
    assert.is(again.code, 1);
    assert.match(again.stderr, 'already exists');
    assert.is((await readFile(file, 'utf8')).trim(), priv);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
keygen.run();
