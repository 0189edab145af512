/**
 * The real `npm run package` path (buildDeb) into a temp dir, then what dpkg-deb says about the
 * .deb and what its unpacked tree does: it runs from /usr/lib/dlan with no node_modules, and the
 * files an install needs are where Debian puts them. Installing and booting it is
 * test/lab/nspawn (systemd-nspawn routers).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { VERSION } from '../../cli/version.js';
import { staticClosure } from '../../packaging/bundle.js';
import { DEPENDS, RECOMMENDS } from '../../packaging/control.js';
import { buildDeb } from '../../packaging/deb.js';
import { repoRoot } from '../support/paths.js';

const exec = promisify(execFile);
const run = (cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  exec(cmd, args, { maxBuffer: 16 << 20, ...opts }).then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

const out = await mkdtemp(join(tmpdir(), 'dlan-deb-'));
const built = await buildDeb(repoRoot, out);
const tree = join(out, 'unpacked');
await exec('dpkg-deb', ['--raw-extract', built.deb, tree]);
const listing = (await exec('dpkg-deb', ['--contents', built.deb])).stdout.split('\n').filter(Boolean);
/** path → [mode string, link target]. */
const entries = new Map(listing.map((l) => {
  const f = l.split(/\s+/);
  return [f[5]!.replace(/^\.\//, '/').replace(/\/$/, ''), { mode: f[0]!, owner: f[1]!, target: f[7] }] as const;
}));
const field = async (name: string) => (await exec('dpkg-deb', ['--field', built.deb, name])).stdout.trim();
/** The installed `dlan`, as a user runs it: node resolves /usr/bin/dlan to /usr/lib/dlan/dlan.mjs. */
const dlan = (args: string[]) => run(join(tree, 'usr/bin/dlan'), args, { cwd: tmpdir(), env: { PATH: process.env.PATH, HOME: tmpdir() } });

const deb = suite('npm run package: the .deb');

deb('is dlan_<version>_all.deb, version and architecture from the changelog and cli/version.ts', async () => {
  assert.is(built.deb, join(out, `dlan_${VERSION}_all.deb`));
  assert.is(await field('Package'), 'dlan');
  assert.is(await field('Version'), VERSION);
  assert.is(await field('Architecture'), 'all');
  assert.ok(built.size < 2 << 20, `${built.size} bytes`);
});

deb('depends on the daemons by their Debian names, wireguard-go only recommended', async () => {
  const depends = (await field('Depends')).split(/,\s*/);
  assert.equal(depends, DEPENDS.map((d) => d.relation));
  for (const name of ['nodejs (>= 20)', 'iproute2', 'nftables', 'wireguard-tools', 'dnsmasq-base', 'frr-pythontools', 'libnginx-mod-stream', 'ca-certificates']) assert.ok(depends.includes(name), name);
  assert.ok(depends.some((d) => d.startsWith('frr ')) && depends.some((d) => d.startsWith('nginx ')));
  assert.not.ok(depends.some((d) => /^(dnsmasq|wireguard-go)\b(?!-)/.test(d)), 'no dnsmasq service package, no wireguard-go');
  assert.is(await field('Recommends'), RECOMMENDS.map((d) => d.relation).join(', '));
});

deb('ships the bundle, dlan on PATH, units, man page, completion and docs, all root-owned', () => {
  for (const p of ['/usr/lib/dlan/dlan.mjs', '/usr/lib/dlan/git-server-main.mjs', '/usr/lib/dlan/sample-repo/network.yaml', '/usr/lib/dlan/schema/router.schema.json',
    '/usr/lib/systemd/system/dlan-agent.service', '/usr/lib/systemd/system/dlan-nginx.service', '/usr/lib/systemd/system/dlan-dnsmasq.service', '/usr/lib/systemd/system/dlan-wireguard-go@.service',
    '/usr/share/man/man1/dlan.1.gz', '/usr/share/bash-completion/completions/dlan', '/usr/lib/dlan/page/app.js',
    '/usr/share/doc/dlan/copyright', '/usr/share/doc/dlan/changelog.gz', '/usr/share/doc/dlan/guide.md', '/usr/share/doc/dlan/debian.md', '/usr/share/doc/dlan/README.md']) {
    assert.ok(entries.has(p), p);
  }
  assert.is(entries.get('/usr/bin/dlan')?.target, '../lib/dlan/dlan.mjs');
  assert.is(entries.get('/usr/lib/dlan/dlan.mjs')?.mode, '-rwxr-xr-x');
  for (const [p, e] of entries) assert.is(e.owner, 'root/root', p);
  // Code lives in /usr/lib: nothing under node_modules, no TypeScript, no source maps.
  assert.not.ok([...entries.keys()].some((p) => /node_modules|\.ts$|\.map$/.test(p)));
});

deb('ships no file in /etc (so no conffile), only the directories the agent writes to', async () => {
  assert.equal([...entries.keys()].filter((p) => p.startsWith('/etc/')).sort(), ['/etc/dlan', '/etc/dnsmasq.d']);
  assert.not.ok(existsSync(join(tree, 'DEBIAN', 'conffiles')));
  const md5 = await run('md5sum', ['--check', '--quiet', 'DEBIAN/md5sums'], { cwd: tree });
  assert.is(md5.code, 0, md5.stdout + md5.stderr);
});

deb("every unit's Documentation= is in the package", async () => {
  for (const unit of [...entries.keys()].filter((p) => p.startsWith('/usr/lib/systemd/system/'))) {
    const docs = /^Documentation=(.*)$/m.exec(await readFile(join(tree, unit), 'utf8'))?.[1]?.split(/\s+/) ?? [];
    assert.ok(docs.length > 0, unit);
    for (const d of docs.filter((x) => x.startsWith('file://'))) assert.ok(entries.has(d.slice('file://'.length)), `${unit}: ${d}`);
    if (unit.endsWith('dlan-agent.service')) assert.ok(docs.includes('man:dlan(1)') && entries.has('/usr/share/man/man1/dlan.1.gz'));
  }
});

deb('every ReadWritePaths= of the agent exists once installed with its Depends', async () => {
  const unit = await readFile(join(tree, 'usr/lib/systemd/system/dlan-agent.service'), 'utf8');
  const paths = /^ReadWritePaths=(.*)$/m.exec(unit)![1]!.split(/\s+/);
  // From the Depends (frr: /etc/frr, procps: /etc/sysctl.d); /etc/dlan holds agent.yaml, the unit's condition.
  const fromDepends = new Set(['/etc/frr', '/etc/sysctl.d', '/etc/dlan']);
  for (const p of paths) assert.ok(p.startsWith('-') || entries.has(p) || fromDepends.has(p), p);
});

deb('runs from the unpacked tree with no node_modules anywhere above it', async () => {
  for (let d = join(tree, 'usr/lib/dlan'); d !== '/'; d = dirname(d)) assert.not.ok(existsSync(join(d, 'node_modules')), d);
  const v = await dlan(['--version']);
  assert.is(v.code, 0, v.stderr);
  assert.is(v.stdout, `dlan ${VERSION}\n`);
  const help = await dlan(['--help']);
  assert.match(help.stdout, /^ {2}agent +Keep this router/m);
  const sample = join(tree, 'usr/lib/dlan/sample-repo');
  const val = await dlan(['validate', sample]);
  assert.is(val.code, 0, val.stderr);
  assert.match(val.stdout, 'valid: 5 routers, 3 services, 8 peerings');
  const demo = await dlan(['demo', '--dry-run']);  // as root with the lab's packages, plain `demo` runs live
  assert.is(demo.code, 0, demo.stderr);
  assert.match(demo.stdout, `$ dlan validate sample-repo`);
  assert.match(demo.stdout, 'Nothing was changed.');
});

deb('dlan init scaffolds a repo that validates, from the bundled schemas', async () => {
  const net = join(out, 'net');
  assert.is((await dlan(['init', net])).code, 0);
  const v = await dlan(['validate', net]);
  assert.is(v.code, 0, v.stderr);
});

deb("the lab's git server, the bundle's second entry point, runs from it", async () => {
  const child = spawn(process.execPath, [join(tree, 'usr/lib/dlan/git-server-main.mjs'), out, '127.0.0.1', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const line = await new Promise<string>((ok, fail) => {
      let text = '';
      child.stdout.on('data', (d) => { text += d; if (text.includes('\n')) ok(text); });
      child.on('exit', (code) => fail(new Error(`exited ${code}`)));
    });
    assert.match(line, /^serving .* on http:\/\/127\.0\.0\.1:\d+/);
  } finally {
    child.kill('SIGTERM');
  }
});

deb("the sample's $schema references resolve inside /usr/lib/dlan", async () => {
  for (const f of ['network.yaml', 'routers/r1.yaml', 'services/web.yaml']) {
    const file = join(tree, 'usr/lib/dlan/sample-repo', f);
    const ref = /\$schema=(\S+)/.exec(await readFile(file, 'utf8'))?.[1];
    assert.ok(ref && existsSync(resolve(dirname(file), ref)), `${f}: ${ref}`);
  }
});

deb('a command loads only its own code: no npm package at start, openpgp only when a signature needs it', () => {
  const o = built.bundle.outputs;
  const pkgs = (file: string) => new Set(staticClosure(o, file).flatMap((f) => o[f]!.packages));
  assert.equal([...pkgs('dlan.mjs')], [], 'dlan --help and the dispatch load no npm package');
  const dynamic = Object.values(o).flatMap((f) => f.dynamicImports);
  const chunkOf = (prefix: string) => dynamic.find((f) => f.startsWith(`${prefix}-`))!;
  assert.equal([...pkgs(chunkOf('status'))], []);
  const validate = pkgs(chunkOf('validate'));
  assert.ok(validate.has('ajv') && validate.has('yaml'));
  assert.not.ok(validate.has('isomorphic-git') || validate.has('openpgp'));
  for (const f of Object.keys(o)) assert.not.ok(pkgs(f).has('openpgp') && !o[f]!.packages.includes('openpgp'), `${f} loads openpgp eagerly`);
});

deb('the .deb is the same byte for byte when built again', async () => {
  const again = await buildDeb(repoRoot, join(out, 'again'));
  assert.ok((await readFile(again.deb)).equals(await readFile(built.deb)));
});

deb.after(async () => {
  await rm(out, { recursive: true, force: true });
});
deb.run();
