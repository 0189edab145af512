import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { Stalled, Transient } from '../../../../model/errors.js';
import { fetchSource } from '../../../../reconciler/reconcile/steps/fetch-source.js';
import { removeDir, tempDir, WorkRepo } from '../../../support/signed-repo.js';
import { C1, stepEnv, type StepEnv } from '../../../support/steps.js';

interface Ctx { dir: string; repo: WorkRepo; tip: string; env: StepEnv; why: string[] }
const step = suite<Ctx>('fetchSource (Fetched)');
step.before(async (ctx) => {
  ctx.dir = await tempDir('fetch-step');
  ctx.repo = await WorkRepo.create(join(ctx.dir, 'work'), join(ctx.dir, 'forge.git'));
  ctx.tip = await ctx.repo.commit('first', { 'network.yaml': 'name: home\n' });
});
step.after(async (ctx) => { await removeDir(ctx.dir); });
step.before.each(async (ctx) => { ctx.env = await stepEnv({ repo: { url: ctx.repo.bare, branch: 'main' } }); ctx.why = []; });
step.after.each(async (ctx) => { await ctx.env.close(); });
const rollBack = (ctx: Ctx) => async (why: string) => { ctx.why.push(why); return C1; };

step('the tip is fetched into the state dir, then "unchanged"; the last applied commit comes along', async (ctx) => {
  const first = await fetchSource(ctx.env.deps, rollBack(ctx));
  assert.is(first.message, `fetched ${ctx.tip.slice(0, 7)}`);
  assert.equal(first.value, { commit: ctx.tip, gitdir: join(ctx.env.dir, 'repo'), changed: true });
  await ctx.env.store.recordApplied(C1);
  const again = await fetchSource(ctx.env.deps, rollBack(ctx));
  assert.is(again.message, `unchanged ${ctx.tip.slice(0, 7)}`);
  assert.equal([again.value.changed, again.value.lastApplied], [false, C1]);
  assert.equal(ctx.why, []);
});
step('a commit rolled back earlier is refused: Stalled CommitRejected, waiting for a newer one; no rollback without a marker', async (ctx) => {
  await ctx.env.store.reject(ctx.tip, 'self-rollback: lost every peer');
  try {
    await fetchSource(ctx.env.deps, rollBack(ctx));
    assert.unreachable();
  } catch (e) {
    assert.instance(e, Stalled);
    assert.is((e as Stalled).code, 'CommitRejected');
    assert.match((e as Stalled).message, `commit ${ctx.tip.slice(0, 7)} was rolled back earlier (self-rollback: lost every peer); waiting for a newer commit`);
  }
  assert.equal(ctx.why, []);
});
step('refused with an apply or rollback cut short: it first finishes going back', async (ctx) => {
  await ctx.env.store.reject(ctx.tip, 'apply failed');
  await ctx.env.store.savePending({ commit: ctx.tip, startedAt: 'x' });
  try {
    await fetchSource(ctx.env.deps, rollBack(ctx));
    assert.unreachable();
  } catch (e) {
    assert.is((e as Stalled).code, 'CommitRejected');
  }
  assert.equal(ctx.why, [`commit ${ctx.tip.slice(0, 7)} is refused and an earlier apply or rollback did not finish`]);
});
step('a git server that does not answer: Transient SourceUnreachable, nothing else happens', async (ctx) => {
  const env = await stepEnv({ repo: { url: 'http://127.0.0.1:9/net.git', branch: 'main' } });
  try {
    await fetchSource(env.deps, rollBack(ctx));
    assert.unreachable();
  } catch (e) {
    assert.instance(e, Transient);
    assert.is((e as Transient).code, 'SourceUnreachable');
  } finally {
    await env.close();
  }
});
step.run();
