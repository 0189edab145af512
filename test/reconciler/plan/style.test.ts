import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { colour, plain, styleFor } from '../../../reconciler/plan/style.js';

const s = suite('styleFor');
s('colour on a terminal, none in a pipe; NO_COLOR always wins; FORCE_COLOR colours a pipe', () => {
  assert.is(styleFor(true, {}), colour);
  assert.is(styleFor(false, {}), plain);
  assert.is(styleFor(true, { NO_COLOR: '1' }), plain);
  assert.is(styleFor(true, { NO_COLOR: '' }), colour, 'an empty NO_COLOR is not set (no-color.org)');
  assert.is(styleFor(false, { FORCE_COLOR: '1' }), colour);
  assert.is(styleFor(false, { FORCE_COLOR: '0' }), plain);
  assert.is(styleFor(true, { NO_COLOR: 'x', FORCE_COLOR: '1' }), plain);
});
s.run();
