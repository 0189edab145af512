import { readdir, readFile } from 'node:fs/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { diffGoldens } from '../support/diff-golden.js';
import { fromRoot } from '../support/paths.js';

const dir = fromRoot('test', 'golden', 'diff');
const golden = suite('dlan diff golden files (regenerate: npx tsc -p . && node scripts/update-golden.mjs)');
const made = await diffGoldens();

golden('there is one golden file per scenario and format, and no other', async () => {
  assert.equal((await readdir(dir)).sort(), Object.keys(made).sort());
});
for (const [name, content] of Object.entries(made)) {
  golden(name, async () => {
    assert.fixture(content, await readFile(`${dir}/${name}`, 'utf8'));
  });
}
golden('the goldens say what the issue asks for', () => {
  const text = made['r5-leaves.txt']!;
  for (const r of ['r1', 'r2', 'r3', 'r4']) assert.match(text, `\n${r}: changed`);
  assert.match(text, '\nr5: removed');
  assert.match(text, '- r5 198.51.100.5 tcp/2222 → ssh');
  assert.match(text, '- r1–r5 (derived, public)');
  assert.match(text, 'r4 is now a single point of failure for r1');
  assert.match(made['r5-leaves.md']!, 'r4 is now a single point of failure for r1');
  assert.match(made['hubs-gone.txt']!, '! r1 ↔ r2 (IPv4+IPv6): unreachable at HEAD');
  assert.match(made['hubs-gone.txt']!, '! r1 ↔ r3 (IPv4+IPv6): unreachable at HEAD');
  assert.is(JSON.parse(made['hubs-gone.json']!).summary.lanPairs.lost, 4);
});
golden.run();
