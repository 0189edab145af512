import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { executeIntentFirst, mergeInventories, owedServices, settle } from '../../../reconciler/memory/intent.js';
import { makePlan } from '../../../reconciler/plan/plan.js';
import { desiredState, inventoryOf, observedFrom, vx } from '../../support/desired.js';
import { C1, C2, stepEnv, type StepEnv } from '../../support/steps.js';

const before = desiredState();
const next = desiredState({ vxlans: [vx(4), vx(5)], files: before.files.map((f) => (f.service === 'dnsmasq' ? { ...f, content: 'domain=home.lan\n' } : f)) });
const owned = inventoryOf(before);
const plan = makePlan(next, observedFrom(before), owned, { commit: C2 });

const intent = suite<{ env: StepEnv }>('executeIntentFirst / settle');
intent.before.each(async (ctx) => { ctx.env = await stepEnv(); });
intent.after.each(async (ctx) => { await ctx.env.close(); });

intent('declare (grown inventory, marker), execute, the plan\'s inventory; the marker stays until settle', async ({ env }) => {
  const { store } = env;
  const seen: unknown[] = [];
  await executeIntentFirst(store, { commit: C2, previous: C1, startedAt: '2030-01-02T03:04:05.000Z' }, {
    plan, owned, execute: async () => { seen.push(await store.pending(), (await store.inventory()).vxlans); },
  });
  assert.equal(seen, [{ commit: C2, startedAt: '2030-01-02T03:04:05.000Z', previous: C1, services: ['dnsmasq'] }, ['dl4', 'dl5']]);
  assert.equal(await store.inventory(), plan.inventory);
  assert.is((await store.pending())?.commit, C2);
  await settle(store);
  assert.is(await store.pending(), undefined);
});
intent('a run killed mid-way (execute throws) leaves the marker and the grown inventory for the next run', async ({ env }) => {
  try {
    await executeIntentFirst(env.store, { commit: C2, startedAt: 'x', interrupted: { commit: C1, startedAt: 'y', services: ['nginx'] } }, {
      plan, owned, execute: async () => { throw new Error('killed'); },
    });
    assert.unreachable();
  } catch (e) {
    assert.is((e as Error).message, 'killed');
  }
  assert.equal((await env.store.pending())?.services, ['dnsmasq', 'nginx'], 'what the interrupted run owed is still owed');
  assert.equal((await env.store.inventory()).vxlans, ['dl4', 'dl5']);
});
intent.run();

const pure = suite('owedServices / mergeInventories');
pure('services acted on (not start/stop) plus those still owed, sorted and unique', () => {
  assert.equal(owedServices(plan), ['dnsmasq']);
  assert.equal(owedServices(plan, { commit: C1, startedAt: 'x', services: ['nginx', 'dnsmasq'] }), ['dnsmasq', 'nginx']);
});
pure('the union of two inventories keeps each file, link and address once', () => {
  const m = mergeInventories(owned, plan.inventory);
  assert.equal(m.vxlans, ['dl4', 'dl5']);
  assert.is(m.files.length, new Set(m.files).size);
  assert.equal(mergeInventories(owned, owned), { ...owned, files: [...owned.files].sort(), vxlans: [...owned.vxlans].sort(), services: [...(owned.services ?? [])].sort() });
});
pure.run();
