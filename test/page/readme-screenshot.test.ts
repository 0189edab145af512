import { readFile } from 'node:fs/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fakeFleet } from '../support/page-fleet.js';
import { fromRoot } from '../support/paths.js';
import { DIGEST_KEY, inputsDigest, readText, SHOT, withText } from './readme-screenshot.js';

const shot = suite('the README\'s picture of the home page');
shot('docs/img/page.png was drawn from the page and data as they are now (run `npm run gen:page` if this fails)', async () => {
  const png = await readFile(fromRoot(SHOT));
  const fleet = await fakeFleet();
  try {
    assert.is(readText(png, DIGEST_KEY), await inputsDigest(fleet));
  } finally {
    await fleet.close();
  }
});
shot('the README shows it', async () => {
  assert.match(await readFile(fromRoot('README.md'), 'utf8'), `](${SHOT})`);
});
shot('self-check: a tEXt chunk written is read back, and a PNG without one has none', () => {
  const tiny = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4f50000000049454e44ae426082', 'hex');
  assert.is(readText(tiny, DIGEST_KEY), undefined);
  assert.is(readText(withText(tiny, DIGEST_KEY, 'abc'), DIGEST_KEY), 'abc');
});
shot.run();
