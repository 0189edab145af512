/**
 * The trust policy end to end, over HTTP as a router pulls: anti-rollback, its override,
 * reverts, first-boot pinning, chain mode, and a server that goes away.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startGitHttpServer, type GitHttpServer } from '../../../lab/git-http-server.js';
import { fetchSource, readFetched, readTopologyAt, repoDir } from '../../../reconciler/source/index.js';
import { readLastApplied, readUsedOverrides, recordApplied } from '../../../reconciler/trust/applied-state.js';
import { loadTrustRoots, type TrustRoots } from '../../../reconciler/trust/trust-roots.js';
import { verifyCandidate } from '../../../reconciler/trust/verify-candidate.js';
import { expectRefused, pull, type RouterSim } from '../../support/router-sim.js';
import { removeDir, signerLine, type SshKey, sshKey, tempDir, WorkRepo } from '../../support/signed-repo.js';

const ctx = {} as { dir: string; srv: GitHttpServer; key: SshKey; roots: TrustRoots };
let n = 0;
const sign = () => ({ sign: ctx.key });

async function scenario(): Promise<{ repo: WorkRepo; router: RouterSim }> {
  const name = `p${++n}`;
  const repo = await WorkRepo.create(join(ctx.dir, 'work', name), join(ctx.dir, 'srv', `${name}.git`));
  return { repo, router: { url: ctx.srv.url(`${name}.git`), stateDir: join(ctx.dir, 'state', name), roots: ctx.roots } };
}

const policy = suite('verifyCandidate policy');
policy.before(async () => {
  ctx.dir = await tempDir('policy');
  await mkdir(join(ctx.dir, 'srv'), { recursive: true });
  ctx.srv = await startGitHttpServer({ root: join(ctx.dir, 'srv') });
  ctx.key = await sshKey(ctx.dir, 'ed25519');
  await writeFile(join(ctx.dir, 'allowed_signers'), `${signerLine('alice@example.org', ctx.key)}\n`);
  ctx.roots = await loadTrustRoots({ allowedSigners: join(ctx.dir, 'allowed_signers') });
});
policy.after(async () => { await ctx.srv.close(); await removeDir(ctx.dir); });

policy('the same commit again is accepted as "same"; a new one as "descendant" of the last applied', async () => {
  const { repo, router } = await scenario();
  const a = await repo.commit('a', { 'network.yaml': 'a\n' }, sign());
  assert.is((await pull(router)).relation, 'first');
  const again = await pull(router);
  assert.equal([again.relation, again.base], ['same', { commit: a, kind: 'last-applied' }]);
  await repo.commit('b', { 'network.yaml': 'b\n' }, sign());
  assert.is((await pull(router)).relation, 'descendant');
});

policy('a force push back to an older signed commit is refused as Rollback; allowRollbackTo that commit lets it through', async () => {
  const { repo, router } = await scenario();
  const old = await repo.commit('old', { 'network.yaml': 'old\n' }, sign());
  const current = await repo.commit('current', { 'network.yaml': 'current\n' }, sign());
  await pull(router);
  await repo.forceForge(old);
  const err = await expectRefused(router, 'Rollback');
  assert.match(err.message, `commit ${old.slice(0, 7)} does not descend from the last applied commit ${current.slice(0, 7)}`);
  assert.match(err.message, `trust.allowRollbackTo: ${old}`);
  assert.equal(err.data, { commit: old, base: current, baseKind: 'last-applied' });
  await expectRefused({ ...router, policy: { allowRollbackTo: current } }, 'Rollback');
  const v = await pull({ ...router, policy: { allowRollbackTo: old } });
  assert.is(v.relation, 'rollback-allowed');
  assert.is(await readLastApplied(router.stateDir), old);
});

policy('allowRollbackTo is spent once applied: ignored with a warning from then on, and a later replay of that commit is refused', async () => {
  const { repo, router } = await scenario();
  const old = await repo.commit('old', { 'network.yaml': 'old\n' }, sign());
  const current = await repo.commit('current', { 'network.yaml': 'current\n' }, sign());
  await pull(router);
  await repo.forceForge(old);
  const withOverride = { ...router, policy: { allowRollbackTo: old } };
  const rolled = await pull(withOverride);
  assert.equal([rolled.relation, rolled.override, rolled.warnings], ['rollback-allowed', { commit: old, base: current }, []]);
  const used = await readUsedOverrides(router.stateDir);
  assert.equal(used.map((u) => [u.commit, u.base]), [[old, current]]);

  // still set in agent.yaml: the same tip is fine, with a warning to remove it
  const again = await pull(withOverride);
  assert.is(again.relation, 'same');
  assert.is(again.warnings.length, 1);
  assert.match(again.warnings[0]!, `trust.allowRollbackTo: ${old} was applied on ${used[0]!.at} (rolling back from ${current.slice(0, 7)}) and is spent`);

  // work continues on top of the old commit; then the server replays the old commit
  await repo.git(['reset', '-q', '--hard', old]);
  const next = await repo.commit('next', { 'network.yaml': 'next\n' }, sign());
  assert.is((await pull(withOverride)).relation, 'descendant');
  await repo.forceForge(old);
  const err = await expectRefused(withOverride, 'Rollback');
  assert.match(err.message, `commit ${old.slice(0, 7)} does not descend from the last applied commit ${next.slice(0, 7)}`);
  assert.match(err.message, `trust.allowRollbackTo: ${old} was used once already and is spent`);
  assert.is(await readLastApplied(router.stateDir), next);
});

policy('an override that was verified but never applied is not spent', async () => {
  const { repo, router } = await scenario();
  const old = await repo.commit('old', { 'network.yaml': 'old\n' }, sign());
  await repo.commit('current', { 'network.yaml': 'current\n' }, sign());
  await pull(router);
  await repo.forceForge(old);
  const fetched = await fetchSource({ url: router.url }, router.stateDir);
  const lastApplied = await readLastApplied(router.stateDir);
  // verified (as `dlan plan` does), not applied: nothing is recorded
  await verifyCandidate({ gitdir: fetched.gitdir, commit: old, roots: router.roots, now: new Date(), lastApplied: lastApplied!, policy: { allowRollbackTo: old } });
  assert.equal(await readUsedOverrides(router.stateDir), []);
  assert.is((await pull({ ...router, policy: { allowRollbackTo: old } })).relation, 'rollback-allowed');
});

policy('a rewritten history (unrelated signed commit) is refused too', async () => {
  const { repo, router } = await scenario();
  await repo.commit('a', { 'network.yaml': 'a\n' }, sign());
  await pull(router);
  await repo.git(['checkout', '-q', '--orphan', 'rewritten']);
  await repo.git(['commit', '-q', '-S', '-m', 'rewritten'], sign());
  await repo.git(['branch', '-q', '-M', 'main']);
  await repo.push();
  await expectRefused(router, 'Rollback');
});

policy('a signed git revert is a new descendant and is accepted; it brings back the old content', async () => {
  const { repo, router } = await scenario();
  const a = await repo.commit('a', { 'network.yaml': 'name: a\n' }, sign());
  await repo.commit('b', { 'network.yaml': 'name: b\n' }, sign());
  await pull(router);
  await repo.git(['revert', '--no-edit', '-S', 'HEAD'], sign());
  await repo.push();
  const v = await pull(router);
  assert.is(v.relation, 'descendant');
  const gitdir = repoDir(router.stateDir);
  assert.equal(await readTopologyAt(gitdir, v.commit), await readTopologyAt(gitdir, a));
});

policy('server unreachable: Transient, the last fetched and last applied commits and their files stay', async () => {
  const { repo, router } = await scenario();
  const a = await repo.commit('a', { 'network.yaml': 'name: a\n' }, sign());
  await pull(router);
  await repo.commit('b', { 'network.yaml': 'name: b\n' }, sign());
  const down = { ...router, url: 'http://127.0.0.1:9/nothing-listens-here.git' };
  const err = await expectRefused(down, 'SourceUnreachable', 'Transient');
  assert.match(err.message, 'http://127.0.0.1:9/nothing-listens-here.git');
  assert.is(await readFetched(repoDir(router.stateDir)), a);
  assert.equal(await readTopologyAt(repoDir(router.stateDir), a), [{ path: 'network.yaml', text: 'name: a\n' }]);
});

policy('chain mode refuses an unsigned commit in the middle of a push; tip mode does not look at it', async () => {
  const { repo, router } = await scenario();
  await repo.commit('a', { 'network.yaml': 'a\n' }, sign());
  await pull(router);
  await repo.git(['commit', '-q', '--allow-empty', '-m', 'unsigned in the middle']);
  const middle = await repo.head();
  await repo.commit('c', { 'network.yaml': 'c\n' }, sign());
  const err = await expectRefused({ ...router, policy: { mode: 'chain' } }, 'Unsigned');
  assert.is(err.message, `commit ${middle.slice(0, 7)} is not signed`);
  const v = await pull(router);
  assert.equal([v.mode, v.verified.length], ['tip', 1]);
});

policy('chain mode verifies every first-parent commit since the last applied one, and not the merged side branch', async () => {
  const { repo, router } = await scenario();
  await repo.commit('a', { 'network.yaml': 'a\n' }, sign());
  await pull(router);
  await repo.commit('b', { 'network.yaml': 'b\n' }, sign());
  await repo.git(['checkout', '-q', '-b', 'feature']);
  await repo.git(['commit', '-q', '--allow-empty', '-m', 'unsigned work on a branch']);
  await repo.git(['checkout', '-q', 'main']);
  await repo.git(['merge', '-q', '--no-ff', '-S', '-m', 'merge feature', 'feature'], sign());
  await repo.push();
  const v = await pull({ ...router, policy: { mode: 'chain' } });
  assert.equal([v.mode, v.verified.length], ['chain', 2]);
});

policy('first boot with pinCommit: a descendant of the pin is accepted; a commit that is not is PinMismatch', async () => {
  const { repo, router } = await scenario();
  const a = await repo.commit('a', { 'network.yaml': 'a\n' }, sign());
  const b = await repo.commit('b', { 'network.yaml': 'b\n' }, sign());
  await repo.forceForge(a);
  const older = await expectRefused({ ...router, policy: { pinCommit: b } }, 'PinMismatch');
  assert.match(older.message, `the pinned commit ${b.slice(0, 7)} (trust.pinCommit) is not in the history of commit ${a.slice(0, 7)}`);
  await repo.forceForge(b);
  const other = await scenario();
  const unrelatedPin = await other.repo.commit('elsewhere', { 'network.yaml': 'x\n' }, sign());
  await fetchSource({ url: other.router.url }, router.stateDir); // the pin is on disk, but unrelated
  const unrelated = await expectRefused({ ...router, policy: { pinCommit: unrelatedPin } }, 'PinMismatch');
  assert.match(unrelated.message, `commit ${b.slice(0, 7)} does not descend from the pinned commit ${unrelatedPin.slice(0, 7)}`);
  const v = await pull({ ...router, policy: { pinCommit: a } });
  assert.equal([v.relation, v.base], ['descendant', { commit: a, kind: 'pin' }]);
  // once something is applied, the pin no longer matters
  assert.is((await pull({ ...router, policy: { pinCommit: unrelatedPin } })).relation, 'same');
});

policy('a last applied commit missing from the store is HistoryIncomplete, not a rollback and not accepted', async () => {
  const { repo, router } = await scenario();
  await repo.commit('a', { 'network.yaml': 'a\n' }, sign());
  await mkdir(router.stateDir, { recursive: true });
  await recordApplied(router.stateDir, 'f'.repeat(40));
  const err = await expectRefused(router, 'HistoryIncomplete');
  assert.match(err.message, `commit fffffff is missing from ${repoDir(router.stateDir)}`);
});
policy.run();
