/**
 * A server that does not speak git, or lies, through fetchSource as a router calls it: every
 * answer becomes a Transient error with a CamelCase code naming the URL and the cause, never
 * isomorphic-git's untyped errors (EmptyServerResponseError, InternalError, NotFoundError).
 * The servers are real HTTP servers on loopback answering with hand-made pkt-lines.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fetchSource, readFetched, repoDir } from '../../../reconciler/source/index.js';
import { removeDir, tempDir } from '../../support/signed-repo.js';

const pkt = (s: string): string => `${(Buffer.byteLength(s) + 4).toString(16).padStart(4, '0')}${s}`;
const OID = 'a'.repeat(40);
const ADVERT = 'application/x-git-upload-pack-advertisement';
const RESULT = 'application/x-git-upload-pack-result';
const advertise = (refs: string): string => `${pkt('# service=git-upload-pack\n')}0000${refs}0000`;
const goodRefs = advertise(pkt(`${OID} HEAD\0side-band-64k ofs-delta symref=HEAD:refs/heads/main\n`) + pkt(`${OID} refs/heads/main\n`));

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
/** Answers the ref advertisement with `refs`, the upload-pack POST with `pack`. */
const gitLike = (refs: string | Handler, pack?: Handler): Handler => (req, res) => {
  if (req.method === 'GET') {
    if (typeof refs === 'function') return refs(req, res);
    return void res.writeHead(200, { 'content-type': ADVERT }).end(refs);
  }
  req.resume();
  pack?.(req, res);
};

const ctx = {} as { dir: string };
let n = 0;

async function refusal(handler: Handler, opts: { maxBytes?: number } = {}): Promise<{ kind: string; code: string; message: string; data: Record<string, unknown> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/topo.git`;
  const state = join(ctx.dir, `s${++n}`);
  try {
    await fetchSource({ url, timeoutMs: 5000, ...opts }, state);
  } catch (e) {
    const err = e as { kind: string; code: string; message: string; data: Record<string, unknown> };
    assert.is(err.data.url, url, err.message);
    assert.match(err.message, url);
    assert.is(await readFetched(repoDir(state)).catch(() => undefined), undefined, 'nothing counts as fetched');
    return err;
  } finally {
    await new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); });
  }
  return assert.unreachable('the fetch was accepted') as never;
}

const garbage = suite('server answers that are not git');
garbage.before(async () => { ctx.dir = await tempDir('fetch-error'); });
garbage.after(async () => { await removeDir(ctx.dir); });

garbage('an empty or garbage ref advertisement is SourceProtocolError (was an untyped EmptyServerResponseError)', async () => {
  for (const body of ['', 'zzzzzzzzzzzzzzzzzzzz']) {
    const err = await refusal((_req, res) => res.writeHead(200, { 'content-type': ADVERT }).end(body));
    assert.equal([err.kind, err.code, err.data.step, err.data.cause], ['Transient', 'SourceProtocolError', 'list refs', 'EmptyServerResponseError']);
    assert.match(err.message, 'the server did not answer as a git smart-HTTP server (EmptyServerResponseError: ');
  }
});

garbage('a branch advertised with something that is not a commit id is SourceProtocolError, escaped', async () => {
  const err = await refusal(gitLike(advertise(pkt('not\u001b[2Jhex refs/heads/main\0side-band-64k\n'))));
  assert.equal([err.code, err.data.step], ['SourceProtocolError', 'list refs']);
  assert.match(err.message, 'advertised "not\\x1b[2Jhex" for main, which is not a commit id');
});

garbage('a ref list without HEAD, a garbage pack and a pack that is not one are SourceProtocolError', async () => {
  const noHead = await refusal(gitLike(advertise(pkt(`${OID} refs/heads/main\0side-band-64k\n`)), (_req, res) => res.writeHead(200, { 'content-type': RESULT }).end('')));
  assert.equal([noHead.code, noHead.data.step, noHead.data.cause], ['SourceProtocolError', 'fetch', 'NotFoundError']);
  const zz = await refusal(gitLike(goodRefs, (_req, res) => res.writeHead(200, { 'content-type': RESULT }).end('zzzzzzzzzzzzzzzz')));
  assert.equal([zz.code, zz.data.cause], ['SourceProtocolError', 'ParseError']);
  const notPack = await refusal(gitLike(goodRefs, (_req, res) => res.writeHead(200, { 'content-type': RESULT }).end(`${pkt('NAK\n')}${pkt('\u0001PACKgarbagegarbage')}0000`)));
  assert.equal([notPack.code, notPack.data.cause], ['SourceProtocolError', 'InternalError']);
  assert.match(notPack.message, 'Invalid packfile version');
});

garbage('a server that advertises a commit and sends none is SourceIncomplete', async () => {
  for (const pack of ['', `${pkt('NAK\n')}${pkt('\u0003fatal: out of memory')}0000`]) {
    const err = await refusal(gitLike(goodRefs, (_req, res) => res.writeHead(200, { 'content-type': RESULT }).end(pack)));
    assert.equal([err.kind, err.code], ['Transient', 'SourceIncomplete']);
    assert.match(err.message, `the server advertised ${OID} but did not send it`);
  }
});

garbage('an endless ref advertisement is cut at maxBytes: SourceTooLarge at list refs', async () => {
  const endless: Handler = (_req, res) => {
    res.writeHead(200, { 'content-type': ADVERT });
    res.write(`${pkt('# service=git-upload-pack\n')}0000${pkt(`${OID} HEAD\0side-band-64k\n`)}`);
    const line = pkt(`${OID} refs/tags/${'x'.repeat(200)}\n`).repeat(100);
    const more = () => { while (res.write(line)); };
    res.on('drain', more);
    more();
  };
  const err = await refusal(endless, { maxBytes: 256 << 10 });
  assert.equal([err.kind, err.code, err.data.step, err.data.limit], ['Transient', 'SourceTooLarge', 'list refs', 256 << 10]);
  assert.match(err.message, 'the server sent more than 256KB (repo.maxFetchSize)');
});
garbage.run();
