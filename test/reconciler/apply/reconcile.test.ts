/**
 * The reconcile loop for real: two routers in network namespaces (two-routers.ts), real `ip`,
 * wireguard-go + `wg`, `nft`, nginx, dnsmasq and FRR started by the process service manager,
 * `dlan apply` run inside each node. The cases run in order on one pair, each starting from the
 * state the previous one left (as a router lives: commit after commit).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeLogger } from '../../../reconciler/log.js';
import { forgeTarget } from '../../../reconciler/agent/wire.js';
import type { AgentConfig } from '../../../reconciler/agent/config.js';
import { reconcileOnce, type ReconcileDeps, rollBack } from '../../../reconciler/reconcile.js';
import { dedupingReporter } from '../../../reconciler/report/dedupe.js';
import { fileLedgerStore } from '../../../reconciler/report/ledger-store.js';
import { reporterFor } from '../../../reconciler/report/reporter-for.js';
import { localHost } from '../../../reconciler/host.js';
import { processServices } from '../../../reconciler/services/process/index.js';
import { StateStore } from '../../../reconciler/state-store.js';
import { readLastApplied } from '../../../reconciler/trust/applied-state.js';
import { startForgeServer, type ForgeServer } from '../../support/forge-server.js';
import { waitFor } from '../../support/ns-node.js';
import {
  commitTopology, daemonPids, dlanApply, dlanArgv, fileSnapshot, inNode, makeShims, makeTwoRouters, ospfNeighbours, ping,
  removeTwoRouters, shimEnv, spawnInNode, tcpListening, type TwoRouters, waitOspfFull,
} from './two-routers.js';

interface Ctx {
  t: TwoRouters;
  shims: string;
  commits: Record<string, string>;
  forge: ForgeServer;
}

const HUB_ID = '10.255.0.1';
const SPOKE_ID = '10.255.0.2';
const SPOKE_LAN = '10.2.0.1';

const condition = (r: { conditions: { type: string; status: boolean; reason: string; message: string }[] }, type: string) =>
  r.conditions.find((c) => c.type === type);

/** The hub's reconcile run in this process against its node (for the beforeStep hook and the forge). */
async function hubDeps(ctx: Ctx, logs: string[], extra: Partial<ReconcileDeps> = {}): Promise<ReconcileDeps> {
  const { t } = ctx;
  const stateDir = t.hub.node.outside('/var/lib/dlan');
  const tokenFile = join(t.dir, 'forge-token');
  await writeFile(tokenFile, 'sekrit\n', { mode: 0o600 });
  const config: AgentConfig = {
    router: 'hub', repo: { url: t.repo.bare, branch: 'main' },
    trust: { allowedSigners: join(t.hub.node.outside('/etc/dlan'), 'allowed_signers') },
    stateDir, root: '/', privateKeyFile: '/etc/dlan/wireguard.key',
    schedule: { intervalMs: 3_600_000, jitterMs: 0 }, serviceManager: 'process',
    rollback: { enabled: true, windowMs: 120_000 }, log: 'json',
    status: { forge: 'gitea', url: ctx.forge.url, repo: 'home/net', tokenFile },
  };
  const host = t.hub.node.host;
  const reporter = dedupingReporter(reporterFor(forgeTarget(config.status!)), fileLedgerStore(localHost(), join(stateDir, 'statuses.json')));
  return {
    config, host, services: processServices({ host, nginxConfig: '/etc/dlan/nginx.conf' }), store: new StateStore(stateDir),
    log: makeLogger({ format: 'json', write: (l) => logs.push(l), now: () => new Date() }), now: () => new Date(), reporter, ...extra,
  };
}

const nftWanInput = async (ctx: Ctx): Promise<string> =>
  (await ctx.t.hub.node.host.run('nft', ['list', 'chain', 'inet', 'dlan', 'wan_input'], { check: true })).stdout;

const loop = suite<Ctx>('reconcile on two routers in network namespaces');

loop.before(async (ctx) => {
  ctx.t = await makeTwoRouters('dla');
  ctx.shims = await makeShims(ctx.t.dir);
  ctx.commits = {};
  ctx.forge = await startForgeServer('sekrit');
});
loop.after(async (ctx) => {
  await ctx.forge?.close();
  await removeTwoRouters(ctx.t);
  if (process.env.DLAN_TIMINGS) console.log(`case timings: ${timings.join(', ')}`);
});

/** Each case's duration, printed at the end (the suite must stay quick). */
const timings: string[] = [];
let caseStart = 0;
loop.before.each(() => { caseStart = Date.now(); });
loop.after.each(() => { timings.push(`${Date.now() - caseStart} ms`); });

loop('first apply from nothing: tunnel up, OSPF Full both ways, a ping across, `dlan status` tells it', async (ctx) => {
  const { t } = ctx;
  ctx.commits.first = await commitTopology(t, 'two routers, web forwarded on the hub', { forwards: { web: 80 } });
  // `dlan plan` first: what would change, terraform-like, and nothing done.
  const preview = await inNode(t.hub.node, dlanArgv('plan', '--config', '/etc/dlan/agent.yaml'));
  assert.is(preview.code, 0, preview.stderr);
  assert.match(preview.stdout, `dlan will make these changes on hub for commit ${ctx.commits.first.slice(0, 7)}:`);
  assert.match(preview.stdout, /\+ link dl2 \(vxlan 4098 to spoke/);
  assert.match(preview.stdout, /Plan: \d+ to add, \d+ to change, 0 to destroy\./);
  assert.not.match(preview.stdout, /PrivateKey =/);
  assert.is(await t.hub.node.host.readFile('/etc/dlan/nginx.conf'), undefined, 'a plan changes nothing');
  for (const r of [t.hub, t.spoke]) {
    const a = await dlanApply(r);
    assert.ok(a.ok, `${r.name}: ${a.ready.message}\n${a.stderr}`);
    assert.is(a.commit, ctx.commits.first);
    assert.ok(a.plan!.summary.add > 0);
    assert.equal(a.conditions.map((c) => c.type), ['Fetched', 'Verified', 'Valid', 'Rendered', 'Observed', 'Planned', 'Checked', 'Applied', 'Healthy']);
  }
  await waitOspfFull(t.hub.node, SPOKE_ID);
  await waitOspfFull(t.spoke.node, HUB_ID);
  // The spoke's LAN is learnt by OSPF: a route through the tunnel, then a ping along it.
  await waitFor('the route to the spoke LAN on the hub', async () => /10\.2\.0\.0\/24 .*dev dl2/.test((await t.hub.node.host.run('ip', ['route'])).stdout), 10_000, 100);
  const p = await ping(t.hub.node, SPOKE_LAN, { count: 5, intervalS: 0.05 });
  assert.equal(p, { sent: 5, received: 5 });
  assert.ok((await tcpListening(t.hub.node)).includes(80), 'nginx listens on the forwarded port');
  // Keys never left the nodes: the rendered WireGuard config has no key.
  assert.not.match((await t.hub.node.host.readFile('/etc/dlan/wg-dlan.conf'))!, /PrivateKey/);

  // A second run (now that the peer is up) records its health; `dlan status` shows it.
  await waitFor('a WireGuard handshake', async () => /latest handshake/.test((await t.hub.node.host.run('wg', ['show', 'wg-dlan'])).stdout), 10_000, 100);
  assert.ok((await dlanApply(t.hub)).ok);
  const st = await inNode(t.hub.node, dlanArgv('status'));
  assert.is(st.code, 0, st.stderr);
  assert.match(st.stdout, ctx.commits.first.slice(0, 7));
  assert.match(st.stdout, /spoke/);
  assert.match(st.stdout, /Full/);
  const js = JSON.parse((await inNode(t.hub.node, dlanArgv('status', '--json'))).stdout) as { router: string; applied?: { commit: string } };
  assert.is(js.router, 'hub');
  assert.is(js.applied?.commit, ctx.commits.first);
});

loop('a second apply with nothing changed: empty plan, only read-only commands, no daemon restarted, no file rewritten, no adjacency reset', async (ctx) => {
  const { t } = ctx;
  for (const r of [t.hub, t.spoke]) {
    const pids = await daemonPids(r.node);
    const files = await fileSnapshot(r.node);
    const before = await ospfNeighbours(r.node);
    const trace = join(t.dir, `trace-noop-${r.name}`);
    const a = await dlanApply(r, shimEnv(ctx.shims, { DLAN_TRACE: trace }));
    assert.ok(a.ok, a.ready.message);
    assert.equal(a.plan!.steps, []);
    assert.equal(a.plan!.summary, { add: 0, change: 0, destroy: 0 });
    assert.is(condition(a, 'Applied')?.message, 'no changes');
    assert.match((await inNode(r.node, dlanArgv('plan', '--config', '/etc/dlan/agent.yaml'))).stdout, `No changes. ${r.name} matches the desired state`);
    const ran = (await readFile(trace, 'utf8')).trim().split('\n');
    const readOnly = [/^ip -j -d addr show$/, /^wg show wg-dlan dump$/, /^nft list table inet dlan$/, /^sysctl -n net\.ipv4\.ip_forward$/];
    assert.equal(ran.filter((l) => !readOnly.some((re) => re.test(l))), [], `${r.name} ran:\n${ran.join('\n')}`);
    assert.ok(ran.length > 0, 'the trace saw the observation commands');
    assert.equal(await daemonPids(r.node), pids);
    assert.ok(Object.keys(pids).length >= (r.name === 'hub' ? 8 : 7), JSON.stringify(pids));
    assert.equal(await fileSnapshot(r.node), files);
    const after = await ospfNeighbours(r.node);
    const other = r.name === 'hub' ? SPOKE_ID : HUB_ID;
    assert.is(after[other]?.state, 'Full');
    assert.ok(after[other]!.upTimeMs >= before[other]!.upTimeMs, 'the adjacency was not reset');
  }
});

loop('a new port forward applied while pinging across the tunnel: 0 lost, no OSPF flap, nginx reloaded in place', async (ctx) => {
  const { t } = ctx;
  ctx.commits.ssh = await commitTopology(t, 'forward ssh on the hub too', { forwards: { web: 80, ssh: 2222 } });
  const pids = await daemonPids(t.hub.node);
  const adj = { hub: (await ospfNeighbours(t.hub.node))[SPOKE_ID]!, spoke: (await ospfNeighbours(t.spoke.node))[HUB_ID]! };
  const pinger = spawnInNode(t.hub.node, ['ping', '-n', '-i', '0.01', '-I', HUB_ID, SPOKE_LAN]);
  const started = Date.now();
  try {
    await waitFor('the ping to start', async () => /bytes from/.test(pinger.output()), 5000, 20);
    const a = await dlanApply(t.hub);
    assert.ok(a.ok, a.ready.message);
    const steps = a.plan!.steps.map((s) => `${s.kind} ${s.op} ${s.path ?? s.service ?? ''}`.trim());
    assert.equal(steps, ['file update /etc/dlan/nftables.nft', 'file update /etc/dlan/nginx.conf', 'service nft-apply nftables', 'service reload nginx']);
    const b = await dlanApply(t.spoke);
    assert.ok(b.ok, b.ready.message);
    await waitFor('nginx to listen on 2222', async () => (await tcpListening(t.hub.node)).includes(2222), 10_000, 50);
  } finally {
    pinger.kill('SIGINT');
    await new Promise((r) => pinger.once('close', r));
  }
  // Every echo request got its reply: no icmp_seq missing up to the last one answered (the one
  // in flight when ping was interrupted counts as transmitted, not as lost).
  const m = /(\d+) packets transmitted, (\d+) received/.exec(pinger.output());
  assert.ok(m, pinger.output());
  const sent = Number(m![1]);
  const seqs = [...pinger.output().matchAll(/icmp_seq=(\d+)/g)].map((x) => Number(x[1]));
  const last = Math.max(...seqs);
  assert.ok(sent > 50, `only ${sent} pings sent`);
  assert.ok(last >= sent - 1, `replies stop at ${last} of ${sent}`);
  const missing = Array.from({ length: last }, (_, i) => i + 1).filter((n) => !seqs.includes(n));
  assert.equal(missing, [], `${missing.length} of ${last} lost`);
  const elapsed = Date.now() - started;
  const after = { hub: (await ospfNeighbours(t.hub.node))[SPOKE_ID]!, spoke: (await ospfNeighbours(t.spoke.node))[HUB_ID]! };
  for (const side of ['hub', 'spoke'] as const) {
    assert.is(after[side].state, 'Full');
    assert.ok(after[side].upTimeMs >= adj[side].upTimeMs + elapsed - 1000, `${side}: adjacency up ${after[side].upTimeMs} ms, was ${adj[side].upTimeMs} ms ${elapsed} ms ago`);
  }
  assert.equal(await daemonPids(t.hub.node), pids, 'nginx reloaded by its master, nothing restarted');
  assert.match(await nftWanInput(ctx), /tcp dport \{ 80, 2222 \} accept/);
});

loop('a change dnsmasq rejects changes nothing: Checked=False, ConfigRejected with file and line, files byte-identical', async (ctx) => {
  const { t } = ctx;
  // Valid for dlan's schema, but a DNS label is at most 63 characters: dnsmasq refuses the domain.
  const label = 'x'.repeat(64);
  const network = (await readFile(join(t.repo.dir, 'network.yaml'), 'utf8')).replace(/^domain: lan$/m, `domain: ${label}`);
  ctx.commits.bad = await t.repo.commit('a domain dnsmasq refuses', { 'network.yaml': network }, { sign: t.key });
  const files = await fileSnapshot(t.hub.node);
  const pids = await daemonPids(t.hub.node);
  const trace = join(t.dir, 'trace-rejected');
  const a = await dlanApply(t.hub, shimEnv(ctx.shims, { DLAN_TRACE: trace }));
  assert.not.ok(a.ok);
  const checked = condition(a, 'Checked')!;
  assert.equal([checked.status, checked.reason], [false, 'ConfigRejected']);
  assert.match(checked.message, /^\/etc\/dnsmasq\.d\/dlan\.conf:\d+: dnsmasq rejects it/);
  assert.is(condition(a, 'Applied'), undefined, 'nothing was applied');
  assert.equal(a.ready.reason, 'ConfigRejected');
  assert.equal(await fileSnapshot(t.hub.node), files);
  assert.equal(await daemonPids(t.hub.node), pids);
  const ran = (await readFile(trace, 'utf8')).trim().split('\n');
  // Observation, then dnsmasq's own checker on a temp copy; nothing else.
  assert.equal(ran.filter((l) => !/^(ip -j -d addr show|wg show wg-dlan dump|nft list table inet dlan|sysctl -n net\.ipv4\.ip_forward|dnsmasq --test --conf-file=\/tmp\/dlan-check-dnsmasq-\w+\/dlan\.conf)$/.test(l)), []);
  assert.is(await readLastApplied(t.hub.node.outside('/var/lib/dlan')), ctx.commits.ssh);
  const st = JSON.parse((await inNode(t.hub.node, dlanArgv('status', '--json'))).stdout) as Record<string, unknown>;
  assert.match(JSON.stringify(st), 'ConfigRejected');
  // The fix is a newer commit, which applies.
  ctx.commits.fixed = await commitTopology(t, 'back to lan', { forwards: { web: 80, ssh: 2222 } });
  const b = await dlanApply(t.hub);
  assert.ok(b.ok, b.ready.message);
  assert.equal(b.plan!.steps, []);
});

loop('a step failing half-way puts back the last good state; statuses go pending → failure, then pending → success', async (ctx) => {
  const { t } = ctx;
  ctx.commits.dns = await commitTopology(t, 'forward dns-over-tcp on the hub', { forwards: { web: 80, ssh: 2222, dot: 853 } });
  const files = await fileSnapshot(t.hub.node);
  const pids = await daemonPids(t.hub.node);
  const nftBefore = await nftWanInput(ctx);
  const logs: string[] = [];
  const seen: string[] = [];
  const failing = await hubDeps(ctx, logs, {
    // Files written and nftables applied; nginx's reload fails.
    beforeStep: async (step) => {
      seen.push(`${step.kind} ${step.op}`);
      if (step.kind === 'service' && step.service === 'nginx' && seen.length === 4) throw new Error('injected: reload refused');
    },
  });
  const r = await reconcileOnce(failing);
  assert.not.ok(r.outcome.ok);
  assert.is(r.outcome.failedStep, 'applyPlan');
  assert.is(r.outcome.ready.reason, 'ApplyFailed');
  assert.match(r.outcome.ready.message, 'step 4 (service reload nginx) failed: injected: reload refused');
  // The apply up to the failing step, then the rollback: the same files and actions, backwards.
  assert.equal(seen, ['file update', 'file update', 'service nft-apply', 'service reload', 'file update', 'file update', 'service nft-apply', 'service reload']);
  assert.is(r.rolledBack, ctx.commits.fixed!);
  assert.equal(Object.keys(await fileSnapshot(t.hub.node)), Object.keys(files));
  for (const [path, snap] of Object.entries(await fileSnapshot(t.hub.node))) {
    assert.is(snap.split('\n').slice(1).join('\n'), files[path]!.split('\n').slice(1).join('\n'), `${path} has its last good content`);
  }
  assert.is(await nftWanInput(ctx), nftBefore);
  assert.equal(await daemonPids(t.hub.node), pids);
  assert.not.ok((await tcpListening(t.hub.node)).includes(853));
  assert.is(await readLastApplied(t.hub.node.outside('/var/lib/dlan')), ctx.commits.fixed);
  assert.is(await new StateStore(t.hub.node.outside('/var/lib/dlan')).pending(), undefined);
  assert.ok(logs.some((l) => l.includes('"event":"rollback"')));

  const ok = await reconcileOnce(await hubDeps(ctx, logs));
  assert.ok(ok.outcome.ok, ok.outcome.ready.message);
  await waitFor('nginx to listen on 853', async () => (await tcpListening(t.hub.node)).includes(853), 10_000, 50);

  const posted = ctx.forge.requests.filter((q) => q.sha === ctx.commits.dns);
  assert.equal(posted.map((q) => q.body.state), ['pending', 'failure', 'pending', 'success']);
  assert.ok(posted.every((q) => q.body.context === 'dlan/hub' && q.auth === 'token sekrit' && q.answer === 201));
  assert.match(String(posted[1]!.body.description), `rolled back to ${ctx.commits.fixed!.slice(0, 7)}`);
  assert.match(String(posted[3]!.body.description), /applied \(\d+ change\(s\)\); 1\/1 peers up/);
  assert.not.match(JSON.stringify(ctx.forge.requests.map((q) => q.body)), /PrivateKey|sekrit/);
});

loop('dlan apply killed (SIGKILL) half-way: the next run converges', async (ctx) => {
  const { t } = ctx;
  ctx.commits.imap = await commitTopology(t, 'forward imaps on the hub', { forwards: { web: 80, ssh: 2222, dot: 853, imaps: 993 } });
  const hold = join(t.dir, 'hold');
  await inNode(t.hub.node, ['mkdir', '-p', hold]);
  // dlan blocks in `nft -f` (files written, nothing reloaded yet) and is killed there.
  const child = spawnInNode(t.hub.node, dlanArgv('apply', '--config', '/etc/dlan/agent.yaml', '--json'),
    shimEnv(ctx.shims, { DLAN_HOLD: hold, DLAN_HOLD_ON: 'nft -f' }));
  const held = Number(await waitFor('dlan apply to reach nft -f', async () => (await readFile(join(hold, 'held'), 'utf8').catch(() => '')).trim() || undefined, 30_000, 20));
  const exited = new Promise((r) => child.once('close', r));
  child.kill('SIGKILL');
  await exited;
  process.kill(held, 'SIGKILL'); // the blocked nft, orphaned: it never runs
  assert.match((await t.hub.node.host.readFile('/etc/dlan/nginx.conf'))!, /listen 993;/, 'files were written');
  assert.not.match(await nftWanInput(ctx), /993/, 'nftables not applied');
  assert.not.ok((await tcpListening(t.hub.node)).includes(993));
  const pending = await new StateStore(t.hub.node.outside('/var/lib/dlan')).pending();
  assert.is(pending?.commit, ctx.commits.imap);

  const a = await dlanApply(t.hub);
  assert.ok(a.ok, a.ready.message);
  assert.equal(a.plan!.steps.map((s) => `${s.kind} ${s.op} ${s.service}`), ['service nft-apply nftables', 'service reload nginx']);
  await waitFor('nginx to listen on 993', async () => (await tcpListening(t.hub.node)).includes(993), 10_000, 50);
  assert.match(await nftWanInput(ctx), /993/);
  assert.is(await new StateStore(t.hub.node.outside('/var/lib/dlan')).pending(), undefined);
  assert.is(await readLastApplied(t.hub.node.outside('/var/lib/dlan')), ctx.commits.imap);
  const again = await dlanApply(t.hub);
  assert.equal(again.plan!.steps, []);
});

loop('a rollback cut short (the agent killed during its self-rollback) is finished by the next run, the commit staying refused', async (ctx) => {
  const { t } = ctx;
  const logs: string[] = [];
  const store = new StateStore(t.hub.node.outside('/var/lib/dlan'));
  const good = (await store.lastGood())!;
  assert.is(good.commit, ctx.commits.imap);
  ctx.commits.pop = await commitTopology(t, 'forward pop3s on the hub', { forwards: { web: 80, ssh: 2222, dot: 853, imaps: 993, pop3s: 995 } });
  const applied = await reconcileOnce(await hubDeps(ctx, logs));
  assert.ok(applied.outcome.ok, applied.outcome.ready.message);
  await waitFor('nginx to listen on 995', async () => (await tcpListening(t.hub.node)).includes(995), 10_000, 50);
  // What the agent's self-rollback does, killed before nginx's reload.
  await store.reject(ctx.commits.pop, 'self-rollback: test');
  await store.saveLastGood(good);
  const cut = await hubDeps(ctx, logs, { beforeStep: async (step) => { if (step.kind === 'service' && step.service === 'nginx') throw new Error('killed'); } });
  try {
    await rollBack(cut, 'test');
    assert.unreachable('the rollback was cut short');
  } catch (e) {
    assert.is((e as { code?: string }).code, 'ApplyFailed');
  }
  assert.not.match((await t.hub.node.host.readFile('/etc/dlan/nginx.conf'))!, /listen 995;/);
  assert.ok((await tcpListening(t.hub.node)).includes(995), 'nginx still runs the refused commit');
  assert.ok(await store.pending());

  const r = await reconcileOnce(await hubDeps(ctx, logs));
  assert.is(r.outcome.ready.reason, 'CommitRejected');
  assert.is(r.rolledBack, ctx.commits.imap);
  assert.equal(r.plan, undefined, 'the refused commit is not planned');
  await waitFor('nginx to stop listening on 995', async () => !(await tcpListening(t.hub.node)).includes(995), 10_000, 50);
  assert.is(await store.pending(), undefined);
  assert.equal((await reconcileOnce(await hubDeps(ctx, logs))).rolledBack, undefined, 'nothing left to finish');
});

loop.run();
