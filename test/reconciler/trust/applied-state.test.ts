import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { overridesPath, readLastApplied, readUsedOverrides, recordApplied, recordOverrideUsed } from '../../../reconciler/trust/applied-state.js';
import { removeDir, tempDir } from '../../support/signed-repo.js';

const [A, B, C] = ['a', 'b', 'c'].map((x) => x.repeat(40)) as [string, string, string];

const state = suite('applied state');
state('last-applied: absent is first boot; written and read back; anything else is BadStateFile', async () => {
  const dir = await tempDir('applied');
  try {
    assert.is(await readLastApplied(dir), undefined);
    await recordApplied(dir, A);
    assert.is(await readLastApplied(dir), A);
    await writeFile(join(dir, 'last-applied'), 'HEAD\n');
    try {
      await readLastApplied(dir);
      assert.unreachable();
    } catch (e) {
      assert.equal([(e as { kind: string }).kind, (e as { code: string }).code], ['Stalled', 'BadStateFile']);
    }
  } finally { await removeDir(dir); }
});

state('used overrides: none at first; each commit recorded once, with its base and time', async () => {
  const dir = await tempDir('overrides');
  try {
    assert.equal(await readUsedOverrides(dir), []);
    await recordOverrideUsed(dir, { commit: A, base: B, at: '2025-01-01T00:00:00.000Z' });
    await recordOverrideUsed(dir, { commit: A, base: C, at: '2025-02-01T00:00:00.000Z' });
    await recordOverrideUsed(dir, { commit: C, base: A, at: '2025-03-01T00:00:00.000Z' });
    assert.equal(await readUsedOverrides(dir), [
      { commit: A, base: B, at: '2025-01-01T00:00:00.000Z' }, { commit: C, base: A, at: '2025-03-01T00:00:00.000Z' },
    ]);
  } finally { await removeDir(dir); }
});

state('a damaged overrides file is BadStateFile naming it, never "no override was used"', async () => {
  const dir = await tempDir('overrides-bad');
  try {
    for (const text of ['{', '{"commit":"x"}', `[{"commit":"${A}"}]`]) {
      await writeFile(overridesPath(dir), text);
      try {
        await readUsedOverrides(dir);
        assert.unreachable(text);
      } catch (e) {
        assert.equal([(e as { code: string }).code, (e as { data: unknown }).data], ['BadStateFile', { file: overridesPath(dir) }], text);
      }
    }
  } finally { await removeDir(dir); }
});
state.run();

const again = suite<{ dir: string }>('recordApplied again');
again.before.each(async (ctx) => { ctx.dir = await tempDir('applied'); });
again.after.each(async (ctx) => { await removeDir(ctx.dir); });
again('the commit already recorded is not written again (same file, same inode)', async ({ dir }) => {
  await recordApplied(dir, A);
  const before = await stat(join(dir, 'last-applied'));
  await recordApplied(dir, A);
  const after = await stat(join(dir, 'last-applied'));
  assert.is(after.ino, before.ino);
  assert.is(await readLastApplied(dir), A);
});
again('a new commit replaces the file; so does garbage in it', async ({ dir }) => {
  await recordApplied(dir, A);
  await recordApplied(dir, B);
  assert.is(await readLastApplied(dir), B);
  await writeFile(join(dir, 'last-applied'), 'not a commit\n');
  await recordApplied(dir, B);
  assert.is((await readFile(join(dir, 'last-applied'), 'utf8')).trim(), B);
});
again.run();
