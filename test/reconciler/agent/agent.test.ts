/**
 * `dlan agent` running inside a router node (as the lab runs it), on the two routers of
 * test/reconciler/apply/two-routers.ts: commit confirmed. A commit that cuts the router off its
 * peers is rolled back by the agent itself once the git remote is unreachable too for the
 * window (3 s here), the reason is recorded, and that commit is not applied again; with the
 * remote still reachable, the same kind of commit is kept (someone can still push a fix).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { wireguardKeyPair } from '../../../cli/commands/keygen.js';
import { StateStore } from '../../../reconciler/memory/store.js';
import { readLastApplied } from '../../../reconciler/trust/applied-state.js';
import { waitFor } from '../../support/ns-node.js';
import {
  agentConfig, commitTopology, dlanApply, dlanArgv, inNode, makeTwoRouters, removeTwoRouters, spawnInNode, startGitServer,
  stopGitServer, type TwoRouters, waitOspfFull,
} from '../apply/two-routers.js';

interface Ctx {
  t: TwoRouters;
  agent: ReturnType<typeof spawnInNode>;
  commits: Record<string, string>;
}

const SPOKE_ID = '10.255.0.2';

interface LogLine { event: string; [k: string]: unknown }
const logLines = (ctx: Ctx): LogLine[] => ctx.agent.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
const waitLog = (ctx: Ctx, what: string, pred: (l: LogLine) => boolean, from: number, timeoutMs = 20_000): Promise<LogLine> =>
  waitFor(what, async () => logLines(ctx).slice(from).find(pred), timeoutMs, 50);

const wgPeers = async (ctx: Ctx): Promise<string[]> =>
  (await ctx.t.hub.node.host.run('wg', ['show', 'wg-dlan', 'peers'], { check: true })).stdout.trim().split('\n').filter(Boolean);

/** Rewrites agent.yaml as it is: the agent watches it and reconciles at once. */
async function poke(ctx: Ctx): Promise<number> {
  const from = logLines(ctx).length;
  await writeFile(join(ctx.t.hub.node.outside('/etc/dlan'), 'agent.yaml'), agentConfig(ctx.t, ctx.t.hub, { rollbackWindow: '3s' }), { mode: 0o600 });
  await waitLog(ctx, 'the agent to see agent.yaml change', (l) => l.event === 'reconcile-start', from, 10_000);
  return from;
}

const agent = suite<Ctx>('dlan agent in a router node: commit confirmed');

agent.before(async (ctx) => {
  ctx.t = await makeTwoRouters('dla');
  ctx.commits = {};
  const { t } = ctx;
  ctx.commits.good = await commitTopology(t, 'two routers');
  for (const r of [t.hub, t.spoke]) assert.ok((await dlanApply(r)).ok);
  await waitOspfFull(t.hub.node, SPOKE_ID);
  await writeFile(join(t.hub.node.outside('/etc/dlan'), 'agent.yaml'), agentConfig(t, t.hub, { rollbackWindow: '3s' }), { mode: 0o600 });
  ctx.agent = spawnInNode(t.hub.node, dlanArgv('agent', '--config', '/etc/dlan/agent.yaml'));
  await waitLog(ctx, 'the first reconcile', (l) => l.event === 'reconciled', 0);
});
const timings: string[] = [];
let caseStart = 0;
agent.before.each(() => { caseStart = Date.now(); });
agent.after.each(() => { timings.push(`${Date.now() - caseStart} ms`); });
agent.after(async (ctx) => {
  if (process.env.DLAN_TIMINGS) console.log(`case timings: ${timings.join(', ')}`);
  if (ctx.agent && ctx.agent.exitCode === null) {
    const gone = new Promise((r) => ctx.agent.once('close', r));
    ctx.agent.kill('SIGKILL');
    await gone;
  }
  await removeTwoRouters(ctx.t);
});

agent('a commit that cuts every peer, with the git remote gone too: rolled back by the agent itself after the window, and why is said', async (ctx) => {
  const { t } = ctx;
  const goodConf = await t.hub.node.host.readFile('/etc/dlan/wg-dlan.conf');
  assert.equal(await wgPeers(ctx), [t.spoke.publicKey]);
  // The hub is told a wrong key for the spoke: the tunnel, OSPF and everything over them break.
  ctx.commits.cut = await commitTopology(t, 'a wrong key for the spoke', { spokeKey: wireguardKeyPair().publicKey });
  const from = await poke(ctx);
  const watch = await waitLog(ctx, 'the confirm watch', (l) => l.event === 'confirm-watch', from);
  assert.equal(watch.peers, ['spoke']);
  assert.is(watch.commit, ctx.commits.cut);
  assert.not.equal(await wgPeers(ctx), [t.spoke.publicKey], 'the cutting commit was applied');
  await stopGitServer(t);

  const rb = await waitLog(ctx, 'the self-rollback', (l) => l.event === 'self-rollback', from, 20_000);
  assert.ok(Number(rb.lostForMs) >= 3000, `lost for ${String(rb.lostForMs)} ms by the agent's clock: not before the window`);
  assert.is(rb.to, ctx.commits.good);
  assert.match(String(rb.why), 'lost the git remote and every peer that was up (spoke) for 3 s');
  const state = await waitFor('the state file to record it', async () => {
    const s = JSON.parse(await readFile(join(t.hub.node.outside('/var/lib/dlan'), 'state.json'), 'utf8')) as
      { applied?: { commit: string }; lastError?: { code: string; commit: string; message: string } };
    return s.lastError?.code === 'SelfRollback' ? s : undefined;
  }, 10_000, 50);
  assert.is(state.applied?.commit, ctx.commits.good);
  assert.is(state.lastError?.commit, ctx.commits.cut);
  assert.equal(await wgPeers(ctx), [t.spoke.publicKey]);
  assert.is(await t.hub.node.host.readFile('/etc/dlan/wg-dlan.conf'), goodConf);
  assert.is(await readLastApplied(t.hub.node.outside('/var/lib/dlan')), ctx.commits.good);
  assert.match((await new StateStore(t.hub.node.outside('/var/lib/dlan')).rejected())[ctx.commits.cut] ?? '', /^self-rollback: /);
  const st = await inNode(t.hub.node, dlanArgv('status'));
  assert.match(st.stdout, 'SelfRollback');
  assert.match(st.stdout, 'rolled back by itself');
  await waitOspfFull(t.hub.node, SPOKE_ID, 40_000);
});

agent('the rolled-back commit is not applied again when the remote is back', async (ctx) => {
  const { t } = ctx;
  await startGitServer(t);
  const from = await poke(ctx);
  const done = await waitLog(ctx, 'the reconcile', (l) => l.event === 'reconciled', from);
  assert.is(done.reason, 'CommitRejected');
  assert.match(String(done.message), `commit ${ctx.commits.cut!.slice(0, 7)} was rolled back earlier`);
  assert.equal(await wgPeers(ctx), [t.spoke.publicKey]);
});

agent('with the git remote reachable, a commit that cuts the peers is kept (a fix can still be pushed)', async (ctx) => {
  const { t } = ctx;
  ctx.commits.cut2 = await commitTopology(t, 'another wrong key for the spoke', { spokeKey: wireguardKeyPair().publicKey });
  const from = await poke(ctx);
  await waitLog(ctx, 'the confirm watch', (l) => l.event === 'confirm-watch' && l.commit === ctx.commits.cut2, from);
  const ok = await waitLog(ctx, 'the commit to be confirmed', (l) => l.event === 'confirmed', from, 15_000);
  assert.is(ok.commit, ctx.commits.cut2);
  assert.not.ok(logLines(ctx).slice(from).some((l) => l.event === 'self-rollback'));
  assert.not.equal(await wgPeers(ctx), [t.spoke.publicKey]);
  // The fix arrives like any commit.
  ctx.commits.fix = await commitTopology(t, 'the right key again');
  const from2 = await poke(ctx);
  const done = await waitLog(ctx, 'the fix to be applied', (l) => l.event === 'reconciled', from2);
  assert.is(done.ready, true, String(done.message));
  assert.equal(await wgPeers(ctx), [t.spoke.publicKey]);
});

agent('SIGTERM: the agent stops cleanly', async (ctx) => {
  const exit = new Promise<number | null>((r) => ctx.agent.once('close', (c) => r(c)));
  ctx.agent.kill('SIGTERM');
  assert.is(await exit, 0);
  assert.ok(logLines(ctx).some((l) => l.event === 'agent-stopped'));
});

agent.run();
