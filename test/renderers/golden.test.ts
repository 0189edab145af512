import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { renderLinks } from '../../renderers/links.js';
import { fromRoot } from '../support/paths.js';
import { renderedSample } from '../support/rendered.js';

const golden = suite('golden files (regenerate with: npx tsc -p . && node scripts/update-golden.mjs)');

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else out.push(p);
  }
  return out;
}

const rendered = await renderedSample();
for (const [router, d] of rendered) {
  golden(`${router}: every rendered file and links.json equal test/golden/${router}`, async () => {
    const dir = fromRoot('test', 'golden', router);
    const expected = (await listFiles(dir)).map((p) => `/${relative(dir, p)}`).sort();
    const actual = [...d.files.map((f) => f.path), '/links.json'].sort();
    assert.equal(actual, expected, 'the set of files differs from the golden one');
    for (const f of d.files) assert.fixture(f.content, await readFile(join(dir, f.path), 'utf8'), f.path);
    assert.fixture(renderLinks(d), await readFile(join(dir, 'links.json'), 'utf8'), 'links.json');
  });
}
golden.run();
