import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { startGitHttpServer } from '../../../lab/git-http-server.js';
import { fetchSource } from '../../../reconciler/source/index.js';
import { waitFor } from '../../support/ns-node.js';
import { removeDir, tempDir, WorkRepo } from '../../support/signed-repo.js';

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
const close = (s: Server) => new Promise<void>((r) => { s.close(() => r()); s.closeAllConnections(); });

const client = suite('nodeHttpClient (through fetchSource)');
const ctx = {} as { dir: string; repo: WorkRepo };
client.before(async () => {
  ctx.dir = await tempDir('httpc');
  ctx.repo = await WorkRepo.create(join(ctx.dir, 'work'), join(ctx.dir, 'srv', 'topo.git'));
  await ctx.repo.commit('a', { 'network.yaml': 'a\n' });
});
client.after(async () => { await removeDir(ctx.dir); });

client('follows a redirect to another origin (as forges do), without carrying the credentials there', async () => {
  const open = await startGitHttpServer({ root: join(ctx.dir, 'srv') });
  const locked = await startGitHttpServer({ root: join(ctx.dir, 'srv'), auth: { username: 'x-access-token', password: 'tok' } });
  const seen: string[] = [];
  const redirect = (target: string) => listen((req, res) => {
    seen.push(req.headers.authorization ?? 'none');
    res.writeHead(301, { Location: `${target}${req.url!.replace('/old', '')}` }).end();
  });
  const toOpen = await redirect(open.url('topo.git').replace(/\/topo\.git$/, ''));
  const toLocked = await redirect(locked.url('topo.git').replace(/\/topo\.git$/, ''));
  const tokenFile = join(ctx.dir, 'token');
  await writeFile(tokenFile, 'tok\n');
  try {
    const r = await fetchSource({ url: `${toOpen.url}/old/topo.git`, auth: { tokenFile } }, join(ctx.dir, 's1'));
    assert.is(r.commit, await ctx.repo.head());
    assert.ok(seen.every((h) => h.startsWith('Basic ')), 'the first origin got the credentials');
    try {
      await fetchSource({ url: `${toLocked.url}/old/topo.git`, auth: { tokenFile } }, join(ctx.dir, 's2'));
      assert.unreachable();
    } catch (e) {
      assert.is((e as { code: string }).code, 'SourceHttpError');
      assert.is((e as { data: { status: number } }).data.status, 401);
    }
    assert.ok(locked.log.every((l) => l.status === 401), 'the other origin never saw the token');
  } finally {
    await close(toOpen.server); await close(toLocked.server); await open.close(); await locked.close();
  }
});

client('a redirect with an endless body is followed without reading that body', async () => {
  const open = await startGitHttpServer({ root: join(ctx.dir, 'srv') });
  let [seen, closed] = [0, 0];
  const chatty = await listen((req, res) => {
    seen++;
    res.on('close', () => { closed++; });
    res.writeHead(302, { Location: `${open.url('topo.git').replace(/\/topo\.git$/, '')}${req.url!.replace('/old', '')}` });
    const chunk = Buffer.alloc(64 << 10, 120);
    const more = () => { while (!res.destroyed && res.write(chunk)); };
    res.on('drain', more);
    more();
  });
  try {
    const r = await fetchSource({ url: `${chatty.url}/old/topo.git`, maxBytes: 1 << 20 }, join(ctx.dir, 's5'));
    assert.is(r.commit, await ctx.repo.head());
    // the client hung up on each redirect instead of draining an endless body
    await waitFor('the redirect connections to close', async () => seen > 0 && closed === seen, 10_000);
  } finally { await close(chatty.server); await open.close(); }
});

client('a server that accepts and never answers times out: Transient SourceUnreachable ETIMEDOUT', async () => {
  const silent = await listen(() => { /* never answers */ });
  try {
    await fetchSource({ url: `${silent.url}/topo.git`, timeoutMs: 200 }, join(ctx.dir, 's3'));
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code: string }).code, 'SourceUnreachable');
    assert.is((e as { data: { errno: string } }).data.errno, 'ETIMEDOUT');
  } finally { await close(silent.server); }
});

client('a server that does not speak git is a Transient SourceProtocolError', async () => {
  const web = await listen((_req, res) => { res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>login</html>'); });
  try {
    await fetchSource({ url: `${web.url}/topo.git` }, join(ctx.dir, 's4'));
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code: string }).code, 'SourceProtocolError');
  } finally { await close(web.server); }
});
client.run();
