/**
 * FRR's incremental reload against the real daemons (zebra, ospfd, ospf6d, bfdd, staticd) in
 * private network, mount, UTS and PID namespaces: a rendered frr.conf loaded at boot
 * (`vtysh -b`) and compared by `frr-reload.py --test` with itself shows no difference (so a
 * reload never touches a line that did not change), and adding a peer only adds its interface.
 * The daemons die with the PID namespace, whatever happens to the test.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCommand } from '../../reconciler/host/spawn.js';
import { loadTopology } from '../../model/load.js';
import { FRR_CONFIG_PATH, frrConfig } from '../../renderers/frr.js';
import { slice } from '../../model/slice.js';
import { fileOf, renderedSample } from '../support/rendered.js';
import { sampleFiles } from '../support/sample.js';
import { testKey } from '../support/topo.js';

const SCRIPT = `mount -t tmpfs dlr /run && mkdir -p /run/frr && chown frr:frr /run/frr || exit 97
mount -t tmpfs dlr /etc/frr && mount -t tmpfs dlr /var/log/frr && chown frr:frr /var/log/frr || exit 97
printf 'service integrated-vtysh-config\\n' > /etc/frr/vtysh.conf
cp "$1" /etc/frr/frr.conf && chown -R frr:frr /etc/frr
hostname "$3"
ip link set lo up
sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
for d in zebra ospfd ospf6d bfdd staticd; do /usr/lib/frr/$d -d -A 127.0.0.1 || exit 98; done
i=0
for d in zebra ospfd ospf6d bfdd staticd; do
  while [ ! -S /run/frr/$d.vty ]; do i=$((i + 1)); [ $i -gt 400 ] && { echo "no $d.vty after 20 s" >&2; exit 98; }; sleep 0.05; done
done
vtysh -b >&2 || exit 99
cp "$2" /etc/frr/frr.conf
/usr/lib/frr/frr-reload.py --test --stdout /etc/frr/frr.conf`;

interface ReloadDiff { readonly add: string[]; readonly del: string[] }

/** Boots FRR with `running`, then asks frr-reload.py what it would change to reach `candidate`. */
async function reloadDiff(router: string, running: string, candidate: string): Promise<ReloadDiff> {
  const dir = await mkdtemp(join(tmpdir(), 'dlr-frr-'));
  try {
    await writeFile(join(dir, 'running.conf'), running);
    await writeFile(join(dir, 'candidate.conf'), candidate);
    const r = await runCommand('local', 'unshare', ['--net', '--mount', '--uts', '--pid', '--fork', '--kill-child', '--propagation', 'private', '--',
      'sh', '-c', SCRIPT, 'dlr-frr', join(dir, 'running.conf'), join(dir, 'candidate.conf'), router], { timeoutMs: 60_000 });
    assert.is(r.code, 0, `frr-reload test failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
    const section = (title: string): string[] => {
      const m = new RegExp(`${title}\\n=+\\n([\\s\\S]*?)(?:\\n\\n|$)`).exec(r.stdout);
      return m ? m[1]!.split('\n').filter((l) => l.trim() !== '') : [];
    };
    return { add: section('Lines To Add'), del: section('Lines To Delete') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const reload = suite('frr-reload.py against the rendered frr.conf (real FRR daemons)');

for (const [router, d] of await renderedSample()) {
  reload(`${router}: after boot, reloading the same file changes nothing`, async () => {
    const conf = fileOf(d, FRR_CONFIG_PATH);
    assert.equal(await reloadDiff(router, conf, conf), { add: [], del: [] });
  });
}

reload('r1: a new peer r9 only adds the interface dl9 block, deletes nothing', async () => {
  const r9 = { path: 'routers/r9.yaml', text: `id: 9\npublicKey: ${testKey(9)}\nendpoint: 192.0.2.9:51820\nwan: { interface: eth0 }\n` };
  const before = loadTopology(await sampleFiles()).topology!;
  const after = loadTopology([...(await sampleFiles()), r9]).topology!;
  const diff = await reloadDiff('r1', frrConfig(slice(before, 'r1')), frrConfig(slice(after, 'r1')));
  assert.equal(diff.del, []);
  assert.ok(diff.add.length > 0);
  // frr-reload lists each context line, then its indented sub-lines: every context is dl9's.
  for (const l of diff.add.filter((x) => !x.startsWith(' '))) assert.is(l, 'interface dl9', `unexpected context to add: ${l}`);
  assert.ok(diff.add.includes(' ip ospf network point-to-point'));
});
reload.run();
