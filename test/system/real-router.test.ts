/**
 * A real router (issue 10): two Debian 13 machines booted with systemd as PID 1 under
 * systemd-nspawn, dlan installed from its .deb with apt by the README's own install block, the
 * signed topology served over HTTP from "the internet", the agent enabled under systemd. Then,
 * from the servers' and the internet's point of view: convergence, server to server across the
 * overlay (IPv4 and IPv6), the hub's port forward, `systemctl reboot` of each router, the agent
 * stopped, the package removed. `dlan doctor` on a box with Debian's nginx default site.
 * Operating the fleet under the unit's hardening (issue 12; the lab's process manager is tested
 * in test/lab/fleet.test.ts): `dlan status` through the control socket, the status API and
 * /metrics over the overlay, `dlan status --fleet`, suspend across `systemctl restart`, resume,
 * `dlan reconcile --wait`, `dlan events`.
 *
 * The network (test/support/nspawn/physical.ts): r1 is a public hub on the internet, r2 sits
 * behind a home router doing NAT; s1 and s2 are servers on their LANs. A reboot is the guest's
 * own `systemctl reboot`: nspawn exits (133) and the test powers the machine on again, the same
 * root with the same cables plugged back (a new network namespace: nothing of the kernel's
 * network state survives, as on real hardware; machine.ts). Root only; needs
 * systemd-container, mmdebstrap and zstd (.ci/run installs them). The Debian root is cached
 * (rootfs.ts). Everything made is removed at the end, also on failure (after hook, and an exit
 * hook if the process dies first). Prints its figures at the end.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { expectedLinks } from '../../lab/converge.js';
import { run } from '../../lab/run.js';
import { waitFor } from '../../lab/wait.js';
import { addressPlanOf } from '../../model/address-plan.js';
import { loadTopology } from '../../model/load.js';
import type { FleetRow } from '../../reconciler/fleet/view.js';
import { HANDSHAKE_FRESH_S } from '../../reconciler/health/types.js';
import { parseBfdPeers } from '../../reconciler/live/parse-frr.js';
import { cgroupDirs } from '../support/nspawn/cgroup.js';
import { cleanupSync, made } from '../support/nspawn/cleanup.js';
import { observeRouter, waitRouterConverged } from '../support/nspawn/converge.js';
import { findStep, installBlock, installSteps, substitute, type InstallStep } from '../support/nspawn/install-steps.js';
import { Machine } from '../support/nspawn/machine.js';
import { obtainPackage, type DebPackage } from '../support/nspawn/package.js';
import { buildPhysical, INTERNET, netnsName, plugRouter, renderWanNetwork, ROUTERS, teardownPhysical, unplugRouter, type Physical, type RouterName } from '../support/nspawn/physical.js';
import { ensureRootfs, restoreRootfs, rootfsPackages } from '../support/nspawn/rootfs.js';
import { startDhcp, type ServerAddresses } from '../support/nspawn/servers.js';
import { LANS, topologyFiles, WEB } from '../support/nspawn/topology.js';
import { netnsWithPrefix, inNetns } from '../support/nspawn/wiring.js';
import { fromRoot, repoRoot } from '../support/paths.js';
import { signerLine, sshKey, WorkRepo } from '../support/signed-repo.js';

const prefix = `dls${process.pid}`;
const ROUTER_NAMES = Object.keys(ROUTERS) as RouterName[];
/** The programs this test runs on the host, by Debian package. */
const HOST_PROGRAMS: Record<string, string> = {
  'systemd-nspawn': 'systemd-container', mmdebstrap: 'mmdebstrap', zstd: 'zstd', nsenter: 'util-linux',
  dhclient: 'isc-dhcp-client', socat: 'socat', git: 'git', 'ssh-keygen': 'openssh-client', 'dpkg-deb': 'dpkg', nft: 'nftables',
};
const CONVERGE_MS = 180_000;

const things = made();
process.on('exit', () => cleanupSync(things));
// A runner that is stopped (Ctrl-C, CI's timeout) does not reach 'exit' by itself.
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => { cleanupSync(things); process.exit(128 + (sig === 'SIGINT' ? 2 : 15)); });

interface Ctx {
  tmp: string;
  deb: DebPackage;
  physical: Physical;
  machines: Record<RouterName, Machine>;
  repo: WorkRepo;
  signer: string;
  url: string;
  commit: string;
  links: Record<string, string[]>;
  /** Each router's status API on its overlay loopbacks (network.yaml agentApi.port). */
  api: Record<RouterName, { v4: string; v6: string }>;
  servers: Record<'s1' | 's2', ServerAddresses>;
  /** What `dlan doctor` printed during the install. */
  doctor: Partial<Record<RouterName, string>>;
  /** Set once both routers are installed and converged: later cases need it. */
  ready: boolean;
}
const ctx = { doctor: {}, ready: false } as Ctx;
const figures: [string, string][] = [];
const figure = (what: string, value: string) => { figures.push([what, value]); console.log(`  ${what}: ${value}`); };
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const t0 = performance.now();
const say = (line: string) => console.log(`  ${seconds(performance.now() - t0).padStart(7)}  ${line}`);

function needReady(): void {
  if (!ctx.ready) throw new Error('the routers were not installed and converged (see the first failure)');
}

/** The README's install block with this router's name, the served repo, the test's signer and the package's file. */
function stepsFor(router: RouterName): InstallStep[] {
  const readme = readFileSync(fromRoot('README.md'), 'utf8');
  const { text, firstLine } = installBlock(readme);
  return substitute(installSteps(text, firstLine), [
    { what: 'the package file ./dlan_<version>_all.deb', pattern: /\.\/dlan_\S+_all\.deb/, value: `./${ctx.deb.file}` },
    { what: 'the line `router: r6`', pattern: /^router: r6$/m, value: `router: ${router}` },
    { what: 'the repo URL https://git.example.org/you/network.git', pattern: /https:\/\/git\.example\.org\/you\/network\.git/, value: ctx.url },
    { what: "Alice's allowed_signers line", pattern: /^alice@example\.org namespaces="git" ssh-ed25519 \S+$/m, value: ctx.signer },
  ]);
}

async function runStep(m: Machine, step: InstallStep): Promise<{ code: number; out: string; ms: number }> {
  const t = performance.now();
  const r = await m.exec(['bash', '-c', step.script], { cwd: '/root', check: false });
  return { code: r.code, out: `${r.stdout}${r.stderr}`, ms: performance.now() - t };
}

async function mustRun(m: Machine, step: InstallStep): Promise<{ out: string; ms: number }> {
  const r = await runStep(m, step);
  if (r.code !== 0) throw new Error(`${m.name}: README.md:${step.line} \`${step.script.split('\n')[0]}\` exited ${r.code}:\n${r.out.trim().split('\n').slice(-15).join('\n')}`);
  return r;
}

/** One request to the hub's public port from the internet: what the backend answered. */
async function askForward(): Promise<string | undefined> {
  const r = await inNetns(ctx.physical.internet, ['socat', '-t3', '-T3', '-', `TCP:${ROUTERS.r1.wan.address.split('/')[0]}:${WEB.port},connect-timeout=2`], { check: false, input: 'hello\r\n' });
  return r.code === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

const ping = async (from: 's1' | 's2', to: string) =>
  (await inNetns(ctx.physical.servers[from].netns, ['ping', '-n', '-c1', '-W2', to], { check: false })).code === 0;

/** s1 ↔ s2 both ways, both families, and the forward: each must work within the deadline. */
async function trafficFlows(why: string, timeoutMs = 30_000): Promise<void> {
  if (!ctx.servers) throw new Error('the servers have no addresses (see case 2)');
  const { s1, s2 } = ctx.servers;
  await Promise.all([
    waitFor(`${why}: s1 → s2 ${s2.ipv4}`, () => ping('s1', s2.ipv4), { timeoutMs, intervalMs: 200 }),
    waitFor(`${why}: s1 → s2 ${s2.ipv6}`, () => ping('s1', s2.ipv6), { timeoutMs, intervalMs: 200 }),
    waitFor(`${why}: s2 → s1 ${s1.ipv4}`, () => ping('s2', s1.ipv4), { timeoutMs, intervalMs: 200 }),
    waitFor(`${why}: s2 → s1 ${s1.ipv6}`, () => ping('s2', s1.ipv6), { timeoutMs, intervalMs: 200 }),
    waitFor(`${why}: the hub's forward to s2`, async () => /^s2 direct /.test((await askForward()) ?? ''), { timeoutMs, intervalMs: 200 }),
  ]);
}

/** What the router's network is: links and their addresses, routes, dlan's nftables table, the tunnel's peers, the daemons that run. */
async function networkOf(m: Machine): Promise<Record<string, string>> {
  const out = async (argv: string[]) => (await m.exec(argv)).stdout;
  return {
    links: await out(['ip', '-br', 'addr']),
    routes: await out(['ip', 'route']),
    routes6: await out(['ip', '-6', 'route']),
    nft: await out(['nft', 'list', 'table', 'inet', 'dlan']),
    wireguard: await out(['wg', 'show', 'wg-dlan', 'peers']),
    // The data plane (the agent itself is what remove stops), as unit, active state, sub-state:
    // their unit files go with the package, the processes stay.
    units: (await out(['systemctl', 'list-units', '--state=active', '--no-legend', '--plain', 'dlan-dnsmasq.service', 'dlan-nginx.service', 'dlan-wireguard-go@*', 'frr.service']))
      .split('\n').filter(Boolean).map((l) => l.split(/\s+/)).map(([unit, , active, sub]) => `${unit} ${active} ${sub}`).join('\n'),
  };
}

/** The agent's proportional set size under systemd, from its smaps_rollup in the guest. */
async function agentPss(m: Machine): Promise<string> {
  const pid = (await m.exec(['systemctl', 'show', '-p', 'MainPID', '--value', 'dlan-agent'])).stdout.trim();
  const rollup = (await m.exec(['cat', `/proc/${pid}/smaps_rollup`])).stdout;
  const kib = (f: string) => Number(new RegExp(`^${f}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? NaN);
  return `${(kib('Pss') / 1024).toFixed(1)} MiB PSS (${(kib('Rss') / 1024).toFixed(1)} MiB RSS)`;
}

/** `dlan ARGS` as root on the router, as its admin types it: exit code and output, never throws. */
const dlan = (r: RouterName, args: readonly string[]) => ctx.machines[r].exec(['dlan', ...args], { check: false });

/** `dlan status --json` on the router: the view, or an error with what it printed. */
async function statusOf(r: RouterName): Promise<{ agent: string; health: string; applied?: { commit: string }; lastAttempt?: { commit: string; outcome: string }; suspended?: { reason: string; since: string } }> {
  const s = await dlan(r, ['status', '--json']);
  if (s.code !== 0) throw new Error(`${r}: dlan status --json exited ${s.code}: ${s.stderr}`);
  return JSON.parse(s.stdout);
}

/**
 * A GET from inside the machine with node's fetch (the Debian root has no curl): what the
 * server answered, or the error (no answer within 5 s).
 */
async function getFrom(r: RouterName, url: string): Promise<{ status: number; body: string } | { error: string }> {
  const script = `fetch(process.argv[1], { signal: AbortSignal.timeout(5000) })
    .then(async (r) => process.stdout.write(JSON.stringify({ status: r.status, body: await r.text() })))
    .catch((e) => process.stdout.write(JSON.stringify({ error: String(e.cause ?? e) })));`;
  return JSON.parse((await ctx.machines[r].exec(['node', '-e', script, url])).stdout);
}

/**
 * Whether each of the router's peerings is up as the agent's health counts it
 * (reconciler/health/summarize.ts): a fresh WireGuard handshake, OSPF and OSPFv3 Full, BFD up.
 */
async function peersUpLive(r: RouterName): Promise<boolean> {
  const m = ctx.machines[r];
  const links = ctx.links[r] ?? [];
  const [wg, bfd, view] = await Promise.all([
    m.exec(['wg', 'show', 'wg-dlan', 'latest-handshakes'], { check: false }),
    m.exec(['vtysh', '-c', 'show bfd peers json'], { check: false }),
    observeRouter(m, ctx.commit, links),
  ]);
  const now = Date.now() / 1000;
  const handshakes = wg.stdout.trim().split('\n').filter(Boolean).map((l) => Number(l.split('\t')[1]));
  const sessions = bfd.code === 0 ? parseBfdPeers(bfd.stdout) : [];
  return wg.code === 0 && handshakes.length > 0 && handshakes.every((t) => t > 0 && now - t <= HANDSHAKE_FRESH_S)
    && view.converged
    && links.every((l) => sessions.some((b) => b.ifname === l) && sessions.filter((b) => b.ifname === l).every((b) => b.status === 'up'));
}

/** The agent's PID under systemd (MainPID of dlan-agent.service). */
const mainPid = async (r: RouterName) => Number((await ctx.machines[r].exec(['systemctl', 'show', '-p', 'MainPID', '--value', 'dlan-agent'])).stdout.trim());

const converge = async (r: RouterName, o: { after?: number } = {}) => {
  const v = await waitRouterConverged(ctx.machines[r], ctx.commit, ctx.links[r] ?? [], { timeoutMs: CONVERGE_MS, progress: (l) => say(l), ...o });
  return v;
};

const sys = suite('a real router: Debian 13 under systemd, dlan from its .deb');

/** Root and the host's programs, or an error naming what is missing (as the lab's e2e suite does, every case then fails). */
async function requirements(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('test/system/real-router.test.ts needs root (it boots machines with systemd-nspawn)');
  const missing = [];
  for (const [p, pkg] of Object.entries(HOST_PROGRAMS)) if ((await run('sh', ['-c', `command -v ${p}`], { check: false })).code !== 0) missing.push(pkg);
  if (missing.length) throw new Error(`missing programs: apt-get install ${[...new Set(missing)].join(' ')}`);
}

sys.before(async () => {
  try {
    await requirements();
  } catch (e) {
    console.error(`real-router: ${(e as Error).message}`); // uvu does not report a failing before hook
    throw e;
  }
  ctx.tmp = mkdtempSync(join(tmpdir(), 'dls-'));
  things.dirs.add(ctx.tmp);
});

sys.after(async () => {
  try {
    for (const m of Object.values(ctx.machines ?? {})) await m.stop();
    if (ctx.physical) await teardownPhysical(ctx.physical);
  } finally {
    cleanupSync(things);
    if (figures.length) console.log(`\n  figures:\n${figures.map(([w, v]) => `    ${w}: ${v}`).join('\n')}\n  whole test: ${seconds(performance.now() - t0)}`);
  }
});

sys('1. the README\'s install block installs dlan from its .deb on two booted Debian machines; both converge, OSPF Full', async () => {
  ctx.deb = await obtainPackage(repoRoot, join(ctx.tmp, 'deb'));
  figure('package', `${ctx.deb.file}, ${(ctx.deb.bytes / 1024 / 1024).toFixed(2)} MiB${ctx.deb.buildMs ? `, built in ${seconds(ctx.deb.buildMs)}` : ''}`);
  const rootfs = await ensureRootfs(rootfsPackages(ctx.deb.dependencies), say);
  figure('Debian root', rootfs.builtMs ? `built in ${seconds(rootfs.builtMs)}: ${rootfs.tarball}` : `cached: ${rootfs.tarball}`);

  // The physical network, the signed topology repo and its HTTP server on the internet.
  for (const n of ['internet', 'home', 's1', 's2']) things.netns.add(netnsName(prefix, n));
  ctx.physical = await buildPhysical(prefix, ctx.tmp);
  const key = await sshKey(ctx.tmp, 'ed25519', 'alice');
  ctx.signer = signerLine('alice@example.org', key, 'namespaces="git"');
  mkdirSync(join(ctx.tmp, 'git'));
  ctx.repo = await WorkRepo.create(join(ctx.tmp, 'topology'), join(ctx.tmp, 'git', 'topology.git'));
  const server = spawn('ip', ['netns', 'exec', ctx.physical.internet, process.execPath, fromRoot('dist', 'lab', 'git-server-main.js'),
    join(ctx.tmp, 'git'), INTERNET.git.address, String(INTERNET.git.port)], { stdio: ['ignore', 'ignore', 'inherit'] });
  things.pids.add(server.pid!);
  ctx.url = `http://${INTERNET.git.address}:${INTERNET.git.port}/topology.git`;

  // Two machines from the cached root: their WAN configured by systemd-networkd, as installed.
  const tRestore = performance.now();
  ctx.machines = {} as Record<RouterName, Machine>;
  await Promise.all(ROUTER_NAMES.map(async (r) => {
    const root = join(ctx.tmp, r);
    await restoreRootfs(rootfs.tarball, root);
    writeFileSync(join(root, 'etc/hostname'), `${r}\n`);
    mkdirSync(join(root, 'etc/systemd/network'), { recursive: true });
    writeFileSync(join(root, 'etc/systemd/network/10-wan.network'), renderWanNetwork(r));
    await run('systemctl', ['--root', root, 'enable', '--quiet', 'systemd-networkd.service']);
    copyFileSync(ctx.deb.path, join(root, 'root', ctx.deb.file));
    const machine = `${prefix}-${r}`;
    for (const d of cgroupDirs(machine)) things.cgroups.add(d);
    things.netns.add(machine);
    ctx.machines[r] = new Machine({
      machine, hostname: r, root, netns: machine, console: join(ctx.tmp, `${r}.console`),
      plug: (ns) => plugRouter(ctx.physical, r, ns), unplug: (ns) => unplugRouter(ctx.physical, r, ns),
    });
  }));
  figure('roots restored (2)', seconds(performance.now() - tRestore));
  await Promise.all(ROUTER_NAMES.map(async (r) => {
    const b = await ctx.machines[r].boot();
    for (const p of ctx.machines[r].pids) things.pids.add(p);
    figure(`${r}: boot to ${b.state}`, seconds(b.ms));
  }));

  // The README's block, up to `dlan keygen`, on each router; the keys go into the repo by a
  // signed commit (a user's pull request); then the rest of the block.
  const keys = {} as Record<RouterName, string>;
  const steps = Object.fromEntries(ROUTER_NAMES.map((r) => [r, stepsFor(r)])) as Record<RouterName, InstallStep[]>;
  const keygen = findStep(steps.r1, /^dlan keygen\b/, 'runs dlan keygen');
  const doctor = findStep(steps.r1, /^dlan doctor\b/, 'runs dlan doctor');
  const apt = findStep(steps.r1, /^apt(-get)? install \.\/dlan_/, 'installs the package with apt');
  await Promise.all(ROUTER_NAMES.map(async (r) => {
    for (const [i, step] of steps[r].slice(0, keygen + 1).entries()) {
      const out = await mustRun(ctx.machines[r], step);
      if (i === apt) figure(`${r}: apt install ./${ctx.deb.file}`, seconds(out.ms));
      if (i === keygen) keys[r] = out.out.trim().split('\n').pop()!;
    }
    assert.match(keys[r], /^[A-Za-z0-9+/]{43}=$/, `${r}: dlan keygen printed ${keys[r]}`);
  }));
  const files = topologyFiles(keys);
  const topology = loadTopology(Object.entries(files).map(([path, text]) => ({ path, text })));
  assert.ok(topology.topology, JSON.stringify(topology.diagnostics));
  ctx.links = expectedLinks(topology.topology!);
  const plan = addressPlanOf(topology.topology!.network);
  const port = topology.topology!.network.agentApi.port;
  ctx.api = Object.fromEntries(topology.topology!.routers.map((r) =>
    [r.name, { v4: `http://${plan.loopback4(r.id)}:${port}`, v6: `http://[${plan.loopback6(r.id)}]:${port}` }])) as Ctx['api'];
  ctx.commit = await ctx.repo.commit('routers r1 and r2 with their keys, a web forward on the hub', files, { sign: key });

  const enabled: Partial<Record<RouterName, number>> = {};
  await Promise.all(ROUTER_NAMES.map(async (r) => {
    for (const [i, step] of steps[r].entries()) {
      if (i <= keygen) continue;
      if (i === doctor) {
        // No error on a fresh Debian with the package (exit 0); its warnings are checked in case 4.
        const d = await mustRun(ctx.machines[r], step);
        ctx.doctor[r] = d.out;
        continue;
      }
      if (i === steps[r].length - 1) enabled[r] = performance.now();
      await mustRun(ctx.machines[r], step);
    }
  }));
  await Promise.all(ROUTER_NAMES.map(async (r) => {
    await converge(r);
    figure(`${r}: systemctl enable --now dlan-agent to converged`, seconds(performance.now() - enabled[r]!));
  }));
  for (const r of ROUTER_NAMES) figure(`${r}: agent memory under systemd`, await agentPss(ctx.machines[r]));
  ctx.ready = true;
});

sys('2. the servers get their addresses from their router by DHCP; s1 and s2 reach each other across the overlay, IPv4 and IPv6', async () => {
  needReady();
  const [s1, s2] = await Promise.all([startDhcp(ctx.physical.servers.s1, 60_000), startDhcp(ctx.physical.servers.s2, 60_000)]);
  for (const p of [...ctx.physical.servers.s1.processes, ...ctx.physical.servers.s2.processes]) things.pids.add(p.pid!);
  ctx.servers = { s1, s2 };
  // Their static leases in the topology.
  assert.equal(s1, { ipv4: LANS.r1.server.ipv4, ipv6: LANS.r1.server.ipv6 });
  assert.equal(s2, { ipv4: LANS.r2.server.ipv4, ipv6: LANS.r2.server.ipv6 });
  const { s1: a, s2: b } = ctx.servers;
  await waitFor('s1 → s2 over IPv4', () => ping('s1', b.ipv4), { timeoutMs: 30_000, intervalMs: 200 });
  await waitFor('s1 → s2 over IPv6', () => ping('s1', b.ipv6), { timeoutMs: 30_000, intervalMs: 200 });
  await waitFor('s2 → s1 over IPv4', () => ping('s2', a.ipv4), { timeoutMs: 30_000, intervalMs: 200 });
  await waitFor('s2 → s1 over IPv6', () => ping('s2', a.ipv6), { timeoutMs: 30_000, intervalMs: 200 });
});

sys('3. the hub\'s public port forwards to s2 (behind NAT, behind r2): asked from the internet', async () => {
  needReady();
  const echo = spawn('ip', ['netns', 'exec', ctx.physical.servers.s2.netns, process.execPath, fromRoot('dist', 'test', 'support', 'proxy-echo.js'), 's2', String(WEB.to)], { stdio: 'ignore' });
  things.pids.add(echo.pid!);
  ctx.physical.servers.s2.processes.push(echo);
  const answer = await waitFor('the forward to answer', askForward, { timeoutMs: 30_000, intervalMs: 200 });
  assert.match(answer, /^s2 direct /);
});

sys('4. dlan doctor on a box with Debian\'s nginx default site names it and its fix; the fix clears it', async () => {
  needReady();
  const m = ctx.machines.r1;
  assert.ok(existsSync(join(ctx.tmp, 'r1', 'etc/nginx/sites-enabled/default')), 'the distro enables its default site');
  // At install time (the README's step): no topology yet, so the site is a warning with its fix.
  const first = ctx.doctor.r1!;
  assert.match(first, /sites-enabled\/default/, first);
  assert.match(first, /systemctl disable --now nginx/, first);
  // Now the agent fetched: the hub's forward of port 80 needs the port nginx.service's default site takes.
  const doctor = async () => {
    const r = await m.exec(['dlan', 'doctor', '--json'], { check: false });
    return { code: r.code, report: JSON.parse(r.stdout) as { findings: { id: string; severity: string; message: string; fix?: string }[] } };
  };
  const before = await doctor();
  const site = before.report.findings.find((f) => f.id === 'nginx:default-site');
  assert.is(site?.severity, 'error', JSON.stringify(site));
  assert.match(site!.message, /sites-enabled\/default/);
  assert.match(site!.fix ?? '', /systemctl disable --now nginx/);
  assert.is(before.code, 1);
  await m.exec(['systemctl', 'disable', '--now', 'nginx']);
  const after = await doctor();
  assert.is(after.report.findings.find((f) => f.id === 'nginx:default-site')?.severity, 'ok');
  assert.equal(after.report.findings.filter((f) => f.severity === 'error'), []);
  assert.is(after.code, 0);
  assert.match((await askForward()) ?? '', /^s2 direct /, 'the forward still answers');
});

sys('5. after systemctl reboot, each router comes back converged with no command typed', async () => {
  needReady();
  for (const r of ROUTER_NAMES) {
    const m = ctx.machines[r];
    const t = performance.now();
    const b = await m.reboot();
    for (const p of m.pids) things.pids.add(p);
    // A reconcile of this boot: the state file's last attempt is newer than the old machine.
    await converge(r, { after: Math.floor(b.downAt / 1000) });
    const total = performance.now() - t;
    figure(`${r}: systemctl reboot to converged`, `${seconds(total)} (down ${seconds(b.downMs)}; power-on to ${b.state} ${seconds(b.bootMs)}, to converged ${seconds(total - b.downMs)})`);
    await trafficFlows(`after ${r} rebooted`);
    figure(`${r}: agent memory after the reboot`, await agentPss(m));
  }
});

sys('6. under its systemd unit, the agent answers `dlan status` on r1 through its control socket, /run/dlan/agent.sock', async () => {
  needReady();
  const m = ctx.machines.r1;
  const pid = await mainPid('r1');
  // The socket the unit's RuntimeDirectory= holds, root only, listened on by the unit's main process.
  assert.is((await m.exec(['stat', '-c', '%a %U %F', '/run/dlan/agent.sock'])).stdout.trim(), '600 root socket');
  const ss = (await m.exec(['ss', '-xlpn'])).stdout.split('\n').find((l) => l.includes('/run/dlan/agent.sock'));
  assert.match(ss ?? '', new RegExp(`pid=${pid},`), `ss -xlpn: ${ss}`);
  // From the agent, not its state file: a state dir that does not exist does not matter.
  const view = JSON.parse((await dlan('r1', ['status', '--json', '--state-dir', '/nonexistent'])).stdout) as Awaited<ReturnType<typeof statusOf>>;
  assert.is(view.agent, 'running');
  assert.is(view.applied?.commit, ctx.commit);
  assert.is(view.lastAttempt?.outcome, 'success');
  const text = await dlan('r1', ['status']);
  assert.is(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`^applied:\\s+${ctx.commit.slice(0, 7)}, `, 'm'), text.stdout);
  assert.not.match(text.stdout, /not running/, text.stdout);
});

sys('7. `dlan reconcile --wait` on each router returns 0 with the outcome; `dlan events` lists the reconciles', async () => {
  needReady();
  // Each agent's health is the one its last reconcile saw: after a boot that was before OSPF came
  // Full, and the next scheduled one is up to a minute away. These make it fresh for case 8, once
  // every peer is up as the agent counts it (case 5's convergence looks at OSPF only).
  const tb = performance.now();
  await Promise.all(ROUTER_NAMES.map((r) => waitFor(`${r}: its peers up (WireGuard, OSPF, OSPFv3, BFD)`, () => peersUpLive(r), { timeoutMs: 60_000, intervalMs: 500 })));
  figure('peers up on both, after case 5', seconds(performance.now() - tb));
  for (const router of ROUTER_NAMES) {
    const events = async () => (await dlan(router, ['events', '--json'])).stdout.trim().split('\n').filter(Boolean)
      .map((l) => JSON.parse(l) as { kind: string; outcome: string; commit?: string; router: string });
    const before = (await events()).filter((e) => e.kind === 'reconcile').length;
    const t = performance.now();
    const r = await dlan(router, ['reconcile', '--wait']);
    figure(`${router}: dlan reconcile --wait`, seconds(performance.now() - t));
    assert.is(r.code, 0, `${r.stdout}${r.stderr}`);
    assert.match(r.stdout, new RegExp(`^ok: (success|noop) ${ctx.commit.slice(0, 7)}: `, 'm'));
    assert.ok(r.stderr.trim().length > 0, 'progress was streamed');
    const reconciles = (await events()).filter((e) => e.kind === 'reconcile');
    assert.ok(reconciles.length > before, `${router}: ${before} reconcile events before, ${reconciles.length} after`);
    assert.equal([reconciles.at(-1)!.router, reconciles.at(-1)!.commit], [router, ctx.commit]);
    assert.match((await dlan(router, ['events'])).stdout, new RegExp(`^\\S+ ${router} reconcile (success|noop) ${ctx.commit.slice(0, 7)}`, 'm'));
  }
});

sys('8. from r2, r1\'s status API answers on its overlay loopbacks (IPv4, IPv6) from the agent systemd runs; /metrics parses; the fleet view lists both from their agents', async () => {
  needReady();
  const pid = await mainPid('r1');
  for (const base of [ctx.api.r1.v4, ctx.api.r1.v6]) {
    const t = performance.now();
    const a = await waitFor(`r2 → ${base}/v1/status`, async () => {
      const r = await getFrom('r2', `${base}/v1/status`);
      return 'status' in r && r.status === 200 ? r : undefined;
    }, { timeoutMs: 60_000, intervalMs: 500 });
    const s = JSON.parse(a.body) as { router: string; agent: { pid: number }; state?: { applied?: { commit: string } } };
    assert.equal([s.router, s.agent.pid, s.state?.applied?.commit], ['r1', pid, ctx.commit], `${base}: ${a.body.slice(0, 300)}`);
    figure(`r2 → r1 status API ${base}`, seconds(performance.now() - t));
  }
  // What r1's agent saw at its last reconcile (case 7's, with OSPF Full).
  const metrics = await getFrom('r2', `${ctx.api.r1.v6}/metrics`);
  assert.ok('status' in metrics && metrics.status === 200, JSON.stringify(metrics));
  const families = parsePrometheusTextFormat((metrics as { body: string }).body) as { name: string; type: string; metrics: { value?: string; labels?: Record<string, string> }[] }[];
  const names = families.map((f) => f.name);
  for (const n of ['dlan_reconciles_total', 'dlan_suspended', 'dlan_peers_expected', 'dlan_peers_up', 'dlan_applied_commit_info']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
  const value = (n: string) => Number(families.find((f) => f.name === n)?.metrics[0]?.value);
  assert.is(families.find((f) => f.name === 'dlan_reconciles_total')!.type, 'COUNTER');
  assert.ok(families.find((f) => f.name === 'dlan_reconciles_total')!.metrics.some((x) => x.labels?.outcome === 'success' && Number(x.value) >= 1));
  assert.equal([value('dlan_suspended'), value('dlan_peers_expected'), value('dlan_peers_up')], [0, 1, 1], (await dlan('r1', ['status', '--json'])).stdout);
  assert.is(families.find((f) => f.name === 'dlan_applied_commit_info')!.metrics[0]?.labels?.commit, ctx.commit);

  let seen = '';
  const rows = await waitFor('both routers ready in r2\'s fleet view', async () => {
    const f = await dlan('r2', ['status', '--fleet', '--json']);
    if (f.code !== 0) throw new Error(`dlan status --fleet --json exited ${f.code}: ${f.stderr}`);
    seen = f.stdout;
    const rs = JSON.parse(f.stdout) as FleetRow[];
    return rs.length === 2 && rs.every((r) => r.source === 'agent' && r.ready) ? rs : undefined;
  }, { timeoutMs: 60_000, intervalMs: 1000 }).catch((e: Error) => { throw new Error(`${e.message}; last seen: ${seen}`); });
  assert.equal(rows.map((r) => [r.router, r.source, r.ready, r.applied?.commit, r.suspended]), ROUTER_NAMES.map((r) => [r, 'agent', true, ctx.commit, undefined]));
});

sys('9. `dlan suspend` on r2 survives `systemctl restart dlan-agent`; `dlan resume` brings it back to ready', async () => {
  needReady();
  const s = await dlan('r2', ['suspend', '--reason', 'maintenance']);
  assert.is(s.code, 0, s.stderr);
  assert.is(s.stdout, 'suspended: maintenance\n', 'through the running agent');
  assert.is((await statusOf('r2')).suspended?.reason, 'maintenance');

  const before = await mainPid('r2');
  const t = performance.now();
  await ctx.machines.r2.exec(['systemctl', 'restart', 'dlan-agent']);
  const after = await mainPid('r2');
  assert.ok(after !== before && after > 0, `MainPID ${before} → ${after}`);
  const view = await waitFor('r2\'s new agent to answer dlan status', async () => {
    const v = await statusOf('r2');
    return v.agent === 'running' ? v : undefined;
  }, { timeoutMs: 60_000, intervalMs: 250 });
  figure('r2: systemctl restart dlan-agent to answering on its socket', seconds(performance.now() - t));
  assert.is(view.suspended?.reason, 'maintenance', JSON.stringify(view));
  assert.match((await dlan('r2', ['status'])).stdout, /^suspended since \S+: maintenance$/m);
  // And seen so from r1, over the overlay.
  const fromR1 = await waitFor('r2 suspended in r1\'s fleet view', async () => {
    const rows = JSON.parse((await dlan('r1', ['status', '--fleet', '--json'])).stdout) as FleetRow[];
    return rows.find((r) => r.router === 'r2' && r.source === 'agent' && r.suspended !== undefined);
  }, { timeoutMs: 60_000, intervalMs: 1000 });
  assert.is(fromR1.suspended, 'maintenance');

  const r = await dlan('r2', ['resume']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, 'resumed\n');
  const tr = performance.now();
  await waitFor('r2 ready and not suspended after dlan resume', async () => {
    const rows = JSON.parse((await dlan('r2', ['status', '--fleet', '--json'])).stdout) as FleetRow[];
    const r2 = rows.find((x) => x.router === 'r2');
    return r2?.source === 'agent' && r2.ready === true && r2.suspended === undefined && r2.applied?.commit === ctx.commit;
  }, { timeoutMs: 120_000, intervalMs: 500 });
  figure('r2: dlan resume to ready', seconds(performance.now() - tr));
  assert.is((await statusOf('r2')).suspended, undefined);
  const kinds = (await dlan('r2', ['events', '--json'])).stdout.trim().split('\n').map((l) => (JSON.parse(l) as { kind: string }).kind);
  assert.ok(kinds.lastIndexOf('suspend') < kinds.lastIndexOf('resume') && kinds.includes('suspend'), kinds.join(' '));
  // Nothing the agents did under the unit's hardening was refused: no path, family or capability.
  for (const m of Object.values(ctx.machines)) {
    const log = (await m.exec(['journalctl', '-u', 'dlan-agent', '-o', 'cat', '--no-pager'])).stdout;
    assert.equal(log.split('\n').filter((l) => /EACCES|EPERM|EROFS|permission denied|operation not permitted|read-only file system|address family not supported/i.test(l)), [], `${m.name}: dlan-agent's journal`);
  }
});

sys('10. systemctl stop dlan-agent changes nothing on the network: traffic flows', async () => {
  needReady();
  for (const r of ROUTER_NAMES) {
    const before = await networkOf(ctx.machines[r]);
    await ctx.machines[r].exec(['systemctl', 'stop', 'dlan-agent']);
    assert.equal(await networkOf(ctx.machines[r]), before, `${r}: the network after systemctl stop dlan-agent`);
  }
  await trafficFlows('with the agents stopped');
});

sys('11. apt remove dlan leaves the network as it was: traffic still flows', async () => {
  needReady();
  for (const r of ROUTER_NAMES) {
    const started = Math.floor(Date.now() / 1000);
    await ctx.machines[r].exec(['systemctl', 'start', 'dlan-agent']);
    await converge(r, { after: started - 1 });
  }
  for (const r of ROUTER_NAMES) {
    const before = await networkOf(ctx.machines[r]);
    const t = performance.now();
    await ctx.machines[r].exec(['apt-get', 'remove', '-y', '-q', 'dlan']);
    figure(`${r}: apt remove dlan`, seconds(performance.now() - t));
    assert.equal(await networkOf(ctx.machines[r]), before, `${r}: the network after apt remove dlan`);
    assert.is((await ctx.machines[r].exec(['dpkg-query', '-W', '-f', '${Status}', 'dlan'], { check: false })).stdout.trim(), 'deinstall ok config-files');
  }
  await trafficFlows('after apt remove dlan');
});

sys('12. the machines stop and leave nothing behind: namespaces, cgroups, processes, roots', async () => {
  for (const m of Object.values(ctx.machines ?? {})) await m.stop();
  if (ctx.physical) await teardownPhysical(ctx.physical);
  cleanupSync(things);
  assert.equal(await netnsWithPrefix(prefix), []);
  assert.equal([...things.cgroups].filter((d) => existsSync(d)), []);
  assert.equal([...things.pids].filter((p) => existsSync(`/proc/${p}`)), []);
  assert.not.ok(existsSync(ctx.tmp), ctx.tmp);
});

sys.run();
