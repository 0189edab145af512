import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stalled } from '../../../../model/errors.js';
import { makeLogger } from '../../../../reconciler/log.js';
import { verifyTip } from '../../../../reconciler/reconcile/steps/verify-tip.js';
import { removeDir, signerLine, sshKey, tempDir, WorkRepo, type SshKey } from '../../../support/signed-repo.js';
import { agentConfig, NOW } from '../../../support/steps.js';

interface Ctx { dir: string; repo: WorkRepo; key: SshKey; signed: string; unsigned: string }
const step = suite<Ctx>('verifyTip (Verified)');
step.before(async (ctx) => {
  ctx.dir = await tempDir('verify-step');
  ctx.key = await sshKey(ctx.dir, 'ed25519');
  await writeFile(join(ctx.dir, 'allowed_signers'), `${signerLine('alice@example.org', ctx.key)}\n`);
  ctx.repo = await WorkRepo.create(join(ctx.dir, 'work'), join(ctx.dir, 'forge.git'));
  ctx.signed = await ctx.repo.commit('signed', { 'network.yaml': 'a\n' }, { sign: ctx.key });
  ctx.unsigned = await ctx.repo.commit('unsigned', { 'network.yaml': 'b\n' });
});
step.after(async (ctx) => { await removeDir(ctx.dir); });

const deps = (ctx: Ctx) => ({ config: agentConfig(ctx.dir), now: () => NOW, log: makeLogger({ format: 'json', write: () => undefined, now: () => NOW }) });
const gitdir = (ctx: Ctx) => join(ctx.repo.dir, '.git');

step('a commit signed by a trusted key: "signed by" its principal', async (ctx) => {
  const r = await verifyTip(deps(ctx), { commit: ctx.signed, gitdir: gitdir(ctx), changed: true });
  assert.is(r.message, `commit ${ctx.signed.slice(0, 7)} signed by alice@example.org`);
  assert.equal([r.value.relation, r.value.verified[0]?.signer.fingerprint], ['first', ctx.key.fingerprint]);
});
step('an unsigned commit: Stalled Unsigned', async (ctx) => {
  try {
    await verifyTip(deps(ctx), { commit: ctx.unsigned, gitdir: gitdir(ctx), changed: true });
    assert.unreachable();
  } catch (e) {
    assert.equal([(e as Stalled).kind, (e as Stalled).code], ['Stalled', 'Unsigned']);
  }
});
step('an older commit than the last applied one: Rollback, unless the operator allows exactly it', async (ctx) => {
  const newer = await ctx.repo.commit('newer', { 'network.yaml': 'c\n' }, { sign: ctx.key });
  const tip = { commit: ctx.signed, gitdir: gitdir(ctx), changed: true, lastApplied: newer };
  try {
    await verifyTip(deps(ctx), tip);
    assert.unreachable();
  } catch (e) {
    assert.is((e as Stalled).code, 'Rollback');
  }
  assert.is((await verifyTip(deps(ctx), tip, ctx.signed)).value.relation, 'rollback-allowed');
});
step.run();
