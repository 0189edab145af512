import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { docsPictures, loadSample } from '../../docs/gen-pictures.js';
import { fromRoot, repoRoot } from '../support/paths.js';

const pics = suite('docs/img');
pics('the guide\'s pictures are what `npm run gen:docs` draws from sample-repo (run it if this fails)', async () => {
  const want = docsPictures(await loadSample(repoRoot));
  assert.equal(Object.keys(want).sort(), ['docs/img/logical.svg', 'docs/img/physical.svg']);
  for (const [path, content] of Object.entries(want)) assert.fixture(await readFile(fromRoot(path), 'utf8'), content, path);
});
pics('the guide embeds both', async () => {
  const guide = await readFile(fromRoot('docs', 'guide.md'), 'utf8');
  assert.match(guide, '](img/physical.svg)');
  assert.match(guide, '](img/logical.svg)');
});
pics.run();
