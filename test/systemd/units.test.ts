import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { fromRoot } from '../support/paths.js';
import { AGENT_NODE_FLAGS } from '../../reconciler/agent/node-flags.js';

const exec = promisify(execFile);
const units = suite('systemd units');

units('systemd-analyze verify accepts every unit', async () => {
  const files = (await readdir(fromRoot('systemd'))).filter((f) => f.endsWith('.service'));
  assert.equal(files.sort(), ['dlan-agent.service', 'dlan-nginx.service', 'dlan-wireguard-go@.service']);
  for (const f of files) {
    const r = await exec('systemd-analyze', ['verify', '--man=no', fromRoot('systemd', f)], { env: { ...process.env, SYSTEMD_LOG_LEVEL: 'err' } })
      .then((x) => ({ code: 0, out: x.stdout + x.stderr }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }));
    assert.is(r.code, 0, `${f}: ${r.out}`);
    assert.is(r.out.trim(), '', `${f}: ${r.out}`);
  }
});

units('the agent keeps only the capabilities it needs and a read-only system', async () => {
  const text = await readFile(fromRoot('systemd', 'dlan-agent.service'), 'utf8');
  const caps = /^CapabilityBoundingSet=(.*)$/m.exec(text)?.[1]?.split(/\s+/).sort();
  assert.equal(caps, ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_NET_ADMIN', 'CAP_SYS_ADMIN']);
  assert.match(text, /^ProtectSystem=strict$/m);
  assert.match(text, /^NoNewPrivileges=yes$/m);
  assert.match(text, /^ExecStart=\/usr\/bin\/env dlan agent --config \/etc\/dlan\/agent\.yaml$/m);
  assert.is(/^Environment="NODE_OPTIONS=(.*)"$/m.exec(text)?.[1], AGENT_NODE_FLAGS.join(' '), 'the unit runs the agent with the flags the lab and the benchmark use');
  // Every path it writes is listed; nothing else on / is writable.
  const rw = /^ReadWritePaths=(.*)$/m.exec(text)?.[1]?.split(/\s+/) ?? [];
  for (const p of ['/etc/dlan', '/etc/frr', '/etc/dnsmasq.d', '/etc/sysctl.d', '/var/lib/dlan', '/run/dlan']) assert.ok(rw.includes(p), p);
});
units("the agent's node flags keep WebAssembly, which node's fetch needs to post statuses", async () => {
  const r = await exec(process.execPath, [...AGENT_NODE_FLAGS, '-e', 'process.stdout.write(typeof WebAssembly)']);
  assert.is(r.stdout, 'object');
});
units.run();
