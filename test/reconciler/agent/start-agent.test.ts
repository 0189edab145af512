/**
 * The agent's shell with its clock and its effects in the test's hands: scheduling, commit-
 * confirmed and the self-rollback hand-off, stopping; in milliseconds. The same agent with the
 * real reconcile in a router node: agent.test.ts (needs root).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Agent, type AgentEffects, startAgent } from '../../../reconciler/agent/agent.js';
import type { Reading } from '../../../reconciler/agent/confirm.js';
import type { ReconcileDeps } from '../../../reconciler/deps.js';
import { localHost } from '../../../reconciler/host.js';
import { type LastGood, StateStore } from '../../../reconciler/memory/store.js';
import { makePlan } from '../../../reconciler/plan/plan.js';
import { Run } from '../../../reconciler/reconcile/run.js';
import type { ReconcileResult } from '../../../reconciler/reconcile/result.js';
import { processServices } from '../../../reconciler/services/process/index.js';
import { desiredState, inventoryOf, observedFrom } from '../../support/desired.js';
import { ManualClock, settle } from '../../support/manual-clock.js';
import { C1, C2, stepEnv, type StepEnv } from '../../support/steps.js';

const INTERVAL = 60_000;
const WINDOW = 3000;
const PROBE = 500;
const before = desiredState();
const changedPlan = makePlan(desiredState({ files: before.files.slice(1) }), observedFrom(before), inventoryOf(before), { commit: C2 });
const unchangedPlan = makePlan(before, observedFrom(before), inventoryOf(before), { commit: C1 });

/** The agent reads only the last good state itself (the effects do the rest): kept in memory, so every wait is a microtask. */
class MemoryStore extends StateStore {
  good: LastGood | undefined;
  override lastGood(): Promise<LastGood | undefined> { return Promise.resolve(this.good); }
}

interface Ctx {
  env: StepEnv; clock: ManualClock; store: MemoryStore; agent: Agent; events: Record<string, unknown>[];
  results: ReconcileResult[]; readings: Reading[]; reconciles: number; rollbacks: string[];
}

/** Starts the agent and waits for its control socket: the first reconcile is queued then. */
async function start(ctx: Ctx): Promise<void> {
  const config = {
    ...ctx.env.deps.config, schedule: { intervalMs: INTERVAL, jitterMs: 0 }, rollback: { enabled: true, windowMs: WINDOW },
    api: { socket: join(ctx.env.dir, 'agent.sock'), status: false },
  };
  const log = { log: (level: string, event: string, fields = {}) => { ctx.events.push({ level, event, ...fields }); }, child: () => log } as ReconcileDeps['log'];
  const host = localHost({ rootDir: ctx.env.dir });
  const deps: ReconcileDeps = { ...ctx.env.deps, store: ctx.store, config, log, host, services: processServices({ host }) };
  const effects: AgentEffects = {
    reconcile: async () => {
      ctx.reconciles++;
      return { result: ctx.results.shift() ?? { outcome: new Run().outcome(), commit: C1, plan: unchangedPlan }, suspended: false };
    },
    probe: async () => ctx.readings.shift() ?? { remote: 'down', peers: [] },
    selfRollback: async (_d, w, why) => { ctx.rollbacks.push(`${w.commit.slice(0, 7)} -> ${w.previous.commit.slice(0, 7)}: ${why}`); },
  };
  ctx.agent = startAgent({ configFile: join(ctx.env.dir, 'agent.yaml'), config, deps, log, random: () => 0, clock: ctx.clock, probeMs: PROBE, effects });
  await ctx.agent.ready;
}

const shell = suite<Ctx>('startAgent with a manual clock');
shell.before.each(async (ctx) => {
  ctx.env = await stepEnv();
  await writeFile(join(ctx.env.dir, 'agent.yaml'), 'router: r1\n');
  ctx.clock = new ManualClock();
  ctx.store = new MemoryStore(ctx.env.dir);
  Object.assign(ctx, { events: [], results: [], readings: [], reconciles: 0, rollbacks: [] });
});
shell.after.each(async (ctx) => { await ctx.agent?.stop(); await ctx.env.close(); });

shell('reconciles at once, then every interval, never two at once', async (ctx) => {
  await start(ctx);
  await settle();
  assert.is(ctx.reconciles, 1);
  await ctx.clock.advance(INTERVAL - 1);
  assert.is(ctx.reconciles, 1);
  await ctx.clock.advance(1);
  assert.is(ctx.reconciles, 2);
  ctx.agent.trigger('now');
  ctx.agent.trigger('again');
  await settle();
  assert.is(ctx.reconciles, 4, 'the two triggers: one runs, one waits');
});
shell('a change that loses the remote and every peer for the window is handed to the self-rollback, why included', async (ctx) => {
  ctx.store.good = { commit: C1, desired: before, at: 'x' };
  ctx.results = [{ outcome: new Run().outcome(), commit: C2, plan: changedPlan, peersUpBefore: ['r4'] }];
  await start(ctx);
  await settle();
  assert.equal(ctx.events.find((e) => e.event === 'confirm-watch'), { level: 'info', event: 'confirm-watch', commit: C2, peers: ['r4'], windowMs: WINDOW });
  await ctx.clock.advance(PROBE + WINDOW - 1);
  assert.equal(ctx.rollbacks, []);
  await ctx.clock.advance(1);
  assert.equal(ctx.rollbacks, ['2222222 -> 1111111: lost the git remote and every peer that was up (r4) for 3 s after applying it']);
  assert.is(ctx.events.find((e) => e.event === 'self-rollback')?.lostForMs, WINDOW);
});
shell('a change that stays reachable is confirmed; no rollback', async (ctx) => {
  ctx.store.good = { commit: C1, desired: before, at: 'x' };
  ctx.results = [{ outcome: new Run().outcome(), commit: C2, plan: changedPlan, peersUpBefore: ['r4'] }];
  ctx.readings = Array.from({ length: 10 }, () => ({ remote: 'down', peers: ['r4'] }));
  await start(ctx);
  await settle();
  await ctx.clock.advance(2 * WINDOW);
  assert.ok(ctx.events.some((e) => e.event === 'confirmed' && e.commit === C2));
  assert.equal(ctx.rollbacks, []);
});
shell('stop: nothing is scheduled or probed any more', async (ctx) => {
  await start(ctx);
  await settle();
  await ctx.agent.stop();
  await ctx.clock.advance(10 * INTERVAL);
  assert.is(ctx.reconciles, 1);
  assert.is(ctx.clock.pending, 0);
  assert.ok(ctx.events.some((e) => e.event === 'agent-stopped'));
});
shell.run();
