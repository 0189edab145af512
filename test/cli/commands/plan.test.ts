import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dlan } from '../../support/cli.js';
import { fromRoot, sampleRepo } from '../../support/paths.js';
import { removeDir, run, tempDir } from '../../support/signed-repo.js';

const plan = suite('dlan plan --repo --router --root (a preview under another root)');

plan('compares only the files under the root: links, addresses, sysctl, nftables and daemons count as absent; exit 2 with changes', async () => {
  const dir = await tempDir('plan');
  try {
    const r = await dlan(['plan', '--repo', sampleRepo, '--router', 'r1', '--root', dir, '--state-dir', join(dir, 'state'), '--json']);
    assert.is(r.code, 2, r.stderr);
    const p = JSON.parse(r.stdout) as { steps: { kind: string; op: string; service?: string; reason?: string; ifname?: string }[] };
    const ops = p.steps.map((s) => `${s.kind} ${s.op}${s.service ? ` ${s.service}` : ''}${s.ifname ? ` ${s.ifname}` : ''}`);
    assert.ok(ops.includes('wireguard create'), 'the WireGuard interface is created: this machine\'s is not looked at');
    assert.ok(ops.includes('vxlan create') || ops.some((o) => o.startsWith('vxlan create')));
    assert.ok(ops.includes('service sysctl-apply sysctl'));
    assert.ok(ops.includes('service nft-apply nftables'));
    for (const d of ['dnsmasq', 'frr']) assert.ok(ops.includes(`service start ${d}`), d);
    // The same preview twice is the same plan: nothing of the machine moves it.
    assert.equal(JSON.parse((await dlan(['plan', '--repo', sampleRepo, '--router', 'r1', '--root', dir, '--state-dir', join(dir, 'state'), '--json'])).stdout).steps, p.steps);
  } finally { await removeDir(dir); }
});

plan('runs no command and reads no kernel state (strace)', async () => {
  const dir = await tempDir('plan-trace');
  try {
    const trace = join(dir, 'trace');
    await run('strace', ['-f', '-qq', '-e', 'trace=openat,execve', '-o', trace, process.execPath, fromRoot('dist', 'cli', 'dlan.js'),
      'plan', '--repo', sampleRepo, '--router', 'r2', '--root', dir, '--state-dir', join(dir, 'state')]).catch((e: Error) => { if (!/failed/.test(e.message)) throw e; });
    const lines = (await readFile(trace, 'utf8')).split('\n');
    assert.equal(lines.filter((l) => /execve\(/.test(l) && !l.includes(process.execPath)).map((l) => l.slice(0, 120)), []);
    const opened = lines.flatMap((l) => /openat\(.*?"([^"]+)"/.exec(l)?.[1] ?? []);
    assert.equal(opened.filter((p) => /^\/(proc\/sys\/net|proc\/net|sys\/class\/net|etc\/(frr|dnsmasq|dlan|nginx|sysctl))/.test(p)), []);
    assert.ok(opened.some((p) => p.startsWith(`${dir}/etc/`)), 'the files are looked for under the root');
  } finally { await removeDir(dir); }
});

plan('a file already as desired under the root is no step; exit 0 only when nothing is left', async () => {
  const dir = await tempDir('plan-files');
  try {
    await dlan(['render', '--repo', sampleRepo, '--router', 'r3', '--out', dir]);
    const r = await dlan(['plan', '--repo', sampleRepo, '--router', 'r3', '--root', dir, '--state-dir', join(dir, 'state'), '--json']);
    assert.is(r.code, 2);
    assert.equal((JSON.parse(r.stdout) as { steps: { kind: string }[] }).steps.filter((s) => s.kind === 'file'), []);
    await mkdir(join(dir, 'etc', 'dnsmasq.d'), { recursive: true });
    await writeFile(join(dir, 'etc', 'dnsmasq.d', 'dlan.conf'), 'changed\n');
    const text = await dlan(['plan', '--repo', sampleRepo, '--router', 'r3', '--root', dir, '--state-dir', join(dir, 'state')], { env: { FORCE_COLOR: '1' } });
    assert.match(text.stdout, '~ file /etc/dnsmasq.d/dlan.conf');
    assert.match(text.stdout, '\x1b[33m', 'coloured when asked');
    assert.is((await dlan(['plan', '--repo', sampleRepo, '--root', dir])).code, 1, 'usage error: 1, not 2');
  } finally { await removeDir(dir); }
});
plan.run();
