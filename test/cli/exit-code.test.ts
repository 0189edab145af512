import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EXIT, exitCodeFor } from '../../cli/exit-code.js';
import { UsageError } from '../../cli/command.js';
import { Internal, Stalled, Transient } from '../../model/errors.js';

const exit = suite('exitCodeFor');
exit('follows from the class: Stalled 1, usage 2, Internal 70, Transient 75', () => {
  assert.is(exitCodeFor(new Stalled('InvalidTopology', 'bad')), EXIT.stalled);
  assert.is(exitCodeFor(new UsageError('--repo needs --router')), EXIT.usage);
  assert.is(exitCodeFor(new Internal('BadPlan', 'bug')), EXIT.internal);
  assert.is(exitCodeFor(new Transient('SourceUnreachable', 'down')), EXIT.transient);
  assert.equal([EXIT.stalled, EXIT.usage, EXIT.internal, EXIT.transient], [1, 2, 70, 75]);
});
exit('an error outside the scheme is a bug: Internal', () => {
  assert.is(exitCodeFor(new TypeError('x is undefined')), EXIT.internal);
  assert.is(exitCodeFor(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' })), EXIT.internal);
  assert.is(exitCodeFor('a string'), EXIT.internal);
});
exit.run();
