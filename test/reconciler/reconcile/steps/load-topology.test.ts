import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stalled } from '../../../../model/errors.js';
import { CommitCache } from '../../../../reconciler/reconcile/cache.js';
import { loadTopology } from '../../../../reconciler/reconcile/steps/load-topology.js';
import { sampleFiles } from '../../../support/sample.js';
import { removeDir, tempDir, WorkRepo } from '../../../support/signed-repo.js';
import { stepEnv, type StepEnv } from '../../../support/steps.js';

interface Ctx { dir: string; repo: WorkRepo; good: string; bad: string; env: StepEnv }
const step = suite<Ctx>('loadTopology (Valid)');
step.before(async (ctx) => {
  ctx.dir = await tempDir('load-step');
  ctx.repo = await WorkRepo.create(join(ctx.dir, 'work'), join(ctx.dir, 'forge.git'));
  const files = Object.fromEntries((await sampleFiles()).map((f) => [f.path, f.text]));
  ctx.good = await ctx.repo.commit('sample', files);
  const r2 = files['routers/r2.yaml']!.replace('10.2.0.100-10.2.0.199', '10.2.0.100-10.7.0.1');
  ctx.bad = await ctx.repo.commit('a DHCP range outside the LAN', { 'routers/r2.yaml': r2 });
  ctx.env = await stepEnv();
});
step.after(async (ctx) => { await ctx.env.close(); await removeDir(ctx.dir); });
const tip = (ctx: Ctx, commit: string) => ({ commit, gitdir: join(ctx.repo.dir, '.git') });

step('a valid commit: "5 routers, 3 services"; loaded once, then from the cache', async (ctx) => {
  const cache = new CommitCache();
  const r = await loadTopology(ctx.env.deps, cache, tip(ctx, ctx.good));
  assert.is(r.message, '5 routers, 3 services');
  // The cache answers by commit id: the git store is not read again.
  const again = await loadTopology(ctx.env.deps, cache, { commit: ctx.good, gitdir: join(ctx.dir, 'nowhere') });
  assert.is(again.value, r.value);
});
step('an invalid commit: Stalled InvalidTopology with file:line:col and every error in data', async (ctx) => {
  try {
    await loadTopology(ctx.env.deps, new CommitCache(), tip(ctx, ctx.bad));
    assert.unreachable();
  } catch (e) {
    const err = e as Stalled;
    assert.equal([err.kind, err.code], ['Stalled', 'InvalidTopology']);
    assert.match(err.message, `commit ${ctx.bad.slice(0, 7)} has 1 topology error(s): routers/r2.yaml:12:18: lan.dhcp.range:`);
    assert.is((err.data.diagnostics as unknown[]).length, 1);
  }
  assert.ok((await readFile(join(ctx.repo.dir, 'routers/r2.yaml'), 'utf8')).includes('10.7.0.1'));
});
step.run();
