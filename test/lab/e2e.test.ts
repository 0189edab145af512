/**
 * The end-to-end suite: the sample network (5 routers, 7 servers, 2 NAT boxes, an internet) in
 * one lab, brought up by `dlan agent` in every router exactly as real routers would, then
 * checked from the servers' and the internet's point of view (issue 6, items 1–7). Then, in a
 * second lab once the first is down, a topology generated from a seed (test/support/
 * generated-lab.ts: dual-stack hubs, NAT sites, IPv4-only, IPv6-only and dual-stack LANs, long
 * names): all pairs of servers reach each other in every family they share, names resolve, a
 * forward answers. The seed is printed; DLAN_E2E_SEED=<seed> replays it.
 * Root only. Each lab is always taken down (after hook, and an exit hook if the process dies
 * first). Ends with a summary: reachability matrix, paths, timings, memory.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startAgents } from '../../lab/agents.js';
import { expectedLinks, routerState, waitConverged } from '../../lab/converge.js';
import type { ServerAddresses } from '../../lab/dhcp.js';
import { labDown } from '../../lab/down.js';
import { execInNode, nodeOf, spawnInNode, type Lab } from '../../lab/node.js';
import { labPaths } from '../../lab/paths.js';
import { run } from '../../lab/run.js';
import { git } from '../../lab/topology-repo.js';
import { labUp } from '../../lab/up.js';
import { waitFor } from '../../lab/wait.js';
import type { Topology } from '../../model/model.js';
import { slice } from '../../model/slice.js';
import { addressBook, labMemory, pathOf, pingOnce, renderSummary, startPing, type RunningPing, type Summary } from '../support/e2e.js';
import { startForgeServer, type ForgeServer } from '../support/forge-server.js';
import { fromRoot, sampleRepo } from '../support/paths.js';
import { generateLab, type GeneratedLab } from '../support/generated-lab.js';
import { dlan } from '../support/cli.js';
import { renderedSample } from '../support/rendered.js';
import { sampleTopology } from '../support/sample.js';

const prefix = `dle${process.pid}`;
const paths = labPaths(prefix);
const genPrefix = `dlg${process.pid}`;
const genPaths = labPaths(genPrefix);
const CLIENT = '198.51.100.100';
const PUBLIC = { r4: '203.0.113.4', r5: '198.51.100.5' } as const;
/** The fake forge is served from the git host of sample-repo/lab.yaml (a socat bridge to a Unix socket of this process). */
const FORGE = 'http://203.0.113.80:3000';
const TOKEN = 'lab-forge-token';

process.on('exit', () => {
  for (const [p, dir] of [[prefix, paths.dir], [genPrefix, genPaths.dir]] as const) {
    if (existsSync(dir)) execFileSync(process.execPath, [fromRoot('dist', 'cli', 'dlan.js'), 'lab', 'down', '--prefix', p], { stdio: 'inherit' });
  }
});

interface Ctx {
  lab: Lab;
  topology: Topology;
  links: Record<string, string[]>;
  servers: Map<string, ServerAddresses>;
  book: Map<string, string>;
  forge: ForgeServer;
  tmp: string;
  commit: string;
  /** The host's own files at the paths routers write, before the lab. */
  hostFiles: Record<string, string>;
}
const ctx = {} as Ctx;
const summary: { reach: Record<string, Record<string, { v4: boolean; v6: boolean }>>; paths: Summary['paths'][number][]; timings: Summary['timings'][number][] } =
  { reach: {}, paths: [], timings: [] };
const figure = (what: string, value: string) => summary.timings.push({ what, value });
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const out = async (node: string, argv: string[]) => (await execInNode(ctx.lab, node, argv)).stdout.trim();
const v4 = (s: string) => ctx.servers.get(s)!.ipv4[0]!;
const v6 = (s: string) => ctx.servers.get(s)!.dhcp6!;
const routerOf = (s: string) => ctx.lab.plan.servers.find((x) => x.node === s)!.router;
const lanAddress = (r: string) => slice(ctx.topology, r).router.lan!.ipv4!.address;
const linkTo = (r: string, peer: string) => slice(ctx.topology, r).peers.find((p) => p.name === peer)!.ifname;

/** One line from a TCP service: connect from a node, send `hello`, half-close (as `printf | nc` does), read the answer. */
async function ask(node: string, host: string, port: number): Promise<string | undefined> {
  const r = await execInNode(ctx.lab, node, ['sh', '-c', `printf 'hello\\r\\n' | socat -t3 -T3 - TCP:${host}:${port},connect-timeout=1`], { check: false });
  return r.code === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}
const answers = (node: string, host: string, port: number, timeoutMs = 15_000) =>
  waitFor(`${host}:${port} to answer ${node}`, () => ask(node, host, port), { timeoutMs, intervalMs: 200 });

/** Commits in the lab's work tree (signed by the lab key unless `signed: false`), pushes to the served repo, returns the commit. */
async function commitAndPush(message: string, edit: () => void, o: { signed?: boolean } = {}): Promise<string> {
  edit();
  await git(paths, ['add', '-A']);
  await git(paths, [...(o.signed === false ? ['-c', 'commit.gpgsign=false'] : []), 'commit', '-q', '-m', message]);
  return push();
}
async function push(): Promise<string> {
  await git(paths, ['push', '-q', 'origin', 'main']);
  return (await git(paths, ['rev-parse', 'HEAD'])).stdout.trim();
}

/** Waits until every router converged on `commit`; the progress lines, timed, are printed when it took long. */
async function converge(commit: string, timeoutMs = 90_000): Promise<void> {
  const t0 = performance.now();
  const lines: string[] = [];
  try {
    await waitConverged(ctx.lab, { commit, links: ctx.links, timeoutMs, progress: (l) => lines.push(`${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s  ${l}`) });
  } finally {
    if (performance.now() - t0 > 8000) console.log(`\n  converging on ${commit.slice(0, 7)} took ${seconds(performance.now() - t0)}:\n${lines.map((l) => `    ${l}`).join('\n')}`);
  }
}

/** The last status each router posted on the fake forge for a commit. */
function statuses(sha: string): Record<string, string> {
  const last: Record<string, string> = {};
  for (const r of ctx.forge.requests) if (r.sha === sha && r.answer < 300) last[String(r.body.context)] = String(r.body.state);
  return last;
}
/** Whether every router's last status for `sha` is `state` (and no other context posted). */
const allStatuses = (sha: string, state: string) => {
  const got = statuses(sha);
  return Object.keys(got).length === ctx.lab.plan.routers.length && ctx.lab.plan.routers.every((r) => got[`dlan/${r.node}`] === state);
};

/** Rendered files that show the network's shape, per router, to compare before and after a revert. */
const renderedFiles = () => Object.fromEntries(ctx.lab.plan.routers.flatMap((r) => ['etc/dlan/nginx.conf', 'etc/dlan/nftables.nft', 'etc/dnsmasq.d/dlan.conf', 'etc/frr/frr.conf']
  .map((f) => [`${r.node}:/${f}`, existsSync(join(paths.nodeRoot(r.node), f)) ? readFileSync(join(paths.nodeRoot(r.node), f), 'utf8') : '(absent)'])));

/** The host's files at every path a router renders (content, or absent). */
async function hostFiles(): Promise<Record<string, string>> {
  const paths = [...new Set([...(await renderedSample()).values()].flatMap((d) => d.files.map((f) => f.path)))].sort();
  return Object.fromEntries(paths.map((p) => [p, existsSync(p) ? readFileSync(p, 'utf8') : '(absent)']));
}

const e2e = suite('lab: end to end, with dlan agent in every router');

e2e.before(async () => {
  ctx.tmp = mkdtempSync(join(tmpdir(), 'dle-'));
  ctx.forge = await startForgeServer(TOKEN, { socket: join(ctx.tmp, 'forge.sock') });
  ctx.topology = await sampleTopology();
  ctx.links = expectedLinks(ctx.topology);
  ctx.hostFiles = await hostFiles();
  const t0 = performance.now();
  try {
    const up = await labUp({
      topology: sampleRepo, prefix,
      agents: { interval: '2s', jitter: '1s', status: { forge: 'github', url: FORGE, repo: 'lab/topology', token: TOKEN } },
      progress: (l) => { if (!l.startsWith(' ')) console.log(`  lab up: ${l}`); },
    });
    ctx.lab = up.lab;
    ctx.commit = up.commit;
    ctx.servers = new Map(up.servers!.map((s) => [s.node, s]));
  } catch (e) {
    console.error('lab up failed:', e); // uvu does not report a failing before hook
    throw e;
  }
  const upMs = performance.now() - t0;
  const mem = await labMemory(ctx.lab);
  figure('lab up (17 nodes, agents, converged)', `${seconds(upMs)} (${Object.entries(ctx.lab.state.state.timings).map(([k, v]) => `${k} ${v} ms`).join(', ')})`);
  figure('memory of the lab\'s processes', `${mem.pssMiB} MiB PSS (agents ${mem.agentsPssMiB} MiB), ${mem.rssMiB} MiB RSS summed`);
  await spawnInNode(ctx.lab, 'git', 'forge-bridge', ['socat', `TCP-LISTEN:${new URL(FORGE).port},fork,reuseaddr`, `UNIX-CONNECT:${join(ctx.tmp, 'forge.sock')}`], { mounts: false });
  ctx.book = await addressBook(ctx.lab);
});

e2e.after(async () => {
  try {
    if (summary.timings.length) console.log(renderSummary({ servers: [...(ctx.servers?.keys() ?? [])].sort(), ...summary }));
  } finally {
    await labDown(paths);
    await ctx.forge?.close();
    if (ctx.tmp) rmSync(ctx.tmp, { recursive: true, force: true });
  }
});

e2e('1. every server reaches every other server, IPv4 and IPv6', async () => {
  const names = [...ctx.servers.keys()].sort();
  const failed: string[] = [];
  await Promise.all(names.flatMap((a) => names.filter((b) => b !== a).map(async (b) => {
    const [ok4, ok6] = await Promise.all([pingOnce(ctx.lab, a, v4(b)), pingOnce(ctx.lab, a, v6(b))]);
    (summary.reach[a] ??= {})[b] = { v4: ok4, v6: ok6 };
    if (!ok4) failed.push(`${a} → ${b} ${v4(b)}`);
    if (!ok6) failed.push(`${a} → ${b} ${v6(b)}`);
  })));
  assert.equal(failed.sort(), [], 'unreachable');
});

e2e('2. paths: S2↔S5 go directly over the r2–r3 link; S1↔S2 through R4 or R5', async () => {
  // The routers' forwarding tables.
  assert.match(await out('r2', ['ip', 'route', 'get', v4('s5')]), ` dev ${linkTo('r2', 'r3')} `);
  assert.match(await out('r3', ['ip', 'route', 'get', v4('s2')]), ` dev ${linkTo('r3', 'r2')} `);
  assert.match(await out('r2', ['ip', '-6', 'route', 'get', v6('s5')]), ` dev ${linkTo('r2', 'r3')} `);
  assert.match(await out('r3', ['ip', '-6', 'route', 'get', v6('s2')]), ` dev ${linkTo('r3', 'r2')} `);
  const hubLinks = [linkTo('r1', 'r4'), linkTo('r1', 'r5')];
  for (const [r, from, to, fam] of [['r1', v4('s1'), v4('s2'), '-4'], ['r1', v6('s1'), v6('s2'), '-6']] as const) {
    const dev = / dev (\S+)/.exec(await out(r, ['ip', fam, 'route', 'get', to, 'from', from, 'iif', 'eth1']))?.[1];
    assert.ok(hubLinks.includes(dev!), `${r} sends ${from} → ${to} over ${dev}, not a link to r4 or r5`);
  }
  // What the packets did (IPv4 record route, there and back).
  const direct = await pathOf(ctx.lab, 's2', v4('s5'), ctx.book);
  assert.equal(direct, ['s2', 'r2', 'r3', 's5', 'r3', 'r2', 's2'].slice(0, direct.length), direct.join(' '));
  const hub = await pathOf(ctx.lab, 's1', v4('s2'), ctx.book);
  assert.equal([hub[0], hub[1], hub[3], hub[4]], ['s1', 'r1', 'r2', 's2'], hub.join(' '));
  assert.ok(['r4', 'r5'].includes(hub[2]!), hub.join(' '));
  summary.paths.push({ what: 'S2 → S5 → S2', path: direct }, { what: 'S1 → S2 → S1', path: hub });
});

e2e('3. DNS: names of other routers\' domains through the own router, reverse lookups, DHCP host names, static leases', async () => {
  const dig = (node: string, ...q: string[]) => out(node, ['dig', '+short', '+time=2', `@${lanAddress(routerOf(node))}`, ...q]);
  // Static leases give their addresses, and their names resolve from another site.
  for (const r of ctx.topology.routers) {
    for (const h of r.lan?.hosts ?? []) {
      const s = ctx.servers.get(h.name);
      if (!s) continue;
      if (h.ipv4) assert.ok(s.ipv4.includes(h.ipv4), `${h.name}: ${s.ipv4.join()} lacks its static ${h.ipv4}`);
      if (h.ipv6) assert.ok(s.ipv6.includes(h.ipv6), `${h.name}: ${s.ipv6.join()} lacks its static ${h.ipv6}`);
    }
  }
  assert.is(await dig('s1', 's5.r3.lan', 'A'), v4('s5'));
  assert.is(await dig('s1', 's5.r3.lan', 'AAAA'), 'fd00:3::10');
  assert.is(await dig('s7', 's1.r1.lan', 'A'), v4('s1'));
  // The server's own resolver is its router (from DHCP or DHCPv6: the last of dhclient -4/-6 wins).
  const lan1 = slice(ctx.topology, 'r1').router.lan!;
  const ns = /^nameserver (\S+)$/m.exec(await out('s1', ['cat', '/etc/resolv.conf']))?.[1];
  assert.ok([lan1.ipv4!.address, lan1.ipv6!.address].includes(ns!), `s1's resolver is ${ns}`);
  assert.is(await out('s1', ['dig', '+short', '+time=2', 's2.r2.lan', 'A']), v4('s2'));
  // Reverse, IPv4 and IPv6, across routers.
  assert.is(await dig('s1', '-x', v4('s5')), 's5.r3.lan.');
  assert.is(await dig('s1', '-x', 'fd00:3::10'), 's5.r3.lan.');
  assert.is(await dig('s2', '-x', v4('s1')), 's1.r1.lan.');
  // A dynamic server (no static lease) is in DNS by the host name it sent, both families.
  const s6 = ctx.servers.get('s6')!;
  assert.is(await dig('s1', 's6.r3.lan', 'A'), s6.ipv4[0]);
  const aaaa = await dig('s1', 's6.r3.lan', 'AAAA');
  assert.ok(s6.ipv6.includes(aaaa), `${aaaa} not in ${s6.ipv6.join()}`);
  assert.is(await dig('s4', '-x', s6.ipv4[0]!), 's6.r3.lan.');
});

e2e('4. port forwards: the web service on S1 answers on R4\'s and R5\'s public addresses and sees the client; UDP and load-balanced TCP forwards work', async () => {
  const echo = fromRoot('dist', 'test', 'support', 'proxy-echo.js');
  await spawnInNode(ctx.lab, 's1', 'web', [process.execPath, echo, 'web', '8080', '8443']);
  for (const s of ['s2', 's5']) await spawnInNode(ctx.lab, s, 'ssh', [process.execPath, echo, s, '22']);
  await spawnInNode(ctx.lab, 's5', 'game', ['socat', 'UDP6-RECVFROM:27015,ipv6only=0,fork', 'SYSTEM:echo game']);
  for (const [r, addr] of Object.entries(PUBLIC)) {
    for (const [port, to] of [[80, 8080], [443, 8443]] as const) {
      const a = await answers('client', addr, port);
      // The backend read the PROXY header nginx sent: the real client and the public address it used.
      assert.match(a, new RegExp(`^web proxied ${CLIENT.replace(/\./g, '\\.')} \\d+ -> ${addr.replace(/\./g, '\\.')} ${port} via `), `${r}:${port} → ${to}: ${a}`);
    }
  }
  // UDP 27015 on r4 only, to s5.
  const game = await waitFor('the UDP game forward', async () =>
    (await execInNode(ctx.lab, 'client', ['sh', '-c', `echo hi | socat -T2 - UDP:${PUBLIC.r4}:27015`], { check: false })).stdout.trim() || undefined, { timeoutMs: 15_000, intervalMs: 200 });
  assert.is(game, 'game');
  // ssh 2222 on r5, balanced over s2 and s5 (both seen within a few connections).
  const seen = new Set<string>();
  await waitFor('both ssh backends', async () => {
    const a = await ask('client', PUBLIC.r5, 2222);
    if (a) seen.add(a.split(' ')[0]!);
    return seen.size === 2;
  }, { timeoutMs: 15_000, intervalMs: 50 });
  assert.equal([...seen].sort(), ['s2', 's5']);
});

e2e('5. failover: the hub carrying S1↔S2 (R4 when it does) stopped entirely, traffic continues through the other; it comes back by itself', async () => {
  // OSPF spreads S1↔S2 over R4 and R5 by a hash of the addresses (each direction on its own):
  // stop the hub the IPv4 flow crosses, R4 when it crosses both, so the interruption is real.
  const before = await pathOf(ctx.lab, 's1', v4('s2'), ctx.book);
  const hub = before.includes('r4') ? 'r4' : 'r5';
  const other = hub === 'r4' ? 'r5' : 'r4';
  const pings = [startPing(ctx.lab, 's1', v4('s2')), startPing(ctx.lab, 's1', v6('s2'))];
  let after: string[] = [];
  try {
    await waitFor('pings to flow', () => pings.every((p) => p.replies() >= 25), { timeoutMs: 10_000 });
    // Every process in the hub's namespace (agent, wireguard-go, FRR, dnsmasq, nginx), by PID.
    const netns = nodeOf(ctx.lab, hub).netns;
    const pids = (await run('ip', ['netns', 'pids', netns])).stdout.split(/\s+/).filter(Boolean).map(Number);
    assert.ok(pids.length >= 5, `${pids.length} processes in ${hub}`);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e; // a command the agent ran, ended meanwhile
      }
    }
    const killedAt = pings.map((p) => p.replies());
    await waitFor(`${hub} to be empty`, async () => (await run('ip', ['netns', 'pids', netns])).stdout.trim() === '', { timeoutMs: 5000 });
    await waitFor(`r1 and r2 to route around ${hub}`, async () =>
      !(await out('r1', ['ip', 'route', 'get', v4('s2'), 'from', v4('s1'), 'iif', 'eth1'])).includes(` dev ${linkTo('r1', hub)} `)
      && !(await out('r2', ['ip', 'route', 'get', v4('s1'), 'from', v4('s2'), 'iif', 'eth1'])).includes(` dev ${linkTo('r2', hub)} `), { timeoutMs: 10_000 });
    // A second of replies after the failure.
    await waitFor('replies after the failure', () => pings.every((p, i) => p.replies() >= killedAt[i]! + 50), { timeoutMs: 10_000 });
    after = await pathOf(ctx.lab, 's1', v4('s2'), ctx.book);
  } finally {
    const counts = await Promise.all(pings.map((p) => p.stop()));
    for (const [i, c] of counts.entries()) {
      figure(`failover (${hub} stopped): ${pings[i]!.label}`, `${c.longestGapMs} ms without replies (${c.lost} of ${c.sent} lost at 50/s)`);
    }
    summary.paths.push({ what: `S1 → S2 → S1 before ${hub.toUpperCase()} stops`, path: before }, { what: `S1 → S2 → S1, ${hub.toUpperCase()} stopped`, path: after });
    for (const c of counts) assert.ok(c.longestGapMs < 2000, `interrupted for ${c.longestGapMs} ms`);
  }
  assert.equal([after[2], after[6]], [other, other], after.join(' '));
  // Restarted, its agent brings its daemons and links back from its last good state.
  const t0 = performance.now();
  await startAgents(ctx.lab, [hub]);
  await converge(ctx.commit);
  // Mostly WireGuard: spokes behind NAT keep their old session until 15 s without an answer
  // (KEEPALIVE_TIMEOUT + REKEY_TIMEOUT), then handshake anew; the hub cannot dial them.
  figure(`${hub.toUpperCase()} back: agent start to converged`, seconds(performance.now() - t0));
  await answers('client', PUBLIC[hub], 80);
});

e2e('6. GitOps: a signed commit adding a forward reaches every router; an unsigned one is refused; a revert converges back', async () => {
  const initial = renderedFiles();
  const echo = fromRoot('dist', 'test', 'support', 'proxy-echo.js');
  await spawnInNode(ctx.lab, 's2', 'e2e-svc', [process.execPath, echo, 'e2e-s2', '9000']);
  const service = join(paths.topology, 'services', 'e2e.yaml');

  // A signed commit: every router applies it and reports success; the forward answers.
  let t0 = performance.now();
  const added = await commitAndPush('e2e: expose s2:9000 on port 8088 of r4 and r5', () => writeFileSync(service, [
    '# yaml-language-server: $schema=../schema/service.schema.json',
    'description: added by the end-to-end test',
    'backends: [s2]',
    'forwards:',
    '  - { port: 8088, to: 9000 }',
    'exposeOn: [r4, r5]',
    '',
  ].join('\n')));
  await converge(added);
  const convergedMs = performance.now() - t0;
  for (const addr of Object.values(PUBLIC)) assert.match(await answers('client', addr, 8088), /^e2e-s2 direct /);
  const mergeMs = performance.now() - t0;
  await waitFor('success statuses on the forge', () => allStatuses(added, 'success'), { timeoutMs: 10_000 });
  figure('merge to converged (signed forward)', `${seconds(mergeMs)} (push → every router applied it with success, OSPF Full: ${seconds(convergedMs)}; then the forward answers)`);

  // An unsigned commit removing it: every router refuses it and says so; nothing changes.
  t0 = performance.now();
  const unsigned = await commitAndPush('e2e: unsigned, must be refused', () => rmSync(service), { signed: false });
  await waitFor('every router to refuse the unsigned commit', () => ctx.lab.plan.routers.every((r) => {
    const s = routerState(ctx.lab, r.node);
    return s?.lastAttempt?.commit === unsigned && s.lastAttempt.outcome === 'failure' && s.applied?.commit === added;
  }), { timeoutMs: 30_000, intervalMs: 100 });
  figure('unsigned commit refused by every router', seconds(performance.now() - t0));
  for (const r of ctx.lab.plan.routers) assert.match(routerState(ctx.lab, r.node)!.lastAttempt!.description, /Verified|sign/i, r.node);
  await waitFor('failure statuses on the forge', () => allStatuses(unsigned, 'failure'), { timeoutMs: 10_000 });
  for (const addr of Object.values(PUBLIC)) assert.match(await answers('client', addr, 8088), /^e2e-s2 direct /);
  assert.ok(await pingOnce(ctx.lab, 's1', v4('s5')) && await pingOnce(ctx.lab, 's3', v6('s4')), 'the network keeps working');

  // Revert both (signed): the network converges back to what lab up made.
  t0 = performance.now();
  await git(paths, ['revert', '--no-edit', 'HEAD~2..HEAD']);
  const reverted = await push();
  await converge(reverted);
  figure('revert to converged', seconds(performance.now() - t0));
  assert.is(await ask('client', PUBLIC.r5, 8088), undefined, 'the forward is gone');
  assert.equal(renderedFiles(), initial);
  await waitFor('success statuses for the revert', () => allStatuses(reverted, 'success'), { timeoutMs: 10_000 });
});

e2e('7. an unrelated change applied while pings cross the overlay loses no packet', async () => {
  const pings: RunningPing[] = [
    startPing(ctx.lab, 's1', v4('s2')), startPing(ctx.lab, 's3', v6('s5')),
    startPing(ctx.lab, 's2', v4('s5')), startPing(ctx.lab, 's7', v6('s1')),
  ];
  let counts;
  try {
    await waitFor('pings to flow', () => pings.every((p) => p.replies() >= 25), { timeoutMs: 10_000 });
    // New forwards on both hubs (nginx reload, nftables replaced) and a shorter lease on r2 (dnsmasq restarted).
    const commit = await commitAndPush('e2e: an unrelated change', () => {
      writeFileSync(join(paths.topology, 'services', 'e2e-unrelated.yaml'),
        'description: unrelated\nbackends: [s1]\nforwards:\n  - { port: 8099, to: 8080 }\nexposeOn: [r4, r5]\n');
      const r2 = join(paths.topology, 'routers', 'r2.yaml');
      const text = readFileSync(r2, 'utf8');
      writeFileSync(r2, text.replace('dhcp: { range: 10.2.0.100-10.2.0.199 }', 'dhcp: { range: 10.2.0.100-10.2.0.199, lease: 6h }'));
      assert.is.not(readFileSync(r2, 'utf8'), text, 'r2.yaml changed');
    });
    await converge(commit);
    await waitFor('replies after the change', () => pings.every((p) => p.replies() >= 50), { timeoutMs: 10_000 });
  } finally {
    counts = await Promise.all(pings.map((p) => p.stop()));
  }
  for (const [i, c] of counts.entries()) figure(`unrelated change: ${pings[i]!.label}`, `${c.lost} of ${c.sent} lost`);
  assert.equal(counts.map((c, i) => `${pings[i]!.label}: lost ${c.missing.join(' ') || 'none'}`), counts.map((c, i) => `${pings[i]!.label}: lost none`));
});

e2e('8. the routers wrote nothing outside their nodes: the host\'s own files at those paths are untouched', async () => {
  assert.equal(await hostFiles(), ctx.hostFiles);
});

e2e.run();

// ------------------------------------------------------------------------------- generated

const SEED = process.env.DLAN_E2E_SEED ? Number(process.env.DLAN_E2E_SEED) : Math.floor(Math.random() * 1_000_000);
const gen = {} as { g: GeneratedLab; lab: Lab; servers: Map<string, ServerAddresses>; tmp: string };
const generated = suite('lab: a generated topology (seeded)');

generated.before(async () => {
  gen.g = generateLab(SEED);
  console.log(`\n  generated topology, seed ${SEED} (replay: DLAN_E2E_SEED=${SEED} node scripts/test.mjs test/lab/e2e):\n${gen.g.description.split('\n').map((l) => `    ${l}`).join('\n')}`);
  gen.tmp = mkdtempSync(join(tmpdir(), 'dlg-'));
  for (const f of gen.g.files) {
    mkdirSync(dirname(join(gen.tmp, f.path)), { recursive: true });
    writeFileSync(join(gen.tmp, f.path), f.text);
  }
  const t0 = performance.now();
  try {
    const up = await labUp({ topology: gen.tmp, prefix: genPrefix, agents: { interval: '2s', jitter: '1s' } });
    gen.lab = up.lab;
    gen.servers = new Map(up.servers!.map((s) => [s.node, s]));
  } catch (e) {
    console.error(`lab up of the generated topology (seed ${SEED}) failed:`, e);
    throw e;
  }
  figure(`lab up, generated topology (seed ${SEED}, ${gen.lab.plan.nodes.length} nodes, agents, converged)`, seconds(performance.now() - t0));
});

generated.after(async () => {
  try {
    const figures = summary.timings.filter((t) => t.what.includes('generated'));
    if (figures.length) console.log(`\n==== generated topology (seed ${SEED}) ====\n${figures.map((f) => `  ${f.what}: ${f.value}`).join('\n')}\n`);
  } finally {
    await labDown(genPaths);
    if (gen.tmp) rmSync(gen.tmp, { recursive: true, force: true });
  }
});

/** The address a server answers on in a family: its IPv4 lease, or its DHCPv6 one. */
const genAddress = (server: string, f: 'ipv4' | 'ipv6') => (f === 'ipv4' ? gen.servers.get(server)!.ipv4[0] : gen.servers.get(server)!.dhcp6)!;

generated('every server reaches every other one in each family both LANs have', async () => {
  const failed: string[] = [];
  const tried = { ipv4: 0, ipv6: 0 };
  await Promise.all(gen.g.servers.flatMap((a) => gen.g.servers.filter((b) => b.name !== a.name).flatMap((b) =>
    a.families.filter((f) => b.families.includes(f)).map(async (f) => {
      tried[f]++;
      if (!await pingOnce(gen.lab, a.name, genAddress(b.name, f))) failed.push(`${a.name} → ${b.name} ${genAddress(b.name, f)}`);
    }))));
  assert.equal(failed.sort(), [], `unreachable (seed ${SEED}):\n${gen.g.description}`);
  assert.ok(tried.ipv4 > 0 && tried.ipv6 > 0, `pairs tried: ${JSON.stringify(tried)}`);
  figure('generated: pairs of servers that answered', `${tried.ipv4} over IPv4, ${tried.ipv6} over IPv6`);
});

generated('names resolve from every server through its own router: the static lease, and a dynamic IPv6-only server', async () => {
  const backend = gen.g.servers.find((s) => s.name === gen.g.forward.backend)!;
  const fqdn = (s: { name: string; router: string }) => `${s.name}.${s.router}.${gen.g.domain}`;
  const dig = async (node: string, name: string, type: string) => (await execInNode(gen.lab, node, ['dig', '+short', '+time=2', '+tries=3', name, type])).stdout.trim();
  for (const s of gen.g.servers) assert.is(await dig(s.name, fqdn(backend), 'A'), genAddress(backend.name, 'ipv4'), `${s.name} resolves ${fqdn(backend)} (seed ${SEED})`);
  const six = gen.g.servers.find((s) => s.families.length === 1 && s.families[0] === 'ipv6')!;
  const aaaa = await waitFor(`${fqdn(six)} AAAA`, async () => (await dig(backend.name, fqdn(six), 'AAAA')) || undefined, { timeoutMs: 10_000, intervalMs: 200 });
  assert.ok(gen.servers.get(six.name)!.ipv6.includes(aaaa), `${aaaa} is not one of ${six.name}'s addresses (seed ${SEED})`);
});

generated('the forward on the dual-stack hub answers from the internet, over IPv4 and IPv6', async () => {
  const f = gen.g.forward;
  const echo = fromRoot('dist', 'test', 'support', 'proxy-echo.js');
  await spawnInNode(gen.lab, f.backend, 'web', [process.execPath, echo, f.backend, String(f.to)]);
  const hub = gen.lab.plan.routers.find((r) => r.node === f.hub)!;
  for (const address of hub.wan.map((c) => c.split('/')[0]!)) {
    const host = address.includes(':') ? `[${address}]` : address;
    const a = await waitFor(`${host}:${f.port} to answer`, async () => {
      const r = await execInNode(gen.lab, gen.g.client, ['sh', '-c', `printf 'hello\\r\\n' | socat -t3 -T3 - TCP:${host}:${f.port},connect-timeout=1`], { check: false });
      return r.code === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
    }, { timeoutMs: 15_000, intervalMs: 200 });
    assert.match(a, new RegExp(`^${f.backend} direct `), `${host}:${f.port}: ${a} (seed ${SEED})`);
  }
});

generated('`dlan lab status` fits 80 columns and maps the shortened interface names to the long node names', async () => {
  const r = await dlan(['lab', 'status', '--prefix', genPrefix], { env: { COLUMNS: '' } });
  assert.is(r.code, 0, r.stderr);
  for (const l of r.stdout.split('\n')) assert.ok(l.length <= 80, `${l.length}: ${l}`);
  const long = gen.lab.plan.nodes.filter((n) => n.name.length > 15);
  assert.ok(long.length > 0);
  for (const n of long) assert.match(r.stdout, new RegExp(`^ {2}${gen.lab.plan.ifnames[n.name]} {2}${n.name}$`, 'm'));
  const wide = await dlan(['lab', 'status', '--prefix', genPrefix, '--wide']);
  assert.match(wide.stdout, /agent:node\[\d+\]/);
});

generated.run();
