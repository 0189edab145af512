import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { asDlanError, Internal, isDlanError, Stalled, Transient } from '../../model/errors.js';

const errors = suite('Stalled / Transient / Internal');
errors('carry kind, code, data and a cause; toJSON is what --json and status files show', () => {
  const cause = new Error('socket hang up');
  const e = new Transient('SourceUnreachable', 'list refs https://git.example/x.git: ECONNRESET', { url: 'https://git.example/x.git' }, { cause });
  assert.ok(e instanceof Error && isDlanError(e));
  assert.equal([e.kind, e.code, e.name, e.cause], ['Transient', 'SourceUnreachable', 'Transient', cause]);
  assert.equal(JSON.parse(JSON.stringify(e)), {
    kind: 'Transient', code: 'SourceUnreachable', message: 'list refs https://git.example/x.git: ECONNRESET', data: { url: 'https://git.example/x.git' },
  });
  assert.equal([new Stalled('Unsigned', 'm').kind, new Internal('Unclassified', 'm').kind], ['Stalled', 'Internal']);
  assert.equal(new Stalled('Unsigned', 'm').data, {});
  assert.not.ok(isDlanError(new Error('plain')));
});
errors.run();

const wrap = suite('asDlanError');
wrap('a DlanError is itself; anything else is Internal Unclassified with its message, name and errno', () => {
  const s = new Stalled('Unsigned', 'm');
  assert.is(asDlanError(s), s);
  const plain = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
  const e = asDlanError(plain);
  assert.equal([e.kind, e.code, e.message, e.data, e.cause], ['Internal', 'Unclassified', 'EACCES: permission denied', { name: 'Error', errno: 'EACCES' }, plain]);
  assert.equal(asDlanError('boom').toJSON(), { kind: 'Internal', code: 'Unclassified', message: 'boom', data: {} });
});
wrap.run();
