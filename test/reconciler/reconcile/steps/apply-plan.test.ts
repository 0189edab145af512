import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ApplyFailed } from '../../../../reconciler/apply/execute.js';
import { makePlan as planChanges } from '../../../../reconciler/plan/plan.js';
import { applyPlan } from '../../../../reconciler/reconcile/steps/apply-plan.js';
import { desiredState, inventoryOf, observedFrom, vx } from '../../../support/desired.js';
import { C1, C2, memoryRouter, stepEnv, type StepEnv } from '../../../support/steps.js';

const step = suite<{ env: StepEnv; posted: string[]; why: string[] }>('applyPlan (Applied)');
step.before.each(async (ctx) => { ctx.env = await stepEnv(); ctx.posted = []; ctx.why = []; });
step.after.each(async (ctx) => { await ctx.env.close(); });

const before = desiredState();
/** The next commit adds a link to r5 and changes nginx. */
const next = desiredState({
  vxlans: [vx(4), vx(5)],
  files: before.files.map((f) => (f.service === 'nginx' ? { ...f, content: 'stream { server { listen 80; } }\n' } : f)),
});
const owned = inventoryOf(before);
const changes = planChanges(next, observedFrom(before), owned, { commit: C2 });
const effects = (ctx: { posted: string[]; why: string[] }) => ({
  announce: async (o: 'pending', d: string) => { ctx.posted.push(`${o} ${d}`); },
  rollBack: async (why: string) => { ctx.why.push(why); return C1; },
});

step('an empty plan: "no changes", nothing announced, executed or written', async (ctx) => {
  const router = memoryRouter();
  const r = await applyPlan(ctx.env.deps, router, effects(ctx), { tip: { commit: C1 }, desired: before, seen: { inventory: owned }, plan: planChanges(before, observedFrom(before), owned) });
  assert.equal([r.message, r.value], ['no changes', {}]);
  assert.equal([router.calls, ctx.posted], [[], []]);
  assert.is(await ctx.env.store.pending(), undefined);
});
step('intent first: while the plan runs, the marker and the grown inventory are on disk; after, the plan\'s inventory', async (ctx) => {
  const { store } = ctx.env;
  await store.saveLastGood({ commit: C1, desired: before, at: 'x' });
  let during: unknown;
  const router = memoryRouter({ peersUp: ['r4'], execute: async () => { during = { pending: await store.pending(), vxlans: (await store.inventory()).vxlans }; } });
  const r = await applyPlan(ctx.env.deps, router, effects(ctx), { tip: { commit: C2, lastApplied: C1 }, desired: next, seen: { inventory: owned }, plan: changes });
  assert.equal(during, { pending: { commit: C2, startedAt: '2030-01-02T03:04:05.000Z', previous: C1, services: ['nginx'] }, vxlans: ['dl4', 'dl5'] });
  assert.equal(router.calls, ['peersUp r1', `execute ${changes.steps.length} steps`]);
  assert.equal(ctx.posted, ['pending applying: 2 to add, 2 to change, 0 to destroy']);
  assert.equal(r.value, { peersUpBefore: ['r4'] });
  assert.is(r.message, 'applied: 2 added, 2 changed, 0 destroyed');
  assert.equal(await store.inventory(), changes.inventory);
  assert.is((await store.pending())?.commit, C2, 'the marker stays until checkHealth passes');
});
step('a failed step: rolled back, the error thrown as it is, the marker left for the rollback\'s record', async (ctx) => {
  const boom = new ApplyFailed(changes.steps[0]!, 0, new Error('injected'));
  const router = memoryRouter({ execute: async () => { throw boom; } });
  try {
    await applyPlan(ctx.env.deps, router, effects(ctx), { tip: { commit: C2, lastApplied: C1 }, desired: next, seen: { inventory: owned }, plan: changes });
    assert.unreachable();
  } catch (e) {
    assert.is(e, boom);
  }
  assert.equal(ctx.why, ['apply of 2222222 failed']);
  assert.equal((await ctx.env.store.inventory()).vxlans, ['dl4', 'dl5'], 'whatever it made is known to be dlan\'s');
});
step.run();
