import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import git from 'isomorphic-git';
import * as fs from 'node:fs';
import { firstParentChain, relate } from '../../../reconciler/trust/history.js';
import { removeDir, run, tempDir, WorkRepo } from '../../support/signed-repo.js';

const ctx = {} as { dir: string; repo: WorkRepo; gitdir: string; c: Record<string, string> };

const history = suite('relate / firstParentChain');
history.before(async () => {
  ctx.dir = await tempDir('history');
  ctx.repo = await WorkRepo.create(join(ctx.dir, 'work'), join(ctx.dir, 'bare.git'));
  const c: Record<string, string> = {};
  c.a = await ctx.repo.commit('a', { 'network.yaml': 'a\n' });
  await ctx.repo.git(['checkout', '-q', '-b', 'feature']);
  c.f1 = await ctx.repo.commit('f1', { 'routers/r1.yaml': 'id: 1\n' });
  await ctx.repo.git(['checkout', '-q', 'main']);
  c.b = await ctx.repo.commit('b', { 'network.yaml': 'b\n' });
  await ctx.repo.git(['merge', '-q', '--no-ff', '-m', 'merge feature', 'feature']);
  c.m = await ctx.repo.head();
  c.n = await ctx.repo.commit('n', { 'network.yaml': 'n\n' });
  await ctx.repo.git(['checkout', '-q', '--orphan', 'other']);
  c.o = await ctx.repo.commit('o', {});
  ctx.c = c;
  ctx.gitdir = join(ctx.repo.dir, '.git');
});
history.after(async () => { await removeDir(ctx.dir); });

history('the same commit is "same" (isomorphic-git\'s isDescendent says false here)', async () => {
  assert.equal(await relate(ctx.gitdir, ctx.c.b!, ctx.c.b!), { relation: 'same' });
  assert.is(await git.isDescendent({ fs, gitdir: ctx.gitdir, oid: ctx.c.b!, ancestor: ctx.c.b! }), false);
});

history('descendant through first and second parents; an older commit or another root is unrelated', async () => {
  assert.is((await relate(ctx.gitdir, ctx.c.n!, ctx.c.a!)).relation, 'descendant');
  assert.is((await relate(ctx.gitdir, ctx.c.n!, ctx.c.f1!)).relation, 'descendant');
  assert.is((await relate(ctx.gitdir, ctx.c.a!, ctx.c.n!)).relation, 'unrelated');
  assert.is((await relate(ctx.gitdir, ctx.c.o!, ctx.c.a!)).relation, 'unrelated');
});

history('across a shallow boundary the answer is "unknown" with the missing commit, not "unrelated"', async () => {
  const shallow = join(ctx.dir, 'shallow.git');
  await run('git', ['clone', '-q', '--bare', '--depth', '1', '--branch', 'main', `file://${ctx.repo.bare}`, shallow]);
  assert.equal(await relate(shallow, ctx.c.n!, ctx.c.a!), { relation: 'unknown', missing: ctx.c.a });
  // now `a` is on disk too (shallow), but the commits between n and a are not
  await run('git', ['tag', 'base-a', ctx.c.a!], { cwd: ctx.repo.bare });
  await run('git', ['fetch', '-q', '--depth', '1', `file://${ctx.repo.bare}`, 'refs/tags/base-a:refs/tags/base-a'], { cwd: shallow });
  const r = await relate(shallow, ctx.c.n!, ctx.c.a!);
  assert.is(r.relation, 'unknown');
  assert.ok(r.missing === ctx.c.b || r.missing === ctx.c.m, `missing ${r.missing}`);
  assert.is(await git.isDescendent({ fs, gitdir: shallow, oid: ctx.c.n!, ancestor: ctx.c.a!, depth: -1 }), false);
});

history('first-parent chain: tip down to the base, excluded', async () => {
  assert.equal(await firstParentChain(ctx.gitdir, ctx.c.n!, ctx.c.b!), [ctx.c.n, ctx.c.m]);
  assert.equal(await firstParentChain(ctx.gitdir, ctx.c.n!, ctx.c.n!), []);
});

history('when the first-parent line never meets the base, the chain stops at the base\'s ancestors', async () => {
  // the base f1 is reached only through the merge's second parent; a is an ancestor of f1
  assert.equal(await firstParentChain(ctx.gitdir, ctx.c.n!, ctx.c.f1!), [ctx.c.n, ctx.c.m, ctx.c.b]);
});
history.run();
