import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCommand } from '../../reconciler/host/spawn.js';
import { SYSCTL_PATH, sysctlConfig } from '../../renderers/sysctl.js';
import { topo } from '../support/topo.js';
import { fileOf, renderedSample } from '../support/rendered.js';

const sysctl = suite('renderSysctl');
sysctl('forwarding on for both families, RAs still accepted on the WAN, loose rp_filter', async () => {
  const text = fileOf((await renderedSample()).get('r1')!, SYSCTL_PATH);
  for (const l of ['net.ipv4.ip_forward = 1', 'net.ipv6.conf.all.forwarding = 1', 'net/ipv6/conf/eth0/accept_ra = 2', 'net.ipv4.conf.all.rp_filter = 2']) {
    assert.ok(text.split('\n').includes(l), l);
  }
});
sysctl('an interface name with a dot is written with / separators (eth0.100 is not a path)', () => {
  const text = sysctlConfig(topo().router('v', { id: 1, wan: { interface: 'eth0.100' } }).slice('v'));
  assert.ok(text.split('\n').includes('net/ipv6/conf/eth0.100/accept_ra = 2'));
});
sysctl.run();

const real = suite('sysctl -p accepts the file (private network namespace)');
real('every key exists and is set, a dotted WAN name included', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dlr-sysctl-'));
  try {
    const file = join(dir, '90-dlan.conf');
    await writeFile(file, sysctlConfig(topo().router('v', { id: 1, wan: { interface: 'eth0.100' } }).slice('v')));
    const script = 'ip link add eth0.100 type veth peer name dlr-peer && sysctl -p "$1" && cat /proc/sys/net/ipv6/conf/eth0.100/accept_ra';
    const r = await runCommand('local', 'unshare', ['--net', '--', 'sh', '-c', script, 'sh', file], { timeoutMs: 10_000 });
    assert.is(r.code, 0, r.stderr);
    assert.is(r.stdout.trim().split('\n').pop(), '2', r.stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
real.run();
