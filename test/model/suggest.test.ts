import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { closest, didYouMean, editDistance } from '../../model/suggest.js';

const d = suite('editDistance');
d('counts inserts, deletes, substitutions and swaps of neighbours as one edit each', () => {
  assert.is(editDistance('backend', 'backends'), 1);
  assert.is(editDistance('exposeOn', 'exopseOn'), 1);
  assert.is(editDistance('validate', 'valdiate'), 1);
  assert.is(editDistance('kitten', 'sitting'), 3);
  assert.is(editDistance('', 'abc'), 3);
});
d('stops counting past the bound', () => {
  assert.ok(editDistance('a'.repeat(50), 'b'.repeat(50), 2) > 2);
});
d.run();

const c = suite('closest');
c('suggests a slip, not another name', () => {
  assert.is(closest('descripton', ['id', 'description', 'site']), 'description');
  assert.is(closest('r9', ['r1', 'r2']), undefined);
  assert.is(closest('R1', ['r1', 'r2']), 'r1', 'a change of case is always a slip');
  assert.is(closest('Validate', ['validate']), 'validate');
  assert.is(closest('zzzzzz', ['validate', 'render']), undefined);
});
c('didYouMean words it, or says nothing', () => {
  assert.is(didYouMean('jsn', ['json', 'help'], (s) => `--${s}`), '; did you mean --json?');
  assert.is(didYouMean('xyz', ['json']), '');
});
c.run();
