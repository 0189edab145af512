import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Stalled } from '../../../model/errors.js';
import { done, Run, StepFailed } from '../../../reconciler/reconcile/run.js';

const refuse = () => { throw new Stalled('UnknownSigner', 'commit 1a2b3c4 is signed by a key not in allowed_signers'); };

const run = suite('Run');
run('each step\'s result goes to the next; conditions in order; Ready from the last message', async () => {
  const r = new Run();
  const commit = await r.step('fetchSource', async () => done('1a2b3c4', 'fetched 1a2b3c4'));
  const signer = await r.step('verifyTip', async () => done(`alice signed ${commit}`, `commit ${commit} signed by alice`));
  assert.is(signer, 'alice signed 1a2b3c4');
  const o = r.outcome();
  assert.ok(o.ok);
  assert.equal(o.conditions.map((c) => [c.type, c.status, c.reason]), [['Fetched', true, 'Succeeded'], ['Verified', true, 'Succeeded']]);
  assert.equal(o.ready, { type: 'Ready', status: true, reason: 'Succeeded', message: 'commit 1a2b3c4 signed by alice' });
});
run('a failing step records its error\'s code and message and stops the run with StepFailed', async () => {
  const r = new Run();
  await r.step('fetchSource', async () => done(undefined, 'fetched 1a2b3c4'));
  let stopped: unknown;
  try {
    await r.step('verifyTip', async () => refuse());
    assert.unreachable();
  } catch (e) {
    stopped = e;
  }
  assert.instance(stopped, StepFailed);
  const o = r.outcome(stopped as StepFailed);
  assert.is(o.ok, false);
  assert.is(o.failedStep, 'verifyTip');
  assert.equal(o.conditions.map((c) => [c.type, c.status, c.reason]), [['Fetched', true, 'Succeeded'], ['Verified', false, 'UnknownSigner']]);
  assert.equal([o.ready.status, o.ready.reason], [false, 'UnknownSigner']);
  assert.instance(o.error, Stalled);
});
run('an error outside the scheme is Unclassified, with its message', async () => {
  const r = new Run();
  try {
    await r.step('makePlan', async () => { throw new TypeError("Cannot read properties of undefined (reading 'files')"); });
    assert.unreachable();
  } catch (e) {
    assert.equal([r.outcome(e as StepFailed).ready.reason, r.outcome(e as StepFailed).ready.message], ['Unclassified', "Cannot read properties of undefined (reading 'files')"]);
  }
});
run('each step that ran has its duration, a failed one included, from the given clock', async () => {
  let t = 0;
  const r = new Run(() => t);
  await r.step('fetchSource', async () => { t += 12.4; return done(undefined, 'fetched'); });
  try {
    await r.step('verifyTip', async () => { t += 3; return refuse(); });
  } catch (e) {
    assert.equal(r.outcome(e as StepFailed).stepMs, { fetchSource: 12, verifyTip: 3 });
    return;
  }
  assert.unreachable();
});
run.run();
