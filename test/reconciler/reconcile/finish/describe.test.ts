import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Internal, Stalled, Transient } from '../../../../model/errors.js';
import { describeEnd } from '../../../../reconciler/reconcile/finish/describe.js';
import { done, Run, StepFailed } from '../../../../reconciler/reconcile/run.js';
import { healthSummary } from '../../../support/steps.js';

async function ended(error?: unknown) {
  const r = new Run();
  await r.step('fetchSource', async () => done(undefined, 'fetched 1a2b3c4'));
  if (!error) return r.outcome();
  try {
    await r.step('verifyTip', async () => { throw error; });
  } catch (e) {
    return r.outcome(e as StepFailed);
  }
  throw new Error('unreachable');
}

const d = suite('describeEnd');
d('success: the changes and the peers up; a dry run: the plan', async () => {
  const outcome = await ended();
  assert.equal(describeEnd({ outcome, health: healthSummary({ peers: 4, peersUp: 3 }) }), { outcome: 'success', description: 'applied (no changes); 3/4 peers up' });
  assert.equal(describeEnd({ outcome }, true), { outcome: 'success', description: 'plan: fetched 1a2b3c4' });
});
d('failure: "<reason>: <message>", the rollback named; the outcome from the error\'s class', async () => {
  const stalled = await ended(new Stalled('Unsigned', 'commit 1a2b3c4 is not signed'));
  assert.equal(describeEnd({ outcome: stalled, rolledBack: '1'.repeat(40) }), { outcome: 'failure', description: 'Unsigned: commit 1a2b3c4 is not signed — rolled back to 1111111' });
  assert.is(describeEnd({ outcome: await ended(new Transient('SourceUnreachable', 'down')) }).outcome, 'pending');
  assert.is(describeEnd({ outcome: await ended(new Internal('BadPlan', 'bug')) }).outcome, 'error');
  assert.equal(describeEnd({ outcome: await ended(new TypeError('x is undefined')) }), { outcome: 'error', description: 'Unclassified: x is undefined' });
});
d.run();
