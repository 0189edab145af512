import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dlan } from '../../support/cli.js';
import { sampleRepo } from '../../support/paths.js';

async function withCopy(edit: (dir: string) => Promise<void>, check: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'dlan-validate-'));
  try {
    await cp(sampleRepo, dir, { recursive: true });
    await edit(dir);
    await check(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
const editFile = async (dir: string, path: string, f: (t: string) => string) => writeFile(join(dir, path), f(await readFile(join(dir, path), 'utf8')));

const v = suite('dlan validate output');
v('a finding shows its source line with a marker under the column, and its second place', async () => {
  await withCopy((d) => editFile(d, 'routers/r5.yaml', (t) => t.replace('id: 5', 'id: 4')), async (d) => {
    const r = await dlan(['validate', d]);
    assert.is(r.code, 1);
    assert.equal(r.stderr.split('\n').slice(0, 6), [
      'routers/r5.yaml:2:5: id: id 4 is already used by router r4 [DuplicateRouterId]',
      '    1 | # yaml-language-server: $schema=../../schema/router.schema.json',
      '  > 2 | id: 4',
      '      |     ^',
      '    3 | description: Cloud VM with a public address, no LAN',
      '  note: routers/r4.yaml:2:5: router r4 has it',
    ]);
  });
});
v('control characters in a field name never reach the terminal', async () => {
  await withCopy((d) => editFile(d, 'routers/r4.yaml', (t) => `${t}"a\\e]0;pwned\\a\\nrouters/r1.yaml:1:1: all good": 1\n`), async (d) => {
    const r = await dlan(['validate', d]);
    assert.is(r.code, 1);
    assert.not.match(r.stderr, /[\x00-\x08\x0b-\x1f\x7f]/);
    assert.ok(!r.stderr.split('\n').some((l) => l.startsWith('routers/r1.yaml')), 'no forged line');
    assert.match(r.stderr, 'a\\x1b]0;pwned\\x07\\nrouters/r1.yaml:1:1: all good: is not a known field');
  });
});
v('at most 50 findings are printed, then how many more; --json has every one', async () => {
  const many = Array.from({ length: 120 }, (_, i) => `k${i}: 1`).join('\n');
  await withCopy((d) => editFile(d, 'services/web.yaml', (t) => `${t}${many}\n`), async (d) => {
    const r = await dlan(['validate', d]);
    assert.is(r.stderr.split('\n').filter((l) => l.startsWith('services/web.yaml:')).length, 50);
    assert.match(r.stderr, '… and 70 more (dlan validate --json lists them all)');
    const j = JSON.parse((await dlan(['validate', d, '--json'])).stdout);
    assert.is(j.diagnostics.length, 120);
  });
});
v('a 1 MiB line prints as a short window around the column', async () => {
  await withCopy((d) => editFile(d, 'services/web.yaml', (t) => `${t}x${'y'.repeat(900_000)}: 1\n`), async (d) => {
    const r = await dlan(['validate', d]);
    assert.ok(r.stderr.length < 2000, `${r.stderr.length} characters`);
  });
});
v.run();
