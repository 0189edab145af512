import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openRepository, resolveRange, revParse } from '../../../reconciler/source/rev-parse.js';
import { removeDir, tempDir, WorkRepo } from '../../support/signed-repo.js';

const rev = suite('revParse: what git rev-parse says, without git');
rev('refs, ids, ~N, ^N, annotated tags, @, and a linked work tree\'s own HEAD', async () => {
  const dir = await tempDir('revparse');
  try {
    const repo = await WorkRepo.create(join(dir, 'work'), join(dir, 'bare.git'));
    for (let i = 1; i <= 3; i++) await repo.commit(`c${i}`, { [`f${i}`]: `${i}\n` });
    await repo.git(['checkout', '-q', '-b', 'side', 'HEAD~1']);
    await repo.commit('side', { s: 's\n' });
    await repo.git(['checkout', '-q', 'main']);
    await repo.git(['merge', '-q', '--no-ff', '-m', 'merge side', 'side']);
    await repo.git(['tag', '-a', '-m', 'annotated', 'v1', 'HEAD~1']);
    await repo.git(['worktree', 'add', '-q', join(dir, 'linked'), 'side']);
    const r = await openRepository(repo.dir);
    for (const spec of ['HEAD', '@', 'main', 'refs/heads/main', 'side', 'v1', 'HEAD~1', 'HEAD^2', 'HEAD^2~1', 'main~2', 'HEAD^^', 'v1^{commit}', 'HEAD^0']) {
      // git names an annotated tag's own object; a diff wants its commit.
      assert.is(await revParse(r, spec), await repo.head(spec === 'v1' ? 'v1^{commit}' : spec), spec);
    }
    const short = (await repo.head('HEAD~2')).slice(0, 8);
    assert.is(await revParse(r, short), await repo.head('HEAD~2'));
    const linked = await openRepository(join(dir, 'linked'));
    assert.is(await revParse(linked, 'HEAD'), await repo.head('side'), 'a linked work tree has its own HEAD');
    assert.is(await revParse(linked, 'main'), await repo.head('main'));
    const range = await resolveRange(r, ['main...side']);
    assert.is(range.base.commit, (await repo.git(['merge-base', 'main', 'side'])).trim());
    assert.equal((await resolveRange(r, ['side..'])).head, { name: 'HEAD', commit: await repo.head() });
    for (const [bad, why] of [['nope', 'unknown revision'], ['HEAD~9', 'has no parent'], ['HEAD^3', 'no parent number 3'], ['~1', 'not a revision']] as const) {
      try {
        await revParse(r, bad);
        assert.unreachable(bad);
      } catch (e) {
        assert.is((e as { code?: string }).code, 'BadRevision', bad);
        assert.match((e as Error).message, why);
      }
    }
  } finally { await removeDir(dir); }
});
rev.run();
