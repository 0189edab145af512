import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Internal, isDlanError, Stalled, Transient } from '../../reconciler/errors.js';

const errors = suite('Stalled / Transient / Internal');
errors('carry kind, code, data and a cause; toJSON is what --json and status files show', () => {
  const cause = new Error('socket hang up');
  const e = new Transient('SourceUnreachable', 'list refs https://git.example/x.git: ECONNRESET', { url: 'https://git.example/x.git' }, { cause });
  assert.ok(e instanceof Error && isDlanError(e));
  assert.equal([e.kind, e.code, e.name, e.cause], ['Transient', 'SourceUnreachable', 'Transient', cause]);
  assert.equal(JSON.parse(JSON.stringify(e)), {
    kind: 'Transient', code: 'SourceUnreachable', message: 'list refs https://git.example/x.git: ECONNRESET', data: { url: 'https://git.example/x.git' },
  });
  assert.equal([new Stalled('Unsigned', 'm').kind, new Internal('Bug', 'm').kind], ['Stalled', 'Internal']);
  assert.equal(new Stalled('Unsigned', 'm').data, {});
  assert.not.ok(isDlanError(new Error('plain')));
});
errors.run();
