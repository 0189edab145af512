import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { giteaReporter, githubReporter, gitlabReporter } from '../../../reconciler/report/index.js';
import { parseStatuses, readStatuses } from '../../../reconciler/report/read-statuses.js';
import type { ForgeTarget, StatusReporter } from '../../../reconciler/report/status.js';
import { forgeSetup, forgeTeardown, SHA1, type ForgeCtx } from './forges.js';

const rs = suite<ForgeCtx>('readStatuses');
rs.before.each(forgeSetup);
rs.after.each(forgeTeardown);

const targets = (c: ForgeCtx): [ForgeTarget, (t: ForgeTarget) => StatusReporter][] => [
  [{ forge: 'github', apiUrl: c.server.url, owner: 'home', repo: 'net', tokenFile: c.tokenFile }, (t) => githubReporter(t as never)],
  [{ forge: 'gitea', url: c.server.url, owner: 'home', repo: 'net', tokenFile: c.tokenFile }, (t) => giteaReporter(t as never)],
  [{ forge: 'gitlab', url: c.server.url, project: 'home/net', tokenFile: c.tokenFile }, (t) => gitlabReporter(t as never)],
];

rs('what a router posted reads back as the newest status per context, on every forge', async (c) => {
  for (const [target, make] of targets(c)) {
    const r = make(target);
    await r.post({ sha: SHA1, context: 'dlan/r5', outcome: 'pending', description: 'applying' });
    await r.post({ sha: SHA1, context: 'dlan/r5', outcome: 'success', description: 'applied, 2/2 peers up' });
    await r.post({ sha: SHA1, context: 'dlan/r4', outcome: 'failure', description: 'rolled back' });
    const got = await readStatuses(target, SHA1);
    assert.equal(got.map((s) => [s.context, s.state, s.description]), [
      ['dlan/r4', target.forge === 'gitlab' ? 'failed' : 'failure', 'rolled back'],
      ['dlan/r5', 'success', 'applied, 2/2 peers up'],
    ], target.forge);
    assert.ok(got.every((s) => s.at !== undefined), target.forge);
  }
});

rs('a wrong token is a StatusRejected error without the token in it', async (c) => {
  const [target] = targets(c)[0]!;
  try {
    await readStatuses(target, SHA1, { readToken: async () => 'wrong-token-123' });
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code: string }).code, 'StatusRejected');
    assert.not.match((e as Error).message, 'wrong-token-123');
  }
});
rs.run();

const parse = suite('parseStatuses');
parse('not a list is an error, not an empty answer', () => {
  try {
    parseStatuses('github', { message: 'Not Found' });
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code: string }).code, 'StatusRejected');
  }
});
parse.run();
