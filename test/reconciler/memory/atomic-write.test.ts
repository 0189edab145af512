import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileIfExists, tempName, writeFileAtomic } from '../../../reconciler/memory/atomic-write.js';

const w = suite<{ dir: string }>('writeFileAtomic');
w.before.each(async (ctx) => { ctx.dir = await mkdtemp(join(tmpdir(), 'dlt-atomic-')); });
w.after.each(async (ctx) => { await rm(ctx.dir, { recursive: true, force: true }); });

w('writes the content with the mode asked (not the umask\'s), parents made, no temp file left', async ({ dir }) => {
  const f = join(dir, 'a', 'b', 'state.json');
  await writeFileAtomic(f, '{}\n', 0o640);
  assert.is(await readFile(f, 'utf8'), '{}\n');
  assert.is((await stat(f)).mode & 0o777, 0o640);
  await writeFileAtomic(f, '{"v":2}\n', 0o644);
  assert.is(await readFile(f, 'utf8'), '{"v":2}\n');
  assert.equal(await readdir(join(dir, 'a', 'b')), ['state.json']);
});
w('a write that fails leaves the old file and no temp file', async ({ dir }) => {
  const f = join(dir, 'state.json');
  await writeFile(f, 'old\n');
  // The target is a directory now: the rename fails after the temp file was written.
  await rm(f);
  await mkdir(join(f, 'x'), { recursive: true });
  try {
    await writeFileAtomic(f, 'new\n', 0o644);
    assert.unreachable();
  } catch (e) {
    assert.match((e as NodeJS.ErrnoException).code ?? '', /EISDIR|ENOTEMPTY|EEXIST/);
  }
  assert.equal((await readdir(dir)).sort(), ['state.json']);
});
w('the temp file is hidden, in the same directory (a rename within one filesystem)', () => {
  assert.is(tempName('/var/lib/dlan/pending.json', '42-1'), '/var/lib/dlan/.pending.json.dlan-42-1.tmp');
});
w.run();

const r = suite<{ dir: string }>('readFileIfExists');
r.before.each(async (ctx) => { ctx.dir = await mkdtemp(join(tmpdir(), 'dlt-atomic-')); });
r.after.each(async (ctx) => { await rm(ctx.dir, { recursive: true, force: true }); });
r('absent is undefined; any other error is thrown, never read as absent', async ({ dir }) => {
  assert.is(await readFileIfExists(join(dir, 'nope')), undefined);
  try {
    await readFileIfExists(dir);
    assert.unreachable();
  } catch (e) {
    assert.is((e as NodeJS.ErrnoException).code, 'EISDIR');
  }
});
r.run();
