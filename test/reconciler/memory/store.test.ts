import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { StateStore } from '../../../reconciler/memory/store.js';
import type { DesiredState } from '../../../renderers/state.js';
import { desiredState } from '../../support/desired.js';
import { removeDir, tempDir } from '../../support/signed-repo.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

const good = suite<{ dir: string; desired: DesiredState }>('StateStore.saveLastGood');
good.before.each(async (ctx) => { ctx.dir = await tempDir('state-store'); ctx.desired = desiredState(); });
good.after.each(async (ctx) => { await removeDir(ctx.dir); });

good('the same commit and state again is not rewritten: the first time found good stays', async ({ dir, desired }) => {
  const store = new StateStore(dir);
  await store.saveLastGood({ commit: A, desired, at: '2026-01-01T00:00:00Z' });
  await store.saveLastGood({ commit: A, desired, at: '2026-01-01T00:01:00Z' });
  assert.is((await store.lastGood())!.at, '2026-01-01T00:00:00Z');
});

good('a new commit, or a new rendering of the same one, is written', async ({ dir, desired }) => {
  const store = new StateStore(dir);
  await store.saveLastGood({ commit: A, desired, at: '2026-01-01T00:00:00Z' });
  await store.saveLastGood({ commit: B, desired, at: '2026-01-01T00:01:00Z' });
  assert.is((await store.lastGood())!.commit, B);
  const rerendered: DesiredState = { ...desired, files: desired.files.slice(1) };
  await store.saveLastGood({ commit: B, desired: rerendered, at: '2026-01-01T00:02:00Z' });
  const saved = (await store.lastGood())!;
  assert.is(saved.at, '2026-01-01T00:02:00Z');
  assert.is(saved.desired.files.length, desired.files.length - 1);
});

good('a fresh store (an agent restarted) writes once, whatever is on disk', async ({ dir, desired }) => {
  await new StateStore(dir).saveLastGood({ commit: A, desired, at: '2026-01-01T00:00:00Z' });
  await new StateStore(dir).saveLastGood({ commit: A, desired, at: '2026-01-01T00:05:00Z' });
  assert.is((await new StateStore(dir).lastGood())!.at, '2026-01-01T00:05:00Z');
});

good('a state written since by another process (dlan apply, a rollback) is replaced, not taken for its own', async ({ dir, desired }) => {
  const agent = new StateStore(dir);
  await agent.saveLastGood({ commit: A, desired, at: '2026-01-01T00:00:00Z' });
  await new StateStore(dir).saveLastGood({ commit: B, desired, at: '2026-01-01T00:01:00Z' });
  await agent.saveLastGood({ commit: A, desired, at: '2026-01-01T00:02:00Z' });
  assert.equal([(await agent.lastGood())!.commit, (await agent.lastGood())!.at], [A, '2026-01-01T00:02:00Z']);
});

good.run();
