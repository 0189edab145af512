import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startGitHttpServer, type GitHttpServer } from '../../../lab/git-http-server.js';
import { checkSource, fetchSource, readFetched, repoDir } from '../../../reconciler/source/index.js';
import { readLastApplied, recordApplied } from '../../../reconciler/trust/applied-state.js';
import { expectRefused } from '../../support/router-sim.js';
import { removeDir, run, tempDir, WorkRepo } from '../../support/signed-repo.js';

interface Ctx { dir: string; repo: WorkRepo; srv: GitHttpServer; url: string }
const ctx = {} as Ctx;
let n = 0;
const stateDir = () => join(ctx.dir, `state${++n}`);

const packs = async (state: string): Promise<string[]> =>
  (await readdir(join(repoDir(state), 'objects', 'pack'))).filter((f) => f.endsWith('.pack'));
const packCount = async (state: string): Promise<number> => (await packs(state)).length;
async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    total += e.isDirectory() ? await dirSize(join(dir, e.name)) : (await stat(join(dir, e.name))).size;
  }
  return total;
}

const http = suite('fetchSource over HTTP');
http.before(async () => {
  ctx.dir = await tempDir('fetch');
  ctx.repo = await WorkRepo.create(join(ctx.dir, 'work'), join(ctx.dir, 'srv', 'topo.git'));
  await ctx.repo.commit('first', { 'network.yaml': 'name: one\n' });
  ctx.srv = await startGitHttpServer({ root: join(ctx.dir, 'srv') });
  ctx.url = ctx.srv.url('topo.git');
});
http.after(async () => { await ctx.srv.close(); await removeDir(ctx.dir); });

http('first fetch downloads the branch; a poll with no change costs one request and downloads nothing', async () => {
  const state = stateDir();
  const first = await fetchSource({ url: ctx.url }, state);
  assert.is(first.commit, await ctx.repo.head());
  assert.is(first.changed, true);
  assert.is(first.previous, undefined);
  assert.is(await readFetched(first.gitdir), first.commit);

  ctx.srv.resetCounters();
  const again = await fetchSource({ url: ctx.url }, state);
  assert.equal({ changed: again.changed, commit: again.commit, previous: again.previous }, { changed: false, commit: first.commit, previous: first.commit });
  assert.is(ctx.srv.requests, 1);
  assert.is(ctx.srv.log[0]!.path, '/topo.git/info/refs?service=git-upload-pack');
});

http('a new commit is fetched incrementally: the server is told what the router has', async () => {
  const state = stateDir();
  await fetchSource({ url: ctx.url }, state);
  const packsBefore = await packs(state);
  const oid = await ctx.repo.commit('second', { 'routers/r1.yaml': 'id: 1\n' });
  ctx.srv.resetCounters();
  const r = await fetchSource({ url: ctx.url }, state);
  assert.is(r.commit, oid);
  assert.is(r.changed, true);
  // ref advertisement (check) + ref advertisement and upload-pack (fetch)
  assert.equal(ctx.srv.log.map((l) => l.method), ['GET', 'GET', 'POST']);
  assert.is(await packCount(state), packsBefore.length + 1);
  const added = (await packs(state)).filter((p) => !packsBefore.includes(p));
  const idx = await readFile(join(repoDir(state), 'objects', 'pack', added[0]!.replace(/\.pack$/, '.idx')));
  const objects = (await run('git', ['show-index'], { input: idx })).trim().split('\n');
  // only what is new: the commit, the root tree, the routers/ tree and the new blob
  assert.is(objects.length, 4);
});

http('checkSource compares the advertised tip with the last fetched one, in one request', async () => {
  const state = stateDir();
  const before = await checkSource({ url: ctx.url }, state);
  assert.is(before.changed, true);
  assert.is(before.fetched, undefined);
  await fetchSource({ url: ctx.url }, state);
  ctx.srv.resetCounters();
  const after = await checkSource({ url: ctx.url }, state);
  assert.equal(after, { remote: await ctx.repo.head(), fetched: await ctx.repo.head(), changed: false });
  assert.is(ctx.srv.requests, 1);
});

http('a tip moved back to a commit already on disk costs no download', async () => {
  const state = stateDir();
  const old = await ctx.repo.head();
  const newer = await ctx.repo.commit('third', { 'services/web.yaml': 'x: 1\n' });
  await fetchSource({ url: ctx.url }, state);
  await ctx.repo.forceForge(old);
  ctx.srv.resetCounters();
  const r = await fetchSource({ url: ctx.url }, state);
  assert.equal({ commit: r.commit, previous: r.previous, changed: r.changed }, { commit: old, previous: newer, changed: true });
  assert.is(ctx.srv.requests, 1);
  await ctx.repo.forceForge(newer);
});

http('a missing branch is a Transient BranchNotFound', async () => {
  try {
    await fetchSource({ url: ctx.url, branch: 'nope' }, stateDir());
    assert.unreachable();
  } catch (e) {
    assert.is((e as { kind: string }).kind, 'Transient');
    assert.is((e as { code: string }).code, 'BranchNotFound');
  }
});

http('server down: Transient SourceUnreachable naming the URL, the last good fetch is kept', async () => {
  const state = stateDir();
  const good = await fetchSource({ url: ctx.url }, state);
  await ctx.repo.commit('while down', { 'network.yaml': 'name: two\n' });
  const port = ctx.srv.port;
  await ctx.srv.close();
  try {
    await fetchSource({ url: ctx.url }, state);
    assert.unreachable();
  } catch (e) {
    const err = e as { kind: string; code: string; message: string; data: { url: string; step: string } };
    assert.is(err.kind, 'Transient');
    assert.is(err.code, 'SourceUnreachable');
    assert.is(err.data.url, ctx.url);
    assert.match(err.message, `list refs ${ctx.url}: ECONNREFUSED`);
  } finally {
    ctx.srv = await startGitHttpServer({ root: join(ctx.dir, 'srv'), port });
  }
  assert.is(await readFetched(good.gitdir), good.commit);
});
http('a pack larger than maxBytes is stopped as it streams in: Transient SourceTooLarge naming URL and limit, nothing kept', async () => {
  const state = stateDir();
  const good = await fetchSource({ url: ctx.url }, state);
  await recordApplied(state, good.commit);
  // 8 MB that do not compress, in one unsigned commit: a pack git must send whole
  const big = await ctx.repo.commit('a big blob', { 'blob.bin': randomBytes(8 << 20).toString('base64') });
  const limit = 4 << 20;
  const before = await dirSize(join(repoDir(state), 'objects'));
  // as a router pulls: expectRefused also checks that last-applied was not touched
  const err = await expectRefused({ url: ctx.url, stateDir: state, roots: {}, maxBytes: limit }, 'SourceTooLarge', 'Transient') as Error & { data: Record<string, number | string> };
  assert.equal([err.data.url, err.data.step, err.data.limit], [ctx.url, 'fetch', limit]);
  assert.match(err.message, `fetch ${ctx.url}: the server sent more than 4MB (repo.maxFetchSize) before anything could be verified`);
  // stopped at the first chunk past the limit, not after the whole pack
  const received = err.data.received as number;
  assert.ok(received > limit && received <= limit + (1 << 20), `received ${received}`);
  assert.is(await readFetched(good.gitdir), good.commit);
  assert.is(await readLastApplied(state), good.commit);
  assert.ok(await dirSize(join(repoDir(state), 'objects')) - before < 64 << 10, 'no pack of the big commit was written');
  // with the default limit (64 MB) the same fetch goes through
  assert.is((await fetchSource({ url: ctx.url }, state)).commit, big);
  await ctx.repo.git(['reset', '-q', '--hard', 'HEAD~1']);
  await ctx.repo.push();
});
http.run();

const auth = suite('fetchSource with a token');
const actx = {} as Ctx;
auth.before(async () => {
  actx.dir = await tempDir('auth');
  actx.repo = await WorkRepo.create(join(actx.dir, 'work'), join(actx.dir, 'srv', 'topo.git'));
  await actx.repo.commit('first', { 'network.yaml': 'name: one\n' });
  actx.srv = await startGitHttpServer({ root: join(actx.dir, 'srv'), auth: { username: 'x-access-token', password: 'tok-123-secret' } });
  actx.url = actx.srv.url('topo.git');
});
auth.after(async () => { await actx.srv.close(); await removeDir(actx.dir); });

auth('the token from the file is sent in the first request (no 401 round trip)', async () => {
  const tokenFile = join(actx.dir, 'token');
  await writeFile(tokenFile, 'tok-123-secret\n');
  const r = await fetchSource({ url: actx.url, auth: { tokenFile } }, join(actx.dir, 'state'));
  assert.is(r.commit, await actx.repo.head());
  assert.not.ok(actx.srv.log.some((l) => l.status === 401));
});

auth('a wrong token is a Transient SourceHttpError with the status, and the token appears nowhere', async () => {
  const tokenFile = join(actx.dir, 'bad-token');
  await writeFile(tokenFile, 'wrong-token-value');
  try {
    await fetchSource({ url: actx.url, auth: { tokenFile } }, join(actx.dir, 'state2'));
    assert.unreachable();
  } catch (e) {
    const err = e as { kind: string; code: string; data: { status: number }; toJSON(): unknown; message: string };
    assert.is(err.kind, 'Transient');
    assert.is(err.code, 'SourceHttpError');
    assert.is(err.data.status, 401);
    const shown = JSON.stringify(err.toJSON()) + err.message + String((e as Error).stack);
    assert.not.match(shown, 'wrong-token-value');
    assert.not.match(shown, Buffer.from('x-access-token:wrong-token-value').toString('base64'));
  }
});

auth('a missing token file is Stalled TokenFileUnreadable', async () => {
  try {
    await fetchSource({ url: actx.url, auth: { tokenFile: join(actx.dir, 'absent') } }, join(actx.dir, 'state3'));
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code: string }).code, 'TokenFileUnreadable');
    assert.is((e as { kind: string }).kind, 'Stalled');
  }
});
auth.run();

const local = suite('fetchSource from a local path');
local('copies the reachable objects, then only the new ones', async () => {
  const dir = await tempDir('local');
  try {
    const repo = await WorkRepo.create(join(dir, 'work'), join(dir, 'bare.git'));
    const a = await repo.commit('a', { 'network.yaml': 'name: a\n', 'routers/r1.yaml': 'id: 1\n' });
    const state = join(dir, 'state');
    const r1 = await fetchSource({ url: repo.dir }, state);
    assert.is(r1.commit, a);
    const b = await repo.commit('b', { 'routers/r2.yaml': 'id: 2\n' });
    const r2 = await fetchSource({ url: join(dir, 'bare.git') }, state);
    assert.equal({ commit: r2.commit, previous: r2.previous, changed: r2.changed }, { commit: b, previous: a, changed: true });
    const again = await fetchSource({ url: repo.dir }, state);
    assert.is(again.changed, false);
    try {
      await fetchSource({ url: join(dir, 'nowhere') }, state);
      assert.unreachable();
    } catch (e) {
      assert.is((e as { code: string }).code, 'SourceUnreachable');
    }
  } finally { await removeDir(dir); }
});
local.run();
