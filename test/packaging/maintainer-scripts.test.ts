/**
 * The maintainer scripts, run as dpkg runs them (DPKG_MAINTSCRIPT_* set) on a temp root through
 * DPKG_ROOT, with the real deb-systemd-helper. Under DPKG_ROOT the scripts never call systemctl
 * (there is no systemd for that root); starting and stopping units on a booted system is the
 * nspawn test's (test/lab/nspawn).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, lstat, mkdir, mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { KEPT_ON_PURGE, PURGED_FILES, renderScript, SCRIPTS, type ScriptName } from '../../packaging/maintainer-scripts.js';
import { render } from '../../renderers/render.js';
import { slice } from '../../model/slice.js';
import { fromRoot } from '../support/paths.js';
import { sampleTopology } from '../support/sample.js';

const exec = promisify(execFile);
const WANTS = 'etc/systemd/system/multi-user.target.wants/dlan-agent.service';
const MASK = 'etc/systemd/system/dlan-agent.service';

const scripts = await mkdtemp(join(tmpdir(), 'dlan-maint-'));
for (const name of SCRIPTS) await writeFile(join(scripts, name), renderScript(name, await readFile(fromRoot('packaging/debian', name), 'utf8')));

async function newRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'dlan-root-'));
  await mkdir(join(root, 'usr/lib/systemd/system'), { recursive: true });
  await copyFile(fromRoot('systemd/dlan-agent.service'), join(root, 'usr/lib/systemd/system/dlan-agent.service'));
  return root;
}
async function put(root: string, path: string, content = ''): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
}
async function script(root: string, name: ScriptName, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  // A PATH without systemctl: a script that tried it under DPKG_ROOT would fail the test.
  return exec('sh', ['-e', join(scripts, name), ...args], {
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', DPKG_ROOT: root, DPKG_MAINTSCRIPT_PACKAGE: 'dlan', DPKG_MAINTSCRIPT_NAME: name },
  });
}
const isLink = async (root: string, path: string) => (await lstat(join(root, path)).catch(() => undefined))?.isSymbolicLink() ?? false;

const syntax = suite('maintainer scripts: syntax');
syntax('every script is POSIX sh that sh -n accepts, with set -e', async () => {
  for (const name of SCRIPTS) {
    await exec('sh', ['-n', join(scripts, name)]);
    const text = await readFile(join(scripts, name), 'utf8');
    assert.ok(text.startsWith('#!/bin/sh\n'), name);
    assert.match(text, /^set -e$/m, name);
    assert.not.match(text, /@[A-Z_]+@/, `${name}: a placeholder is left`);
  }
});
syntax.run();

const install = suite('postinst');
install('a first install without /etc/dlan/agent.yaml enables nothing', async () => {
  const root = await newRoot();
  await script(root, 'postinst', 'configure');
  assert.not.ok(await isLink(root, WANTS));
  await rm(root, { recursive: true, force: true });
});
install('a first install with /etc/dlan/agent.yaml enables the agent', async () => {
  const root = await newRoot();
  await put(root, 'etc/dlan/agent.yaml');
  await script(root, 'postinst', 'configure');
  assert.is(await readlink(join(root, WANTS)), '/usr/lib/systemd/system/dlan-agent.service');
  await rm(root, { recursive: true, force: true });
});
install('an upgrade keeps an agent the admin disabled disabled', async () => {
  const root = await newRoot();
  await put(root, 'etc/dlan/agent.yaml');
  await script(root, 'postinst', 'configure');
  await rm(join(root, WANTS)); // systemctl disable dlan-agent
  await script(root, 'postinst', 'configure', '0.1.0');
  assert.not.ok(await isLink(root, WANTS));
  await rm(root, { recursive: true, force: true });
});
install('the agent enabled by hand stays enabled across an upgrade', async () => {
  const root = await newRoot();
  await script(root, 'postinst', 'configure');
  await put(root, 'etc/dlan/agent.yaml');
  await mkdir(dirname(join(root, WANTS)), { recursive: true });
  await exec('ln', ['-s', '/usr/lib/systemd/system/dlan-agent.service', join(root, WANTS)]); // systemctl enable dlan-agent
  await script(root, 'postinst', 'configure', '0.1.0');
  assert.ok(await isLink(root, WANTS));
  await rm(root, { recursive: true, force: true });
});
install('a router configured after the install is not enabled by an upgrade: the admin enables it', async () => {
  const root = await newRoot();
  await script(root, 'postinst', 'configure');
  await put(root, 'etc/dlan/agent.yaml');
  await script(root, 'postinst', 'configure', '0.1.0');
  assert.not.ok(await isLink(root, WANTS));
  await rm(root, { recursive: true, force: true });
});
install('an agent enabled by hand, then disabled by hand, stays disabled across an upgrade', async () => {
  const root = await newRoot();
  await script(root, 'postinst', 'configure');
  await put(root, 'etc/dlan/agent.yaml');
  await mkdir(dirname(join(root, WANTS)), { recursive: true });
  await exec('ln', ['-s', '/usr/lib/systemd/system/dlan-agent.service', join(root, WANTS)]);
  await script(root, 'postinst', 'configure', '0.1.0');
  await rm(join(root, WANTS));
  await script(root, 'postinst', 'configure', '0.1.0');
  assert.not.ok(await isLink(root, WANTS));
  await rm(root, { recursive: true, force: true });
});
install.run();

const removal = suite('postrm');
removal('remove keeps state and config, and masks the gone unit; a reinstall unmasks it', async () => {
  const root = await newRoot();
  await put(root, 'etc/dlan/agent.yaml');
  await put(root, 'var/lib/dlan/state.json', '{}');
  await put(root, 'etc/dlan/nginx.conf');
  await script(root, 'postinst', 'configure');
  await rm(join(root, 'usr/lib/systemd/system/dlan-agent.service')); // dpkg removes the package's files
  await script(root, 'postrm', 'remove');
  assert.is(await readlink(join(root, MASK)), '/dev/null');
  for (const p of ['etc/dlan/agent.yaml', 'var/lib/dlan/state.json', 'etc/dlan/nginx.conf']) assert.ok(existsSync(join(root, p)), p);
  await copyFile(fromRoot('systemd/dlan-agent.service'), join(root, 'usr/lib/systemd/system/dlan-agent.service'));
  await script(root, 'postinst', 'configure');
  assert.not.ok(await isLink(root, MASK));
  assert.ok(await isLink(root, WANTS));
  await rm(root, { recursive: true, force: true });
});
removal("purge deletes state and what dlan rendered, keeps what the admin wrote and FRR's conffiles", async () => {
  const root = await newRoot();
  const admin = ['etc/dlan/agent.yaml', 'etc/dlan/wireguard.key', 'etc/dlan/allowed_signers'];
  for (const p of [...admin, ...PURGED_FILES, ...KEPT_ON_PURGE, 'var/lib/dlan/repo/HEAD', 'run/dlan/nginx.pid']) await put(root, p.replace(/^\//, ''));
  await script(root, 'postinst', 'configure');
  await rm(join(root, 'usr/lib/systemd/system/dlan-agent.service'));
  await script(root, 'postrm', 'remove');
  const { stderr } = await script(root, 'postrm', 'purge');
  for (const p of ['var/lib/dlan', 'run/dlan', ...PURGED_FILES.map((f) => f.slice(1))]) assert.not.ok(existsSync(join(root, p)), p);
  for (const p of [...admin, ...KEPT_ON_PURGE.map((f) => f.slice(1))]) assert.ok(existsSync(join(root, p)), p);
  assert.not.ok(await isLink(root, MASK), 'unmasked');
  assert.not.ok(existsSync(join(root, 'var/lib/systemd/deb-systemd-helper-enabled/dlan-agent.service.dsh-also')), "deb-systemd-helper's state is gone");
  assert.match(stderr, 'kept what you wrote in /etc/dlan');
  await rm(root, { recursive: true, force: true });
});
removal('purge of a router dlan never configured leaves no /etc/dlan behind', async () => {
  const root = await newRoot();
  await mkdir(join(root, 'etc/dlan'), { recursive: true });
  await script(root, 'postrm', 'purge');
  assert.not.ok(existsSync(join(root, 'etc/dlan')));
  await rm(root, { recursive: true, force: true });
});
removal('every file dlan renders is either deleted by purge or a conffile of another package', async () => {
  const t = await sampleTopology();
  const rendered = new Set(t.routers.flatMap((r) => render(slice(t, r.name)).files.map((f) => f.path)));
  assert.equal([...rendered].sort(), [...PURGED_FILES, ...KEPT_ON_PURGE].sort());
});
removal.after(() => rm(scripts, { recursive: true, force: true }));
removal.run();
