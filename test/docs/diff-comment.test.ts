import { readFile, stat } from 'node:fs/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { commentHtml, GOLDEN, HTML, PNG, sha256 } from '../../docs/gen-diff-comment.js';
import { fromRoot } from '../support/paths.js';

const pic = suite('docs/img/diff-comment (regenerate: npx tsc -p . && node dist/docs/gen-diff-comment.js 2650)');
pic('the HTML is the golden r5-leaves comment rendered, and the PNG was taken of that HTML', async () => {
  const html = commentHtml(await readFile(fromRoot(GOLDEN), 'utf8'));
  assert.fixture(await readFile(fromRoot(HTML), 'utf8'), html);
  assert.match(html, 'r4 is now a single point of failure for r1');
  assert.is((await readFile(fromRoot(`${PNG}.sha256`), 'utf8')).split(' ')[0], sha256(html), 'the PNG is older than its HTML');
  assert.ok((await stat(fromRoot(PNG))).size > 10_000);
});
pic('the README and the guide show it', async () => {
  assert.match(await readFile(fromRoot('README.md'), 'utf8'), '](docs/img/diff-comment.png)');
  assert.match(await readFile(fromRoot('docs', 'guide.md'), 'utf8'), '](img/diff-comment.png)');
});
pic.run();
