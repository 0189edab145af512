import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readLastApplied } from '../../../../reconciler/trust/applied-state.js';
import { makePlan as planChanges } from '../../../../reconciler/plan/plan.js';
import { checkHealth, Unhealthy } from '../../../../reconciler/reconcile/steps/check-health.js';
import { desiredState, inventoryOf, observedFrom } from '../../../support/desired.js';
import { C1, C2, emptyLive, healthSummary, memoryRouter, stepEnv, type StepEnv } from '../../../support/steps.js';

const step = suite<{ env: StepEnv; why: string[] }>('checkHealth (Healthy)');
step.before.each(async (ctx) => { ctx.env = await stepEnv(); ctx.why = []; });
step.after.each(async (ctx) => { await ctx.env.close(); });

const desired = desiredState();
const unchanged = planChanges(desired, observedFrom(desired), inventoryOf(desired));
const changed = planChanges(desired, observedFrom(desiredState({ files: desired.files.slice(1) })), inventoryOf(desired));
const rollBack = (ctx: { why: string[] }) => async (why: string) => { ctx.why.push(why); return C1; };

step('daemons running: the commit becomes applied and last good, the marker is cleared; peers are reported', async (ctx) => {
  const { store, dir } = ctx.env;
  await store.savePending({ commit: C2, startedAt: 'x' });
  const router = memoryRouter({ health: healthSummary({ peers: 2, peersUp: 1 }) });
  const r = await checkHealth(ctx.env.deps, router, rollBack(ctx), { commit: C2, desired, plan: changed, live: emptyLive });
  assert.is(r.message, '1/2 peers up');
  assert.equal(router.calls, ['health r1 2222222'], 'observed afresh after a change');
  assert.is(await readLastApplied(dir), C2);
  assert.equal(await store.lastGood(), { commit: C2, desired, at: '2030-01-02T03:04:05.000Z' });
  assert.is(await store.pending(), undefined);
  assert.equal(ctx.why, []);
});
step('nothing changed: judged from observeLive\'s reading, no new observation', async (ctx) => {
  const router = memoryRouter();
  await checkHealth(ctx.env.deps, router, rollBack(ctx), { commit: C2, desired, plan: unchanged, live: emptyLive });
  assert.equal(router.calls, ['healthFromLive r1 2222222']);
});
step('a daemon down after a change: rolled back first, Unhealthy says so and carries the health; nothing advances', async (ctx) => {
  const { store, dir } = ctx.env;
  await store.savePending({ commit: C2, startedAt: 'x' });
  try {
    await checkHealth(ctx.env.deps, memoryRouter({ health: healthSummary({ down: ['nginx'] }) }), rollBack(ctx), { commit: C2, desired, plan: changed, live: emptyLive });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, Unhealthy);
    assert.equal([(e as Unhealthy).kind, (e as Unhealthy).code, (e as Unhealthy).message], ['Stalled', 'Unhealthy', 'nginx not running after the apply; rolled back to 1111111']);
    assert.is((e as Unhealthy).health.status, 'down');
  }
  assert.equal(ctx.why, ['daemons down after applying 2222222: nginx']);
  assert.is(await readLastApplied(dir), undefined);
  assert.is(await store.lastGood(), undefined);
  assert.is((await store.pending())?.commit, C2);
});
step('a daemon down with nothing changed: no rollback (there is nothing to undo)', async (ctx) => {
  try {
    await checkHealth(ctx.env.deps, memoryRouter({ health: healthSummary({ down: ['frr'] }) }), rollBack(ctx), { commit: C2, desired, plan: unchanged, live: emptyLive });
    assert.unreachable();
  } catch (e) {
    assert.is((e as Unhealthy).message, 'frr not running after the apply');
  }
  assert.equal(ctx.why, []);
});
step.run();
