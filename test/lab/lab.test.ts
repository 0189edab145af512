/**
 * The physical lab on this machine (root): 17 nodes from sample-repo/lab.yaml with a unique
 * prefix, brought up once for the file and always taken down (after hook, and an exit hook if
 * the process dies first). Prints the bring-up time and memory.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startDhcpClients } from '../../lab/dhcp.js';
import { labDown } from '../../lab/down.js';
import { execInNode, nodeHost, spawnInNode, type Lab } from '../../lab/node.js';
import { labPaths } from '../../lab/paths.js';
import { run } from '../../lab/run.js';
import { git as labGit } from '../../lab/topology-repo.js';
import { labUp } from '../../lab/up.js';
import { waitFor } from '../../lab/wait.js';
import { dlan } from '../support/cli.js';
import { leftovers, nothingLeft, snapshot } from '../support/lab-leftovers.js';
import { fromRoot, sampleRepo } from '../support/paths.js';

const prefix = `dll${process.pid}`;
const paths = labPaths(prefix);
let lab: Lab;
const figures: Record<string, number> = {};

process.on('exit', () => {
  if (existsSync(paths.dir)) execFileSync(process.execPath, [fromRoot('dist', 'cli', 'dlan.js'), 'lab', 'down', '--prefix', prefix], { stdio: 'inherit' });
});

/** Kernel memory (slab, stacks, per-cpu, page tables): what namespaces, links and mounts cost. */
const kernelKiB = () => {
  const info = readFileSync('/proc/meminfo', 'utf8');
  return ['Slab', 'KernelStack', 'Percpu', 'PageTables'].reduce((t, k) => t + Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(info)?.[1] ?? 0), 0);
};
const sh = (node: string, script: string) => execInNode(lab, node, ['sh', '-c', script]);
const out = async (node: string, argv: string[]) => (await execInNode(lab, node, argv)).stdout.trim();

/** The source address `node` is seen with by a TCP echo-peer server at `target`:`port`. */
const seenAs = (node: string, target: string, port: number) => waitFor(`${node} to reach ${target}:${port}`, async () => {
  const r = await execInNode(lab, node, ['socat', '-T2', '-', `TCP:${target}:${port},connect-timeout=1`], { check: false });
  return r.code === 0 ? r.stdout.trim() : undefined;
}, { timeoutMs: 10_000, intervalMs: 100 });

const echoPeer = (node: string, port: number) =>
  spawnInNode(lab, node, `echo-peer-${port}`, ['socat', `TCP-LISTEN:${port},reuseaddr,fork`, 'SYSTEM:echo $SOCAT_PEERADDR']);

const physical = suite('lab: the physical network');

physical.before(async () => {
  const mem0 = kernelKiB();
  const t0 = performance.now();
  try {
    ({ lab } = await labUp({ topology: sampleRepo, prefix }));
  } catch (e) {
    console.error('lab up failed:', e); // uvu does not report a failing before hook
    throw e;
  }
  figures.upMs = Math.round(performance.now() - t0);
  figures.kernelMiB = Math.round((kernelKiB() - mem0) / 1024);
});
physical.after(async () => {
  await labDown(paths);
  const t = Object.entries(lab?.state.state.timings ?? {}).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`\n  lab figures: bring-up ${figures.upMs} ms (${t} ms); memory: kernel Δ ${figures.kernelMiB} MiB for 17 nodes (noisy when other tests run), ` +
    `processes ${figures.rssMiB} MiB resident (git server, dnsmasq, 4 dhclients, 2 wireguard-go, socats); ` +
    `down ${figures.downMs} ms; DHCP+RA for 2 servers ${figures.dhcpMs} ms`);
});

physical('every node is its own machine: network namespace, host name, private /run, its own /etc/dlan', async () => {
  for (const n of lab.plan.nodes) {
    assert.ok(existsSync(`/run/netns/${prefix}-${n.name}`), n.name);
    assert.is(await out(n.name, ['hostname']), n.name);
  }
  // /run is private: the host's /run/netns and the lab folder are not visible inside.
  assert.is((await sh('r1', 'ls -A /run')).stdout.trim(), 'lock');
  // The router's key was made inside it, mode 0600, and lives in the node's own /etc/dlan.
  assert.is(statSync(join(paths.nodeRoot('r1'), 'etc/dlan/wireguard.key')).mode & 0o777, 0o600);
  assert.is((await sh('r1', 'stat -c %a /etc/dlan/wireguard.key')).stdout.trim(), '600');
  assert.is((await sh('r2', 'cat /etc/dlan/agent.yaml')).stdout.split('\n').find((l) => l.startsWith('router:')), 'router: r2');
  assert.match((await sh('r2', 'cat /etc/dlan/allowed_signers')).stdout, 'lab@dlan.invalid namespaces="git" ssh-ed25519 ');
  // The reconciler's Host for a node writes into that node's own folders only.
  await nodeHost(lab, 'r5').writeFileAtomic('/etc/dnsmasq.d/lab-test.conf', 'x\n', 0o644);
  assert.is(readFileSync(join(paths.nodeRoot('r5'), 'etc/dnsmasq.d/lab-test.conf'), 'utf8'), 'x\n');
  assert.is(await nodeHost(lab, 'r4').readFile('/etc/dnsmasq.d/lab-test.conf'), undefined);
});

physical('behind NAT, the internet sees the home router\'s WAN address; public routers are seen as themselves', async () => {
  await echoPeer('client', 7000);
  assert.is(await seenAs('r1', '198.51.100.100', 7000), '192.0.2.1');
  assert.is(await seenAs('r2', '198.51.100.100', 7000), '192.0.2.2');
  assert.is(await seenAs('r3', '198.51.100.100', 7000), '192.0.2.2');
  assert.is(await seenAs('r4', '198.51.100.100', 7000), '203.0.113.4');
});

physical('nothing on the internet reaches a router behind NAT first (no port forwards)', async () => {
  await echoPeer('r1', 7002);
  // Even with a route to the home LAN, the home router only lets replies in.
  await execInNode(lab, 'inet', ['ip', 'route', 'add', '192.168.1.0/24', 'via', '192.0.2.1']);
  try {
    const r = await execInNode(lab, 'inet', ['socat', '-T1', '-', 'TCP:192.168.1.10:7002,connect-timeout=1'], { check: false });
    assert.is.not(r.code, 0, r.stdout);
  } finally {
    await execInNode(lab, 'inet', ['ip', 'route', 'del', '192.168.1.0/24']);
  }
});

physical('R2 and R3 reach each other directly on H2\'s LAN, without NAT', async () => {
  await echoPeer('r3', 7001);
  assert.is(await seenAs('r2', '192.168.2.3', 7001), '192.168.2.2');
  assert.match(await out('r2', ['ip', 'route', 'get', '192.168.2.3']), /^192\.168\.2\.3 dev eth0 src 192\.168\.2\.2/);
});

physical('the topology repo is served to routers behind NAT, signed by the lab key', async () => {
  const head = (await run('git', ['--git-dir', paths.bareRepo, 'rev-parse', 'main'])).stdout.trim();
  const lsRemote = async () => (await execInNode(lab, 'r1', ['git', 'ls-remote', lab.plan.git!.url, 'refs/heads/main'])).stdout.split('\t')[0];
  assert.is(await lsRemote(), head);
  // A commit in the lab's work tree is signed with the lab key; pushed over HTTP from the
  // internet (as a forge merge would land), the routers see it.
  await labGit(paths, ['commit', '-q', '--allow-empty', '-m', 'lab test: an empty change']);
  await labGit(paths, ['verify-commit', 'HEAD']);
  await execInNode(lab, 'client', ['git', '-C', paths.topology, 'push', '-q', lab.plan.git!.url, 'main'], { mounts: false });
  assert.is(await lsRemote(), (await labGit(paths, ['rev-parse', 'HEAD'])).stdout.trim());
});

physical('two wireguard-go wg-dlan in two routers do not clash, and handshake through NAT', async () => {
  const keys = lab.state.state.publicKeys;
  for (const r of ['r1', 'r4']) {
    await spawnInNode(lab, r, 'wireguard-go', ['wireguard-go', '-f', 'wg-dlan']);
    await waitFor(`${r}'s UAPI socket`, async () => (await sh(r, 'test -S /run/wireguard/wg-dlan.sock && echo yes')).stdout.trim() === 'yes', { timeoutMs: 5000 });
  }
  await execInNode(lab, 'r1', ['wg', 'set', 'wg-dlan', 'listen-port', '51820', 'private-key', '/etc/dlan/wireguard.key',
    'peer', keys.r4!, 'endpoint', '203.0.113.4:51820', 'allowed-ips', '10.99.0.4/32', 'persistent-keepalive', '1']);
  await execInNode(lab, 'r4', ['wg', 'set', 'wg-dlan', 'listen-port', '51820', 'private-key', '/etc/dlan/wireguard.key',
    'peer', keys.r1!, 'allowed-ips', '10.99.0.1/32']);
  // Each node's `wg` sees exactly one wg-dlan: its own.
  assert.is(await out('r1', ['wg', 'show', 'all', 'public-key']), `wg-dlan\t${keys.r1}`);
  assert.is(await out('r4', ['wg', 'show', 'all', 'public-key']), `wg-dlan\t${keys.r4}`);
  assert.is(await out('r2', ['wg', 'show', 'interfaces']), '');
  await sh('r1', 'ip addr add 10.99.0.1/24 dev wg-dlan && ip link set wg-dlan up');
  await sh('r4', 'ip addr add 10.99.0.4/24 dev wg-dlan && ip link set wg-dlan up');
  await waitFor('a ping through the tunnel', async () => (await execInNode(lab, 'r1', ['ping', '-c1', '-W1', '10.99.0.4'], { check: false })).code === 0, { timeoutMs: 10_000 });
  // r4 sees r1 at h1's public address: the tunnel crossed the NAT.
  assert.match(await out('r4', ['wg', 'show', 'wg-dlan', 'endpoints']), new RegExp(`^${keys.r1!.replace(/[+/]/g, '\\$&')}\\t192\\.0\\.2\\.1:\\d+$`));
});

physical('servers get their addresses from their router\'s dnsmasq (DHCP, RA, DHCPv6) and their names in its DNS', async () => {
  const hostResolv = readFileSync('/etc/resolv.conf', 'utf8');
  await sh('r1', 'ip addr add 10.1.0.1/24 dev eth1 && ip addr add fd00:1::1/64 dev eth1 && sysctl -q -w net.ipv6.conf.all.forwarding=1');
  await spawnInNode(lab, 'r1', 'dnsmasq', ['dnsmasq', '-k', '--conf-file=/dev/null', '--interface=eth1', '--bind-interfaces',
    '--domain=r1.lan', '--local=/r1.lan/', '--no-resolv', '--enable-ra', '--dhcp-authoritative', '--no-ping',
    '--dhcp-range=10.1.0.100,10.1.0.199,1h', '--dhcp-range=fd00:1::100,fd00:1::1ff,64,1h',
    '--dhcp-host=02:00:00:00:01:01,10.1.0.10', '--dhcp-leasefile=/var/lib/misc/dnsmasq.leases', '--pid-file=/run/dnsmasq.pid']);
  await waitFor('dnsmasq to listen', async () => (await out('r1', ['ss', '-Hlun', 'sport = :67'])) !== '', { timeoutMs: 5000 });
  const t0 = performance.now();
  const got = await startDhcpClients(lab, { servers: ['s1', 's3'], timeoutMs: 30_000 });
  figures.dhcpMs = Math.round(performance.now() - t0);
  const [s1, s3] = got;
  assert.equal(s1!.ipv4, ['10.1.0.10'], 'the static lease applies (s1 has its MAC)');
  assert.ok(/^10\.1\.0\.1\d\d$/.test(s3!.ipv4[0]!), s3!.ipv4.join());
  for (const s of got) assert.ok(s.ipv6.some((a) => a.startsWith('fd00:1:')), s.ipv6.join());
  // Names from the DHCP host name (v4) and FQDN (v6), in the router's DNS.
  await waitFor('s3 in r1\'s DNS', async () => (await out('s1', ['dig', '+short', 's3.r1.lan', 'A'])) === s3!.ipv4[0], { timeoutMs: 10_000 });
  const aaaa = await waitFor('s3\'s AAAA', async () => (await out('s1', ['dig', '+short', 's3.r1.lan', 'AAAA'])) || undefined, { timeoutMs: 10_000 });
  assert.ok(s3!.ipv6.includes(aaaa), `${aaaa} in ${s3!.ipv6.join()}`);
  // dhclient wrote the node's own resolv.conf (the last of -4 and -6 wins), not the host's.
  assert.match(await out('s1', ['cat', '/etc/resolv.conf']), /^nameserver (10\.1\.0\.1|fd00:1::1)$/m);
  assert.is(readFileSync('/etc/resolv.conf', 'utf8'), hostResolv);
});

physical('dlan lab exec runs a command in a node and returns its exit code; a program that cannot start is an error', async () => {
  const r = await dlan(['lab', 'exec', '--prefix', prefix, 'r3', '--', 'hostname']);
  assert.equal([r.code, r.stdout], [0, 'r3\n']);
  const f = await dlan(['lab', 'exec', '--prefix', prefix, 's2', '--', 'sh', '-c', 'echo oops >&2; exit 3']);
  assert.equal([f.code, f.stderr], [3, 'oops\n']);
  try {
    await spawnInNode(lab, 's2', 'nothing', ['dlan-no-such-program']);
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code?: string }).code, 'CommandFailed');
  }
  const u = await dlan(['lab', 'exec', '--prefix', prefix, 'r9', '--', 'true']);
  assert.is(u.code, 1);
  assert.match(u.stderr, 'no node r9 in this lab');
});

physical('dlan lab status --json shows every node and what runs in it', async () => {
  const r = await dlan(['lab', 'status', '--prefix', prefix, '--json']);
  assert.is(r.code, 0, r.stderr);
  const st = JSON.parse(r.stdout) as { phase: string; nodes: { name: string; present: boolean; processes: { role: string }[] }[] };
  assert.is(st.phase, 'up');
  assert.is(st.nodes.length, 17);
  assert.ok(st.nodes.every((n) => n.present));
  figures.rssMiB = Math.round((st as unknown as { rssKiB: number }).rssKiB / 1024);
  const roles = (n: string) => st.nodes.find((x) => x.name === n)!.processes.map((p) => p.role).sort();
  assert.equal(roles('git'), ['git-server']);
  assert.equal(roles('s1'), ['dhclient4', 'dhclient6']);
  assert.ok(roles('r1').includes('dnsmasq'));
});

physical('dlan lab down leaves nothing behind: no namespace, no process, no mount, no folder', async () => {
  const before = await snapshot(prefix);
  assert.is(before.netns.length, 17);
  assert.ok(before.processes.length >= 10, `${before.processes.length} processes`);
  const t0 = performance.now();
  const r = await dlan(['lab', 'down', '--prefix', prefix]);
  figures.downMs = Math.round(performance.now() - t0);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'removed 17 namespaces');
  assert.equal(leftovers(prefix, paths, before), nothingLeft);
  const again = await dlan(['lab', 'down', '--prefix', prefix]);
  assert.equal([again.code, again.stdout], [0, `no lab with prefix ${prefix}\n`]);
});

physical.run();
