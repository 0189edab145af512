import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_MAX_FETCH_BYTES, formatBytes, parseSize } from '../../../reconciler/source/size.js';

const size = suite('parseSize / formatBytes');
size('units are multiples of 1024, as in git config; the default is 64MB', () => {
  assert.equal(['100B', '4KB', '64MB', '1GB'].map(parseSize), [100, 4096, 64 * 1024 ** 2, 1024 ** 3]);
  assert.is(DEFAULT_MAX_FETCH_BYTES, parseSize('64MB'));
  assert.throws(() => parseSize('64'));
  assert.throws(() => parseSize('64 MB'));
  assert.equal([67108864, 4096, 1500, 3 * 1024 ** 3].map(formatBytes), ['64MB', '4KB', '1500B', '3GB']);
});
size.run();
