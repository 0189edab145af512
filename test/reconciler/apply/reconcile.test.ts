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
import type { AgentConfig } from '../../../reconciler/agent-config.js';
import { rollBack } from '../../../reconciler/apply/rollback.js';
import { reconcileOnce } from '../../../reconciler/reconcile/index.js';
import { withRunning } from '../../../reconciler/reconcile/finish/describe.js';
import { readStateFile } from '../../../reconciler/report/state-file.js';
import type { ReconcileDeps } from '../../../reconciler/deps.js';
import { dedupingReporter } from '../../../reconciler/report/dedupe.js';
import { fileLedgerStore } from '../../../reconciler/report/ledger-store.js';
import { reporterFor } from '../../../reconciler/report/reporter-for.js';
import { localHost } from '../../../reconciler/host.js';
import { processServices } from '../../../reconciler/services/process/index.js';
import { StateStore } from '../../../reconciler/memory/store.js';
import { readLastApplied, readUsedOverrides } from '../../../reconciler/trust/applied-state.js';
import { startForgeServer, type ForgeServer } from '../../support/forge-server.js';
import { waitFor } from '../../support/ns-node.js';
import { detectWireguard } from '../../../reconciler/wireguard/detect.js';
import {
  commitTopology, daemonPids, dlanApply, dlanArgv, fileSnapshot, inNode, makeShims, makeTwoRouters, ospfNeighbours, ping,
  removeTwoRouters, shimEnv, spawnInNode, tcpListening, topologyFiles, type TwoRouters, waitOspfFull,
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
    schedule: { intervalMs: 3_600_000, jitterMs: 0 }, serviceManager: 'process', wireguard: 'auto',
    rollback: { enabled: true, windowMs: 120_000 }, log: 'json',
    status: { forge: 'gitea', url: ctx.forge.url, repo: 'home/net', tokenFile },
  };
  const host = t.hub.node.host;
  const reporter = dedupingReporter(reporterFor(forgeTarget(config.status!)), fileLedgerStore(localHost(), join(stateDir, 'statuses.json')));
  return {
    config, host, services: processServices({ host, nginxConfig: '/etc/dlan/nginx.conf' }), store: new StateStore(stateDir),
    log: makeLogger({ format: 'json', write: (l) => logs.push(l), now: () => new Date() }), now: () => new Date(), reporter,
    wireguard: await detectWireguard(host, 'auto'), ...extra,
  };
}

/** What `dlan apply` runs at its start to choose the WireGuard (its interface is made in a namespace of its own). */
/** The one shell a tick observes the kernel with (reconciler/live/kernel.ts), and what it runs. */
const KERNEL_PROBE = [/^sh -c ip -j -d addr show; .* dlan-probe wg-dlan$/, /^ip -j -d addr show$/, /^wg show wg-dlan dump$/, /^nft list tables inet$/];
const WIREGUARD_PROBE = [/^ip link add dlan-wgprobe type wireguard$/, /^sh -c command -v wireguard-go$/];

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
  assert.is(preview.code, 2, `exit 2: there are changes (${preview.stderr})`);
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
    const again = await inNode(r.node, dlanArgv('plan', '--config', '/etc/dlan/agent.yaml'));
    assert.match(again.stdout, `No changes. ${r.name} matches the desired state`);
    assert.is(again.code, 0, 'exit 0: no change');
    const ran = (await readFile(trace, 'utf8')).trim().split('\n');
    const readOnly = [...KERNEL_PROBE, ...WIREGUARD_PROBE];
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
  try {
    await waitFor('the ping to start', async () => /bytes from/.test(pinger.output()), 5000, 20);
    const a = await dlanApply(t.hub);
    assert.ok(a.ok, a.ready.message);
    const steps = a.plan!.steps.map((s) => `${s.kind} ${s.op} ${s.path ?? s.service ?? ''}`.trim());
    assert.equal(steps, ['file update /etc/dlan/nftables.nft', 'file update /etc/dlan/nginx.conf', 'service nft-apply nftables', 'service reload nginx']);
    const b = await dlanApply(t.spoke);
    assert.ok(b.ok, b.ready.message);
    await waitFor('nginx to listen on 2222', async () => (await tcpListening(t.hub.node)).includes(2222), 10_000, 50);
    // The applies may take less than the half second of 50 pings: keep pinging past them, so the
    // window always holds the whole apply and what follows it, however fast the machine is.
    const replies = () => [...pinger.output().matchAll(/bytes from/g)].length;
    const applied = replies();
    await waitFor('50 more replies after the apply', async () => replies() >= applied + 50, 10_000, 20);
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
  const after = { hub: (await ospfNeighbours(t.hub.node))[SPOKE_ID]!, spoke: (await ospfNeighbours(t.spoke.node))[HUB_ID]! };
  for (const side of ['hub', 'spoke'] as const) {
    // A flap restarts the adjacency's uptime from 0: it can only have grown.
    assert.is(after[side].state, 'Full');
    assert.ok(after[side].upTimeMs >= adj[side].upTimeMs, `${side}: adjacency up ${after[side].upTimeMs} ms, was ${adj[side].upTimeMs} ms before the apply`);
  }
  assert.equal(await daemonPids(t.hub.node), pids, 'nginx reloaded by its master, nothing restarted');
  assert.match(await nftWanInput(ctx), /tcp dport \{ 80, 2222 \} accept/);
});

loop('a domain label over 63 characters (which dnsmasq would refuse) is refused before any change; a newer commit applies', async (ctx) => {
  const { t } = ctx;
  const label = 'x'.repeat(64);
  const network = (await readFile(join(t.repo.dir, 'network.yaml'), 'utf8')).replace(/^domain: lan$/m, `domain: ${label}`);
  ctx.commits.bad = await t.repo.commit('a domain dnsmasq refuses', { 'network.yaml': network }, { sign: t.key });
  const files = await fileSnapshot(t.hub.node);
  const pids = await daemonPids(t.hub.node);
  const a = await dlanApply(t.hub, shimEnv(ctx.shims, {}));
  assert.not.ok(a.ok);
  assert.is(condition(a, 'Applied'), undefined, 'nothing was applied');
  assert.match(a.ready.message, '63');
  assert.equal(await fileSnapshot(t.hub.node), files);
  assert.equal(await daemonPids(t.hub.node), pids);
  assert.is(await readLastApplied(t.hub.node.outside('/var/lib/dlan')), ctx.commits.ssh);
  const st = JSON.parse((await inNode(t.hub.node, dlanArgv('status', '--json'))).stdout) as Record<string, unknown>;
  assert.match(JSON.stringify(st), a.ready.reason);
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

loop('trust.allowRollbackTo is good for one rollback: applied and spent, a warning while it stays set, a later replay refused', async (ctx) => {
  const { t } = ctx;
  const logs: string[] = [];
  const stateDir = t.hub.node.outside('/var/lib/dlan');
  const run = async (allowRollbackTo?: string) => (await reconcileOnce(await hubDeps(ctx, logs), allowRollbackTo ? { allowRollbackTo } : {})).outcome;
  const target = await commitTopology(t, 'the state to roll back to', { forwards: { web: 80 } });
  assert.ok((await run()).ok);
  const current = await commitTopology(t, 'a change rolled back by a force push', { forwards: { web: 80, ssh: 2222 } });
  assert.ok((await run()).ok);
  await t.repo.forceForge(target);
  assert.is((await run()).ready.reason, 'Rollback');

  const rolled = await run(target);
  assert.ok(rolled.ok, rolled.ready.message);
  assert.is(await readLastApplied(stateDir), target);
  assert.equal((await readUsedOverrides(stateDir)).map((u) => [u.commit, u.base]), [[target, current]]);
  // still set: ignored, and said at every reconcile
  const again = await run(target);
  assert.ok(again.ok);
  assert.match(again.conditions.find((c) => c.type === 'Verified')!.message, `warning: trust.allowRollbackTo: ${target} was applied on `);
  assert.ok(logs.some((l) => l.includes('"event":"trust-warning"')));

  await t.repo.git(['reset', '-q', '--hard', target]);
  const next = await commitTopology(t, 'work goes on from the rolled back state', { forwards: { web: 80, ssh: 2222 } });
  assert.ok((await run(target)).ok);
  await t.repo.forceForge(target);
  const replay = await run(target);
  assert.equal([replay.ok, replay.ready.reason], [false, 'Rollback']);
  assert.match(replay.ready.message, 'was used once already and is spent');
  assert.is(await readLastApplied(stateDir), next);
  await t.repo.forceForge(next);
});

loop('a port the router file names that does not exist: InterfaceMissing naming file and field, nothing changed', async (ctx) => {
  const { t } = ctx;
  const forwards = { web: 80, ssh: 2222, dot: 853, imaps: 993, smtps: 465 };
  ctx.commits.wan = await commitTopology(t, 'hub on a WAN port it does not have', { forwards, hubWan: 'eth7' });
  const files = await fileSnapshot(t.hub.node);
  const pids = await daemonPids(t.hub.node);
  const r = await reconcileOnce(await hubDeps(ctx, [], { reporter: undefined }));
  assert.equal([r.outcome.ok, r.outcome.failedStep, r.outcome.ready.reason], [false, 'makePlan', 'InterfaceMissing']);
  assert.match(r.outcome.ready.message, /^routers\/hub\.yaml: wan\.interface: eth7 does not exist on this router \(it has: [^)]*\beth0\b[^)]*\)\. Nothing was changed\./);
  assert.equal(await fileSnapshot(t.hub.node), files);
  assert.equal(await daemonPids(t.hub.node), pids);
});

loop('wireguard: kernel on a kernel without it stalls before any change, naming the fix', async (ctx) => {
  const { t } = ctx;
  const kernel = await detectWireguard(t.hub.node.host, 'kernel');
  if (!kernel.problem) return; // this kernel has WireGuard: nothing to refuse
  ctx.commits.smtp = await commitTopology(t, 'forward smtps on the hub', { forwards: { web: 80, ssh: 2222, dot: 853, imaps: 993, smtps: 465 } });
  const files = await fileSnapshot(t.hub.node);
  const r = await reconcileOnce(await hubDeps(ctx, [], { wireguard: kernel, reporter: undefined }));
  assert.equal([r.outcome.ok, r.outcome.failedStep, r.outcome.ready.reason], [false, 'makePlan', 'KernelWireguardMissing']);
  assert.match(r.outcome.ready.message, 'set wireguard: userspace (or auto)');
  assert.equal(await fileSnapshot(t.hub.node), files);
  const st = JSON.parse((await inNode(t.hub.node, dlanArgv('status', '--json'))).stdout) as { lastError?: { code: string }; wireguard?: { implementation: string } };
  assert.is(st.lastError?.code, 'KernelWireguardMissing');
  assert.is(st.wireguard?.implementation, 'kernel');
  // Back to auto: the same commit applies, with wireguard-go.
  const ok = await reconcileOnce(await hubDeps(ctx, []));
  assert.ok(ok.outcome.ok, ok.outcome.ready.message);
  const after = JSON.parse((await inNode(t.hub.node, dlanArgv('status', '--json'))).stdout) as { wireguard?: { implementation: string; setting: string } };
  assert.equal(after.wireguard, { ...after.wireguard, implementation: 'userspace', setting: 'auto' });
});

loop('a refused commit and a failed fetch still observe the health of what runs: the state file, the commit status and `dlan status` say both', async (ctx) => {
  const { t } = ctx;
  const logs: string[] = [];
  const stateDir = t.hub.node.outside('/var/lib/dlan');
  const running = (await new StateStore(stateDir).lastGood())!.commit;
  const state = async () => (await readStateFile(localHost(), stateDir))!;
  // An unsigned commit (otherwise the topology that runs).
  const unsigned = await t.repo.commit('unsigned: must be refused', topologyFiles(t, { forwards: { web: 80, ssh: 2222, dot: 853, imaps: 993 } }));
  const later = (s: number) => ({ now: () => new Date(Date.now() + s * 1000) });
  // Each reconcile runs with its clock shifted further ahead: health observed by it is at or after
  // the moment it started plus its shift, whatever the machine's speed (no duration assumed).
  const sinceShift = (shift: number) => Math.floor(Date.now() / 1000) + shift;
  const first = sinceShift(3600);
  const r = await reconcileOnce(await hubDeps(ctx, logs, later(3600)));
  assert.is(r.outcome.failedStep, 'verifyTip');
  const st = await state();
  assert.is(st.lastAttempt!.commit, unsigned);
  assert.is(st.applied!.commit, running);
  // Observed in this reconcile (its clock is an hour ahead), of the commit that runs.
  assert.ok(st.health!.at >= first, `health observed at ${st.health!.at}`);
  assert.is(st.health!.commit.expected, running);
  assert.ok(st.health!.peers.some((p) => p.name === 'spoke'));
  // The plan of the last apply that changed something is kept, and a refusal leaves it be.
  const lastPlan = (await new StateStore(stateDir).lastPlan())!;
  assert.is.not(lastPlan.commit, unsigned);
  assert.match(lastPlan.text, `dlan will make these changes on hub for commit ${lastPlan.commit.slice(0, 7)}:`);
  const status = ctx.forge.requests.filter((q) => q.sha === unsigned).at(-1)!;
  assert.is(status.body.state, 'failure');
  assert.match(String(status.body.description), new RegExp(`^refused ${unsigned.slice(0, 7)}: \\w+: .*; running ${running.slice(0, 7)}, ${st.health!.status}$`));
  assert.ok(String(status.body.description).length <= 140);
  const shown = await inNode(t.hub.node, dlanArgv('status'));
  assert.match(shown.stdout.split('\n')[0]!, new RegExp(`^hub: refused ${unsigned.slice(0, 7)} \\(\\w+\\); running ${running.slice(0, 7)}, ${st.health!.status}, \\d+/1 peers up`));

  // The next tick, the commit is still refused: the health is observed again.
  const second = sinceShift(7200);
  await reconcileOnce(await hubDeps(ctx, logs, later(7200)));
  assert.ok((await state()).health!.at >= second, 'observed again');

  // The git server unreachable: no commit status (nothing is known of the tip), but the health is observed and shown.
  const third = sinceShift(10_800);
  const deps = await hubDeps(ctx, logs, later(10_800));
  const down = await reconcileOnce({ ...deps, config: { ...deps.config, repo: { url: 'http://127.0.0.1:9/topo.git', branch: 'main' } } });
  assert.is(down.outcome.failedStep, 'fetchSource');
  const after = await state();
  assert.ok(after.health!.at >= third, 'observed while the fetch fails');
  assert.is(after.lastError!.commit, undefined);
  const headline = (await inNode(t.hub.node, dlanArgv('status'))).stdout.split('\n')[0]!;
  assert.match(headline, new RegExp(`^hub: cannot fetch \\(${after.lastError!.code}\\); running ${running.slice(0, 7)}, `));
});

loop.run();

const running = suite('withRunning');
running('the running state is appended and never cut off: the failure is shortened to fit 140 characters', () => {
  const h = { status: 'healthy' } as Parameters<typeof withRunning>[2];
  assert.is(withRunning('refused c0ffee0: Unsigned: not signed', 'a1b2c3d4e5', h), 'refused c0ffee0: Unsigned: not signed; running a1b2c3d, healthy');
  const long = withRunning(`refused c0ffee0: UnknownSigner: ${'x'.repeat(200)}`, 'a1b2c3d4e5', h);
  assert.is(long.length, 140);
  assert.ok(long.endsWith('…; running a1b2c3d, healthy'));
  assert.is(withRunning('InvalidTopology: …', undefined, h), 'InvalidTopology: …');
  assert.is(withRunning('ApplyFailed: step 4 failed', 'a1b2c3d4e5', h, 'a1b2c3d4e5'), 'ApplyFailed: step 4 failed — rolled back to a1b2c3d, healthy');
});
running.run();

