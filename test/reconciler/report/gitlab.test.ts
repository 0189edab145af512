import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gitlabReporter, isGitlabRepeat, ReportError } from '../../../reconciler/report/index.js';
import { forgeSetup, forgeTeardown, SHA1, TOKEN, type ForgeCtx } from './forges.js';

const gl = suite<ForgeCtx>('gitlabReporter');
gl.before.each(forgeSetup);
gl.after.each(forgeTeardown);
const reporter = (c: ForgeCtx) => gitlabReporter({ forge: 'gitlab', url: c.server.url, project: 'home/net', tokenFile: c.tokenFile });

gl('posts name and GitLab states with PRIVATE-TOKEN to /api/v4/projects/{id}/statuses/{sha}', async (c) => {
  const r = reporter(c);
  assert.is(await r.post({ sha: SHA1, context: 'dlan/r3', outcome: 'pending', description: 'applying' }), 'posted');
  assert.is(await r.post({ sha: SHA1, context: 'dlan/r3', outcome: 'failure', description: 'nginx -t refused' }), 'posted');
  const got = c.server.requests;
  assert.equal(got.map((q) => [q.path, q.auth, q.answer]), Array(2).fill([`/api/v4/projects/home%2Fnet/statuses/${SHA1}`, TOKEN, 201]));
  assert.equal(got.map((q) => q.body), [
    { state: 'running', name: 'dlan/r3', description: 'applying' },
    { state: 'failed', name: 'dlan/r3', description: 'nginx -t refused' },
  ]);
});
gl('the same running state twice: GitLab answers 400, which means already posted', async (c) => {
  const r = reporter(c);
  assert.is(await r.post({ sha: SHA1, context: 'dlan/r3', outcome: 'pending', description: 'applying' }), 'posted');
  assert.is(await r.post({ sha: SHA1, context: 'dlan/r3', outcome: 'pending', description: 'applying' }), 'already-posted');
  assert.equal(c.server.requests.map((q) => q.answer), [201, 400]);
});
gl('any other 400 is still an error', async (c) => {
  assert.is(isGitlabRepeat(400, '{"message":{"name":["is too long"]}}'), false);
  c.server.failNext(400);
  try {
    await reporter(c).post({ sha: SHA1, context: 'dlan/r3', outcome: 'success', description: 'ok' });
    assert.unreachable();
  } catch (e) {
    assert.is((e as ReportError).code, 'StatusRejected');
    assert.is((e as ReportError).data.httpStatus, 400);
  }
});
gl.run();
