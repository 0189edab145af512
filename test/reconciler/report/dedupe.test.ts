import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { localHost } from '../../../reconciler/host.js';
import {
  dedupingReporter, fileLedgerStore, githubReporter, gitlabReporter, memoryLedgerStore, supersede, type CommitStatus,
} from '../../../reconciler/report/index.js';
import { forgeSetup, forgeTeardown, SHA1, SHA2, type ForgeCtx } from './forges.js';

const s = (o: Partial<CommitStatus>): CommitStatus => ({ sha: SHA1, context: 'dlan/r1', outcome: 'pending', description: 'applying', ...o });

const dd = suite<ForgeCtx>('dedupingReporter');
dd.before.each(forgeSetup);
dd.after.each(forgeTeardown);
const gh = (c: ForgeCtx) => githubReporter({ forge: 'github', apiUrl: c.server.url, owner: 'home', repo: 'net', tokenFile: c.tokenFile });

dd('a status identical to the last one for that commit and context is not sent again', async (c) => {
  const r = dedupingReporter(gh(c), memoryLedgerStore());
  const results = [];
  for (const st of [s({}), s({}), s({ outcome: 'success', description: '2/2 peers up' }), s({ outcome: 'success', description: '2/2 peers up' }),
    s({ context: 'dlan/r2' }), s({ sha: SHA2 })]) results.push(await r.post(st));
  assert.equal(results, ['posted', 'unchanged', 'posted', 'unchanged', 'posted', 'posted']);
  assert.equal(c.server.requests.map((q) => [q.sha.slice(0, 1), q.body.context, q.body.state]),
    [['1', 'dlan/r1', 'pending'], ['1', 'dlan/r1', 'success'], ['1', 'dlan/r2', 'pending'], ['2', 'dlan/r1', 'pending']]);
});
dd('a flapping router stops posting after maxPosts for that commit and context', async (c) => {
  const r = dedupingReporter(gh(c), memoryLedgerStore(), { maxPosts: 4 });
  const results = [];
  for (let i = 0; i < 6; i++) results.push(await r.post(s({ outcome: i % 2 ? 'success' : 'failure', description: `try ${i % 2}` })));
  // The 5th differs from what the forge shows and is held back; the 6th is what it shows already.
  assert.equal(results, ['posted', 'posted', 'posted', 'posted', 'over-budget', 'unchanged']);
  assert.is(c.server.requests.length, 4);
});
dd('the ledger in a file survives a restart: the new agent does not post the same status again', async (c) => {
  const host = localHost({ rootDir: c.dir });
  assert.is(await dedupingReporter(gh(c), fileLedgerStore(host)).post(s({ outcome: 'success', description: 'ok' })), 'posted');
  assert.is(await dedupingReporter(gh(c), fileLedgerStore(host)).post(s({ outcome: 'success', description: 'ok' })), 'unchanged');
  assert.is(c.server.requests.length, 1);
  assert.ok((await host.readFile('/var/lib/dlan/statuses.json'))!.includes(SHA1));
});
dd('GitLab already running after a lost ledger: the 400 counts as posted and is remembered', async (c) => {
  const gl = gitlabReporter({ forge: 'gitlab', url: c.server.url, project: 7, tokenFile: c.tokenFile });
  await gl.post(s({})); // an earlier agent's post, not in this ledger
  const r = dedupingReporter(gl, memoryLedgerStore());
  assert.is(await r.post(s({})), 'already-posted');
  assert.is(await r.post(s({})), 'unchanged');
  assert.equal(c.server.requests.map((q) => q.answer), [201, 400]);
});
dd('a failed post is not remembered: the next try sends it', async (c) => {
  const r = dedupingReporter(gh(c), memoryLedgerStore());
  c.server.failNext(503);
  try { await r.post(s({})); assert.unreachable(); } catch (e) { assert.is((e as { code: string }).code, 'ForgeUnavailable'); }
  assert.is(await r.post(s({})), 'posted');
});
dd.run();

const sup = suite<ForgeCtx>('supersede');
sup.before.each(forgeSetup);
sup.after.each(forgeTeardown);
sup('a commit left pending gets a final status naming the newer commit', async (c) => {
  const r = dedupingReporter(gh(c), memoryLedgerStore());
  await r.post(s({ sha: SHA1 }));
  await r.post(s({ sha: SHA2 }));
  assert.is(await supersede(r, { sha: SHA1, context: 'dlan/r1', by: SHA2 }), 'posted');
  await r.post(s({ sha: SHA2, outcome: 'success', description: 'ok' }));
  assert.equal(c.server.requests.map((q) => [q.sha.slice(0, 1), q.body.state, q.body.description]), [
    ['1', 'pending', 'applying'], ['2', 'pending', 'applying'], ['1', 'error', 'superseded by 2222222: not applied'], ['2', 'success', 'ok'],
  ]);
  assert.is((await r.lastPosted(SHA1, 'dlan/r1'))!.outcome, 'superseded');
});
sup('a commit already finished, or never reported, is left alone', async (c) => {
  const r = dedupingReporter(gh(c), memoryLedgerStore());
  await r.post(s({ outcome: 'success', description: 'ok' }));
  assert.is(await supersede(r, { sha: SHA1, context: 'dlan/r1', by: SHA2 }), 'not-pending');
  assert.is(await supersede(r, { sha: SHA2, context: 'dlan/r1', by: SHA1 }), 'not-pending');
  assert.is(c.server.requests.length, 1);
});
sup('on GitLab the superseded commit is canceled', async (c) => {
  const r = dedupingReporter(gitlabReporter({ forge: 'gitlab', url: c.server.url, project: 7, tokenFile: c.tokenFile }), memoryLedgerStore());
  await r.post(s({}));
  await supersede(r, { sha: SHA1, context: 'dlan/r1', by: SHA2 });
  assert.equal(c.server.requests.map((q) => q.body.state), ['running', 'canceled']);
});
sup.run();
