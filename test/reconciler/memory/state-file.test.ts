import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nextState, recordState } from '../../../reconciler/memory/state-file.js';
import { readStateFile } from '../../../reconciler/report/state-file.js';
import { localHost } from '../../../reconciler/host.js';
import { C1, C2, healthSummary, stepEnv } from '../../support/steps.js';

const s = suite('nextState');
const ok = { router: 'r1', at: 100, applied: C1, attempt: { commit: C1, outcome: 'success' as const, description: 'applied (1 change(s)); 1/1 peers up' }, health: healthSummary() };
s('a first success: applied since now, the attempt, the health', () => {
  assert.equal(nextState(undefined, ok), {
    version: 1, router: 'r1', applied: { commit: C1, at: 100 }, lastAttempt: { ...ok.attempt, at: 100 }, health: ok.health,
  });
});
s('the same commit again keeps its applied time; a failure is kept with its age after later successes', () => {
  const failed = nextState(nextState(undefined, ok), {
    router: 'r1', at: 200, applied: C1, attempt: { commit: C2, outcome: 'failure', description: 'Unsigned: commit 2222222 is not signed' },
    error: { commit: C2, code: 'Unsigned', message: 'commit 2222222 is not signed' },
  });
  assert.equal(failed.applied, { commit: C1, at: 100 });
  assert.equal(failed.lastError, { commit: C2, code: 'Unsigned', message: 'commit 2222222 is not signed', at: 200 });
  assert.equal(failed.health, ok.health, 'no fresh health: the last one stands');
  const later = nextState(failed, { ...ok, at: 300 });
  assert.equal(later.lastError, failed.lastError);
  assert.equal(later.lastAttempt?.at, 300);
});
s('a self-rollback: applied is the commit gone back to, the refused one is the last error', () => {
  const st = nextState(nextState(undefined, { ...ok, applied: C2 }), {
    router: 'r1', at: 400, applied: C1, attempt: { commit: C2, outcome: 'failure', description: 'rolled back by itself to 1111111: lost every peer' },
    error: { commit: C2, code: 'SelfRollback', message: 'rolled back by itself to 1111111: lost every peer' },
  });
  assert.equal([st.applied, st.lastError?.code], [{ commit: C1, at: 400 }, 'SelfRollback']);
});
s.run();

const rec = suite('recordState');
rec('reads the previous file, composes, writes; an unreadable file is logged and replaced', async () => {
  const env = await stepEnv();
  try {
    await recordState(env.dir, env.deps.log, ok);
    await recordState(env.dir, env.deps.log, { router: 'r1', at: 150, applied: C1 });
    assert.equal((await readStateFile(localHost(), env.dir))?.applied, { commit: C1, at: 100 });
    await localHost().writeFileAtomic(`${env.dir}/state.json`, 'not json', 0o644);
    await recordState(env.dir, env.deps.log, ok);
    assert.ok(env.lines.some((l) => JSON.parse(l).event === 'state-file-unreadable'));
    assert.is((await readStateFile(localHost(), env.dir))?.router, 'r1');
  } finally {
    await env.close();
  }
});
rec.run();
