import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFile } from 'node:fs/promises';
import { githubReporter, ReportError, type GithubTarget } from '../../../reconciler/report/index.js';
import { forgeSetup, forgeTeardown, SHA1, TOKEN, type ForgeCtx } from './forges.js';

const gh = suite<ForgeCtx>('githubReporter');
gh.before.each(forgeSetup);
gh.after.each(forgeTeardown);
const target = (c: ForgeCtx): GithubTarget => ({ forge: 'github', apiUrl: c.server.url, owner: 'home', repo: 'net', tokenFile: c.tokenFile });

gh('posts state, description and context with Authorization: Bearer, states in order', async (c) => {
  const r = githubReporter(target(c));
  assert.is(await r.post({ sha: SHA1, context: 'dlan/r1', outcome: 'pending', description: 'applying 3 changes' }), 'posted');
  assert.is(await r.post({ sha: SHA1, context: 'dlan/r1', outcome: 'success', description: 'd'.repeat(300), targetUrl: 'https://example.org/r1' }), 'posted');
  const got = c.server.requests;
  assert.equal(got.map((q) => [q.forge, q.path, q.auth, q.answer]), [
    ['github', `/repos/home/net/statuses/${SHA1}`, `Bearer ${TOKEN}`, 201],
    ['github', `/repos/home/net/statuses/${SHA1}`, `Bearer ${TOKEN}`, 201],
  ]);
  assert.equal(got[0]!.body, { state: 'pending', description: 'applying 3 changes', context: 'dlan/r1' });
  assert.is(got[0]!.contentType, 'application/json');
  assert.equal(got.map((q) => q.body.state), ['pending', 'success']);
  assert.is([...String(got[1]!.body.description)].length, 140, 'a description over 140 characters would be rejected');
  assert.is(got[1]!.body.target_url, 'https://example.org/r1');
});
gh('a wrong token is StatusRejected with the HTTP status, and the token appears nowhere in the error', async (c) => {
  await writeFile(c.tokenFile, 'wrong-token-value\n');
  try {
    await githubReporter(target(c)).post({ sha: SHA1, context: 'dlan/r1', outcome: 'pending', description: 'x' });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ReportError);
    assert.is((e as ReportError).code, 'StatusRejected');
    assert.is((e as ReportError).data.httpStatus, 401);
    assert.not.match(JSON.stringify(e) + (e as Error).message, 'wrong-token-value');
  }
});
gh('the token is read at each post: a rotated token is used at once', async (c) => {
  const r = githubReporter(target(c));
  await writeFile(c.tokenFile, 'old');
  await r.post({ sha: SHA1, context: 'dlan/r1', outcome: 'pending', description: 'x' }).catch((e: ReportError) => e.code);
  await writeFile(c.tokenFile, TOKEN);
  assert.is(await r.post({ sha: SHA1, context: 'dlan/r1', outcome: 'pending', description: 'x' }), 'posted');
  assert.equal(c.server.requests.map((q) => q.answer), [401, 201]);
});
gh('5xx and an unreachable forge are ForgeUnavailable (Transient); a missing token file is TokenUnreadable (Stalled)', async (c) => {
  c.server.failNext(503);
  const codes: string[] = [];
  for (const t of [target(c), { ...target(c), apiUrl: 'http://127.0.0.1:9' }, { ...target(c), tokenFile: `${c.dir}/none` }]) {
    try {
      await githubReporter(t).post({ sha: SHA1, context: 'dlan/r1', outcome: 'pending', description: 'x' });
      assert.unreachable();
    } catch (e) {
      assert.instance(e, ReportError);
      codes.push(`${(e as ReportError).code}/${(e as ReportError).kind}`);
    }
  }
  assert.equal(codes, ['ForgeUnavailable/Transient', 'ForgeUnavailable/Transient', 'TokenUnreadable/Stalled']);
});
gh.run();
