import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { parseCgiHeaders, startGitHttpServer } from '../../lab/git-http-server.js';
import { removeDir, run, tempDir, WorkRepo } from '../support/signed-repo.js';

const serve = suite('startGitHttpServer');
let dir = '';
let repo: WorkRepo;

serve.before(async () => {
  dir = await tempDir('http');
  repo = await WorkRepo.create(join(dir, 'work'), join(dir, 'srv', 'topo.git'));
  await repo.commit('first', { 'network.yaml': 'name: x\n' });
});
serve.after(async () => { await removeDir(dir); });

serve('git clones through it, and every request is counted and logged', async () => {
  const srv = await startGitHttpServer({ root: join(dir, 'srv') });
  try {
    await run('git', ['clone', '-q', srv.url('topo.git'), join(dir, 'clone1')]);
    assert.is((await run('git', ['rev-parse', 'HEAD'], { cwd: join(dir, 'clone1') })).trim(), await repo.head());
    assert.ok(srv.requests >= 2);
    assert.is(srv.log.length, srv.requests);
    assert.ok(srv.log.some((r) => r.path === '/topo.git/info/refs?service=git-upload-pack' && r.status === 200));
    srv.resetCounters();
    assert.is(srv.requests, 0);
  } finally { await srv.close(); }
});

serve('with auth, a request without the right credentials gets 401 and one with them gets the repo', async () => {
  const srv = await startGitHttpServer({ root: join(dir, 'srv'), auth: { username: 'router', password: 's3cret' } });
  try {
    try {
      await run('git', ['ls-remote', srv.url('topo.git')]);
      assert.unreachable('ls-remote without credentials succeeded');
    } catch (e) {
      assert.match((e as Error).message, /401|Authentication failed|could not read Username/);
    }
    assert.ok(srv.log.some((r) => r.status === 401));
    const withCreds = srv.url('topo.git').replace('http://', 'http://router:s3cret@');
    assert.match(await run('git', ['ls-remote', withCreds]), /refs\/heads\/main/);
  } finally { await srv.close(); }
});

serve('push is refused unless receivePack is set', async () => {
  const ro = await startGitHttpServer({ root: join(dir, 'srv') });
  const rw = await startGitHttpServer({ root: join(dir, 'srv'), receivePack: true });
  try {
    await repo.git(['commit', '-q', '--allow-empty', '-m', 'pushed over http']);
    const oid = await repo.head();
    try {
      await repo.git(['push', '-q', ro.url('topo.git'), 'main']);
      assert.unreachable('push to a read-only server succeeded');
    } catch (e) {
      assert.match((e as Error).message, /403|not permitted|denied|fatal/i);
    }
    await repo.git(['push', '-q', rw.url('topo.git'), 'main']);
    assert.is((await run('git', ['rev-parse', 'main'], { cwd: join(dir, 'srv', 'topo.git') })).trim(), oid);
  } finally { await ro.close(); await rw.close(); }
});

serve('a path escaping the root is refused', async () => {
  const srv = await startGitHttpServer({ root: join(dir, 'srv') });
  try {
    const res = await fetch(`${srv.url('')}..%2f..%2fetc/info/refs?service=git-upload-pack`);
    assert.is(res.status, 400);
  } finally { await srv.close(); }
});
serve.run();

const cgi = suite('parseCgiHeaders');
cgi('Status sets the code, other headers pass, LF or CRLF', () => {
  assert.equal(parseCgiHeaders('Status: 404 Not Found\r\nContent-Type: text/plain'), { status: 404, headers: { 'Content-Type': 'text/plain' } });
  assert.equal(parseCgiHeaders('Content-Type: application/x-git-upload-pack-result\nExpires: never'),
    { status: 200, headers: { 'Content-Type': 'application/x-git-upload-pack-result', Expires: 'never' } });
});
cgi.run();
