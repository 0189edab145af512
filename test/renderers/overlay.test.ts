/**
 * The rendered state works, not just parses: r4's and r5's DesiredStates (from the sample, with
 * freshly generated keys) applied by a minimal hand-written apply in two namespaces joined by a
 * veth (dlr<pid>4/5): wireguard-go + `wg syncconf` with the key piped in, addresses, VXLAN links
 * from the specs, the nftables ruleset, sysctl, FRR with the rendered frr.conf. OSPFv2 and OSPFv3
 * reach Full on the VXLAN link, routes to the other loopback arrive, and the link carries exactly
 * 1370 bytes with DF set, not 1371 (mtu.ts). Each router runs as PID 1 of its own PID namespace,
 * so wireguard-go and FRR die with it; veths are removed in `finally`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCommand } from '../../reconciler/host/spawn.js';
import { loadTopology } from '../../model/load.js';
import { render } from '../../renderers/render.js';
import { slice } from '../../model/slice.js';
import type { DesiredState } from '../../renderers/state.js';
import { withPrivateKey } from '../../renderers/wireguard.js';
import { sampleFiles } from '../support/sample.js';

const run = async (cmd: string, args: string[], stdin?: string): Promise<string> => {
  const r = await runCommand('local', cmd, args, { timeoutMs: 20_000, ...(stdin !== undefined && { stdin }) });
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
  return r.stdout;
};

/** The shell commands that turn a DesiredState into a running router (what reconciler/apply does, minus planning). */
function applyScript(d: DesiredState, dir: string, veth: string, underlay: string, peerUnderlay: string): string {
  const f = (p: string): string => join(dir, p);
  const wg = d.wireguard;
  return [
    'set -e',
    'mount -t tmpfs dlr /run; mkdir -p /run/frr; chown frr:frr /run/frr',
    'mount -t tmpfs dlr /etc/frr; mount -t tmpfs dlr /var/log/frr; chown frr:frr /var/log/frr',
    "printf 'service integrated-vtysh-config\\n' > /etc/frr/vtysh.conf",
    `cp ${f('etc/frr/frr.conf')} /etc/frr/frr.conf; chown -R frr:frr /etc/frr`,
    `hostname ${d.router}`,
    'ip link set lo up',
    `sysctl -q -p ${f('etc/sysctl.d/90-dlan.conf')} || true`, // the WAN key names eth0, which this namespace has not
    `i=0; while ! ip link show ${veth} >/dev/null 2>&1; do i=$((i+1)); [ $i -lt 400 ]; sleep 0.05; done`,
    `ip link set ${veth} up; ip addr add ${underlay}/32 dev ${veth}; ip route add ${peerUnderlay}/32 dev ${veth}`,
    `wireguard-go -f ${wg.ifname} >/dev/null 2>&1 &`,
    `i=0; while [ ! -S /run/wireguard/${wg.ifname}.sock ]; do i=$((i+1)); [ $i -lt 400 ]; sleep 0.05; done`,
    `wg syncconf ${wg.ifname} /dev/stdin < ${f('wg-full.conf')}`,
    `ip link set ${wg.ifname} mtu ${wg.mtu} up`,
    ...wg.addresses.map((a) => `ip addr add ${a} dev ${wg.ifname}`),
    ...d.vxlans.flatMap((v) => [
      `ip link add ${v.ifname} type vxlan id ${v.vni} local ${v.local} remote ${v.remote} dstport ${v.dstPort} dev ${v.dev} nolearning`,
      `ip link set ${v.ifname} mtu ${v.mtu} up`,
      ...v.addresses.map((a) => `ip addr add ${a} dev ${v.ifname}`),
    ]),
    ...d.addresses.flatMap((x) => x.addresses.map((a) => `ip addr add ${a} dev ${x.ifname}`)),
    `nft -f ${f('etc/dlan/nftables.nft')}`,
    'for d in zebra ospfd ospf6d bfdd staticd; do /usr/lib/frr/$d -d -A 127.0.0.1; done',
    'for d in zebra ospfd ospf6d bfdd staticd; do i=0; while [ ! -S /run/frr/$d.vty ]; do i=$((i+1)); [ $i -lt 400 ]; sleep 0.05; done; done',
    'vtysh -b >/dev/null',
    `echo ready > ${f('ready')}`,
    `i=0; while [ ! -e ${f('done')} ]; do i=$((i+1)); [ $i -lt 1200 ]; sleep 0.05; done`,
  ].join('\n');
}

const childPid = async (pid: number): Promise<number> => {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const kids = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).trim();
    if (kids) return Number(kids.split(' ')[0]);
    if (Date.now() > deadline) throw new Error(`unshare ${pid} has no child`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

async function waitFor<T>(what: string, f: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const overlay = suite('r4 and r5 from rendered state: WireGuard + VXLAN + OSPF (real daemons)');

overlay('OSPFv2 and OSPFv3 reach Full on dl5/dl4, loopbacks are routed, the link carries 1370 bytes and not 1371', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dlr-overlay-'));
  const veth = { r4: `dlr${process.pid}4`, r5: `dlr${process.pid}5` };
  const children: ChildProcess[] = [];
  try {
    // Real key pairs for r4 and r5 (the sample's public keys have no private half anywhere).
    const keys: Record<string, { priv: string; pub: string }> = {};
    for (const r of ['r4', 'r5']) {
      const priv = (await run('wg', ['genkey'])).trim();
      keys[r] = { priv, pub: (await run('wg', ['pubkey'], `${priv}\n`)).trim() };
    }
    const files = (await sampleFiles()).map((f) => {
      const r = /^routers\/(r4|r5)\.yaml$/.exec(f.path)?.[1];
      return r ? { path: f.path, text: f.text.replace(/^publicKey: .*$/m, `publicKey: ${keys[r]!.pub}`) } : f;
    });
    const t = loadTopology(files).topology!;
    const underlay = { r4: '203.0.113.4', r5: '198.51.100.5' } as const;
    const hosts: Record<string, number> = {};
    const errs: Record<string, string> = { r4: '', r5: '' };
    for (const r of ['r4', 'r5'] as const) {
      const other = r === 'r4' ? 'r5' : 'r4';
      const d = render(slice(t, r));
      // Only the peering between the two: the other peers exist on paper only.
      const only: DesiredState = { ...d, vxlans: d.vxlans.filter((v) => v.peer === other) };
      const rdir = join(dir, r);
      for (const f of d.files) {
        await mkdir(dirname(join(rdir, f.path)), { recursive: true });
        await writeFile(join(rdir, f.path), f.content);
      }
      await writeFile(join(rdir, 'wg-full.conf'), withPrivateKey(d.files.find((f) => f.service === 'wireguard')!.content, keys[r]!.priv), { mode: 0o600 });
      const c = spawn('unshare', ['--net', '--mount', '--uts', '--pid', '--fork', '--kill-child', '--propagation', 'private', '--',
        'sh', '-c', applyScript(only, rdir, veth[r], underlay[r], underlay[other])], { stdio: ['ignore', 'ignore', 'pipe'] });
      c.stderr!.on('data', (b) => (errs[r] += b));
      c.on('exit', (code) => { if (code) errs[r] += `\n(exit ${code})`; });
      children.push(c);
      hosts[r] = await childPid(c.pid!);
    }
    await run('ip', ['link', 'add', veth.r4, 'type', 'veth', 'peer', 'name', veth.r5]);
    await run('ip', ['link', 'set', veth.r4, 'netns', String(hosts.r4)]);
    await run('ip', ['link', 'set', veth.r5, 'netns', String(hosts.r5)]);
    for (const r of ['r4', 'r5']) {
      await waitFor(`${r} applied`, async () => (await readFile(join(dir, r, 'ready'), 'utf8').catch(() => undefined)), 30_000)
        .catch((e) => { throw new Error(`${(e as Error).message}\n${errs[r]}`); });
    }
    const inNs = (r: 'r4' | 'r5', ...cmd: string[]) => runCommand('local', 'nsenter', ['-t', String(hosts[r]), '-n', '-m', '-u', ...cmd], { timeoutMs: 10_000 });
    for (const [r, ifname, peerLo4] of [['r4', 'dl5', '10.255.0.5'], ['r5', 'dl4', '10.255.0.4']] as const) {
      await waitFor(`${r} OSPF Full on ${ifname}`, async () => {
        const v2 = (await inNs(r, 'vtysh', '-c', 'show ip ospf neighbor')).stdout;
        const v3 = (await inNs(r, 'vtysh', '-c', 'show ipv6 ospf6 neighbor')).stdout;
        const route = (await inNs(r, 'ip', 'route', 'show', `${peerLo4}/32`)).stdout;
        return /Full/.test(v2) && /Full\/PointToPoint/.test(v3) && route.includes(`dev ${ifname}`) ? true : undefined;
      });
    }
    // 1370 on the link: 1342 bytes of ICMP payload + 8 ICMP + 20 IPv4 = 1370, DF set.
    const fits = await inNs('r4', 'ping', '-c', '1', '-W', '2', '-M', 'do', '-s', '1342', '10.255.128.19');
    assert.is(fits.code, 0, fits.stdout + fits.stderr);
    const tooBig = await inNs('r4', 'ping', '-c', '1', '-W', '2', '-M', 'do', '-s', '1343', '10.255.128.19');
    assert.is.not(tooBig.code, 0);
    const loop = await inNs('r4', 'ping', '-c', '1', '-W', '2', '-I', '10.255.0.4', '10.255.0.5');
    assert.is(loop.code, 0, loop.stdout + loop.stderr);
  } finally {
    await writeFile(join(dir, 'r4', 'done'), '').catch(() => undefined);
    await writeFile(join(dir, 'r5', 'done'), '').catch(() => undefined);
    for (const c of children) {
      if (c.exitCode === null && c.signalCode === null) {
        const gone = new Promise((r) => c.once('exit', r));
        c.kill('SIGKILL');
        await gone;
      }
    }
    for (const v of Object.values(veth)) await runCommand('local', 'ip', ['link', 'del', v], { timeoutMs: 10_000 });
    await rm(dir, { recursive: true, force: true });
  }
});
overlay.run();
