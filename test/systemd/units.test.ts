import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fromRoot } from '../support/paths.js';
import { AGENT_NODE_FLAGS } from '../../reconciler/agent/node-flags.js';
import { DLAN_UNITS } from '../../reconciler/services/dlan-units.js';
import { DNSMASQ_CONFIG_PATH } from '../../renderers/dnsmasq.js';
import { NGINX_CONFIG_PATH } from '../../renderers/nginx.js';

const exec = promisify(execFile);
const units = suite('systemd units');

const unitText = (name: string) => readFile(fromRoot('systemd', name), 'utf8');
/** Every value of `Key=` in a unit, split on spaces (a key may be given several times). */
const values = (text: string, key: string): string[] =>
  [...text.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].flatMap((m) => m[1]!.trim().split(/\s+/)).filter(Boolean);

async function verify(file: string): Promise<{ code: number; out: string }> {
  return exec('systemd-analyze', ['verify', '--man=no', file], { env: { ...process.env, SYSTEMD_LOG_LEVEL: 'err' } })
    .then((x) => ({ code: 0, out: x.stdout + x.stderr }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }));
}

units('systemd-analyze verify accepts every unit', async () => {
  const files = (await readdir(fromRoot('systemd'))).filter((f) => f.endsWith('.service')).sort();
  assert.equal(files, ['dlan-agent.service', 'dlan-dnsmasq.service', 'dlan-nginx.service', 'dlan-wireguard-go@.service']);
  // /usr/bin/dlan exists once the package is installed; here it is a stand-in, so that verify
  // checks everything else (test/packaging/deb.test.ts checks the package ships it).
  const dir = await mkdtemp(join(tmpdir(), 'dlan-units-'));
  try {
    await writeFile(join(dir, 'dlan'), '#!/bin/sh\n');
    await chmod(join(dir, 'dlan'), 0o755);
    for (const f of files) {
      const copy = join(dir, f);
      await writeFile(copy, (await unitText(f)).replaceAll('/usr/bin/dlan ', `${join(dir, 'dlan')} `));
      const r = await verify(copy);
      assert.is(r.code, 0, `${f}: ${r.out}`);
      assert.is(r.out.trim(), '', `${f}: ${r.out}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

units('the agent keeps only the capabilities it needs and a read-only system', async () => {
  const text = await unitText('dlan-agent.service');
  assert.equal(values(text, 'CapabilityBoundingSet').sort(), ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_NET_ADMIN', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_ADMIN']);
  assert.match(text, /^ProtectSystem=strict$/m);
  assert.match(text, /^NoNewPrivileges=yes$/m);
  assert.match(text, /^ExecStart=\/usr\/bin\/dlan agent --config \/etc\/dlan\/agent\.yaml$/m);
  assert.match(text, /^ConditionPathExists=\/etc\/dlan\/agent\.yaml$/m);
  assert.is(/^Environment="NODE_OPTIONS=(.*)"$/m.exec(text)?.[1], AGENT_NODE_FLAGS.join(' '), 'the unit runs the agent with the flags the lab and the benchmark use');
  // Every path it writes is writable, and nothing else on / is.
  const writable = [...values(text, 'ReadWritePaths'), ...values(text, 'RuntimeDirectory').map((d) => `/run/${d}`), ...values(text, 'StateDirectory').map((d) => `/var/lib/${d}`)];
  for (const p of ['/etc/dlan', '/etc/frr', '/etc/dnsmasq.d', '/etc/sysctl.d', '/var/lib/dlan', '/run/dlan', '/run/wireguard']) assert.ok(writable.includes(p), p);
});

units('no unit names a path that may be missing at start (226/NAMESPACE), nor kills node', async () => {
  for (const f of (await readdir(fromRoot('systemd'))).filter((n) => n.endsWith('.service'))) {
    const text = await unitText(f);
    // /run/wireguard appears when wireguard-go first runs: only a RuntimeDirectory= may name it.
    assert.not.ok(values(text, 'ReadWritePaths').some((p) => p.startsWith('/run/')), `${f}: a /run path in ReadWritePaths=`);
    assert.not.match(text, /^MemoryDenyWriteExecute=yes/m, f);
    for (const filter of values(text, 'SystemCallFilter')) assert.ok(values(text, 'SystemCallFilter').includes('@pkey'), `${f}: ${filter} without @pkey`);
  }
});

units('stopping or restarting the agent stops nothing that carries traffic', async () => {
  for (const f of ['dlan-nginx.service', 'dlan-dnsmasq.service', 'dlan-wireguard-go@.service']) {
    const text = await unitText(f);
    for (const key of ['PartOf', 'BindsTo', 'Requires', 'Requisite']) assert.not.ok(values(text, key).includes('dlan-agent.service'), `${f}: ${key}=dlan-agent.service`);
  }
  const agent = await unitText('dlan-agent.service');
  assert.equal(values(agent, 'KillMode'), ['mixed'], 'SIGTERM reaches the agent only: a command it is running finishes');
  assert.equal(values(agent, 'Wants').filter((u) => u.startsWith('dlan-')).sort(), ['dlan-dnsmasq.service', 'dlan-nginx.service']);
});

units('the units the agent drives are the ones shipped, and each replaces the distro service it would fight', async () => {
  for (const [daemon, unit] of Object.entries(DLAN_UNITS)) {
    const text = await unitText(`${unit}.service`);
    assert.ok(values(text, 'Conflicts').includes(`${daemon}.service`), `${unit} conflicts with ${daemon}.service`);
    assert.ok(values(text, 'After').includes(`${daemon}.service`), `${unit} starts after ${daemon}.service is stopped`);
  }
});

units('nginx and dnsmasq run the file dlan renders, and only when it exists', async () => {
  for (const [unit, path] of [['dlan-nginx', NGINX_CONFIG_PATH], ['dlan-dnsmasq', DNSMASQ_CONFIG_PATH]] as const) {
    const text = await unitText(`${unit}.service`);
    assert.equal(values(text, 'ConditionPathExists'), [path], unit);
    assert.ok(values(text, 'ExecStart').some((a) => a.endsWith(path)), `${unit} runs ${path}`);
  }
});

units("the agent's node flags keep WebAssembly, which node's fetch needs to post statuses", async () => {
  const r = await exec(process.execPath, [...AGENT_NODE_FLAGS, '-e', 'process.stdout.write(typeof WebAssembly)']);
  assert.is(r.stdout, 'object');
  const viaEnv = await exec(process.execPath, ['-e', 'process.stdout.write(typeof WebAssembly)'], { env: { ...process.env, NODE_OPTIONS: AGENT_NODE_FLAGS.join(' ') } });
  assert.is(viaEnv.stdout, 'object', 'node accepts the flags in NODE_OPTIONS, as the unit passes them');
});
units.run();
