import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { giteaReporter } from '../../../reconciler/report/index.js';
import { forgeSetup, forgeTeardown, SHA1, TOKEN, type ForgeCtx } from './forges.js';

const gt = suite<ForgeCtx>('giteaReporter');
gt.before.each(forgeSetup);
gt.after.each(forgeTeardown);
gt('posts to /api/v1/repos/{owner}/{repo}/statuses/{sha} with Authorization: token, states in order', async (c) => {
  const r = giteaReporter({ forge: 'gitea', url: `${c.server.url}/`, owner: 'home', repo: 'net', tokenFile: c.tokenFile });
  for (const outcome of ['pending', 'failure', 'superseded'] as const) {
    assert.is(await r.post({ sha: SHA1, context: 'dlan/r2', outcome, description: `${outcome} here` }), 'posted');
  }
  const got = c.server.requests;
  assert.equal(got.map((q) => [q.path, q.auth, q.answer]), Array(3).fill([`/api/v1/repos/home/net/statuses/${SHA1}`, `token ${TOKEN}`, 201]));
  assert.equal(got.map((q) => q.body), [
    { state: 'pending', description: 'pending here', context: 'dlan/r2' },
    { state: 'failure', description: 'failure here', context: 'dlan/r2' },
    { state: 'error', description: 'superseded here', context: 'dlan/r2' },
  ]);
});
gt.run();
