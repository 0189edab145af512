import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { observeLive } from '../../../../reconciler/reconcile/steps/observe-live.js';
import { desiredState, inventoryOf, observedFrom } from '../../../support/desired.js';
import { C1, memoryRouter, stepEnv, type StepEnv } from '../../../support/steps.js';

const step = suite<{ env: StepEnv }>('observeLive (Observed)');
step.before.each(async (ctx) => { ctx.env = await stepEnv(); });
step.after.each(async (ctx) => { await ctx.env.close(); });
const desired = desiredState();

step('reads the router with what dlan owns; a first run owns nothing and has no pending apply', async ({ env }) => {
  const router = memoryRouter({ observed: observedFrom(desired) });
  const r = await observeLive(env.deps, router, desired);
  assert.is(r.message, 'observed');
  assert.equal(router.calls, ['observe r1 owned:0']);
  assert.equal(r.value.inventory.files, []);
  assert.is(r.value.pending, undefined);
  assert.is(r.value.observed.files.size, desired.files.length);
});
step('the inventory and the marker of an apply cut short come from the state dir', async ({ env }) => {
  await env.store.saveInventory(inventoryOf(desired));
  await env.store.savePending({ commit: C1, startedAt: '2030-01-02T03:04:05.000Z', services: ['nginx'] });
  const router = memoryRouter({ observed: observedFrom(desired) });
  const r = await observeLive(env.deps, router, desired);
  assert.equal(router.calls, [`observe r1 owned:${desired.files.length}`]);
  assert.equal(r.value.pending?.services, ['nginx']);
});
step('a router that cannot be read fails the step with its error', async ({ env }) => {
  try {
    await observeLive(env.deps, memoryRouter(), desired);
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, 'no observed state');
  }
});
step.run();
